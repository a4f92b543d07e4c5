#pragma once
/// Recurring appointments: weekly every n weeks at the same local wall-clock time (across daylight-saving
/// changes), for a number of visits or until a date, expanded into single appointments that are each
/// checked like any booking (booking.hpp). The number of visits counts the weekly dates of the pattern; a
/// date the clinic is closed is left out of the series and named with the reason, never booked.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "schedule/closures.hpp"
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

/// A date of the pattern that is not booked, and why in the front desk's and the patient's words.
struct SkippedVisit {
  TimeUs start_us = 0;
  std::string reason{};  ///< "the clinic is closed (Christmas Eve)"
};

/// The series with the clinic's closed days left out: the starts to check and book, and the skipped dates.
struct SeriesPlan {
  std::vector<TimeUs> starts{};
  std::vector<SkippedVisit> skipped{};
};
SeriesPlan plan_series(TimeUs first_start_us, const Recurrence& r, const std::vector<Closure>& closures,
                       const UtcOffsetFn& offset);

/// The lines one e-mail (or one confirmation) gives for a booked series: every booked visit, then each
/// date left out with its reason, by date:
///   "  - Thu 3 Dec 2026 09:00-09:30"
///   "Not booked:"
///   "  - Thu 24 Dec 2026: the clinic is closed (Christmas Eve)"
/// Times in `offset`'s zone (the patient's).
std::string series_summary(const std::vector<TimeUs>& booked_starts, std::int64_t duration_min,
                           const std::vector<SkippedVisit>& skipped, const UtcOffsetFn& offset);

}  // namespace physio::schedule
