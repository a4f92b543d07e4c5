#pragma once
/// A small blocking SMTP client (RFC 5321) for plain-text messages: greeting, EHLO, MAIL FROM, RCPT TO,
/// DATA, QUIT over one TCP connection, with a timeout on every read and write. No TLS and no AUTH: it is
/// meant for a relay on the same host or a trusted network (a local Postfix or an SMTP sink), as
/// docs/server/reminders.md says.

#include <chrono>
#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace physio::net {

struct SmtpServer {
  std::string host{};  ///< name or address
  std::uint16_t port = 25;
  std::string helo_name = "physiokit";  ///< the name sent with EHLO
  std::chrono::milliseconds timeout{10'000};
};

struct MailMessage {
  std::string from{};  ///< bare address: "clinic@example.org"
  std::string to{};
  std::string subject{};     ///< one line
  std::string body{};        ///< plain text (UTF-8); any line ending; lines starting with '.' are escaped
  std::string date{};        ///< RFC 5322 date ("Tue, 24 Nov 2026 08:00:00 +0000"); empty: none sent
  std::string message_id{};  ///< "<id@host>"; empty: none sent
};

/// The message as it goes after DATA: headers, a blank line, the body with CRLF line endings and
/// leading dots doubled, ending in CRLF "." CRLF. kInvalidArgument for an address or subject holding
/// CR, LF, '<' or '>' (header injection) or an address without '@'.
Result<std::string> smtp_data(const MailMessage& message);

/// Sends `message`; the error names the step and the server's reply ("RCPT TO: 550 no such user").
Status send_mail(const SmtpServer& server, const MailMessage& message);

}  // namespace physio::net
