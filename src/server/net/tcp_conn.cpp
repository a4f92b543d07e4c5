#include "server/net/tcp_conn.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace physio::net {

using Clock = std::chrono::steady_clock;

TcpConn::~TcpConn() {
  if (fd_ >= 0) ::close(fd_);
}

Status TcpConn::connect(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string port_s = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), port_s.c_str(), &hints, &res); rc != 0)
    return fail(ErrorCode::kNotFound, "{} {}: {}", peer_, host, ::gai_strerror(rc));
  std::string last = "no address";
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, static_cast<int>(timeout_.count())) == 1) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        rc = err == 0 ? 0 : -1;
        errno = err;
      } else {
        errno = ETIMEDOUT;
      }
    }
    if (rc == 0) {
      fd_ = fd;
      break;
    }
    last = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(res);
  if (fd_ < 0) return fail(ErrorCode::kIo, "{} {}:{}: cannot connect: {}", peer_, host, port, last);
  return ok();
}

Status TcpConn::write_all(std::string_view data) {
  const auto deadline = Clock::now() + timeout_;
  while (!data.empty()) {
    PHYSIO_CHECK(wait(POLLOUT, deadline));
    const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return fail(ErrorCode::kIo, "{}: write: {}", peer_, std::strerror(errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return ok();
}

Result<std::string> TcpConn::read_until(std::string_view terminator, std::size_t max_bytes) {
  const auto deadline = Clock::now() + timeout_;
  for (;;) {
    if (auto at = buf_.find(terminator); at != std::string::npos) {
      std::string out = buf_.substr(0, at + terminator.size());
      buf_.erase(0, at + terminator.size());
      return out;
    }
    if (buf_.size() > max_bytes)
      return fail(ErrorCode::kParse, "{}: an answer longer than {} bytes", peer_, max_bytes);
    PHYSIO_CHECK(wait(POLLIN, deadline));
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n == 0) return fail(ErrorCode::kIo, "{} closed the connection", peer_);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return fail(ErrorCode::kIo, "{}: read: {}", peer_, std::strerror(errno));
    }
    buf_.append(chunk, static_cast<std::size_t>(n));
  }
}

Status TcpConn::wait(short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return fail(ErrorCode::kIo, "{} did not answer in time", peer_);
    pollfd p{fd_, events, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc > 0) return ok();
    if (rc < 0 && errno != EINTR) return fail(ErrorCode::kIo, "{}: poll: {}", peer_, std::strerror(errno));
  }
}

}  // namespace physio::net
