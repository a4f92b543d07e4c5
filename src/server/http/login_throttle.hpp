#pragma once
/// Slows password guessing from one client address: a token bucket per address that only failed
/// sign-ins drain (10 in a burst, then one every 6 s); a successful sign-in costs nothing, so a clinic
/// behind one NAT address is not locked out by its own staff. Account lockout after repeated failures is
/// kept in the store (it must hold across servers); this is the per-address layer in front of it.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace physio::server {

class LoginThrottle {
 public:
  explicit LoginThrottle(double burst = 10, double per_second = 1.0 / 6.0)
      : burst_(burst), rate_(per_second) {}
  /// True when `client` may try now; else the seconds until it may.
  bool allow(const std::string& client, double& retry_after_s);
  /// A failed attempt from `client` takes a token.
  void failed(const std::string& client);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  Bucket& refill(const std::string& client);
  double burst_, rate_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace physio::server
