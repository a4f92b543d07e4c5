#include "risk/dropout.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "predict/rules.hpp"

namespace physio::risk {

int days_without_exercise(const ProgramActivity& p, TimeUs now) {
  const TimeUs since = p.last_log_us ? std::max(*p.last_log_us, p.started_us) : p.started_us;
  return static_cast<int>(std::max<TimeUs>(0, now - since) / kDayUs);
}

std::optional<Flag> dropout_flag(const ProgramActivity& p, TimeUs now) {
  const int days = days_without_exercise(p, now);
  const predict::RuleFinding rule = predict::two_weeks_without_exercise(days);
  if (rule.state != predict::RuleState::kMet) return std::nullopt;
  Flag f;
  f.kind = std::string(kDropOut);
  f.patient_id = p.patient_id;
  f.subject_type = "program";
  f.subject_id = p.program_id;
  f.method = "rule";
  f.model = rule.rule;
  f.level = days >= 28 ? "high" : "moderate";
  // Longer gaps first; above any no-show risk below 60 %.
  f.need = std::min(0.95, 0.6 + (days - 14) / 100.0);
  f.title = p.last_log_us ? fmt::format("No exercise logged for {} days", days)
                          : fmt::format("No exercise logged since the program started {} days ago", days);
  const std::string last =
      p.last_log_us ? "last logged on " + iso_date_from_days(*p.last_log_us / kDayUs) : "nothing logged yet";
  f.reasons.push_back(
      {fmt::format("{} ({}): {} days without exercise; the rule flags 14 or more", p.title, last, days),
       "rule", 0.0});
  f.action = "Contact the patient: ask what got in the way, and adjust the program if it no longer fits";
  f.basis = fmt::format("Rule: {} ({}). {}", rule.label, rule.source, rule.evidence);
  f.card = "rules";
  // The inputs are the last log, not today's count: a dismissal holds until the patient logs again.
  f.inputs =
      fmt::format("program={};last_log={};started={}", p.program_id, p.last_log_us.value_or(0), p.started_us);
  return f;
}

}  // namespace physio::risk
