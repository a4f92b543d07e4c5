#include "rehab/program_diff.hpp"

#include <cmath>

#include <fmt/format.h>

namespace physio::rehab {
namespace {

std::string number(double v) {
  if (std::abs(v - std::round(v)) < 1e-9) return fmt::format("{}", static_cast<long long>(std::llround(v)));
  return fmt::format("{:.1f}", v);
}

std::string load_words(const Load& l) {
  switch (l.kind) {
    case LoadKind::kKg:
      return number(l.kg) + " kg";
    case LoadKind::kBand:
      return l.band + " band";
    case LoadKind::kRpe:
      return "effort " + number(l.rpe) + "/10";
    case LoadKind::kRir:
      return number(l.rir) + (l.rir == 1.0 ? " repetition" : " repetitions") + " in reserve";
    case LoadKind::kNone:
      break;
  }
  return "";
}

std::string times_words(int n) {
  if (n == 1) return "once a day";
  if (n == 2) return "twice a day";
  return fmt::format("{} times a day", n);
}

std::string side_words(Side s) {
  switch (s) {
    case Side::kLeft:
      return "left side";
    case Side::kRight:
      return "right side";
    case Side::kBoth:
      break;
  }
  return "both sides";
}

void change(std::vector<std::string>& out, const std::string& what, const std::string& from,
            const std::string& to) {
  if (from != to)
    out.push_back(fmt::format("{}: {} → {}", what, from.empty() ? "none" : from, to.empty() ? "none" : to));
}

}  // namespace

std::string prescription_words(const Prescription& p) {
  std::string s = dosage_words(p.dosage);
  if (p.side != Side::kBoth) s += ", " + side_words(p.side);
  if (p.target_rom_deg) s += ", target " + number(*p.target_rom_deg) + "°";
  return s;
}

Dosage default_dosage(bool hold, double hold_s) {
  Dosage d;
  if (hold) {
    d.sets = 1;
    d.reps = 3;
    d.hold_s = hold_s > 0 ? hold_s : 30.0;
    d.rest_s = 30.0;
  } else {
    d.sets = 3;
    d.reps = 10;
    d.hold_s = 0.0;
    d.rest_s = 60.0;
  }
  return d;
}

std::string dosage_words(const Dosage& d) {
  // A hold in one set is "3 holds of 30 s"; in several, "2 sets of 3 holds of 30 s".
  const std::string holds =
      fmt::format("{} {} of {} s", d.reps, d.reps == 1 ? "hold" : "holds", number(d.hold_s));
  std::string s = d.hold_s > 0 ? (d.sets == 1 ? holds : fmt::format("{} sets of {}", d.sets, holds))
                               : fmt::format("{} {} of {}", d.sets, d.sets == 1 ? "set" : "sets", d.reps);
  if (auto l = load_words(d.load); !l.empty()) s += ", " + l;
  s += ", " + times_words(d.times_per_day);
  s += d.days_per_week >= 7
           ? ", every day"
           : fmt::format(", {} {} a week", d.days_per_week, d.days_per_week == 1 ? "day" : "days");
  return s;
}

std::vector<std::string> describe_changes(const Program& before, const Program& after,
                                          const ExerciseNames& name) {
  std::vector<std::string> out;
  if (before.title != after.title)
    out.push_back(fmt::format("Title: \"{}\" → \"{}\"", before.title, after.title));
  for (const auto& p : after.prescriptions) {
    const Prescription* was = before.find(p.exercise_id);
    const std::string n = name(p.exercise_id);
    if (!was) {
      out.push_back(fmt::format("Added {}: {}", n, prescription_words(p)));
      continue;
    }
    change(out, n, dosage_words(was->dosage), dosage_words(p.dosage));
    if (was->side != p.side) change(out, n + ", side", side_words(was->side), side_words(p.side));
    if (was->target_rom_deg != p.target_rom_deg)
      change(out, n + ", target range", was->target_rom_deg ? number(*was->target_rom_deg) + "°" : "",
             p.target_rom_deg ? number(*p.target_rom_deg) + "°" : "");
    change(out, n + ", from", was->start_date, p.start_date);
    change(out, n + ", until", was->end_date, p.end_date);
    if (was->notes != p.notes)
      out.push_back(p.notes.empty() ? fmt::format("{}: notes removed", n)
                                    : fmt::format("{}: notes now \"{}\"", n, p.notes));
  }
  for (const auto& p : before.prescriptions)
    if (!after.find(p.exercise_id)) out.push_back(fmt::format("Removed {}", name(p.exercise_id)));
  const auto& a = before.auto_apply;
  const auto& b = after.auto_apply;
  if (a.enabled != b.enabled)
    out.push_back(b.enabled ? fmt::format("Automatic steps allowed: up to {} % load a week, {} {}",
                                          number(b.max_load_change_pct_per_week), b.max_steps,
                                          b.max_steps == 1 ? "step" : "steps")
                            : std::string("Automatic steps no longer allowed"));
  else if (b.enabled &&
           (a.max_load_change_pct_per_week != b.max_load_change_pct_per_week || a.max_steps != b.max_steps))
    out.push_back(fmt::format("Automatic steps: up to {} % load a week, {} steps → {} %, {} steps",
                              number(a.max_load_change_pct_per_week), a.max_steps,
                              number(b.max_load_change_pct_per_week), b.max_steps));
  return out;
}

}  // namespace physio::rehab
