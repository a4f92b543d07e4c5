#include "schedule/online.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace physio::schedule {

namespace {

std::string notice_words(std::int64_t minutes) {
  if (minutes % (24 * 60) == 0 && minutes >= 24 * 60)
    return minutes == 24 * 60 ? "24 hours" : fmt::format("{} days", minutes / (24 * 60));
  if (minutes % 60 == 0) return minutes == 60 ? "1 hour" : fmt::format("{} hours", minutes / 60);
  return minutes == 1 ? "1 minute" : fmt::format("{} minutes", minutes);
}

}  // namespace

std::vector<TimeUs> free_starts(const Booking& like, const BookingContext& ctx, std::int64_t from_day,
                                std::int64_t to_day, const OnlineRules& rules, int step_min) {
  std::vector<TimeUs> out;
  if (!rules.enabled || step_min < 5) return out;
  const TimeUs earliest = ctx.now_us + rules.notice_min * kUsPerMinute;
  for (std::int64_t day = from_day; day <= to_day; ++day) {
    if (closure_on(ctx.closures, day) != nullptr) continue;
    const int wd = weekday(day);
    for (const auto& span : ctx.hours) {
      if (span.weekday != wd) continue;
      for (int m = span.start_min; m + like.duration_min <= span.end_min; m += step_min) {
        Booking b = like;
        b.id.clear();
        b.start_us = to_utc(day, m, ctx.offset);
        if (b.start_us < earliest) continue;
        if (check_booking(b, ctx).empty()) out.push_back(b.start_us);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Problem> check_online_booking(const Booking& b, const BookingContext& ctx,
                                          const OnlineRules& rules) {
  std::vector<Problem> out;
  const std::string when = describe_time(b.start_us, b.end_us(), ctx.offset);
  const std::string clinician = ctx.clinician_name(b.clinician_id);
  if (!rules.enabled) {
    out.push_back({.kind = ProblemKind::kOnlineOff,
                   .field = "start",
                   .message = "The clinic does not take bookings online; please call the clinic to book."});
    return out;
  }
  if (b.start_us < ctx.now_us + rules.notice_min * kUsPerMinute) {
    out.push_back(
        {.kind = ProblemKind::kShortNotice,
         .field = "start",
         .message = fmt::format("Online bookings are taken at least {} ahead, and {} is sooner; choose a "
                                "later time or call the clinic.",
                                notice_words(rules.notice_min), when)});
    return out;
  }
  if (ctx.hours.empty()) {
    out.push_back({.kind = ProblemKind::kOutsideHours,
                   .field = "practitioner_id",
                   .message = fmt::format("{} has no times open for online booking; please call the clinic.",
                                          clinician)});
    return out;
  }
  for (auto p : check_booking(b, ctx)) {
    switch (p.kind) {
      case ProblemKind::kClinicianBusy:
        // Another patient's visit: said without their name.
        p.message = fmt::format("{} is not free at {}; choose another time.", clinician, when);
        p.clash_id.clear();
        p.clash_start_us = p.clash_end_us = 0;
        break;
      case ProblemKind::kPatientBusy: {
        std::string other;
        for (const auto& n : ctx.nearby)
          if (n.id == p.clash_id) other = ctx.clinician_name(n.clinician_id);
        p.message = fmt::format("You already have an appointment {} with {}.",
                                describe_time(p.clash_start_us, p.clash_end_us, ctx.offset), other);
        break;
      }
      case ProblemKind::kOutsideHours:
        p.message =
            fmt::format("{} is outside {}'s working hours; choose one of the free times.", when, clinician);
        break;
      case ProblemKind::kClinicClosed:
        p.message[0] = 'T';  // "The clinic is closed on ..."
        break;
      case ProblemKind::kInPast:
        p.message = fmt::format("{} has passed; choose a later time.", when);
        break;
      default:
        break;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace physio::schedule
