#pragma once
/// Recurring appointments: weekly every n weeks at the same local wall-clock time (across daylight-saving
/// changes), for a number of visits or until a date, expanded into single appointments that are each
/// checked like any booking (booking.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "schedule/hours.hpp"

namespace physio::schedule {

inline constexpr int kMaxSeriesVisits = 52;

struct Recurrence {
  int every_weeks = 1;                      ///< 1 to 12
  int count = 0;                            ///< visits including the first; 0 = until the date
  std::optional<std::int64_t> until_day{};  ///< last local day a visit may fall on (days since 1970-01-01)
};

/// What is wrong with a recurrence, naming the field ("repeat_count: ..."), or "" when it is fine: every
/// 1-12 weeks, a count of 2-52 or an until date (not both, not neither), the until date on or after the
/// first visit and giving at most 52 visits.
struct RecurrenceProblem {
  std::string field;
  std::string message;
};
std::optional<RecurrenceProblem> recurrence_problem(const Recurrence& r, TimeUs first_start_us,
                                                    const UtcOffsetFn& offset);

/// The start of every visit, the first included. Call recurrence_problem first.
std::vector<TimeUs> expand_series(TimeUs first_start_us, const Recurrence& r, const UtcOffsetFn& offset);

}  // namespace physio::schedule
