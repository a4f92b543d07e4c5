#include "schedule/booking.hpp"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "core/civil_date.hpp"

namespace physio::schedule {

bool holds_time(std::string_view status) {
  return status == "booked" || status == "arrived";
}

namespace {
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

std::string describe_day(std::int64_t day) {
  const CivilDate d = civil_from_days(day);
  return fmt::format("{} {} {} {}", weekday_name(weekday(day)).substr(0, 3), d.day, kMonths[d.month - 1],
                     d.year);
}

std::string describe_time(TimeUs start_us, TimeUs end_us, const UtcOffsetFn& offset) {
  const LocalTime a = to_local(start_us, offset);
  const LocalTime b = to_local(end_us, offset);
  const CivilDate d = civil_from_days(a.day);
  std::string out = fmt::format("{} {} {} {} {}", weekday_name(weekday(a.day)).substr(0, 3), d.day,
                                kMonths[d.month - 1], d.year, format_clock(a.minute));
  if (b.day == a.day) return out + "-" + format_clock(b.minute);
  const CivilDate e = civil_from_days(b.day);
  return out + fmt::format(" to {} {} {}", e.day, kMonths[e.month - 1], format_clock(b.minute));
}

std::vector<Problem> check_booking(const Booking& b, const BookingContext& ctx, BookingOptions options) {
  std::vector<Problem> out;
  if (b.duration_min < 5 || b.duration_min > 480) {
    out.push_back({.kind = ProblemKind::kBadDuration,
                   .field = "duration_min",
                   .message = fmt::format("an appointment lasts 5 to 480 minutes, not {}", b.duration_min)});
    return out;
  }
  std::vector<Booking> others = ctx.nearby;
  std::sort(others.begin(), others.end(), [](const Booking& x, const Booking& y) {
    return x.start_us != y.start_us ? x.start_us < y.start_us : x.id < y.id;
  });
  std::set<std::string> seen;
  for (const auto& o : others) {
    if ((!b.id.empty() && o.id == b.id) || !holds_time(o.status)) continue;
    if (!(o.start_us < b.end_us() && b.start_us < o.end_us())) continue;
    const std::string when = describe_time(o.start_us, o.end_us(), ctx.offset);
    if (o.clinician_id == b.clinician_id && !seen.contains(o.id + "/c")) {
      seen.insert(o.id + "/c");
      out.push_back(
          {.kind = ProblemKind::kClinicianBusy,
           .field = "start",
           .message = fmt::format("{} already has an appointment {} with {}",
                                  ctx.clinician_name(o.clinician_id), when, ctx.patient_name(o.patient_id)),
           .clash_id = o.id,
           .clash_start_us = o.start_us,
           .clash_end_us = o.end_us()});
    }
    if (o.patient_id == b.patient_id && o.clinician_id != b.clinician_id && !seen.contains(o.id + "/p")) {
      // Same patient with the same clinician is already named above.
      seen.insert(o.id + "/p");
      out.push_back(
          {.kind = ProblemKind::kPatientBusy,
           .field = "start",
           .message = fmt::format("{} already has an appointment {} with {}", ctx.patient_name(o.patient_id),
                                  when, ctx.clinician_name(o.clinician_id)),
           .clash_id = o.id,
           .clash_start_us = o.start_us,
           .clash_end_us = o.end_us()});
    }
  }
  if (b.start_us < ctx.now_us && !options.back_entry) {
    out.push_back(
        {.kind = ProblemKind::kInPast,
         .field = "start",
         .message = fmt::format("{} is in the past; to record a visit that already happened, book it "
                                "as a back entry",
                                describe_time(b.start_us, b.end_us(), ctx.offset))});
  }
  // A closed day is not confirmed away like working hours: nobody is there. A visit that did happen on it
  // (a back entry in the past) is a fact and is recorded.
  const std::int64_t local_day = to_local(b.start_us, ctx.offset).day;
  if (const Closure* c = closure_on(ctx.closures, local_day);
      c != nullptr && !(options.back_entry && b.start_us < ctx.now_us)) {
    out.push_back(
        {.kind = ProblemKind::kClinicClosed,
         .field = "start",
         .message = fmt::format("the clinic is closed on {} ({})", describe_day(local_day), c->reason)});
  }
  if (!options.outside_hours_ok && !within_hours(ctx.hours, b.start_us, b.duration_min, ctx.offset)) {
    std::string days;
    const int wd = weekday(to_local(b.start_us, ctx.offset).day);
    for (const auto& s : ctx.hours)
      if (s.weekday == wd)
        days += (days.empty() ? "" : ", ") + format_clock(s.start_min) + "-" + format_clock(s.end_min);
    out.push_back({.kind = ProblemKind::kOutsideHours,
                   .field = "start",
                   .message = fmt::format(
                       "{} is outside {}'s working hours ({}: {}); confirm to book it anyway",
                       describe_time(b.start_us, b.end_us(), ctx.offset), ctx.clinician_name(b.clinician_id),
                       weekday_name(wd), days.empty() ? "not working" : days)});
  }
  return out;
}

std::vector<std::string> calendar_problems(const std::vector<Booking>& all, const UtcOffsetFn& offset) {
  std::vector<Booking> held;
  std::vector<std::string> out;
  for (const auto& b : all) {
    if (to_local(b.start_us, offset).minute % 5 != 0 || b.start_us % kUsPerMinute != 0)
      out.push_back(fmt::format("appointment {} starts at {}, off the 5-minute grid", b.id,
                                describe_time(b.start_us, b.end_us(), offset)));
    if (holds_time(b.status)) held.push_back(b);
  }
  std::sort(held.begin(), held.end(),
            [](const Booking& x, const Booking& y) { return x.start_us < y.start_us; });
  // Sorted by start: each appointment can only clash with those after it that start before it ends.
  for (std::size_t i = 0; i < held.size(); ++i)
    for (std::size_t j = i + 1; j < held.size() && held[j].start_us < held[i].end_us(); ++j) {
      const Booking& a = held[i];
      const Booking& b = held[j];
      if (a.clinician_id == b.clinician_id)
        out.push_back(fmt::format("clinician {} is booked twice: {} and {}", a.clinician_id,
                                  describe_time(a.start_us, a.end_us(), offset),
                                  describe_time(b.start_us, b.end_us(), offset)));
      else if (a.patient_id == b.patient_id)
        out.push_back(fmt::format("patient {} is booked twice: {} and {}", a.patient_id,
                                  describe_time(a.start_us, a.end_us(), offset),
                                  describe_time(b.start_us, b.end_us(), offset)));
    }
  return out;
}

int http_status(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kClinicianBusy:
    case ProblemKind::kPatientBusy:
      return 409;
    case ProblemKind::kInPast:
    case ProblemKind::kOutsideHours:
    case ProblemKind::kClinicClosed:
    case ProblemKind::kShortNotice:
      return 422;
    case ProblemKind::kOnlineOff:
      return 409;
    case ProblemKind::kBadDuration:
      return 400;
  }
  return 400;
}

std::string_view to_string(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kClinicianBusy:
      return "clinician_busy";
    case ProblemKind::kPatientBusy:
      return "patient_busy";
    case ProblemKind::kInPast:
      return "in_past";
    case ProblemKind::kOutsideHours:
      return "outside_working_hours";
    case ProblemKind::kBadDuration:
      return "bad_duration";
    case ProblemKind::kClinicClosed:
      return "clinic_closed";
    case ProblemKind::kShortNotice:
      return "short_notice";
    case ProblemKind::kOnlineOff:
      return "online_booking_off";
  }
  return "unknown";
}

CancelDecision patient_may_cancel(const Booking& b, TimeUs now_us, std::int64_t notice_min,
                                  const UtcOffsetFn& offset) {
  CancelDecision d;
  d.deadline_us = b.start_us - notice_min * kUsPerMinute;
  if (b.status != "booked") {
    d.reason = b.status == "cancelled" ? "This appointment is already cancelled."
                                       : "This appointment can no longer be cancelled online.";
    return d;
  }
  if (now_us > d.deadline_us) {
    const std::string hours = notice_min % 60 == 0 ? fmt::format("{} hours", notice_min / 60)
                                                   : fmt::format("{} minutes", notice_min);
    d.reason = fmt::format(
        "Appointments can be cancelled online up to {} before they start; this one starts {}. Please call "
        "the "
        "clinic.",
        hours, describe_time(b.start_us, b.end_us(), offset));
    return d;
  }
  d.allowed = true;
  return d;
}

std::string status_change_problem(std::string_view from, std::string_view to, TimeUs start_us,
                                  TimeUs now_us) {
  if (from == to) return "";
  if (from == "cancelled" || from == "noshow")
    return fmt::format("the appointment is {}; book a new one instead",
                       from == "cancelled" ? "cancelled" : "marked missed");
  if (to == "cancelled" && from != "booked" && from != "arrived")
    return "an attended appointment cannot be cancelled";
  if (to == "arrived" && from == "booked" && now_us < start_us - kArrivalWindowMin * kUsPerMinute)
    return fmt::format(
        "a patient can be marked arrived only from {} hours before the start; this visit has "
        "not started yet",
        kArrivalWindowMin / 60);
  if (to == "noshow" && now_us < start_us)
    return "a no-show can be marked only once the appointment has started";
  if (to == "fulfilled" && now_us < start_us) return "an appointment is attended only once it has started";
  return "";
}

std::string appointment_types_problem(const std::vector<AppointmentType>& types) {
  std::set<std::string> codes;
  if (types.size() > 50) return "at most 50 appointment types";
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto& t = types[i];
    const std::string at = fmt::format("type {} (\"{}\")", i + 1, t.code.substr(0, 40));
    if (t.code.empty() || t.code.size() > 40 || !std::all_of(t.code.begin(), t.code.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }))
      return at + ": the code is 1 to 40 lower-case letters, digits, '_' or '-'";
    if (!codes.insert(t.code).second) return at + ": the code is used twice";
    if (t.name.empty() || t.name.size() > 100) return at + ": the name is 1 to 100 characters";
    if (t.duration_min < 5 || t.duration_min > 480) return at + ": the length is 5 to 480 minutes";
  }
  return "";
}

}  // namespace physio::schedule
