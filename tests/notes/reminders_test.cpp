#include "notes/reminders.hpp"

#include <gtest/gtest.h>

namespace physio::notes {
namespace {

struct ProgressCase {
  int visit;
  bool known, due_now, overdue;
  int remaining;
  const char* text;
};

TEST(Reminders, ProgressReportBeforeTheFirstCountsFromTheEvaluation) {
  EXPECT_EQ(progress_report_reminder(8, false).text,
            "Visit 8 of 10 since the start of this episode: a progress report is due within 2 visits.");
  EXPECT_EQ(progress_report_reminder(12, false).text,
            "Visit 12 since the start of this episode: the progress report was due by visit 10 and is 2 "
            "visits overdue.");
}

TEST(Reminders, ProgressReportEveryTenthTreatmentVisit) {
  const ProgressCase cases[] = {
      {0, false, false, false, 0,
       "No count of the visits since the last progress report is recorded: when the next progress report is "
       "due "
       "cannot be worked out."},
      {-2, false, false, false, 0, nullptr},
      {1, true, false, false, 9,
       "Visit 1 of 10 since the last progress report: a progress report is due within 9 visits."},
      {8, true, false, false, 2,
       "Visit 8 of 10 since the last progress report: a progress report is due within 2 visits."},
      {9, true, false, false, 1,
       "Visit 9 of 10 since the last progress report: a progress report is due within 1 visit."},
      {10, true, true, false, 0,
       "Visit 10 of 10 since the last progress report: a progress report is due at this visit."},
      {11, true, true, true, -1,
       "Visit 11 since the last progress report: the progress report was due by visit 10 and is 1 visit "
       "overdue."},
      {14, true, true, true, -4,
       "Visit 14 since the last progress report: the progress report was due by visit 10 and is 4 visits "
       "overdue."},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.visit);
    const Reminder r = progress_report_reminder(c.visit);
    EXPECT_EQ(r.kind, "progress_report");
    EXPECT_EQ(r.known, c.known);
    EXPECT_EQ(r.due_now, c.due_now);
    EXPECT_EQ(r.overdue, c.overdue);
    EXPECT_EQ(r.remaining, c.remaining);
    if (c.text) {
      EXPECT_EQ(r.text, c.text);
    }
  }
}

struct RecertCase {
  const char* start;
  const char* today;
  bool known, due_now, overdue;
  int remaining;
  const char* text;
};

TEST(Reminders, RecertificationWithinNinetyDaysOfThePlansStart) {
  // 2026-09-07 is day 1; day 90 is 2026-12-05.
  const RecertCase cases[] = {
      {"", "2026-11-23", false, false, false, 0,
       "No plan-of-care start date is recorded: when re-certification is due cannot be worked out."},
      {"2026-13-07", "2026-11-23", false, false, false, 0,
       "No valid plan-of-care start date ('2026-13-07' is not a date YYYY-MM-DD): when re-certification is "
       "due "
       "cannot be worked out."},
      {"2026-09-07", "2026-09-07", true, false, false, 89,
       "Plan of care day 1 of 90 (started 7 Sep 2026): re-certification is due by 5 Dec 2026, 89 days from "
       "this "
       "visit."},
      {"2026-09-07", "2026-11-23", true, false, false, 12,
       "Plan of care day 78 of 90 (started 7 Sep 2026): re-certification is due by 5 Dec 2026, 12 days from "
       "this "
       "visit."},
      {"2026-09-07", "2026-12-04", true, false, false, 1,
       "Plan of care day 89 of 90 (started 7 Sep 2026): re-certification is due by 5 Dec 2026, 1 day from "
       "this "
       "visit."},
      {"2026-09-07", "2026-12-05", true, true, false, 0,
       "Plan of care day 90 of 90 (started 7 Sep 2026): re-certification is due today."},
      {"2026-09-07", "2026-12-06", true, true, true, -1,
       "Plan of care day 91 (started 7 Sep 2026): re-certification was due by 5 Dec 2026 and is 1 day "
       "overdue."},
      {"2026-08-20", "2026-11-23", true, true, true, -6,
       "Plan of care day 96 (started 20 Aug 2026): re-certification was due by 17 Nov 2026 and is 6 days "
       "overdue."},
      {"2026-12-01", "2026-11-23", true, false, false, 97,
       "The plan of care starts on 1 Dec 2026: re-certification will be due by 28 Feb 2027."},
      // Across a leap day: 2028-01-01 + 89 days is 2028-03-30.
      {"2028-01-01", "2028-03-30", true, true, false, 0,
       "Plan of care day 90 of 90 (started 1 Jan 2028): re-certification is due today."},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.start) + " " + c.today);
    const Reminder r = recertification_reminder(c.start, *parse_iso_date(c.today));
    EXPECT_EQ(r.kind, "recertification");
    EXPECT_EQ(r.known, c.known);
    EXPECT_EQ(r.due_now, c.due_now);
    EXPECT_EQ(r.overdue, c.overdue);
    EXPECT_EQ(r.remaining, c.remaining);
    EXPECT_EQ(r.text, c.text);
  }
}

}  // namespace
}  // namespace physio::notes
