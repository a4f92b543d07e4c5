#pragma once
/// A blocking TCP connection with a deadline on every step (POSIX sockets), for the small line- or
/// frame-based clients: SMTP (reminder e-mails) and HL7 over MLLP (notes to the EHR). Error messages start
/// with `peer` ("SMTP server", "HL7 receiver").

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace physio::net {

class TcpConn {
 public:
  TcpConn(std::string peer, std::chrono::milliseconds timeout) : peer_(std::move(peer)), timeout_(timeout) {}
  ~TcpConn();
  TcpConn(const TcpConn&) = delete;
  TcpConn& operator=(const TcpConn&) = delete;

  Status connect(const std::string& host, std::uint16_t port);
  Status write_all(std::string_view data);
  /// Bytes up to and including the first `terminator` (what follows stays buffered); an error past
  /// `max_bytes`, at the deadline, or when the peer closes first.
  Result<std::string> read_until(std::string_view terminator, std::size_t max_bytes);

 private:
  Status wait(short events, std::chrono::steady_clock::time_point deadline);

  std::string peer_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  std::string buf_;
};

}  // namespace physio::net
