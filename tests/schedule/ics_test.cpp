// The appointment calendar: UTC times, a stable UID, cancelled events marked, text escaped and lines folded.
#include <gtest/gtest.h>

#include "core/civil_date.hpp"
#include "schedule/ics.hpp"

namespace physio::schedule {
namespace {

TEST(Ics, AppointmentsAreEventsInUtc) {
  const TimeUs start = *days_from_iso_date("2026-12-01") * 86'400 * kUsPerSecond + 9 * 3600 * kUsPerSecond;
  const std::string cal = appointment_calendar(
      "Marta Silva, appointments",
      {{"a1", start, start + 1800 * kUsPerSecond, "Physiotherapy; follow-up", "Room 2", "", false, 0},
       {"a2", start + 86'400 * kUsPerSecond, start + 88'200 * kUsPerSecond, "Physiotherapy", "", "", true,
        0}},
      start);
  EXPECT_NE(cal.find("BEGIN:VCALENDAR\r\n"), std::string::npos);
  EXPECT_NE(cal.find("X-WR-CALNAME:Marta Silva\\, appointments\r\n"), std::string::npos);
  EXPECT_NE(cal.find("UID:a1@physiokit\r\nDTSTAMP:20261201T090000Z\r\nDTSTART:20261201T090000Z\r\nDTEND:"
                     "20261201T093000Z\r\n"),
            std::string::npos);
  EXPECT_NE(cal.find("SUMMARY:Physiotherapy\\; follow-up\r\nLOCATION:Room 2\r\nSTATUS:CONFIRMED\r\n"),
            std::string::npos);
  EXPECT_NE(cal.find("UID:a2@physiokit"), std::string::npos);
  EXPECT_NE(cal.find("STATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_TRUE(cal.ends_with("END:VCALENDAR\r\n"));
}

TEST(Ics, LongLinesAreFoldedAt75Octets) {
  const std::string folded = ics_fold("DESCRIPTION:" + std::string(100, 'x'));
  EXPECT_EQ(folded.find("\r\n"), 75u);
  EXPECT_EQ(folded.substr(75, 3), "\r\n ");
  EXPECT_EQ(ics_utc_time(-1), "19691231T235959Z");
}

}  // namespace
}  // namespace physio::schedule
