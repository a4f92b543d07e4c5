#include "risk/fall.hpp"

#include <fmt/format.h>

namespace physio::risk {

namespace {

constexpr TimeUs kYearUs = 365LL * 86'400 * kUsPerSecond;

/// The latest value of `code` in (now - 1 year, now], and where it came from.
std::optional<double> latest(std::span<const clinic::Observation> obs, std::string_view code, TimeUs now,
                             std::string* source, TimeUs* when) {
  const clinic::Observation* best = nullptr;
  for (const auto& o : obs)
    if (o.code == code && o.effective_us <= now && o.effective_us > now - kYearUs &&
        (!best || o.effective_us > best->effective_us))
      best = &o;
  if (!best) return std::nullopt;
  if (source && source->empty()) *source = best->source == "manual" ? "clinic" : best->source;
  if (when) *when = std::max(*when, best->effective_us);
  return best->value;
}

}  // namespace

predict::FallInputs fall_inputs(const clinic::Patient& patient,
                                std::span<const clinic::Observation> observations, TimeUs now) {
  predict::FallInputs in;
  const int age = age_on(patient.birth_date, now);
  if (age >= 0) in.age_years = age;
  if (patient.sex == "male" || patient.sex == "female") in.sex = patient.sex;
  TimeUs when = 0;
  in.tug_s = latest(observations, "89423-8", now, &in.measured_with, &when);
  in.chair_stands_30s = latest(observations, "66247-8", now, &in.measured_with, &when);
  in.gait_speed_mps = latest(observations, "gait-speed", now, &in.measured_with, &when);
  return in;
}

std::optional<Flag> fall_flag(const clinic::Patient& patient,
                              std::span<const clinic::Observation> observations, TimeUs now,
                              predict::FallRisk* assessment) {
  const predict::FallInputs in = fall_inputs(patient, observations, now);
  const predict::FallRisk r = predict::assess_fall_risk(in);
  if (assessment) *assessment = r;
  if (!in.age_years || *in.age_years < 65) return std::nullopt;
  if (r.level != predict::FallRiskLevel::kModerate && r.level != predict::FallRiskLevel::kHigh)
    return std::nullopt;
  Flag f;
  f.kind = std::string(kFall);
  f.patient_id = patient.id;
  f.subject_type = "patient";
  f.subject_id = patient.id;
  f.method = "rule";
  f.model = "steadi";
  f.level = predict::to_string(r.level);
  f.need = r.level == predict::FallRiskLevel::kHigh ? 0.9 : 0.7;
  f.title = fmt::format("Fall risk: {} (CDC STEADI rules)", f.level);
  std::string canonical;
  for (const predict::RuleFinding& x : r.findings) {
    canonical += fmt::format("{}={};", x.rule, predict::to_string(x.state));
    if (x.state != predict::RuleState::kMet) continue;
    std::string text = fmt::format("{}: {}", x.label, x.evidence);
    if (x.sensitivity && x.specificity)
      text += fmt::format(" (this cut-off alone: sensitivity {:.2f}, specificity {:.2f})", *x.sensitivity,
                          *x.specificity);
    else
      text += " (accuracy of this cut-off alone not published by its source)";
    f.reasons.push_back({text, "rule", 0.0});
  }
  f.reasons.push_back(
      {"falls in the past year, unsteadiness and fear of falling are not recorded: ask them "
       "(STEADI's screening questions)",
       "rule", 0.0});
  f.action = r.level == predict::FallRiskLevel::kHigh
                 ? "Assess falls history and balance at the next visit; consider a falls-prevention program "
                   "and a home-safety review"
                 : "Ask the STEADI screening questions at the next visit and add balance training";
  f.basis = fmt::format("STEADI (CDC Stopping Elderly Accidents, Deaths and Injuries): {}", r.reason);
  f.card = "rules";
  f.inputs = canonical + fmt::format("tug={};stands={};speed={}", in.tug_s.value_or(-1),
                                     in.chair_stands_30s.value_or(-1), in.gait_speed_mps.value_or(-1));
  return f;
}

}  // namespace physio::risk
