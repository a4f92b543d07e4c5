#include "server/net/smtp_client.hpp"

#include <fmt/format.h>

#include "server/net/tcp_conn.hpp"

namespace physio::net {
namespace {

bool bad_header_text(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos || s.find('\0') != std::string_view::npos;
}

Status check_address(std::string_view what, std::string_view a) {
  if (a.empty() || a.size() > 254 || bad_header_text(a) || a.find_first_of("<> ") != std::string_view::npos ||
      a.find('@') == std::string_view::npos)
    return fail(ErrorCode::kInvalidArgument, "{} address '{}' is not a plain e-mail address", what, a);
  return ok();
}

/// An SMTP reply, possibly multi-line ("250-a", "250 b"): the code and the last line's text.
Result<std::pair<int, std::string>> reply(TcpConn& c) {
  std::string text;
  for (;;) {
    auto line = PHYSIO_TRY(c.read_until("\r\n", 4096));
    line.resize(line.size() - 2);
    if (line.size() < 3) return fail(ErrorCode::kParse, "SMTP reply '{}' has no code", line);
    int code = 0;
    for (int i = 0; i < 3; ++i) {
      const char ch = line[static_cast<std::size_t>(i)];
      if (ch < '0' || ch > '9') return fail(ErrorCode::kParse, "SMTP reply '{}' has no code", line);
      code = code * 10 + (ch - '0');
    }
    text = line;
    if (line.size() == 3 || line[3] != '-') return std::make_pair(code, text);
  }
}

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
  TcpConn c("SMTP server", server.timeout);
  PHYSIO_CHECK(c.connect(server.host, server.port));
  auto step = [&](std::string_view what, const std::string& command, int want) -> Status {
    if (!command.empty()) PHYSIO_CHECK(c.write_all(command));
    auto [code, text] = PHYSIO_TRY(reply(c));
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
