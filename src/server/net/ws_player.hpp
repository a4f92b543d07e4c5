#pragma once
/// Plays scripted WebSocket sessions against a server: many connections multiplexed on a few threads,
/// each sending its messages at their times and recording every message it receives with the time it
/// arrived. For `physio live-sim`, load benchmarks and tests. Plain C++ interface; no TLS.
///
///   WsScript s{"/api/live-sessions/ID/device", {{"cookie", c}}, {{0us, hello, false}, {33ms, frame, true}}};
///   auto results = play_websockets("127.0.0.1", port, {s});
///
/// Each script: connect and upgrade (its headers on the request), then message i is written no earlier
/// than start + at_i (in order; a late write is not skipped), while a reader records what arrives. The
/// session ends when the server closes, or `linger` after the last write, whichever is first.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/net/http.hpp"

namespace physio::net {

struct WsScriptMessage {
  std::chrono::microseconds at{0};          ///< after the script's start
  std::shared_ptr<const std::string> data;  ///< shared: many sessions may send the same bytes
  bool binary = false;
};

struct WsScript {
  std::string target;
  std::vector<Header> headers;
  std::vector<WsScriptMessage> messages;
  std::chrono::microseconds start{0};  ///< after the player's start
  std::chrono::milliseconds linger{10'000};
};

struct WsReceived {
  std::chrono::steady_clock::time_point at;
  std::string data;
  bool binary = false;
};

struct WsPlayResult {
  std::vector<std::chrono::steady_clock::time_point> sent_at;  ///< [messages written]
  std::vector<WsReceived> received;
  std::optional<std::uint16_t> close_code;  ///< the server's close frame
  std::string close_reason;
  std::string error;  ///< connection or upgrade failure; "" when the session ran
};

/// Runs every script to its end; results in script order. `threads` io threads (>= 1).
std::vector<WsPlayResult> play_websockets(const std::string& host, std::uint16_t port,
                                          const std::vector<WsScript>& scripts, int threads = 1);

}  // namespace physio::net
