#include "server/http/login_throttle.hpp"

#include <algorithm>

namespace physio::server {

LoginThrottle::Bucket& LoginThrottle::refill(const std::string& client) {
  const auto now = std::chrono::steady_clock::now();
  if (buckets_.size() > 100'000) buckets_.clear();  // bounded memory under an address-spraying attack
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double dt = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst_, b.tokens + dt * rate_);
    b.at = now;
  }
  return b;
}

bool LoginThrottle::allow(const std::string& client, double& retry_after_s) {
  std::lock_guard lk(mu_);
  Bucket& b = refill(client);
  if (b.tokens >= 1.0) return true;
  retry_after_s = (1.0 - b.tokens) / rate_;
  return false;
}

void LoginThrottle::failed(const std::string& client) {
  std::lock_guard lk(mu_);
  Bucket& b = refill(client);
  b.tokens = std::max(0.0, b.tokens - 1.0);
}

}  // namespace physio::server
