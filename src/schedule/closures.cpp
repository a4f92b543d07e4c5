#include "schedule/closures.hpp"

#include <set>

#include <fmt/format.h>

#include "core/civil_date.hpp"

namespace physio::schedule {

std::string closures_problem(const std::vector<Closure>& closures) {
  if (closures.size() > kMaxClosures) return fmt::format("at most {} closure days", kMaxClosures);
  std::set<std::int64_t> days;
  for (std::size_t i = 0; i < closures.size(); ++i) {
    const auto& c = closures[i];
    const std::string at = fmt::format("closure {} ({})", i + 1, iso_date_from_days(c.day));
    if (!days.insert(c.day).second) return at + ": the day is listed twice";
    if (c.reason.empty() || c.reason.size() > 100)
      return at + ": say why the clinic is closed, in 1 to 100 characters";
  }
  return "";
}

const Closure* closure_on(const std::vector<Closure>& closures, std::int64_t day) {
  for (const auto& c : closures)
    if (c.day == day) return &c;
  return nullptr;
}

}  // namespace physio::schedule
