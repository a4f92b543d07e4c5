#include "schedule/ics.hpp"

#include <fmt/format.h>

#include "core/civil_date.hpp"

namespace physio::schedule {

std::string ics_fold(std::string_view line) {
  std::string out;
  std::size_t used = 0;  // octets on the current physical line
  for (std::size_t i = 0; i < line.size();) {
    // The length of the UTF-8 sequence starting here (continuation bytes never start a piece).
    std::size_t n = 1;
    while (i + n < line.size() && (static_cast<unsigned char>(line[i + n]) & 0xC0) == 0x80) ++n;
    if (used + n > 75) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, n));
    used += n;
    i += n;
  }
  out += "\r\n";
  return out;
}

std::string ics_escape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      continue;  // other control characters are not allowed in TEXT
    } else {
      out += c;
    }
  }
  return out;
}

std::string ics_utc_time(TimeUs t) {
  const std::int64_t s = t / kUsPerSecond - (t % kUsPerSecond < 0 ? 1 : 0);
  const std::int64_t day = s / 86'400 - (s % 86'400 < 0 ? 1 : 0);
  const std::int64_t sec = s - day * 86'400;
  const CivilDate d = civil_from_days(day);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", d.year, d.month, d.day, sec / 3600, sec / 60 % 60,
                     sec % 60);
}

std::string appointment_calendar(std::string_view name, const std::vector<CalendarEvent>& events,
                                 TimeUs now_us) {
  std::string out;
  auto add = [&](std::string_view line) { out += ics_fold(line); };
  add("BEGIN:VCALENDAR");
  add("VERSION:2.0");
  add("PRODID:-//physiokit//appointments//EN");
  add("CALSCALE:GREGORIAN");
  add("METHOD:PUBLISH");
  add("X-WR-CALNAME:" + ics_escape(name));
  for (const auto& e : events) {
    add("BEGIN:VEVENT");
    add("UID:" + ics_escape(e.uid) + "@physiokit");
    add("DTSTAMP:" + ics_utc_time(now_us));
    add("DTSTART:" + ics_utc_time(e.start_us));
    add("DTEND:" + ics_utc_time(e.end_us));
    if (e.updated_us > 0) add("LAST-MODIFIED:" + ics_utc_time(e.updated_us));
    add("SUMMARY:" + ics_escape(e.summary));
    if (!e.location.empty()) add("LOCATION:" + ics_escape(e.location));
    if (!e.description.empty()) add("DESCRIPTION:" + ics_escape(e.description));
    add(std::string("STATUS:") + (e.cancelled ? "CANCELLED" : "CONFIRMED"));
    add("END:VEVENT");
  }
  add("END:VCALENDAR");
  return out;
}

}  // namespace physio::schedule
