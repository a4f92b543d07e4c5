#include "notes/dates.hpp"

#include <array>

#include <fmt/format.h>

#include "core/civil_date.hpp"

namespace physio::notes {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

std::optional<Day> parse_iso_date(std::string_view text) {
  return days_from_iso_date(text);
}

std::string iso_date(Day day) {
  return iso_date_from_days(day);
}

std::string note_date(Day day) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const CivilDate date = civil_from_days(day);
  return fmt::format("{} {} {}", date.day, kMonths[date.month - 1], date.year);
}

Day utc_day(TimeUs t) {
  return floor_div(t, kUsPerDay);
}

std::string note_date_of(TimeUs t) {
  return note_date(utc_day(t));
}

std::optional<int> age_years(Day birth, Day on) {
  if (on < birth) return std::nullopt;
  const CivilDate b = civil_from_days(birth);
  const CivilDate o = civil_from_days(on);
  int years = o.year - b.year;
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --years;
  return years;
}

}  // namespace physio::notes
