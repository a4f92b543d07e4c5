#include "rehab/reminders.hpp"

#include <fmt/format.h>

namespace physio::rehab {

Result<int> parse_local_time(std::string_view s) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4])) {
    return fail(ErrorCode::kInvalidArgument, "reminder time '{}' is not HH:MM", s);
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59)
    return fail(ErrorCode::kInvalidArgument, "reminder time '{}' is not a time of day", s);
  return h * 60 + m;
}

Result<ReminderDecision> decide_reminder(const ReminderSettings& settings, TimeUs last_sent_us, TimeUs now_us,
                                         const TzOffsetProvider& tz) {
  if (settings.local_minute_of_day < 0 || settings.local_minute_of_day >= 24 * 60) {
    return fail(ErrorCode::kInvalidArgument, "reminder time: {} minutes is not a time of day",
                settings.local_minute_of_day);
  }
  // Ask once to turn an unknown zone into an error; the offset function below then cannot fail.
  PHYSIO_TRY(tz.utc_offset_s(settings.time_zone, now_us));
  const UtcOffsetFn offset = [&](TimeUs t) { return tz.utc_offset_s(settings.time_zone, t).value_or(0); };

  ReminderDecision out;
  const LocalDay today = local_day(now_us, offset);
  out.local_date = format_date(today);
  if (!settings.enabled) {
    out.reason = "reminders are off";
    return out;
  }
  const TimeUs occ_today = local_time_to_utc(today, settings.local_minute_of_day, offset);
  const TimeUs occ_tomorrow = local_time_to_utc(today + 1, settings.local_minute_of_day, offset);
  const bool sent_today = last_sent_us != 0 && local_day(last_sent_us, offset) >= today;
  const TimeUs late_us = now_us - occ_today;

  if (now_us < occ_today) {
    out.next_us = occ_today;
    out.reason = "today's reminder time has not come yet";
  } else if (sent_today) {
    out.next_us = occ_tomorrow;
    out.reason = "already reminded today";
  } else if (late_us > settings.catch_up_s * kUsPerSecond) {
    out.next_us = occ_tomorrow;
    out.reason = fmt::format("today's reminder is {} min overdue, past the {} min catch-up window; skipped",
                             late_us / (60 * kUsPerSecond), settings.catch_up_s / 60);
  } else {
    out.due_now = true;
    out.occurrence_us = occ_today;
    out.next_us = occ_tomorrow;
    out.reason = "reminder time reached and none sent today";
  }
  return out;
}

}  // namespace physio::rehab
