#pragma once
/// The patient's reminders as an iCalendar feed (RFC 5545) a calendar program can subscribe to: one
/// daily VEVENT (RRULE:FREQ=DAILY) at the chosen local time with its TZID, a VTIMEZONE for that zone
/// built from the zone's UTC offsets (the transitions from last year to the year after next), and a
/// display alarm at the event. Content lines end in CRLF and are folded at 75 octets. Pure: the clock and
/// the zone come from the caller.

#include <string>
#include <string_view>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "rehab/calendar.hpp"

namespace physio::server {

/// One content line folded at 75 octets (never inside a UTF-8 sequence), each piece ending in CRLF.
std::string ics_fold(std::string_view line);
/// TEXT value escaping: backslash, ';', ',' and line breaks.
std::string ics_escape(std::string_view text);

struct ReminderCalendar {
  clinic::ReminderPreference preference;
  std::string summary = "Home exercises";
  std::string description;  ///< free text for the event
  TimeUs now_us = 0;        ///< DTSTAMP, and the first day (today in the zone)
};

/// The calendar; a disabled preference gives a calendar without events. kInvalidArgument for a bad
/// local time, kNotFound for an unknown zone.
Result<std::string> reminder_calendar(const ReminderCalendar& in, const rehab::TzOffsetProvider& tz);

}  // namespace physio::server
