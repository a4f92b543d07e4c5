#include "billing/rtm_consent.hpp"

#include <algorithm>

namespace physio::billing {

namespace {

std::vector<ConsentRecord> sorted(const std::vector<ConsentRecord>& c) {
  std::vector<ConsentRecord> s = c;
  std::stable_sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.at_us < b.at_us; });
  return s;
}

}  // namespace

bool consent_active_at(const std::vector<ConsentRecord>& consents, TimeUs t_us) {
  bool active = false;
  for (const auto& c : sorted(consents)) {
    if (c.at_us > t_us) break;
    active = c.granted;
  }
  return active;
}

std::optional<TimeUs> first_grant(const std::vector<ConsentRecord>& consents) {
  for (const auto& c : sorted(consents))
    if (c.granted) return c.at_us;
  return std::nullopt;
}

std::optional<TimeUs> withdrawal_within(const std::vector<ConsentRecord>& consents, TimeUs from_us,
                                        TimeUs to_us) {
  bool active = false;
  for (const auto& c : sorted(consents)) {
    if (!c.granted && active && c.at_us >= from_us && c.at_us < to_us) return c.at_us;
    active = c.granted;
  }
  return std::nullopt;
}

}  // namespace physio::billing
