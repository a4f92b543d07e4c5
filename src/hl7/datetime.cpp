#include "hl7/datetime.hpp"

#include <chrono>

#include <fmt/format.h>

#include "core/civil_date.hpp"

namespace physio::hl7 {
namespace {

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

LocalOffset fixed_offset(int minutes) {
  return [minutes](TimeUs) { return minutes; };
}

std::optional<Dtm> parse_dtm(std::string_view text) {
  Dtm t;
  std::string_view main = text;
  const std::size_t sign = text.find_first_of("+-");
  if (sign != std::string_view::npos) {
    const std::string_view off = text.substr(sign + 1);
    if (off.size() != 4 || !all_digits(off)) return std::nullopt;
    const int hh = number(off.substr(0, 2));
    const int mm = number(off.substr(2, 2));
    if (hh > 23 || mm > 59) return std::nullopt;
    t.utc_offset_min = (text[sign] == '-' ? -1 : 1) * (hh * 60 + mm);
    main = text.substr(0, sign);
  }
  std::string_view fraction;
  const std::size_t dot = main.find('.');
  if (dot != std::string_view::npos) {
    fraction = main.substr(dot + 1);
    main = main.substr(0, dot);
    if (fraction.empty() || fraction.size() > 4 || !all_digits(fraction) || main.size() != 14) {
      return std::nullopt;
    }
  }
  if (!all_digits(main)) return std::nullopt;
  const std::size_t n = main.size();
  if (n != 4 && n != 6 && n != 8 && n != 10 && n != 12 && n != 14) return std::nullopt;
  t.digits = static_cast<int>(n);
  t.year = number(main.substr(0, 4));
  if (n >= 6) t.month = number(main.substr(4, 2));
  if (n >= 8) t.day = number(main.substr(6, 2));
  if (n >= 10) t.hour = number(main.substr(8, 2));
  if (n >= 12) t.minute = number(main.substr(10, 2));
  if (n >= 14) t.second = number(main.substr(12, 2));
  if (t.year < 1 || (n >= 6 && (t.month < 1 || t.month > 12))) return std::nullopt;
  if (n >= 8 && !is_valid_date(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)))
    return std::nullopt;
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return std::nullopt;
  if (!fraction.empty()) {
    int us = number(fraction);
    for (std::size_t i = fraction.size(); i < 6; ++i) us *= 10;
    t.microsecond = us;
  }
  return t;
}

std::string iso_date(const Dtm& t) {
  if (t.digits < 8) return "";
  return fmt::format("{:04}-{:02}-{:02}", t.year, t.month, t.day);
}

TimeUs to_utc_us(const Dtm& t, const LocalOffset& local) {
  const std::int64_t days = days_from_civil(t.year, t.month == 0 ? 1u : static_cast<unsigned>(t.month),
                                            t.day == 0 ? 1u : static_cast<unsigned>(t.day));
  const TimeUs wall =
      (days * 86400 + t.hour * 3600 + t.minute * 60 + t.second) * kUsPerSecond + t.microsecond;
  const int offset = t.utc_offset_min ? *t.utc_offset_min : (local ? local(wall) : 0);
  return wall - static_cast<TimeUs>(offset) * 60 * kUsPerSecond;
}

std::string format_dtm_utc(TimeUs t_us) {
  using namespace std::chrono;
  const sys_time<microseconds> tp{microseconds{t_us}};
  const sys_days day_point = floor<days>(tp);
  const CivilDate date = civil_from_days(day_point.time_since_epoch().count());
  const hh_mm_ss hms{floor<seconds>(tp - day_point)};
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}+0000", date.year, date.month, date.day,
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::string dtm_from_iso_date(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return "";
  std::string out = fmt::format("{}{}{}", iso.substr(0, 4), iso.substr(5, 2), iso.substr(8, 2));
  auto parsed = parse_dtm(out);
  return parsed ? out : "";
}

}  // namespace physio::hl7
