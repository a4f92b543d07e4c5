#include "schedule/series.hpp"

#include <fmt/format.h>

#include "core/civil_date.hpp"

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

}  // namespace physio::schedule
