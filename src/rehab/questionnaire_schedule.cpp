#include "rehab/questionnaire_schedule.hpp"

#include <fmt/format.h>

namespace physio::rehab {
namespace {

TimeUs due_instant(LocalDay day, const UtcOffsetFn& offset, const ScheduleClock& clock) {
  return local_time_to_utc(day, clock.send_hour * 60, offset);
}

/// The periodic due date with index k (k >= 0).
LocalDay periodic_day(const QuestionnaireScheduleRule& s, std::int64_t k) {
  return s.from_day + k * 7 * s.every_weeks;
}

bool receives_anything(const QuestionnaireScheduleRule& s, const ScheduleFacts& f) {
  return !s.stopped && !f.erased && !f.restricted;
}

}  // namespace

Status check_schedule(const QuestionnaireScheduleRule& s) {
  if (s.every_weeks < 0 || s.every_weeks > kMaxScheduleWeeks)
    return fail(ErrorCode::kInvalidArgument, "every_weeks: {} is not 0 (none) or 1 to {} weeks",
                s.every_weeks, kMaxScheduleWeeks);
  if (s.every_weeks == 0 && !s.at_discharge)
    return fail(ErrorCode::kInvalidArgument,
                "at_discharge: a schedule sends every 1 to 12 weeks, at discharge, or both");
  return ok();
}

std::vector<DueSend> due_sends(const QuestionnaireScheduleRule& s, const std::set<std::string>& claimed,
                               const ScheduleFacts& f, TimeUs now, const UtcOffsetFn& offset,
                               const ScheduleClock& clock) {
  std::vector<DueSend> out;
  if (!receives_anything(s, f) || !check_schedule(s)) return out;
  const LocalDay today = local_day(now, offset);
  if (s.every_weeks > 0 && today >= s.from_day) {
    // The latest due date on or before today whose sending hour has come.
    std::int64_t k = (today - s.from_day) / (7 * s.every_weeks);
    if (due_instant(periodic_day(s, k), offset, clock) > now) --k;
    const bool discharged = f.discharge_day && *f.discharge_day <= today;
    if (k >= 0) {
      const LocalDay day = periodic_day(s, k);
      const bool before_discharge = !f.discharge_day || day < *f.discharge_day;
      const bool replaced = discharged && s.at_discharge;
      const std::string key = format_date(day);
      if (before_discharge && !replaced && !claimed.contains(key))
        out.push_back({key, day, due_instant(day, offset, clock), f.email_allowed});
    }
  }
  if (s.at_discharge && f.discharge_day && !claimed.contains(kDischargeKey)) {
    const LocalDay day = *f.discharge_day;
    const TimeUs at = due_instant(day, offset, clock);
    if (now >= at && today <= day + clock.discharge_window_days)
      out.push_back({kDischargeKey, day, at, f.email_allowed});
  }
  return out;
}

std::optional<DueSend> next_send(const QuestionnaireScheduleRule& s, const std::set<std::string>& claimed,
                                 const ScheduleFacts& f, TimeUs now, const UtcOffsetFn& offset,
                                 const ScheduleClock& clock) {
  if (!receives_anything(s, f) || !check_schedule(s)) return std::nullopt;
  // Due now and not sent yet: that is the next one.
  if (auto due = due_sends(s, claimed, f, now, offset, clock); !due.empty()) return due.front();
  const LocalDay today = local_day(now, offset);
  std::optional<DueSend> best;
  if (s.every_weeks > 0) {
    std::int64_t k = today < s.from_day ? 0 : (today - s.from_day) / (7 * s.every_weeks);
    for (; k < 1'000; ++k) {
      const LocalDay day = periodic_day(s, k);
      const TimeUs at = due_instant(day, offset, clock);
      if (at <= now || claimed.contains(format_date(day))) continue;
      if (f.discharge_day && day >= *f.discharge_day) break;
      best = DueSend{format_date(day), day, at, f.email_allowed};
      break;
    }
  }
  if (s.at_discharge && !claimed.contains(kDischargeKey)) {
    if (!f.discharge_day) {
      if (!best) best = DueSend{kDischargeKey, 0, 0, f.email_allowed};
    } else {
      const TimeUs at = due_instant(*f.discharge_day, offset, clock);
      if (at > now && (!best || at < best->due_us))
        best = DueSend{kDischargeKey, *f.discharge_day, at, f.email_allowed};
    }
  }
  return best;
}

bool retry_due(int attempts, TimeUs last_attempt_us, TimeUs link_expires_us, TimeUs now,
               const RetryRule& rule) {
  if (attempts >= rule.max_attempts) return false;
  if (now >= link_expires_us) return false;
  return now >= last_attempt_us + rule.retry_after_s * kUsPerSecond;
}

std::optional<LocalDay> discharge_day(const std::vector<clinic::Episode>& episodes,
                                      const std::optional<std::string>& episode_id,
                                      const UtcOffsetFn& offset) {
  std::optional<TimeUs> finished;
  for (const auto& e : episodes) {
    if (episode_id && e.id != *episode_id) continue;
    if (e.status == "planned" || e.status == "active" || e.status == "onhold") return std::nullopt;
    if (e.status == "finished" && (!finished || e.updated_us > *finished)) finished = e.updated_us;
  }
  if (!finished) return std::nullopt;
  return local_day(*finished, offset);
}

std::string day_words(LocalDay day) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string d = format_date(day);
  return fmt::format("{} {} {} {}", kDays[iso_weekday(day)], std::stoi(d.substr(8, 2)),
                     kMonths[std::stoi(d.substr(5, 2)) - 1], d.substr(0, 4));
}

std::string schedule_words(const QuestionnaireScheduleRule& s) {
  std::string out;
  if (s.every_weeks == 1)
    out = "every week from " + day_words(s.from_day);
  else if (s.every_weeks > 1)
    out = fmt::format("every {} weeks from {}", s.every_weeks, day_words(s.from_day));
  if (s.at_discharge) out += out.empty() ? "at discharge" : " and at discharge";
  if (s.stopped) out += " (stopped)";
  return out;
}

}  // namespace physio::rehab
