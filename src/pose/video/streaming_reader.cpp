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
    Image image;
    {
      std::lock_guard lock(free_mutex_);
      if (!free_.empty()) {
        image = std::move(free_.back());
        free_.pop_back();
      }
    }
    auto got = source_->next_into(image);
    if (!got) {
      queue_.push(Item{std::nullopt, std::move(got.error())});
      break;
    }
    if (!*got) break;
    if (!queue_.push(Item{std::move(image), std::nullopt})) return;  // cancelled
    ++produced;
  }
  queue_.close();
}

void StreamingReader::recycle(Image&& frame) {
  std::lock_guard lock(free_mutex_);
  if (free_.size() < options_.queue_frames + 2) free_.push_back(std::move(frame));
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
