#pragma once
/// MLLP (Minimal Lower Layer Protocol) framing, as pure code: a frame is
///   0x0B <message bytes> 0x1C 0x0D
/// `frame` wraps a message; `MllpDecoder` is fed whatever byte chunks the connection delivers and
/// yields each complete message once its 0x1C 0x0D has arrived.
///
/// The decoder refuses, with an error that says which byte and where:
///  - anything but 0x0B before a frame (CR and LF between frames are tolerated: some senders end a
///    frame with an extra newline);
///  - a 0x0B inside a frame (the previous message was cut off);
///  - 0x1C not followed by 0x0D;
///  - a message longer than `max_message_bytes` (checked as bytes arrive, so memory stays bounded).
/// After an error the decoder stays failed (every feed returns the same error) until `reset()`:
/// the stream is out of step and the connection should be closed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace physio::hl7 {

inline constexpr char kMllpStart = '\x0b';
inline constexpr char kMllpEnd = '\x1c';
inline constexpr char kMllpCarriageReturn = '\x0d';
/// Default upper bound of one message.
inline constexpr std::size_t kDefaultMaxMessageBytes = 1024 * 1024;

/// 0x0B + message + 0x1C 0x0D.
std::string frame(std::string_view message);

class MllpDecoder {
 public:
  explicit MllpDecoder(std::size_t max_message_bytes = kDefaultMaxMessageBytes)
      : max_bytes_(max_message_bytes) {}

  /// Consumes `chunk`; returns the messages it completed (possibly none), in order.
  Result<std::vector<std::string>> feed(std::string_view chunk);
  /// True between frames (nothing buffered): a connection may close here without losing data.
  bool idle() const { return state_ == State::kBetween && !error_; }
  /// Bytes of the message being received so far.
  std::size_t buffered() const { return buffer_.size(); }
  /// Back to the start state, dropping any partial message and error.
  void reset();

 private:
  enum class State { kBetween, kInMessage, kAfterEnd };
  std::size_t max_bytes_;
  State state_ = State::kBetween;
  std::string buffer_{};
  std::size_t offset_ = 0;  ///< bytes consumed over the decoder's life, for error messages
  std::optional<Error> error_{};
};

}  // namespace physio::hl7
