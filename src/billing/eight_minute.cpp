#include "billing/eight_minute.hpp"

#include <algorithm>
#include <numeric>
#include <set>

namespace physio::billing {

int units_for_timed_minutes(int total_minutes) {
  if (total_minutes < 8) return 0;
  // 8..22 -> 1, 23..37 -> 2: a unit is due once 8 minutes of the next 15-minute block are used.
  return (total_minutes + 7) / 15;
}

Result<EightMinuteResult> compute_eight_minute_units(const std::vector<TimedService>& timed,
                                                     const std::vector<std::string>& untimed_codes) {
  std::set<std::string> seen;
  EightMinuteResult r;
  for (const auto& s : timed) {
    if (s.minutes < 0)
      return fail(ErrorCode::kInvalidArgument, "{}: negative minutes ({})", s.code, s.minutes);
    if (!seen.insert(s.code).second)
      return fail(ErrorCode::kInvalidArgument, "{}: listed twice; add its minutes into one entry", s.code);
    r.total_timed_minutes += s.minutes;
    r.timed.push_back({s.code, s.minutes, s.minutes / 15});
  }
  for (const auto& c : untimed_codes) {
    if (!seen.insert(c).second) return fail(ErrorCode::kInvalidArgument, "{}: listed twice", c);
    r.untimed.push_back({c, 0, 1});
  }
  r.total_units = units_for_timed_minutes(r.total_timed_minutes);
  const int whole = std::accumulate(r.timed.begin(), r.timed.end(), 0,
                                    [](int acc, const BilledUnits& b) { return acc + b.units; });
  int remaining = r.total_units - whole;
  std::vector<std::size_t> order(r.timed.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const int la = r.timed[a].minutes % 15, lb = r.timed[b].minutes % 15;
    if (la != lb) return la > lb;
    return r.timed[a].minutes > r.timed[b].minutes;
  });
  for (std::size_t i : order) {
    if (remaining <= 0) break;
    if (r.timed[i].minutes % 15 == 0) continue;
    ++r.timed[i].units;
    --remaining;
  }
  return r;
}

Result<EightMinuteResult> compute_visit_units(const CptCatalog& catalog,
                                              const std::vector<TimedService>& services) {
  std::vector<TimedService> timed;
  std::vector<std::string> untimed;
  for (const auto& s : services) {
    const CptEntry* e = catalog.find(s.code);
    if (!e) return fail(ErrorCode::kNotFound, "{}: not in the CPT list (data/coding/cpt.json)", s.code);
    if (e->timed)
      timed.push_back(s);
    else
      untimed.push_back(s.code);
  }
  return compute_eight_minute_units(timed, untimed);
}

}  // namespace physio::billing
