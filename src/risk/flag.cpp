#include "risk/flag.hpp"

#include <cstdint>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"

namespace physio::risk {

std::string flag_body_json(const Flag& f) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const Reason& r : f.reasons) reasons.push_back({{"text", r.text}, {"direction", r.direction}});
  return nlohmann::json{
      {"title", f.title}, {"reasons", reasons}, {"action", f.action}, {"basis", f.basis}, {"card", f.card}}
      .dump();
}

std::string inputs_hash(std::string_view canonical) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : canonical) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

int age_on(const std::string& birth_date, TimeUs when) {
  auto born = days_from_iso_date(birth_date);
  if (!born) return -1;
  const std::int64_t today = day_of(when);
  const CivilDate now = civil_from_days(today);
  const CivilDate b = civil_from_days(*born);
  int age = now.year - b.year;
  if (now.month < b.month || (now.month == b.month && now.day < b.day)) --age;
  return age;
}

}  // namespace physio::risk
