#include "hl7/mllp.hpp"

#include <fmt/format.h>

namespace physio::hl7 {

std::string frame(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 3);
  out += kMllpStart;
  out += message;
  out += kMllpEnd;
  out += kMllpCarriageReturn;
  return out;
}

void MllpDecoder::reset() {
  state_ = State::kBetween;
  buffer_.clear();
  error_.reset();
}

Result<std::vector<std::string>> MllpDecoder::feed(std::string_view chunk) {
  if (error_) return std::unexpected(*error_);
  std::vector<std::string> done;
  auto failed = [&](std::string what) -> Result<std::vector<std::string>> {
    error_ = Error(ErrorCode::kCorrupt, fmt::format("MLLP: byte {}: {}", offset_, what));
    buffer_.clear();
    return std::unexpected(*error_);
  };
  for (std::size_t i = 0; i < chunk.size(); ++i, ++offset_) {
    const char c = chunk[i];
    const auto byte = static_cast<unsigned char>(c);
    switch (state_) {
      case State::kBetween:
        if (c == kMllpStart) {
          state_ = State::kInMessage;
        } else if (c != '\r' && c != '\n') {
          return failed(fmt::format("0x{:02X} before the start byte 0x0B", byte));
        }
        break;
      case State::kInMessage:
        if (c == kMllpEnd) {
          state_ = State::kAfterEnd;
        } else if (c == kMllpStart) {
          return failed("start byte 0x0B inside a message (the previous message was cut off)");
        } else if (buffer_.size() >= max_bytes_) {
          return failed(fmt::format("message longer than the limit of {} bytes", max_bytes_));
        } else {
          buffer_ += c;
        }
        break;
      case State::kAfterEnd:
        if (c != kMllpCarriageReturn) {
          return failed(fmt::format("0x{:02X} after the end byte 0x1C (expected 0x0D)", byte));
        }
        done.push_back(std::move(buffer_));
        buffer_.clear();
        state_ = State::kBetween;
        break;
    }
  }
  return done;
}

}  // namespace physio::hl7
