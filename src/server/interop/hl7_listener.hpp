#pragma once
/// `physio serve --hl7-listen HOST:PORT --hl7-clinic ID`: HL7 v2 over MLLP (docs/server/hl7.md). Each
/// connection's bytes go through an MLLP decoder; each complete message through Hl7Inbound; its ACK goes
/// back framed, in order. A framing error (a byte out of place, a message over the size limit) is logged
/// and closes that connection: the stream is out of step, and the sender resends what was not
/// acknowledged. Other connections go on.

#include <memory>

#include "server/interop/hl7_inbound.hpp"
#include "server/net/stream_server.hpp"

namespace physio::server {

struct Hl7ListenerOptions {
  net::StreamServerOptions net;
  Hl7InboundOptions inbound;
  std::size_t max_message_bytes = 1024 * 1024;
};

class Hl7Listener {
 public:
  static Result<std::unique_ptr<Hl7Listener>> start(store::Store& store, Hl7ListenerOptions options);
  std::uint16_t port() const { return server_->port(); }
  void stop() { server_->stop(); }
  ~Hl7Listener();

 private:
  Hl7Listener() = default;
  std::unique_ptr<Hl7Inbound> inbound_;
  std::unique_ptr<net::StreamServer> server_;
};

}  // namespace physio::server
