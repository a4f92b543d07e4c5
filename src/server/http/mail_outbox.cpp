#include "server/http/mail_outbox.hpp"

#include <spdlog/spdlog.h>

namespace physio::server {

MailOutbox::MailOutbox(net::SmtpServer smtp, std::string from, std::string public_url)
    : smtp_(std::move(smtp)), from_(std::move(from)), public_url_(std::move(public_url)) {
  if (enabled()) thread_ = std::thread([this] { run(); });
}

MailOutbox::~MailOutbox() {
  {
    std::lock_guard l(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailOutbox::post(net::MailMessage message) {
  if (!enabled()) return;
  if (message.from.empty()) message.from = from_;
  {
    std::lock_guard l(mu_);
    queue_.push_back(std::move(message));
  }
  wake_.notify_one();
}

void MailOutbox::drain() {
  std::unique_lock l(mu_);
  idle_.wait(l, [&] { return (queue_.empty() && !busy_) || !thread_.joinable(); });
}

void MailOutbox::run() {
  std::unique_lock l(mu_);
  for (;;) {
    wake_.wait(l, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      if (stopping_) break;
      continue;
    }
    net::MailMessage m = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    l.unlock();
    if (auto st = net::send_mail(smtp_, m); !st)
      spdlog::warn("e-mail \"{}\" not delivered: {}", m.subject, st.error().to_string());
    l.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
  busy_ = false;
  idle_.notify_all();
}

std::string public_base_url(const std::string& public_url_setting, const std::string& listen, bool https) {
  std::string url = public_url_setting;
  if (url.empty()) url = std::string(https ? "https://" : "http://") + listen;
  while (url.ends_with('/')) url.pop_back();
  return url;
}

}  // namespace physio::server
