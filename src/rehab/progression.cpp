#include "rehab/progression.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "rehab/proposal_words.hpp"

namespace physio::rehab {

using nlohmann::json;

std::string_view to_string(Direction d) {
  switch (d) {
    case Direction::kProgress:
      return "progress";
    case Direction::kHold:
      return "hold";
    case Direction::kRegress:
      return "regress";
  }
  return "hold";
}

namespace {

// ---- rules.json ----

Status read_number(const json& obj, std::string_view path, std::string_view key, double lo, double hi,
                   double& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return ok();  // keeps the default
  if (!it->is_number()) return fail(ErrorCode::kInvalidArgument, "{}.{}: must be a number", path, key);
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < lo || v > hi) {
    return fail(ErrorCode::kInvalidArgument, "{}.{}: must be {}..{}, got {}", path, key, lo, hi, v);
  }
  out = v;
  return ok();
}

Status read_int(const json& obj, std::string_view path, std::string_view key, int lo, int hi, int& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return ok();
  if (!it->is_number_integer())
    return fail(ErrorCode::kInvalidArgument, "{}.{}: must be a whole number", path, key);
  const auto v = it->get<std::int64_t>();
  if (v < lo || v > hi)
    return fail(ErrorCode::kInvalidArgument, "{}.{}: must be {}..{}, got {}", path, key, lo, hi, v);
  out = static_cast<int>(v);
  return ok();
}

Result<const json*> section(const json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end()) return fail(ErrorCode::kInvalidArgument, "{}: missing", key);
  if (!it->is_object()) return fail(ErrorCode::kInvalidArgument, "{}: must be an object", key);
  return &*it;
}

Status read_common(const json& obj, std::string_view path, RuleCommon& c) {
  if (auto e = obj.find("enabled"); e != obj.end()) {
    if (!e->is_boolean()) return fail(ErrorCode::kInvalidArgument, "{}.enabled: must be true or false", path);
    c.enabled = e->get<bool>();
  }
  if (auto m = obj.find("missing_data"); m != obj.end()) {
    if (*m == "block") {
      c.missing_data = MissingData::kBlock;
    } else if (*m == "ignore") {
      c.missing_data = MissingData::kIgnore;
    } else {
      return fail(ErrorCode::kInvalidArgument, "{}.missing_data: must be \"block\" or \"ignore\"", path);
    }
  }
  auto s = obj.find("source");
  if (s == obj.end() || !s->is_string() || s->get<std::string>().empty()) {
    return fail(ErrorCode::kInvalidArgument, "{}.source: every rule names its source", path);
  }
  c.source = s->get<std::string>();
  return ok();
}

// ---- rule helpers ----

std::vector<const SessionOutcome*> window(const ProgressionRules& r, const ProgressionInput& in) {
  std::vector<const SessionOutcome*> out;
  const std::size_t n = in.sessions.size();
  const std::size_t k = std::min(n, static_cast<std::size_t>(r.window_sessions));
  for (std::size_t i = n - k; i < n; ++i) out.push_back(&in.sessions[i]);
  return out;
}

Vote missing(const RuleCommon& c, std::string rule, std::string reason) {
  Vote v;
  v.rule = std::move(rule);
  v.source = c.source;
  v.applicable = false;
  v.blocks = c.missing_data == MissingData::kBlock;
  v.direction = Direction::kHold;
  v.reason = std::move(reason) + (v.blocks ? "; no progression without it" : "");
  return v;
}

Vote make(const RuleCommon& c, std::string rule, Direction d, bool blocks, std::vector<Number> numbers,
          std::string reason) {
  return Vote{std::move(rule), c.source, true, blocks, d, std::move(numbers), std::move(reason)};
}

std::optional<double> session_rir(const SessionOutcome& s) {
  if (s.rir_last_set) return s.rir_last_set;
  if (s.rpe_last_set) return 10.0 - *s.rpe_last_set;
  return std::nullopt;
}

Vote vote_pain_during(const ProgressionRules& r, const ProgressionInput& in) {
  const auto& c = r.pain_during.common;
  std::optional<double> worst;
  for (const auto* s : window(r, in)) {
    if (s->pain_during_nprs) worst = std::max(worst.value_or(0.0), *s->pain_during_nprs);
  }
  if (!worst) return missing(c, "pain_during", "no pain-during answers in the recent sessions");
  const double max = r.pain_during.max_nprs;
  if (*worst > max) {
    return make(
        c, "pain_during", Direction::kRegress, true,
        {{"pain_during_max_nprs", *worst}, {"threshold_nprs", max}},
        fmt::format("pain during the exercise reached {:g}/10, above the acceptable {:g}/10: reduce the load",
                    *worst, max));
  }
  return make(
      c, "pain_during", Direction::kProgress, false,
      {{"pain_during_max_nprs", *worst}, {"threshold_nprs", max}},
      fmt::format("pain during the exercise at most {:g}/10, within the acceptable {:g}/10", *worst, max));
}

Vote vote_pain_settled(const ProgressionRules& r, const ProgressionInput& in) {
  const auto& c = r.pain_settled.common;
  std::optional<double> worst_rise;
  double worst_next = 0.0, worst_before = 0.0;
  for (const auto* s : window(r, in)) {
    if (!s->pain_next_morning_nprs || !s->pain_morning_before_nprs) continue;
    const double rise = *s->pain_next_morning_nprs - *s->pain_morning_before_nprs;
    if (!worst_rise || rise > *worst_rise) {
      worst_rise = rise;
      worst_next = *s->pain_next_morning_nprs;
      worst_before = *s->pain_morning_before_nprs;
    }
  }
  if (!worst_rise) return missing(c, "pain_settled", "no next-morning pain answers in the recent sessions");
  const double max = r.pain_settled.max_rise_nprs;
  std::vector<Number> nums{{"morning_before_nprs", worst_before},
                           {"next_morning_nprs", worst_next},
                           {"rise_nprs", *worst_rise},
                           {"threshold_rise_nprs", max}};
  if (*worst_rise > max) {
    return make(
        c, "pain_settled", Direction::kRegress, true, std::move(nums),
        fmt::format("pain had not settled by the next morning ({:g}/10, was {:g}/10 before): reduce the load",
                    worst_next, worst_before));
  }
  return make(c, "pain_settled", Direction::kProgress, false, std::move(nums),
              "pain settled by the next morning after every recent session");
}

Vote vote_morning_trend(const ProgressionRules& r, const ProgressionInput& in) {
  const auto& c = r.morning_pain_trend.common;
  constexpr TimeUs kWeekUs = 7 * 86'400 * kUsPerSecond;
  double sum_last = 0, sum_prev = 0;
  int n_last = 0, n_prev = 0;
  for (const auto& m : in.morning_pain) {
    if (m.at_us > in.now_us) continue;
    if (m.at_us > in.now_us - kWeekUs) {
      sum_last += m.nprs;
      ++n_last;
    } else if (m.at_us > in.now_us - 2 * kWeekUs) {
      sum_prev += m.nprs;
      ++n_prev;
    }
  }
  const int need = r.morning_pain_trend.min_answers_per_week;
  if (n_last < need || n_prev < need) {
    return missing(c, "morning_pain_trend",
                   fmt::format("fewer than {} morning pain answers in each of the last two weeks ({} and {})",
                               need, n_prev, n_last));
  }
  const double last = sum_last / n_last, prev = sum_prev / n_prev, rise = last - prev;
  const double max = r.morning_pain_trend.max_weekly_rise_nprs;
  std::vector<Number> nums{{"mean_morning_nprs_previous_week", prev},
                           {"mean_morning_nprs_last_week", last},
                           {"rise_nprs", rise},
                           {"threshold_rise_nprs", max}};
  if (rise > max) {
    return make(c, "morning_pain_trend", Direction::kRegress, true, std::move(nums),
                fmt::format("morning pain rose from {:.1f}/10 to {:.1f}/10 week on week: reduce the load",
                            prev, last));
  }
  return make(c, "morning_pain_trend", Direction::kProgress, false, std::move(nums),
              fmt::format("morning pain did not rise week on week ({:.1f}/10 then {:.1f}/10)", prev, last));
}

double target_rir(const ProgressionRules& r, const Dosage& d) {
  if (d.load.kind == LoadKind::kRir) return d.load.rir;
  if (d.load.kind == LoadKind::kRpe) return 10.0 - d.load.rpe;
  return r.effort.default_target_rir;
}

Vote vote_effort(const ProgressionRules& r, const ProgressionInput& in) {
  const auto& c = r.effort.common;
  std::optional<double> rir;
  for (const auto* s : window(r, in)) {
    if (auto x = session_rir(*s)) rir = x;  // the latest report
  }
  if (!rir) return missing(c, "effort", "no effort (RIR or RPE) reported in the recent sessions");
  const double target = target_rir(r, in.prescription.dosage);
  const double margin = r.effort.progress_margin_rir;
  std::vector<Number> nums{{"reported_rir", *rir}, {"target_rir", target}, {"progress_margin_rir", margin}};
  if (*rir >= target + margin) {
    return make(c, "effort", Direction::kProgress, false, std::move(nums),
                fmt::format("{:g} repetitions in reserve, {:g} or more above the target of {:g}: too easy",
                            *rir, margin, target));
  }
  if (*rir < target) {
    return make(c, "effort", Direction::kRegress, false, std::move(nums),
                fmt::format("{:g} repetitions in reserve, below the target of {:g}: too hard", *rir, target));
  }
  return make(c, "effort", Direction::kHold, false, std::move(nums),
              fmt::format("{:g} repetitions in reserve, close to the target of {:g}", *rir, target));
}

Vote vote_two_for_two(const ProgressionRules& r, const ProgressionInput& in) {
  const auto& c = r.two_for_two.common;
  const Dosage& d = in.prescription.dosage;
  if (d.hold_s > 0) {
    Vote v = missing(c, "two_for_two", "a held exercise: the 2-for-2 rule counts moving repetitions");
    v.blocks = false;
    return v;
  }
  const auto need = static_cast<std::size_t>(r.two_for_two.consecutive_sessions);
  std::vector<const SessionOutcome*> last;
  for (auto it = in.sessions.rbegin(); it != in.sessions.rend() && last.size() < need; ++it) {
    if (!it->reps_per_set.empty()) last.push_back(&*it);
  }
  if (last.size() < need) {
    return missing(c, "two_for_two", fmt::format("fewer than {} sessions with repetitions counted", need));
  }
  const int goal = d.reps + r.two_for_two.extra_reps;
  std::vector<Number> nums{{"prescribed_reps", d.reps}, {"goal_last_set_reps", goal}};
  bool met = true;
  for (std::size_t i = 0; i < last.size(); ++i) {
    const int got = last[i]->reps_per_set.back();
    nums.emplace_back(fmt::format("last_set_reps_session_minus_{}", i), got);
    if (got < goal) met = false;
  }
  nums.emplace_back("load_increase_pct", r.two_for_two.load_increase_pct);
  if (met) {
    return make(
        c, "two_for_two", Direction::kProgress, false, std::move(nums),
        fmt::format("{} or more repetitions in the last set on {} sessions in a row: raise the load {:g} %",
                    goal, need, r.two_for_two.load_increase_pct));
  }
  return make(c, "two_for_two", Direction::kHold, false, std::move(nums),
              fmt::format("not yet {} repetitions in the last set on {} sessions in a row", goal, need));
}

Vote vote_quality(const ProgressionRules& r, const ProgressionInput& in) {
  const auto& c = r.quality_gate.common;
  double sum = 0;
  int n = 0, severe = 0;
  for (const auto* s : window(r, in)) {
    severe += s->severe_cues;
    if (s->mean_quality) {
      sum += *s->mean_quality;
      ++n;
    }
  }
  if (n == 0 && severe == 0)
    return missing(c, "quality_gate", "no movement-quality measurements in the recent sessions");
  const double min = r.quality_gate.min_mean_score;
  std::vector<Number> nums{{"severe_cues", severe}, {"threshold_score", min}};
  if (n > 0) nums.insert(nums.begin(), {"mean_quality_score", sum / n});
  if (severe > 0) {
    return make(
        c, "quality_gate", Direction::kHold, true, std::move(nums),
        fmt::format("{} repetition(s) with a severe form cue: fix the form before progressing", severe));
  }
  const double mean = sum / n;
  if (mean < min) {
    return make(c, "quality_gate", Direction::kHold, true, std::move(nums),
                fmt::format("movement quality {:.0f}/100, below the {:g} needed to progress", mean, min));
  }
  return make(c, "quality_gate", Direction::kProgress, false, std::move(nums),
              fmt::format("movement quality {:.0f}/100 (at least {:g}) and no severe form cue", mean, min));
}

Vote vote_rom(const ProgressionRules& r, const ProgressionInput& in) {
  const auto& c = r.rom_target.common;
  if (!in.prescription.target_rom_deg) {
    Vote v = missing(c, "rom_target", "no range-of-motion target set");
    v.blocks = false;
    return v;
  }
  double sum = 0;
  int n = 0;
  for (const auto* s : window(r, in)) {
    if (s->rom_deg) {
      sum += *s->rom_deg;
      ++n;
    }
  }
  if (n == 0) return missing(c, "rom_target", "no range of motion measured in the recent sessions");
  const double target = *in.prescription.target_rom_deg, tol = r.rom_target.tolerance_deg, mean = sum / n;
  std::vector<Number> nums{{"mean_rom_deg", mean}, {"target_rom_deg", target}, {"tolerance_deg", tol}};
  if (mean >= target - tol) {
    return make(c, "rom_target", Direction::kProgress, false, std::move(nums),
                fmt::format("range of motion {:.0f} deg reached the {:g} deg target", mean, target));
  }
  return make(c, "rom_target", Direction::kHold, true, std::move(nums),
              fmt::format("range of motion {:.0f} deg, short of the {:g} deg target", mean, target));
}

Vote vote_adherence(const ProgressionRules& r, const ProgressionInput& in) {
  const auto& c = r.adherence_gate.common;
  if (!in.adherence_session_pct) return missing(c, "adherence_gate", "adherence unknown");
  const double pct = *in.adherence_session_pct, min = r.adherence_gate.min_session_pct;
  std::vector<Number> nums{{"sessions_done_pct", pct}, {"threshold_pct", min}};
  if (pct >= min) {
    return make(c, "adherence_gate", Direction::kProgress, false, std::move(nums),
                fmt::format("{:.0f} % of prescribed sessions done (at least {:g} %)", pct, min));
  }
  return make(
      c, "adherence_gate", Direction::kHold, true, std::move(nums),
      fmt::format(
          "only {:.0f} % of prescribed sessions done, below {:g} %: the dose has not been tried enough", pct,
          min));
}

bool is_pain_rule(const std::string& rule) {
  return rule == "pain_during" || rule == "pain_settled" || rule == "morning_pain_trend";
}

double round_down(double v, double step) {
  return std::floor(v / step + 1e-9) * step;
}
double round_nearest(double v, double step) {
  return std::round(v / step) * step;
}

}  // namespace

Result<ProgressionRules> progression_rules_from_json(const json& j) {
  if (!j.is_object()) return fail(ErrorCode::kInvalidArgument, "rules: must be an object");
  ProgressionRules r;
  PHYSIO_CHECK(read_int(j, "rules", "window_sessions", 1, 20, r.window_sessions));
  {
    const json* s = PHYSIO_TRY(section(j, "pain_during"));
    PHYSIO_CHECK(read_common(*s, "pain_during", r.pain_during.common));
    PHYSIO_CHECK(read_number(*s, "pain_during", "max_nprs", 0, 10, r.pain_during.max_nprs));
  }
  {
    const json* s = PHYSIO_TRY(section(j, "pain_settled"));
    PHYSIO_CHECK(read_common(*s, "pain_settled", r.pain_settled.common));
    PHYSIO_CHECK(read_number(*s, "pain_settled", "max_rise_nprs", 0, 10, r.pain_settled.max_rise_nprs));
  }
  {
    const json* s = PHYSIO_TRY(section(j, "morning_pain_trend"));
    PHYSIO_CHECK(read_common(*s, "morning_pain_trend", r.morning_pain_trend.common));
    PHYSIO_CHECK(read_number(*s, "morning_pain_trend", "max_weekly_rise_nprs", 0, 10,
                             r.morning_pain_trend.max_weekly_rise_nprs));
    PHYSIO_CHECK(read_int(*s, "morning_pain_trend", "min_answers_per_week", 1, 7,
                          r.morning_pain_trend.min_answers_per_week));
  }
  {
    const json* s = PHYSIO_TRY(section(j, "effort"));
    PHYSIO_CHECK(read_common(*s, "effort", r.effort.common));
    PHYSIO_CHECK(read_number(*s, "effort", "progress_margin_rir", 1, 10, r.effort.progress_margin_rir));
    PHYSIO_CHECK(read_number(*s, "effort", "default_target_rir", 0, 10, r.effort.default_target_rir));
  }
  {
    const json* s = PHYSIO_TRY(section(j, "two_for_two"));
    PHYSIO_CHECK(read_common(*s, "two_for_two", r.two_for_two.common));
    PHYSIO_CHECK(read_int(*s, "two_for_two", "extra_reps", 1, 10, r.two_for_two.extra_reps));
    PHYSIO_CHECK(
        read_int(*s, "two_for_two", "consecutive_sessions", 1, 10, r.two_for_two.consecutive_sessions));
    // ACSM's range for the load increase.
    PHYSIO_CHECK(read_number(*s, "two_for_two", "load_increase_pct", 2, 10, r.two_for_two.load_increase_pct));
  }
  {
    const json* s = PHYSIO_TRY(section(j, "quality_gate"));
    PHYSIO_CHECK(read_common(*s, "quality_gate", r.quality_gate.common));
    PHYSIO_CHECK(read_number(*s, "quality_gate", "min_mean_score", 0, 100, r.quality_gate.min_mean_score));
  }
  {
    const json* s = PHYSIO_TRY(section(j, "rom_target"));
    PHYSIO_CHECK(read_common(*s, "rom_target", r.rom_target.common));
    PHYSIO_CHECK(read_number(*s, "rom_target", "tolerance_deg", 0, 45, r.rom_target.tolerance_deg));
  }
  {
    const json* s = PHYSIO_TRY(section(j, "adherence_gate"));
    PHYSIO_CHECK(read_common(*s, "adherence_gate", r.adherence_gate.common));
    PHYSIO_CHECK(
        read_number(*s, "adherence_gate", "min_session_pct", 0, 100, r.adherence_gate.min_session_pct));
  }
  {
    const json* s = PHYSIO_TRY(section(j, "steps"));
    auto& st = r.steps;
    PHYSIO_CHECK(read_number(*s, "steps", "load_pct", 1, 20, st.load_pct));
    PHYSIO_CHECK(read_number(*s, "steps", "load_round_kg", 0.1, 5, st.load_round_kg));
    PHYSIO_CHECK(read_number(*s, "steps", "regress_load_pct", 1, 50, st.regress_load_pct));
    PHYSIO_CHECK(read_int(*s, "steps", "reps", 1, 10, st.reps));
    PHYSIO_CHECK(read_int(*s, "steps", "max_reps", 1, 100, st.max_reps));
    PHYSIO_CHECK(read_int(*s, "steps", "min_reps", 1, 100, st.min_reps));
    PHYSIO_CHECK(read_number(*s, "steps", "hold_s", 1, 60, st.hold_s));
    PHYSIO_CHECK(read_number(*s, "steps", "max_hold_s", 1, 600, st.max_hold_s));
    PHYSIO_CHECK(read_number(*s, "steps", "min_hold_s", 1, 600, st.min_hold_s));
    PHYSIO_CHECK(read_int(*s, "steps", "max_sets", 1, 10, st.max_sets));
    if (st.min_reps > st.max_reps) return fail(ErrorCode::kInvalidArgument, "steps.min_reps: above max_reps");
    if (st.min_hold_s > st.max_hold_s)
      return fail(ErrorCode::kInvalidArgument, "steps.min_hold_s: above max_hold_s");
  }
  return r;
}

std::optional<Step> step_up(const ProgressionRules& rules, const Dosage& d, double load_pct) {
  const auto& st = rules.steps;
  Step s{d, 0.0, {}};
  if (d.load.kind == LoadKind::kKg && d.load.kg > 0) {
    double kg = round_nearest(d.load.kg * (1.0 + load_pct / 100.0), st.load_round_kg);
    if (kg <= d.load.kg) kg = d.load.kg + st.load_round_kg;
    s.dosage.load.kg = kg;
    s.load_change_pct = 100.0 * (kg - d.load.kg) / d.load.kg;
    s.changes.push_back(fmt::format("load {:g} -> {:g} kg ({:+.1f} %)", d.load.kg, kg, *s.load_change_pct));
    return s;
  }
  if (d.load.kind == LoadKind::kBand) {
    const int i = band_index(d.load.band).value_or(0);
    if (i + 1 < static_cast<int>(std::size(kBandColours))) {
      s.dosage.load.band = std::string(kBandColours[i + 1]);
      s.load_change_pct = std::nullopt;  // colours differ by brand; the size of the step is not known
      s.changes.push_back(fmt::format("band {} -> {}", d.load.band, s.dosage.load.band));
      return s;
    }
  }
  if (d.hold_s > 0 && d.hold_s < st.max_hold_s) {
    s.dosage.hold_s = std::min(st.max_hold_s, d.hold_s + st.hold_s);
    s.changes.push_back(fmt::format("hold {:g} -> {:g} s", d.hold_s, s.dosage.hold_s));
    return s;
  }
  if (d.hold_s <= 0 && d.reps < st.max_reps) {
    s.dosage.reps = std::min(st.max_reps, d.reps + st.reps);
    s.changes.push_back(fmt::format("repetitions {} -> {}", d.reps, s.dosage.reps));
    return s;
  }
  if (d.sets < st.max_sets) {
    s.dosage.sets = d.sets + 1;
    s.changes.push_back(fmt::format("sets {} -> {}", d.sets, s.dosage.sets));
    return s;
  }
  return std::nullopt;
}

std::optional<Step> step_down(const ProgressionRules& rules, const Dosage& d,
                              const std::optional<Dosage>& previous) {
  const auto& st = rules.steps;
  Step s{d, 0.0, {}};
  if (previous && *previous != d) {
    s.dosage = *previous;
    if (d.load.kind == LoadKind::kKg && previous->load.kind == LoadKind::kKg && d.load.kg > 0) {
      s.load_change_pct = 100.0 * (previous->load.kg - d.load.kg) / d.load.kg;
    } else if (d.load != previous->load) {
      s.load_change_pct = std::nullopt;
    }
    s.changes.push_back("back to the previous level");
    return s;
  }
  if (d.load.kind == LoadKind::kKg && d.load.kg > 0) {
    const double kg =
        std::max(0.0, round_down(d.load.kg * (1.0 - st.regress_load_pct / 100.0), st.load_round_kg));
    s.dosage.load.kg = kg;
    s.load_change_pct = 100.0 * (kg - d.load.kg) / d.load.kg;
    s.changes.push_back(fmt::format("load {:g} -> {:g} kg ({:+.1f} %)", d.load.kg, kg, *s.load_change_pct));
    return s;
  }
  if (d.load.kind == LoadKind::kBand) {
    const int i = band_index(d.load.band).value_or(0);
    if (i > 0) {
      s.dosage.load.band = std::string(kBandColours[i - 1]);
      s.load_change_pct = std::nullopt;
      s.changes.push_back(fmt::format("band {} -> {}", d.load.band, s.dosage.load.band));
      return s;
    }
  }
  if (d.hold_s > 0 && d.hold_s > st.min_hold_s) {
    s.dosage.hold_s = std::max(st.min_hold_s, d.hold_s - st.hold_s);
    s.changes.push_back(fmt::format("hold {:g} -> {:g} s", d.hold_s, s.dosage.hold_s));
    return s;
  }
  if (d.hold_s <= 0 && d.reps > st.min_reps) {
    s.dosage.reps = std::max(st.min_reps, d.reps - st.reps);
    s.changes.push_back(fmt::format("repetitions {} -> {}", d.reps, s.dosage.reps));
    return s;
  }
  if (d.sets > 1) {
    s.dosage.sets = d.sets - 1;
    s.changes.push_back(fmt::format("sets {} -> {}", d.sets, s.dosage.sets));
    return s;
  }
  return std::nullopt;
}

std::vector<Vote> compute_votes(const ProgressionRules& r, const ProgressionInput& in) {
  std::vector<Vote> votes;
  if (r.pain_during.common.enabled) votes.push_back(vote_pain_during(r, in));
  if (r.pain_settled.common.enabled) votes.push_back(vote_pain_settled(r, in));
  if (r.morning_pain_trend.common.enabled) votes.push_back(vote_morning_trend(r, in));
  if (r.effort.common.enabled) votes.push_back(vote_effort(r, in));
  if (r.two_for_two.common.enabled) votes.push_back(vote_two_for_two(r, in));
  if (r.quality_gate.common.enabled) votes.push_back(vote_quality(r, in));
  if (r.rom_target.common.enabled) votes.push_back(vote_rom(r, in));
  if (r.adherence_gate.common.enabled) votes.push_back(vote_adherence(r, in));
  return votes;
}

Proposal compute_proposal(const ProgressionRules& r, const ProgressionInput& in) {
  Proposal p;
  p.program_id = in.program_id;
  p.program_version = in.program_version;
  p.exercise_id = in.prescription.exercise_id;
  p.current = in.prescription.dosage;
  p.proposed = in.prescription.dosage;
  p.created_us = in.now_us;
  p.votes = compute_votes(r, in);

  std::vector<std::string> pain_violations, regress_signals, blockers, progress_signals;
  for (const auto& v : p.votes) {
    if (v.applicable && v.direction == Direction::kRegress) {
      (is_pain_rule(v.rule) ? pain_violations : regress_signals).push_back(v.rule);
    }
    if (v.blocks) blockers.push_back(v.rule);
    if (v.applicable && v.direction == Direction::kProgress &&
        (v.rule == "effort" || v.rule == "two_for_two")) {
      progress_signals.push_back(v.rule);
    }
  }

  std::string why;
  if (!pain_violations.empty() || !regress_signals.empty()) {
    p.direction = Direction::kRegress;
    why = !pain_violations.empty() ? "pain safety: " + fmt::format("{}", fmt::join(pain_violations, ", "))
                                   : "too hard: " + fmt::format("{}", fmt::join(regress_signals, ", "));
  } else if (!progress_signals.empty() && blockers.empty()) {
    p.direction = Direction::kProgress;
    why = "all gates passed; progress signalled by " + fmt::format("{}", fmt::join(progress_signals, ", "));
  } else {
    p.direction = Direction::kHold;
    why = !progress_signals.empty()
              ? "progress signalled but blocked by " + fmt::format("{}", fmt::join(blockers, ", "))
              : "no signal to progress; repeat the current dosage";
  }

  if (p.direction == Direction::kProgress) {
    const bool two_for_two =
        std::find(progress_signals.begin(), progress_signals.end(), "two_for_two") != progress_signals.end();
    const double pct = two_for_two ? r.two_for_two.load_increase_pct : r.steps.load_pct;
    if (auto s = step_up(r, p.current, pct)) {
      p.proposed = s->dosage;
      p.load_change_pct = s->load_change_pct;
      p.changes = s->changes;
    } else {
      p.direction = Direction::kHold;
      why =
          "progress signalled, but the dosage is at the ceiling the rules may change; the physiotherapist "
          "decides the next step";
    }
  } else if (p.direction == Direction::kRegress) {
    if (auto s = step_down(r, p.current, in.previous_dosage)) {
      p.proposed = s->dosage;
      p.load_change_pct = s->load_change_pct;
      p.changes = s->changes;
    } else {
      p.direction = Direction::kHold;
      why += "; already at the lowest dosage the rules may set: the physiotherapist should review";
    }
  }
  if (p.direction == Direction::kHold) p.load_change_pct = 0.0;

  for (const auto& v : p.votes) {
    if (!v.applicable) continue;
    // A passed gate agrees with progress and with hold-for-other-reasons; it disagrees only with a
    // regression.
    const bool agrees =
        v.direction == p.direction ||
        (v.direction == Direction::kProgress && p.direction == Direction::kHold && !v.blocks &&
         std::find(progress_signals.begin(), progress_signals.end(), v.rule) == progress_signals.end());
    (agrees ? p.agreed : p.disagreed).push_back(v.rule);
  }
  // The rule ids' account for machines and the audit; the sentence a physiotherapist reads.
  p.rules_summary = fmt::format("{}: {}{}", to_string(p.direction), why,
                                p.changes.empty() ? "" : fmt::format(" ({})", fmt::join(p.changes, "; ")));
  p.summary = proposal_words(p, in, r.window_sessions);
  return p;
}

json to_json(const Vote& v) {
  json nums = json::object();
  for (const auto& [k, x] : v.numbers) nums[k] = x;
  return json{{"rule", v.rule},     {"title", rule_title(v.rule)},
              {"source", v.source}, {"applicable", v.applicable},
              {"blocks", v.blocks}, {"direction", to_string(v.direction)},
              {"numbers", nums},    {"reason", v.reason}};
}

json to_json(const Proposal& p) {
  json votes = json::array();
  for (const auto& v : p.votes) votes.push_back(to_json(v));
  return json{{"program_id", p.program_id},
              {"program_version", p.program_version},
              {"exercise_id", p.exercise_id},
              {"direction", to_string(p.direction)},
              {"current", to_json(p.current)},
              {"proposed", to_json(p.proposed)},
              {"load_change_pct", p.load_change_pct ? json(*p.load_change_pct) : json(nullptr)},
              {"changes", p.changes},
              {"votes", votes},
              {"agreed", p.agreed},
              {"disagreed", p.disagreed},
              {"summary", p.summary},
              {"rules_summary", p.rules_summary},
              {"created_us", p.created_us}};
}

}  // namespace physio::rehab
