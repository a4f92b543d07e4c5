// The MLLP side of HL7 inbound: frames in, Hl7Inbound, framed ACKs out.
#include "server/interop/hl7_listener.hpp"

#include <spdlog/spdlog.h>

#include "hl7/mllp.hpp"

namespace physio::server {
namespace {

class MllpSession final : public net::StreamSession {
 public:
  MllpSession(Hl7Inbound& inbound, std::string peer, std::size_t max_bytes)
      : inbound_(inbound), peer_(std::move(peer)), decoder_(max_bytes) {}

  Reply on_bytes(std::string_view chunk) override {
    Reply reply;
    auto messages = decoder_.feed(chunk);
    if (!messages) {
      spdlog::warn("hl7 from {}: closing the connection: {}", peer_, messages.error().message());
      reply.close = true;
      return reply;
    }
    for (const auto& m : *messages) {
      const auto out = inbound_.handle(m, peer_);
      reply.bytes += hl7::frame(out.ack_text);
    }
    return reply;
  }

 private:
  Hl7Inbound& inbound_;
  std::string peer_;
  hl7::MllpDecoder decoder_;
};

}  // namespace

Hl7Listener::~Hl7Listener() {
  if (server_) server_->stop();
}

Result<std::unique_ptr<Hl7Listener>> Hl7Listener::start(store::Store& store, Hl7ListenerOptions options) {
  std::unique_ptr<Hl7Listener> l(new Hl7Listener());
  l->inbound_ = std::make_unique<Hl7Inbound>(store, options.inbound);
  Hl7Inbound& inbound = *l->inbound_;
  const std::size_t max_bytes = options.max_message_bytes;
  l->server_ =
      PHYSIO_TRY(net::StreamServer::start(options.net, [&inbound, max_bytes](const std::string& peer) {
        return std::make_unique<MllpSession>(inbound, peer, max_bytes);
      }));
  return l;
}

}  // namespace physio::server
