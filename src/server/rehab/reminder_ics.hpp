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
#include "schedule/ics.hpp"

namespace physio::server {

// Folding and escaping are the schedule module's, shared with the appointment calendars.
using schedule::ics_escape;
using schedule::ics_fold;

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
