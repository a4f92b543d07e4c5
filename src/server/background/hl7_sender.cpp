// Delivering the HL7 outbox over MLLP (see the header).
#include "server/background/hl7_sender.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "hl7/mllp.hpp"
#include "hl7/parser.hpp"
#include "hl7/send_time.hpp"
#include "server/http/http_util.hpp"
#include "server/net/tcp_conn.hpp"

namespace physio::server {

Result<std::string> send_mllp(const std::string& host, std::uint16_t port, const std::string& message,
                              std::chrono::milliseconds timeout) {
  net::TcpConn c("HL7 receiver", timeout);
  PHYSIO_CHECK(c.connect(host, port));
  PHYSIO_CHECK(c.write_all(hl7::frame(message)));
  const std::string framed =
      PHYSIO_TRY(c.read_until(std::string{hl7::kMllpEnd, hl7::kMllpCarriageReturn}, 1 << 20));
  hl7::MllpDecoder d;
  auto msgs = d.feed(framed);
  if (!msgs) return std::unexpected(msgs.error());
  if (msgs->empty()) return fail(ErrorCode::kParse, "HL7 receiver: no message in its answer");
  auto ack = hl7::parse_message(msgs->front());
  if (!ack)
    return fail(ErrorCode::kParse, "HL7 receiver: its ACK does not parse: {}", ack.error().to_string());
  const std::string code = ack->get("MSA-1");
  if (code.empty()) return fail(ErrorCode::kParse, "HL7 receiver: its answer has no MSA-1");
  return code;
}

Hl7Sender::Hl7Sender(store::Store& store, Hl7SenderOptions options)
    : store_(store), options_(std::move(options)) {}

Hl7Sender::~Hl7Sender() {
  stop();
}

void Hl7Sender::start() {
  thread_ = std::thread([this] { run(); });
}

void Hl7Sender::stop() {
  {
    const std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Hl7Sender::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    if (auto n = deliver_pending(); !n) spdlog::warn("hl7 outbox: {}", n.error().to_string());
    lock.lock();
    wake_.wait_for(lock, options_.pass, [this] { return stopping_; });
  }
}

Result<int> Hl7Sender::deliver_pending() {
  auto pending =
      PHYSIO_TRY(store_.read([&](store::Tx& tx) { return tx.pending_hl7(50, options_.max_attempts); }));
  int delivered = 0;
  const auto now = std::chrono::steady_clock::now();
  for (const auto& m : pending) {
    if (m.attempts >= options_.max_attempts) continue;
    if (auto it = next_try_.find(m.id); it != next_try_.end() && it->second > now) continue;
    auto code = send_mllp(options_.host, options_.port, hl7::fill_at_send(m.message, options_.outbound),
                          options_.timeout);
    const bool ok_ack = code && (*code == "AA" || *code == "CA");
    const std::string error = !code ? code.error().message() : ok_ack ? "" : "the receiver answered " + *code;
    auto marked = store_.write([&](store::Tx& tx) {
      return tx.mark_hl7_attempt(m.id, ok_ack ? now_us() : 0, code ? *code : "", error);
    });
    if (!marked) return std::unexpected(marked.error());
    if (ok_ack) {
      ++delivered;
      next_try_.erase(m.id);
    } else {
      const auto pause = std::min<std::chrono::seconds>(
          std::chrono::seconds(30LL << std::min<std::int64_t>(m.attempts, 7)), std::chrono::hours(1));
      next_try_[m.id] = now + pause;
      spdlog::warn("hl7 outbox: {} {} not delivered (attempt {}): {}", m.message_type, m.control_id,
                   m.attempts + 1, error);
    }
  }
  return delivered;
}

}  // namespace physio::server
