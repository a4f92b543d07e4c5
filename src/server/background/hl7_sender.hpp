#pragma once
/// `physio serve --hl7-send HOST:PORT`: delivers the HL7 outbox (signed notes' MDM^T02) to the clinic's
/// EHR over MLLP (docs/server/notes.md). The header is filled from the current settings as each message
/// leaves (hl7/send_time.hpp: MSH-5/6, the MRN's authority), so a backlog queued before the settings were
/// given goes out addressed. Each message is sent on its own connection and waits for the
/// ACK: AA/CA marks it delivered; AE/AR or no answer is recorded on the message (attempts, last error)
/// and retried with a growing pause (30 s doubling to an hour) up to 10 attempts, then left for a person.
/// The outbox is in the store, so nothing is lost across restarts; delivery is at least once (an ACK lost
/// on the way back means a resend with the same control id, which receivers treat as a duplicate).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "hl7/header.hpp"
#include "store/store.hpp"

namespace physio::server {

struct Hl7SenderOptions {
  std::string host;
  std::uint16_t port = 0;
  std::chrono::milliseconds timeout{10'000};
  std::chrono::milliseconds pass{2'000};  ///< how often the outbox is looked at
  int max_attempts = 10;
  hl7::OutboundSettings outbound{};  ///< applied to each message as it is sent
};

class Hl7Sender {
 public:
  Hl7Sender(store::Store& store, Hl7SenderOptions options);
  ~Hl7Sender();
  void start();
  void stop();
  /// One pass over the outbox now; how many messages were delivered.
  Result<int> deliver_pending();

 private:
  void run();
  store::Store& store_;
  Hl7SenderOptions options_;
  std::map<std::string, std::chrono::steady_clock::time_point> next_try_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

/// Sends one framed message and returns the ACK's MSA-1 ("AA", "AE", ...), or the error.
Result<std::string> send_mllp(const std::string& host, std::uint16_t port, const std::string& message,
                              std::chrono::milliseconds timeout);

}  // namespace physio::server
