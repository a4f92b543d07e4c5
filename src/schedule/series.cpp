#include "schedule/series.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "schedule/booking.hpp"

namespace physio::schedule {

std::optional<RecurrenceProblem> recurrence_problem(const Recurrence& r, TimeUs first_start_us,
                                                    const UtcOffsetFn& offset) {
  if (r.every_weeks < 1 || r.every_weeks > 12)
    return RecurrenceProblem{"repeat_every_weeks",
                             fmt::format("repeat every 1 to 12 weeks, not {}", r.every_weeks)};
  if (r.count != 0 && r.until_day)
    return RecurrenceProblem{"repeat_until", "give either the number of visits or the last date, not both"};
  if (r.count == 0 && !r.until_day)
    return RecurrenceProblem{"repeat_count", "give the number of visits or the last date of the series"};
  if (r.count != 0 && (r.count < 2 || r.count > kMaxSeriesVisits))
    return RecurrenceProblem{"repeat_count",
                             fmt::format("a series has 2 to {} visits, not {}", kMaxSeriesVisits, r.count)};
  if (r.until_day) {
    const std::int64_t first_day = to_local(first_start_us, offset).day;
    if (*r.until_day < first_day)
      return RecurrenceProblem{"repeat_until",
                               fmt::format("the last date {} is before the first visit {}",
                                           iso_date_from_days(*r.until_day), iso_date_from_days(first_day))};
    const std::int64_t visits = (*r.until_day - first_day) / (7 * r.every_weeks) + 1;
    if (visits > kMaxSeriesVisits)
      return RecurrenceProblem{"repeat_until", fmt::format("the series would have {} visits; at most {}",
                                                           visits, kMaxSeriesVisits)};
  }
  return std::nullopt;
}

std::vector<TimeUs> expand_series(TimeUs first_start_us, const Recurrence& r, const UtcOffsetFn& offset) {
  const LocalTime first = to_local(first_start_us, offset);
  std::vector<TimeUs> out{first_start_us};
  for (int k = 1; k < kMaxSeriesVisits; ++k) {
    const std::int64_t day = first.day + std::int64_t{7} * r.every_weeks * k;
    if (r.count != 0 && k >= r.count) break;
    if (r.until_day && day > *r.until_day) break;
    out.push_back(to_utc(day, first.minute, offset));
  }
  return out;
}

SeriesPlan plan_series(TimeUs first_start_us, const Recurrence& r, const std::vector<Closure>& closures,
                       const UtcOffsetFn& offset) {
  SeriesPlan plan;
  for (const TimeUs s : expand_series(first_start_us, r, offset)) {
    if (const Closure* c = closure_on(closures, to_local(s, offset).day))
      plan.skipped.push_back({s, fmt::format("the clinic is closed ({})", c->reason)});
    else
      plan.starts.push_back(s);
  }
  return plan;
}

std::string series_summary(const std::vector<TimeUs>& booked_starts, std::int64_t duration_min,
                           const std::vector<SkippedVisit>& skipped, const UtcOffsetFn& offset) {
  std::vector<TimeUs> booked = booked_starts;
  std::sort(booked.begin(), booked.end());
  std::vector<SkippedVisit> left_out = skipped;
  std::sort(left_out.begin(), left_out.end(),
            [](const SkippedVisit& a, const SkippedVisit& b) { return a.start_us < b.start_us; });
  std::string out;
  for (const TimeUs s : booked)
    out += "  - " + describe_time(s, s + duration_min * kUsPerMinute, offset) + "\n";
  if (!left_out.empty()) {
    out += "Not booked:\n";
    for (const auto& k : left_out)
      out += "  - " + describe_day(to_local(k.start_us, offset).day) + ": " + k.reason + "\n";
  }
  return out;
}

}  // namespace physio::schedule
