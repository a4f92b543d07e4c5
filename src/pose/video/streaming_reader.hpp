#pragma once
/// Frames decoded on their own thread, handed to the caller through a bounded queue, so decoding
/// overlaps pose inference and memory stays bounded whatever the video's length.
///
/// Stage contract
///   input:   an opened FrameSource (ownership moves to the reader).
///   output:  `next()` returns the source's frames in order (upright), then nullopt; at most
///            `queue_frames` decoded frames wait in the queue (plus one being decoded and one held by the
///            caller), e.g. ~4 x 6 MB for 1080p RGB.
///   options: queue_frames (>= 1), max_frames (0 = all): the decode thread stops after that many.
///   errors:  a decode error is returned by the `next()` call that reaches it (after the frames decoded
///            before it); the reader is finished afterwards. Destroying the reader early stops the thread.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "pose/pipeline/image.hpp"
#include "pose/video/frame_queue.hpp"
#include "pose/video/frame_source.hpp"

namespace physio::pose {

struct StreamingReaderOptions {
  std::size_t queue_frames = 4;
  std::int64_t max_frames = 0;  ///< 0 = every frame
};

class StreamingReader {
 public:
  StreamingReader(std::unique_ptr<FrameSource> source, const StreamingReaderOptions& options = {});
  ~StreamingReader();
  StreamingReader(const StreamingReader&) = delete;
  StreamingReader& operator=(const StreamingReader&) = delete;

  Result<std::optional<Image>> next();
  /// Hands a frame returned by `next()` back once it is no longer needed, so the decode thread reuses
  /// its buffer instead of allocating (and page-faulting) a new one per frame. Optional.
  void recycle(Image&& frame);

  /// The source (its kind, rate and expected frame count stay readable while the thread runs).
  const FrameSource& source() const { return *source_; }
  /// Most frames ever waiting in the queue.
  std::size_t queue_high_water() const { return queue_.high_water(); }

 private:
  // A queued item: a frame, or the error that ended decoding.
  struct Item {
    std::optional<Image> frame;
    std::optional<Error> error;
  };
  void run();

  std::unique_ptr<FrameSource> source_;
  StreamingReaderOptions options_;
  BoundedQueue<Item> queue_;
  std::mutex free_mutex_;
  std::vector<Image> free_;  // recycled frames, at most queue_frames + 2
  bool done_ = false;
  std::thread thread_;
};

}  // namespace physio::pose
