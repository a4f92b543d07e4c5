// Day numbers through std::chrono's calendar types (libstdc++ 12 has them); leap years and month lengths by
// the Gregorian rule, for any year.
#include "core/civil_date.hpp"

#include <chrono>

#include <fmt/format.h>

namespace physio {
namespace {

std::chrono::year_month_day ymd_of(int year, unsigned month, unsigned day) {
  return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                     std::chrono::day{day}};
}

}  // namespace

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return kDays[month - 1] + (month == 2 && is_leap_year(year) ? 1u : 0u);
}

bool is_valid_date(int year, unsigned month, unsigned day) {
  return year >= kMinCivilYear && year <= kMaxCivilYear && day >= 1 && day <= days_in_month(year, month);
}

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  return std::chrono::sys_days{ymd_of(year, month, day)}.time_since_epoch().count();
}

CivilDate civil_from_days(std::int64_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day())};
}

std::optional<std::int64_t> days_from_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const auto month = static_cast<unsigned>(*m), day = static_cast<unsigned>(*d);
  if (!is_valid_date(*y, month, day)) return std::nullopt;
  return days_from_civil(*y, month, day);
}

std::string iso_date_from_days(std::int64_t days) {
  const CivilDate c = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

}  // namespace physio
