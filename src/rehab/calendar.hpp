#pragma once
/// Calendar arithmetic in a person's own time zone, without touching the system's zone data: the
/// zone enters as a UTC offset function (`UtcOffsetFn`) or a `TzOffsetProvider`, so the rules stay
/// pure and tests run on a fake clock.
///
/// Local days are counted as days since 1970-01-01 (`LocalDay`); a local time of day is minutes
/// after local midnight.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace physio::rehab {

/// Seconds east of UTC in force at a UTC instant (Lisbon in summer: 3600; New York in winter: -18000).
using UtcOffsetFn = std::function<std::int64_t(TimeUs utc_us)>;

/// Where UTC offsets of IANA zones come from. The system implementation is in tz_system.hpp;
/// tests use a fake with fixed rules.
class TzOffsetProvider {
 public:
  virtual ~TzOffsetProvider() = default;
  /// Offset of `zone` ("Europe/Lisbon") at `utc_us`; kNotFound for an unknown zone.
  virtual Result<std::int64_t> utc_offset_s(std::string_view zone, TimeUs utc_us) const = 0;
};

/// Days since 1970-01-01 in some zone's calendar.
using LocalDay = std::int64_t;

inline constexpr TimeUs kUsPerDay = 86'400 * kUsPerSecond;

/// The local calendar day of a UTC instant, given the offset in force then.
LocalDay local_day(TimeUs utc_us, std::int64_t offset_s);
/// The local calendar day of a UTC instant under an offset function.
LocalDay local_day(TimeUs utc_us, const UtcOffsetFn& offset);

/// "YYYY-MM-DD" -> day number; nullopt unless a valid Gregorian date.
std::optional<LocalDay> parse_date(std::string_view text);
/// Day number -> "YYYY-MM-DD".
std::string format_date(LocalDay day);

/// ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday.
struct IsoWeek {
  int year = 0;
  int week = 0;  ///< 1..53
  friend bool operator==(const IsoWeek&, const IsoWeek&) = default;
  friend auto operator<=>(const IsoWeek&, const IsoWeek&) = default;
};
IsoWeek iso_week(LocalDay day);
/// 0 = Monday ... 6 = Sunday.
int iso_weekday(LocalDay day);
/// The Monday of the ISO week holding `day`.
LocalDay week_start(LocalDay day);

/// The UTC instant at which local wall-clock time `minute_of_day` occurs on local `day`.
/// A time that happens twice (the hour repeated when clocks go back) gives the first occurrence.
/// A time that does not exist (skipped when clocks go forward) gives the instant as far after the
/// gap's start as the wall time is after it: 02:30 in New York on the spring change is 03:30 EDT,
/// the same as Python's fold=0 and most calendar programs.
TimeUs local_time_to_utc(LocalDay day, int minute_of_day, const UtcOffsetFn& offset);

}  // namespace physio::rehab
