#include "server/rehab/reminder_ics.hpp"

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "rehab/reminders.hpp"
#include "schedule/ics.hpp"

namespace physio::server {
namespace {

constexpr TimeUs kUsPerS = kUsPerSecond;

/// "YYYYMMDDTHHMMSS" for a local day and second of the day.
std::string local_stamp(rehab::LocalDay day, std::int64_t second_of_day) {
  std::string d = rehab::format_date(day);
  std::erase(d, '-');
  return fmt::format("{}T{:02}{:02}{:02}", d, second_of_day / 3600, second_of_day / 60 % 60,
                     second_of_day % 60);
}

/// "+0100", "-0500", "+053000" for offsets with seconds.
std::string offset_text(std::int64_t off_s) {
  const char sign = off_s < 0 ? '-' : '+';
  const std::int64_t a = std::llabs(off_s);
  if (a % 60 != 0) return fmt::format("{}{:02}{:02}{:02}", sign, a / 3600, a / 60 % 60, a % 60);
  return fmt::format("{}{:02}{:02}", sign, a / 3600, a / 60 % 60);
}

struct Transition {
  TimeUs at_us;  ///< first instant of the new offset
  std::int64_t from_s, to_s;
};

/// Offset changes in [from, to): probed daily, then narrowed to the second.
std::vector<Transition> transitions(const rehab::UtcOffsetFn& offset, TimeUs from, TimeUs to) {
  std::vector<Transition> out;
  std::int64_t prev = offset(from);
  for (TimeUs t = from; t < to; t += rehab::kUsPerDay) {
    const TimeUs next_t = t + rehab::kUsPerDay;
    const std::int64_t next = offset(next_t);
    if (next == prev) continue;
    TimeUs lo = t, hi = next_t;  // offset(lo) == prev, offset(hi) != prev
    while (hi - lo > kUsPerS) {
      const TimeUs mid = lo + (hi - lo) / 2 / kUsPerS * kUsPerS;
      if (offset(mid) == prev)
        lo = mid;
      else
        hi = mid;
    }
    out.push_back({hi, prev, offset(hi)});
    prev = next;
  }
  return out;
}

void add(std::string& out, std::string_view line) {
  out += schedule::ics_fold(line);
}

}  // namespace

Result<std::string> reminder_calendar(const ReminderCalendar& in, const rehab::TzOffsetProvider& tz) {
  const auto& p = in.preference;
  const int minute = PHYSIO_TRY(rehab::parse_local_time(p.local_time));
  PHYSIO_TRY(tz.utc_offset_s(p.time_zone, in.now_us));
  const rehab::UtcOffsetFn offset = [&](TimeUs t) { return tz.utc_offset_s(p.time_zone, t).value_or(0); };
  const std::string& zone = p.time_zone;  // checked: a known IANA name

  std::string out;
  add(out, "BEGIN:VCALENDAR");
  add(out, "VERSION:2.0");
  add(out, "PRODID:-//physiokit//exercise reminders//EN");
  add(out, "CALSCALE:GREGORIAN");
  add(out, "METHOD:PUBLISH");
  add(out, "X-WR-CALNAME:" + schedule::ics_escape(in.summary));
  if (!p.enabled) {
    add(out, "END:VCALENDAR");
    return out;
  }

  // VTIMEZONE: every change of offset from the start of last year to the end of the year after next.
  const rehab::LocalDay today = rehab::local_day(in.now_us, offset);
  const std::string today_s = rehab::format_date(today);
  const int year = std::atoi(today_s.substr(0, 4).c_str());
  const TimeUs from = *rehab::parse_date(fmt::format("{:04}-01-01", year - 1)) * rehab::kUsPerDay;
  const TimeUs to = *rehab::parse_date(fmt::format("{:04}-01-01", year + 3)) * rehab::kUsPerDay;
  add(out, "BEGIN:VTIMEZONE");
  add(out, "TZID:" + zone);
  const auto changes = transitions(offset, from, to);
  if (changes.empty()) {
    const std::int64_t off = offset(in.now_us);
    add(out, "BEGIN:STANDARD");
    add(out, "DTSTART:19700101T000000");
    add(out, "TZOFFSETFROM:" + offset_text(off));
    add(out, "TZOFFSETTO:" + offset_text(off));
    add(out, "END:STANDARD");
  }
  for (const auto& c : changes) {
    // The onset in the local time in force before it (RFC 5545 3.6.5).
    const TimeUs local = c.at_us + c.from_s * kUsPerS;
    const std::int64_t s = local / kUsPerS;
    const rehab::LocalDay day = s / 86'400 - (s % 86'400 < 0 ? 1 : 0);
    const char* kind = c.to_s > c.from_s ? "DAYLIGHT" : "STANDARD";
    add(out, fmt::format("BEGIN:{}", kind));
    add(out, "DTSTART:" + local_stamp(day, s - day * 86'400));
    add(out, "TZOFFSETFROM:" + offset_text(c.from_s));
    add(out, "TZOFFSETTO:" + offset_text(c.to_s));
    add(out, fmt::format("END:{}", kind));
  }
  add(out, "END:VTIMEZONE");

  add(out, "BEGIN:VEVENT");
  add(out, fmt::format("UID:reminder-{}-{}@physiokit", p.clinic_id, p.patient_id));
  add(out, "DTSTAMP:" + schedule::ics_utc_time(in.now_us));
  add(out, fmt::format("DTSTART;TZID={}:{}", zone, local_stamp(today, std::int64_t{minute} * 60)));
  add(out, "DURATION:PT15M");
  add(out, "RRULE:FREQ=DAILY");
  add(out, "SUMMARY:" + schedule::ics_escape(in.summary));
  if (!in.description.empty()) add(out, "DESCRIPTION:" + schedule::ics_escape(in.description));
  add(out, "TRANSP:TRANSPARENT");
  add(out, "BEGIN:VALARM");
  add(out, "ACTION:DISPLAY");
  add(out, "TRIGGER:PT0S");
  add(out, "DESCRIPTION:" + schedule::ics_escape(in.summary));
  add(out, "END:VALARM");
  add(out, "END:VEVENT");
  add(out, "END:VCALENDAR");
  return out;
}

}  // namespace physio::server
