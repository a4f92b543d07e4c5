#pragma once
/// iCalendar text (RFC 5545): content-line folding and TEXT escaping shared by every feed the server writes
/// (the exercise reminders, the appointment calendars), and a calendar of appointments. Pure.

#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace physio::schedule {

/// One content line folded at 75 octets (never inside a UTF-8 sequence), each piece ending in CRLF.
std::string ics_fold(std::string_view line);
/// TEXT value escaping: backslash, ';', ',' and line breaks.
std::string ics_escape(std::string_view text);
/// A UTC instant as "YYYYMMDDTHHMMSSZ".
std::string ics_utc_time(TimeUs t);

/// One appointment as an event.
struct CalendarEvent {
  std::string uid{};  ///< stable across downloads: the appointment id
  TimeUs start_us = 0;
  TimeUs end_us = 0;
  std::string summary{};      ///< "Physiotherapy: Follow-up"
  std::string location{};     ///< the room; "" = none
  std::string description{};  ///< free text
  bool cancelled = false;     ///< STATUS:CANCELLED (calendar programs remove or strike it)
  TimeUs updated_us = 0;      ///< LAST-MODIFIED
};

/// A VCALENDAR of the events with times in UTC (so no VTIMEZONE is needed), DTSTAMP `now_us`.
std::string appointment_calendar(std::string_view name, const std::vector<CalendarEvent>& events,
                                 TimeUs now_us);

}  // namespace physio::schedule
