#include "server/net/smtp_client.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace physio::net {
namespace {

using Clock = std::chrono::steady_clock;

bool bad_header_text(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos || s.find('\0') != std::string_view::npos;
}

Status check_address(std::string_view what, std::string_view a) {
  if (a.empty() || a.size() > 254 || bad_header_text(a) || a.find_first_of("<> ") != std::string_view::npos ||
      a.find('@') == std::string_view::npos)
    return fail(ErrorCode::kInvalidArgument, "{} address '{}' is not a plain e-mail address", what, a);
  return ok();
}

/// One connection with a deadline for each step.
class Conn {
 public:
  explicit Conn(std::chrono::milliseconds timeout) : timeout_(timeout) {}
  ~Conn() {
    if (fd_ >= 0) ::close(fd_);
  }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  Status connect(const std::string& host, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    const std::string port_s = std::to_string(port);
    if (int rc = ::getaddrinfo(host.c_str(), port_s.c_str(), &hints, &res); rc != 0)
      return fail(ErrorCode::kNotFound, "SMTP server {}: {}", host, ::gai_strerror(rc));
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
    if (fd_ < 0) return fail(ErrorCode::kIo, "SMTP server {}:{}: cannot connect: {}", host, port, last);
    return ok();
  }

  Status write_all(std::string_view data) {
    const auto deadline = Clock::now() + timeout_;
    while (!data.empty()) {
      PHYSIO_CHECK(wait(POLLOUT, deadline));
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        return fail(ErrorCode::kIo, "SMTP write: {}", std::strerror(errno));
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return ok();
  }

  /// One reply, possibly multi-line ("250-a", "250 b"): the code and the last line's text.
  Result<std::pair<int, std::string>> reply() {
    const auto deadline = Clock::now() + timeout_;
    std::string text;
    for (;;) {
      auto line = PHYSIO_TRY(read_line(deadline));
      if (line.size() < 3) return fail(ErrorCode::kParse, "SMTP reply '{}' has no code", line);
      int code = 0;
      for (int i = 0; i < 3; ++i) {
        const char c = line[static_cast<std::size_t>(i)];
        if (c < '0' || c > '9') return fail(ErrorCode::kParse, "SMTP reply '{}' has no code", line);
        code = code * 10 + (c - '0');
      }
      text = line;
      if (line.size() == 3 || line[3] != '-') return std::make_pair(code, text);
    }
  }

 private:
  Status wait(short events, Clock::time_point deadline) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return fail(ErrorCode::kIo, "SMTP server did not answer in time");
      pollfd p{fd_, events, 0};
      const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
      if (rc > 0) return ok();
      if (rc < 0 && errno != EINTR) return fail(ErrorCode::kIo, "SMTP poll: {}", std::strerror(errno));
    }
  }

  Result<std::string> read_line(Clock::time_point deadline) {
    for (;;) {
      if (auto nl = buf_.find("\r\n"); nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 2);
        return line;
      }
      if (buf_.size() > 4096) return fail(ErrorCode::kParse, "SMTP reply line longer than 4096 bytes");
      PHYSIO_CHECK(wait(POLLIN, deadline));
      char chunk[1024];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n == 0) return fail(ErrorCode::kIo, "SMTP server closed the connection");
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        return fail(ErrorCode::kIo, "SMTP read: {}", std::strerror(errno));
      }
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  std::string buf_;
};

}  // namespace

Result<std::string> smtp_data(const MailMessage& m) {
  PHYSIO_CHECK(check_address("from", m.from));
  PHYSIO_CHECK(check_address("to", m.to));
  if (bad_header_text(m.subject) || bad_header_text(m.date) || bad_header_text(m.message_id))
    return fail(ErrorCode::kInvalidArgument, "mail header holds a line break");
  std::string out;
  out += fmt::format("From: <{}>\r\nTo: <{}>\r\nSubject: {}\r\n", m.from, m.to, m.subject);
  if (!m.date.empty()) out += fmt::format("Date: {}\r\n", m.date);
  if (!m.message_id.empty()) out += fmt::format("Message-ID: {}\r\n", m.message_id);
  out +=
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
      "8bit\r\n\r\n";
  // Body: every line ending becomes CRLF; a line starting with '.' gets a second one (RFC 5321 4.5.2).
  bool line_start = true;
  for (std::size_t i = 0; i < m.body.size(); ++i) {
    const char c = m.body[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < m.body.size() && m.body[i + 1] == '\n') ++i;
      out += "\r\n";
      line_start = true;
      continue;
    }
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = false;
  }
  if (!line_start) out += "\r\n";
  out += ".\r\n";
  return out;
}

Status send_mail(const SmtpServer& server, const MailMessage& message) {
  const std::string data = PHYSIO_TRY(smtp_data(message));
  if (server.host.empty()) return fail(ErrorCode::kInvalidArgument, "no SMTP server configured");
  Conn c(server.timeout);
  PHYSIO_CHECK(c.connect(server.host, server.port));
  auto step = [&](std::string_view what, const std::string& command, int want) -> Status {
    if (!command.empty()) PHYSIO_CHECK(c.write_all(command));
    auto [code, text] = PHYSIO_TRY(c.reply());
    if (code / 100 != want / 100 || (want % 100 != 0 && code != want))
      return fail(ErrorCode::kIo, "SMTP {}: {}", what, text);
    return ok();
  };
  PHYSIO_CHECK(step("greeting", "", 220));
  PHYSIO_CHECK(step("EHLO", fmt::format("EHLO {}\r\n", server.helo_name), 200));
  PHYSIO_CHECK(step("MAIL FROM", fmt::format("MAIL FROM:<{}>\r\n", message.from), 200));
  PHYSIO_CHECK(step("RCPT TO", fmt::format("RCPT TO:<{}>\r\n", message.to), 200));
  PHYSIO_CHECK(step("DATA", "DATA\r\n", 354));
  PHYSIO_CHECK(step("message", data, 200));
  // The message is accepted; a failing QUIT changes nothing.
  (void)step("QUIT", "QUIT\r\n", 221);
  return ok();
}

}  // namespace physio::net
