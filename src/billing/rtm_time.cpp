#include "billing/rtm_time.hpp"

#include <fmt/format.h>

namespace physio::billing {

namespace {

// Floor division, so instants before 1970 land on the right day too.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

Day local_day(TimeUs utc_us, const UtcOffsetFn& offset) {
  const std::int64_t off_s = offset ? offset(utc_us) : 0;
  const std::int64_t local_s = floor_div(utc_us, kUsPerSecond) + off_s;
  return Day{std::chrono::days{floor_div(local_s, 86400)}};
}

std::string format_day(Day d) {
  const std::chrono::year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string format_month(std::chrono::year_month ym) {
  return fmt::format("{:04}-{:02}", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
}

Day make_day(int y, unsigned m, unsigned d) {
  return Day{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

Day first_day_of(std::chrono::year_month ym) {
  return Day{ym / std::chrono::day{1}};
}

Day last_day_of(std::chrono::year_month ym) {
  return Day{ym / std::chrono::last};
}

}  // namespace physio::billing
