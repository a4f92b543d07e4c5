#pragma once
/// Calendar dates for notes. Dates in a note are written "3 Nov 2026" (day without a leading zero,
/// English month abbreviation, four-digit year) everywhere; instants are turned into their UTC calendar
/// day. Calendar dates a person gave ("YYYY-MM-DD" strings: birth, plan of care start) are taken as
/// they are. Days are counted since 1970-01-01.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace physio::notes {

using Day = std::int64_t;

inline constexpr TimeUs kUsPerDay = 86'400 * kUsPerSecond;

/// "YYYY-MM-DD" -> day number; nullopt unless a valid Gregorian date.
std::optional<Day> parse_iso_date(std::string_view text);
/// Day number -> "YYYY-MM-DD".
std::string iso_date(Day day);
/// Day number -> "3 Nov 2026".
std::string note_date(Day day);
/// The UTC calendar day of an instant.
Day utc_day(TimeUs t);
/// "3 Nov 2026" for an instant (its UTC day).
std::string note_date_of(TimeUs t);
/// Whole years from `birth` to `on` (a birthday on 29 Feb counts on 1 Mar in other years); nullopt
/// when `on` is before `birth`.
std::optional<int> age_years(Day birth, Day on);

}  // namespace physio::notes
