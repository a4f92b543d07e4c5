#pragma once
/// Civil dates (the proleptic Gregorian calendar) as day numbers: days since 1970-01-01, negative before.
/// The one place calendar arithmetic is done; modules convert with these instead of by hand. Day numbers
/// are for years kMinCivilYear to kMaxCivilYear (std::chrono::year's range).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace physio {

inline constexpr int kMinCivilYear = -32767;
inline constexpr int kMaxCivilYear = 32767;

/// A year, month (1-12) and day of the month (1-31).
struct CivilDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

/// Divisible by 4, except centuries not divisible by 400 (2000 is a leap year, 1900 is not).
bool is_leap_year(int year);
/// Days in `month` (1-12) of `year`: 28 to 31; 0 for a month outside 1-12. Any year.
unsigned days_in_month(int year, unsigned month);
/// True for a date that exists: year kMinCivilYear to kMaxCivilYear, month 1-12, day 1 to the month's last
/// day.
bool is_valid_date(int year, unsigned month, unsigned day);

/// Day number of a date (1970-01-01 is 0). For a date that is not valid the number is unspecified:
/// check is_valid_date first.
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
/// The date of a day number (the inverse of days_from_civil), for a day within the years.
CivilDate civil_from_days(std::int64_t days);

/// "YYYY-MM-DD" (exactly ten characters, digits and dashes) as a day number; nullopt when it is not that
/// form or not a valid date.
std::optional<std::int64_t> days_from_iso_date(std::string_view text);
/// Day number -> "YYYY-MM-DD".
std::string iso_date_from_days(std::int64_t days);

}  // namespace physio
