#pragma once
/// E-mails a request asks for (an invitation, a password-reset link), sent beside the request by one
/// thread: the answer never waits for the SMTP server, so a reset for an address nobody uses answers in
/// the same time as one that sends a link (docs/server/api.md, "Invitations and password reset"). A
/// message that cannot be delivered is logged (without its link) and dropped; the person asks again.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "server/net/smtp_client.hpp"

namespace physio::server {

class MailOutbox {
 public:
  /// `smtp.host` empty: e-mail is off (`enabled()` false, nothing is sent). `public_url`: the address links
  /// start with ("https://clinic.example", no trailing slash).
  MailOutbox(net::SmtpServer smtp, std::string from, std::string public_url);
  ~MailOutbox();  ///< sends what is queued, then stops
  MailOutbox(const MailOutbox&) = delete;
  MailOutbox& operator=(const MailOutbox&) = delete;

  bool enabled() const { return !smtp_.host.empty(); }
  std::string public_url() const {
    std::lock_guard l(mu_);
    return public_url_;
  }
  /// Set once the server's port is known, when the `public-url` setting is empty.
  void set_public_url(std::string url) {
    std::lock_guard l(mu_);
    public_url_ = std::move(url);
  }
  const std::string& from() const { return from_; }
  /// Queues a message (its From filled in when empty).
  void post(net::MailMessage message);
  /// Blocks until the queue is empty and the message being sent is done (tests).
  void drain();

 private:
  void run();
  net::SmtpServer smtp_;
  std::string from_, public_url_;
  mutable std::mutex mu_;
  std::condition_variable wake_, idle_;
  std::deque<net::MailMessage> queue_;
  bool stopping_ = false, busy_ = false;
  std::thread thread_;
};

/// The address e-mailed links start with: the `public-url` setting, or else the `listen` address
/// (never a request's Host header), without a trailing slash.
std::string public_base_url(const std::string& public_url_setting, const std::string& listen, bool https);

}  // namespace physio::server
