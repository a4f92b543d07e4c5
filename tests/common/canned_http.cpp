#include "common/canned_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace physio::test {

CannedHttpServer::CannedHttpServer(std::string answer, bool silent)
    : answer_(std::move(answer)), silent_(silent) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(fd_, 8);
  socklen_t len = sizeof a;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { serve(); });
}

CannedHttpServer::~CannedHttpServer() {
  stop_ = true;
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
  thread_.join();
}

std::string CannedHttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void CannedHttpServer::set_answer(std::string answer) {
  std::lock_guard lock(mu_);
  answer_ = std::move(answer);
}

std::string CannedHttpServer::last_request() const {
  std::lock_guard lock(mu_);
  return request_;
}

void CannedHttpServer::serve() {
  while (!stop_) {
    const int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    std::string head;
    char buf[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const auto n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      head.append(buf, static_cast<std::size_t>(n));
    }
    std::string answer;
    {
      std::lock_guard lock(mu_);
      request_ = head;
      answer = answer_;
    }
    ++requests_;
    if (silent_) {
      while (!stop_ && ::read(c, buf, sizeof buf) > 0) {
      }
    } else {
      std::size_t sent = 0;
      while (sent < answer.size()) {
        const auto n = ::send(c, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
    }
    ::close(c);
  }
}

std::string http_answer(const std::string& status, const std::string& body, const std::string& extra) {
  return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace physio::test
