#include "notes/dates.hpp"

#include <array>
#include <chrono>

#include <fmt/format.h>

namespace physio::notes {
namespace {

std::chrono::year_month_day ymd_of(Day day) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{day}}};
}

Day day_of(const std::chrono::year_month_day& ymd) {
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

std::optional<Day> parse_iso_date(std::string_view text) {
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
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return day_of(ymd);
}

std::string iso_date(Day day) {
  const auto ymd = ymd_of(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string note_date(Day day) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto ymd = ymd_of(day);
  return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
}

Day utc_day(TimeUs t) {
  return floor_div(t, kUsPerDay);
}

std::string note_date_of(TimeUs t) {
  return note_date(utc_day(t));
}

std::optional<int> age_years(Day birth, Day on) {
  if (on < birth) return std::nullopt;
  const auto b = ymd_of(birth);
  const auto o = ymd_of(on);
  int years = static_cast<int>(o.year()) - static_cast<int>(b.year());
  const unsigned bm = static_cast<unsigned>(b.month()), om = static_cast<unsigned>(o.month());
  const unsigned bd = static_cast<unsigned>(b.day()), od = static_cast<unsigned>(o.day());
  if (om < bm || (om == bm && od < bd)) --years;
  return years;
}

}  // namespace physio::notes
