#include "notes/reminders.hpp"

#include <fmt/format.h>

namespace physio::notes {
namespace {

std::string plural(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

Reminder progress_report_reminder(int visit, bool report_written) {
  Reminder r;
  r.kind = "progress_report";
  if (visit <= 0) {
    r.text =
        "No count of the visits since the last progress report is recorded: when the next progress report "
        "is due cannot be worked out.";
    return r;
  }
  r.known = true;
  const std::string_view since = report_written ? "the last progress report" : "the start of this episode";
  r.remaining = kProgressReportEveryVisits - visit;
  r.due_now = r.remaining <= 0;
  r.overdue = r.remaining < 0;
  if (r.remaining > 0) {
    r.text = fmt::format("Visit {} of {} since {}: a progress report is due within {}.", visit,
                         kProgressReportEveryVisits, since, plural(r.remaining, "visit", "visits"));
  } else if (r.remaining == 0) {
    r.text = fmt::format("Visit {} of {} since {}: a progress report is due at this visit.", visit,
                         kProgressReportEveryVisits, since);
  } else {
    r.text = fmt::format("Visit {} since {}: the progress report was due by visit {} and is {} overdue.",
                         visit, since, kProgressReportEveryVisits, plural(-r.remaining, "visit", "visits"));
  }
  return r;
}

Reminder progress_report_reminder_for(std::string_view note_type, int visit, bool report_written) {
  if (note_type == "progress_report") {
    Reminder r;
    r.kind = "progress_report";
    r.known = true;
    r.remaining = kProgressReportEveryVisits;
    r.text = fmt::format(
        "This progress report starts a new reporting period: the next progress report is due within {}.",
        plural(kProgressReportEveryVisits, "visit", "visits"));
    return r;
  }
  if (note_type == "initial_evaluation") {
    Reminder r;
    r.kind = "progress_report";
    r.known = true;
    r.remaining = kProgressReportEveryVisits - 1;
    r.text = fmt::format(
        "This evaluation starts a reporting period as its first visit: a progress report is due within {}.",
        plural(r.remaining, "visit", "visits"));
    return r;
  }
  if (note_type == "discharge_summary") return Reminder{"progress_report", false, false, false, 0, ""};
  return progress_report_reminder(visit, report_written);
}

Reminder recertification_reminder(std::string_view plan_start, Day today) {
  Reminder r;
  r.kind = "recertification";
  if (plan_start.empty()) {
    r.text = "No plan-of-care start date is recorded: when re-certification is due cannot be worked out.";
    return r;
  }
  const auto start = parse_iso_date(plan_start);
  if (!start) {
    r.text = fmt::format(
        "No valid plan-of-care start date ('{}' is not a date YYYY-MM-DD): when re-certification is due "
        "cannot "
        "be worked out.",
        plan_start);
    return r;
  }
  r.known = true;
  const Day last_certified = *start + kRecertificationDays - 1;  // the start is day 1
  r.remaining = static_cast<int>(last_certified - today);
  r.due_now = r.remaining <= 0;
  r.overdue = r.remaining < 0;
  const std::int64_t plan_day = today - *start + 1;
  if (plan_day < 1) {
    r.text = fmt::format("The plan of care starts on {}: re-certification will be due by {}.",
                         note_date(*start), note_date(last_certified));
  } else if (r.remaining > 0) {
    r.text = fmt::format(
        "Plan of care day {} of {} (started {}): re-certification is due by {}, {} from this visit.",
        plan_day, kRecertificationDays, note_date(*start), note_date(last_certified),
        plural(r.remaining, "day", "days"));
  } else if (r.remaining == 0) {
    r.text = fmt::format("Plan of care day {} of {} (started {}): re-certification is due today.", plan_day,
                         kRecertificationDays, note_date(*start));
  } else {
    r.text = fmt::format(
        "Plan of care day {} (started {}): re-certification was due by {} and is {} overdue.", plan_day,
        note_date(*start), note_date(last_certified), plural(-r.remaining, "day", "days"));
  }
  return r;
}

}  // namespace physio::notes
