#include "pose/video/streaming_reader.hpp"

#include <utility>

namespace physio::pose {

StreamingReader::StreamingReader(std::unique_ptr<FrameSource> source, const StreamingReaderOptions& options)
    : source_(std::move(source)), options_(options), queue_(options.queue_frames) {
  thread_ = std::thread([this] { run(); });
}

StreamingReader::~StreamingReader() {
  queue_.cancel();
  if (thread_.joinable()) thread_.join();
}

void StreamingReader::run() {
  std::int64_t produced = 0;
  while (options_.max_frames <= 0 || produced < options_.max_frames) {
    auto frame = source_->next();
    if (!frame) {
      queue_.push(Item{std::nullopt, std::move(frame.error())});
      break;
    }
    if (!frame->has_value()) break;
    if (!queue_.push(Item{std::move(*frame), std::nullopt})) return;  // cancelled
    ++produced;
  }
  queue_.close();
}

Result<std::optional<Image>> StreamingReader::next() {
  if (done_) return std::optional<Image>();
  auto item = queue_.pop();
  if (!item) {
    done_ = true;
    return std::optional<Image>();
  }
  if (item->error) {
    done_ = true;
    return std::unexpected(std::move(*item->error));
  }
  return std::move(item->frame);
}

}  // namespace physio::pose
