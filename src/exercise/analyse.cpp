#include "exercise/analyse.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

#include "core/nan.hpp"
#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"
#include "exercise/angle_plan.hpp"
#include "exercise/body_checks.hpp"
#include "exercise/derived_angles.hpp"
#include "exercise/library.hpp"
#include "exercise/opening_fit.hpp"
#include "exercise/seen_side.hpp"

namespace physio::exercise {
namespace {

// A repetition overlapping a span where the series may not hold the person (identity uncertain in pose
// from video: frames left empty because someone else was in view, or the person found again after an
// absence) is dropped with a warning, so an identity switch never makes a repetition.
void drop_uncertain_reps(Segmentation& seg, std::span<const TimeUs> times,
                         const std::vector<std::pair<TimeUs, TimeUs>>& spans) {
  if (spans.empty()) return;
  std::vector<RepBounds> kept;
  for (const RepBounds& b : seg.reps) {
    const TimeUs start = times[b.start];
    const TimeUs end = times[std::min(b.end, times.size() - 1)];
    const auto hit = std::find_if(spans.begin(), spans.end(),
                                  [&](const auto& s) { return start <= s.second && end >= s.first; });
    if (hit == spans.end()) {
      kept.push_back(b);
      continue;
    }
    seg.warnings.push_back(
        fmt::format("a movement at {:.2f}-{:.2f} s is not counted: it overlaps {:.2f}-{:.2f} s, where the "
                    "person followed "
                    "in the video is uncertain",
                    static_cast<double>(start) * 1e-6, static_cast<double>(end) * 1e-6,
                    static_cast<double>(hit->first) * 1e-6, static_cast<double>(hit->second) * 1e-6));
  }
  seg.reps = std::move(kept);
}

double robust_range(std::span<const double> v) {
  return percentile(v, 97.0) - percentile(v, 3.0);
}

Result<double> rate_of(std::span<const TimeUs> t) {
  if (t.size() < 2)
    return fail(ErrorCode::kInvalidArgument, "exercise analysis needs at least 2 frames, got {}", t.size());
  for (std::size_t i = 1; i < t.size(); ++i)
    if (t[i] <= t[i - 1])
      return fail(ErrorCode::kInvalidArgument, "frame {}: time {} us is not after the previous frame's {} us",
                  i, t[i], t[i - 1]);
  std::vector<TimeUs> d(t.size() - 1);
  for (std::size_t i = 1; i < t.size(); ++i) d[i - 1] = t[i] - t[i - 1];
  std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2), d.end());
  return 1e6 / static_cast<double>(d[d.size() / 2]);
}

struct Prepared {
  ExerciseResult result;
  RepContext ctx;
};

// Runs stages 3-5 on prepared, filtered columns.
void run_stages(ExerciseResult& res, RepContext& ctx, const Exercise* ex, const AnalysisOptions& opt) {
  const auto tpl_names = ex ? template_angle_names(*ex) : std::vector<std::string>{};
  const int n_points = opt.reference ? opt.reference->n_points : 51;
  int index = 0;
  for (const auto& b : res.segmentation.reps) {
    RepMetrics rm = compute_rep_metrics(ctx, b);
    rm.index = b.partial ? 0 : ++index;
    RepCurves curves = extract_rep_curves(ctx, b, tpl_names, n_points);
    if (ex) {
      rm.violations = evaluate_rules(ctx, b, rm);
      score_repetition(rm, opt.reference, &curves);
    }
    res.reps.push_back(std::move(rm));
    res.curves.push_back(std::move(curves));
  }
  if (ex) res.cues = schedule_cues(res.reps, opt.cues);
  res.summary = compute_session_summary(res.reps);
}

}  // namespace

Result<SideChoice> parse_side_choice(std::string_view s) {
  if (s == "auto") return SideChoice::kAuto;
  if (s == "left") return SideChoice::kLeft;
  if (s == "right") return SideChoice::kRight;
  return fail(ErrorCode::kInvalidArgument, "side must be auto, left or right, got '{}'", s);
}

Result<ExerciseResult> analyse_exercise(const kin::AngleSeries& series, const Exercise& ex,
                                        const AnalysisOptions& opt) {
  ExerciseResult res;
  res.exercise_id = ex.id;
  res.n_frames = series.n_frames();
  for (const auto& c : series.columns)
    if (c.size() != series.n_frames())
      return fail(ErrorCode::kInvalidArgument, "angle series: a column has {} values for {} frames", c.size(),
                  series.n_frames());
  res.rate_hz = PHYSIO_TRY(rate_of(series.times));
  res.times = series.times;

  // 1. side
  std::string side;
  switch (ex.laterality) {
    case Laterality::kCentral:
      res.side = "";
      res.side_basis = "central";
      break;
    case Laterality::kBilateral:
      res.side = "both";
      res.side_basis = "bilateral";
      break;
    case Laterality::kUnilateral: {
      if (opt.side != SideChoice::kAuto) {
        side = opt.side == SideChoice::kLeft ? "left" : "right";
        res.side_basis = "given";
      } else {
        // The working side moves through a large range AND repeats it: robust range weighted by the
        // square of the autocorrelation peak. A resting limb whose tracking wanders can span a larger
        // range than the working limb's movement (UI-PRMD shoulder extension: 60 deg against 38 deg in
        // one correct set) but does not repeat it; weighted once, such a limb won whenever its range
        // exceeded the working one's by the ratio of the periodicities.
        auto score = [&](const char* sd) {
          auto c = series.column(resolve_side(ex.primary_angle, sd));
          if (c.empty()) return -1.0;
          double r = robust_range(c);
          if (std::isnan(r)) return -1.0;
          auto sm = smooth_for_segmentation(c, res.rate_hz, opt.segmentation.smooth_cutoff_hz);
          double p = sm ? periodicity_strength(*sm, res.rate_hz) : 0.0;
          const double periodic = std::max(p, 0.05);
          return r * periodic * periodic;
        };
        // A side whose range is under the segmentation's least movement has no repetition to count: when
        // the other side moves more than that, the other side works, however weakly it repeats (a
        // recording of one repetition has no periodicity to speak of; the resting leg's small sway can).
        auto range_of = [&](const char* sd) {
          auto c = series.column(resolve_side(ex.primary_angle, sd));
          return c.empty() ? std::nan("") : robust_range(c);
        };
        const double min_range = opt.segmentation.min_range_deg;
        const bool left_moves = range_of("left") >= min_range, right_moves = range_of("right") >= min_range;
        if (left_moves != right_moves)
          side = left_moves ? "left" : "right";
        else
          side = score("left") > score("right") ? "left" : "right";
        res.side_basis = "larger periodic range";
      }
      res.side = side;
      break;
    }
  }
  // 2. columns, filtered
  std::vector<std::string> needed = resolved_angle_names(ex, side.empty() ? "right" : side);
  if (ex.laterality == Laterality::kUnilateral)
    for (const auto& n : resolved_angle_names(ex, side == "left" ? "right" : "left"))
      if (std::find(needed.begin(), needed.end(), n) == needed.end() && !series.column(n).empty())
        needed.push_back(n);
  double fc = std::min(opt.filter_cutoff_hz, 0.4 * res.rate_hz);
  auto sos = PHYSIO_TRY(dsp::design_zero_phase_lowpass({4, fc, res.rate_hz}));
  dsp::FiltfiltScratch scratch;
  for (const auto& n : needed) {
    auto col = series.column(n);
    if (col.empty())
      return fail(ErrorCode::kMissingData, "exercise {} needs the angle '{}', which the angle series lacks",
                  ex.id, n);
    res.angle_names.push_back(n);
    res.angles.emplace_back(col.begin(), col.end());
    if (opt.filter_cutoff_hz > 0.0) dsp::filtfilt(sos, res.angles.back(), scratch);
  }
  RepContext ctx;
  ctx.rate_hz = res.rate_hz;
  ctx.times = res.times;
  ctx.names = res.angle_names;
  for (const auto& c : res.angles) ctx.columns.push_back(&c);
  ctx.side = side;
  ctx.exercise = &ex;
  if (ex.laterality == Laterality::kBilateral) {
    const auto* l = ctx.column(resolve_side(ex.primary_angle, "left"));
    const auto* r = ctx.column(resolve_side(ex.primary_angle, "right"));
    const int only = side_index(opt.primary_side);
    ctx.primary.resize(res.n_frames);
    for (std::size_t i = 0; i < res.n_frames; ++i) ctx.primary[i] = bilateral_primary((*l)[i], (*r)[i], only);
    if (only >= 0) {
      res.primary_angle = resolve_side(ex.primary_angle, opt.primary_side);
      res.side_basis = "bilateral; " + opt.primary_side_basis;
    } else {
      res.primary_angle = "mean of " + resolve_side(ex.primary_angle, "left") + " and " +
                          resolve_side(ex.primary_angle, "right");
    }
  } else {
    res.primary_angle = resolve_side(ex.primary_angle, side.empty() ? "right" : side);
    ctx.primary = *ctx.column(res.primary_angle);
  }
  res.primary = ctx.primary;

  // 3. segmentation
  SegmentationOptions so = opt.segmentation;
  so.min_rep_s = std::max(so.min_rep_s, 0.5 * ex.tempo_min_s);
  const auto measured = static_cast<std::size_t>(
      std::count_if(ctx.primary.begin(), ctx.primary.end(), [](double x) { return !std::isnan(x); }));
  if (measured < 2) {
    // Nothing to segment: no repetitions, said so; the applicability check refuses the recording naming
    // what was not in view (check_exercise_applicability, rule 0).
    res.segmentation = Segmentation{};
    res.segmentation.method = "hysteresis";
    res.segmentation.sign = ex.direction == Direction::kIncrease ? 1.0 : -1.0;
    res.segmentation.angle = res.primary_angle;
    std::string angle = res.primary_angle;
    std::replace(angle.begin(), angle.end(), '_', ' ');
    res.warnings.push_back(fmt::format("the {} was measured in {} of {} frames: too few to find repetitions",
                                       angle, measured, res.n_frames));
    run_stages(res, ctx, &ex, opt);
    return res;
  }
  res.segmentation = PHYSIO_TRY(segment_reps(ctx.primary, res.rate_hz, ex.direction, so));
  res.segmentation.angle = res.primary_angle;
  drop_uncertain_reps(res.segmentation, res.times, opt.uncertain_spans);
  res.warnings.insert(res.warnings.end(), res.segmentation.warnings.begin(), res.segmentation.warnings.end());
  ctx.times = res.times;  // (res.times is stable from here on)
  run_stages(res, ctx, &ex, opt);
  return res;
}

Result<ExerciseResult> analyse_unknown_exercise(const kin::AngleSeries& series, const AnalysisOptions& opt) {
  ExerciseResult res;
  res.exercise_id = "";
  res.n_frames = series.n_frames();
  res.rate_hz = PHYSIO_TRY(rate_of(series.times));
  res.times = series.times;
  if (series.n_angles() == 0) return fail(ErrorCode::kMissingData, "no angle columns to analyse");
  double fc = std::min(opt.filter_cutoff_hz, 0.4 * res.rate_hz);
  auto sos = PHYSIO_TRY(dsp::design_zero_phase_lowpass({4, fc, res.rate_hz}));
  for (std::size_t k = 0; k < series.n_angles(); ++k) {
    res.angle_names.push_back(series.names[k]);
    res.angles.push_back(series.columns[k]);
    if (opt.filter_cutoff_hz > 0.0) dsp::filtfilt(sos, res.angles.back());
  }
  res.segmentation =
      PHYSIO_TRY(segment_by_periodicity(res.angles, res.angle_names, res.rate_hz, opt.segmentation));
  res.warnings = res.segmentation.warnings;
  res.primary_angle = res.segmentation.angle;
  res.side_basis = "unknown exercise";
  // A minimal definition so that metrics know the direction; no rules, no template.
  Exercise ex;
  ex.id = "unknown";
  ex.laterality = Laterality::kCentral;
  ex.primary_angle = res.primary_angle;
  ex.direction = res.segmentation.sign > 0 ? Direction::kIncrease : Direction::kDecrease;
  RepContext ctx;
  ctx.rate_hz = res.rate_hz;
  ctx.times = res.times;
  ctx.names = res.angle_names;
  for (const auto& c : res.angles) ctx.columns.push_back(&c);
  ctx.exercise = &ex;
  ctx.primary = *ctx.column(res.primary_angle);
  res.primary = ctx.primary;
  run_stages(res, ctx, nullptr, opt);
  for (auto& r : res.reps) r.quality.score = -1.0;  // no definition: no score
  return res;
}

Result<kin::AngleSeries> compute_exercise_angles(const kin::LandmarkSequence& seq, const Exercise& ex,
                                                 kin::AngleMode mode, const kin::LandmarkSequence* picture) {
  const ExerciseAngleNames resolved =
      PHYSIO_TRY(resolve_exercise_angles(ex, seq.skeleton(), seq.space(), mode));
  const bool as_3d = resolved.as_3d;
  const std::vector<std::string>& kin_names = resolved.kin;
  const std::vector<std::string>& derived = resolved.derived;
  kin::AngleOptions ao;
  ao.mode = as_3d ? kin::AngleMode::k3d : kin::AngleMode::k2d;
  ao.angles = kin_names;
  if (picture && picture != &seq && !picture->is_3d()) ao.labels_from = picture;
  kin::AngleSeries series;
  if (!kin_names.empty()) {
    series = PHYSIO_TRY(kin::compute_angles(seq, ao));
  } else {
    series.times.assign(seq.times().begin(), seq.times().end());
  }
  if (!derived.empty()) {
    auto cols = PHYSIO_TRY(compute_derived_angles(seq, derived, as_3d, series));
    for (std::size_t k = 0; k < derived.size(); ++k) {
      series.names.push_back(derived[k]);
      series.units.emplace_back("deg");
      series.columns.push_back(std::move(cols[k]));
    }
  }
  return series;
}

std::vector<std::pair<TimeUs, TimeUs>> identity_uncertain_spans(const kin::LandmarkFile& file) {
  std::vector<std::pair<TimeUs, TimeUs>> out;
  if (!file.identity) return out;
  for (const kin::IdentitySpan& s : file.identity->uncertain) out.emplace_back(s.start_us, s.end_us);
  return out;
}

namespace {

Result<ExerciseResult> analyse_landmarks(const kin::LandmarkSequence& seq,
                                         const kin::LandmarkSequence& picture, const Exercise& ex,
                                         const AnalysisOptions& options) {
  kin::AngleSeries series = PHYSIO_TRY(compute_exercise_angles(seq, ex, options.angle_mode, &picture));
  // A pose model's too-small first fit of the person (opening_fit.hpp): its frames' angles are no
  // measurement. Only the opening's body frames are read.
  std::string first_fit;
  if (!picture.is_3d() && picture.n_frames() == seq.n_frames()) {
    const auto [sx, sy] = pixel_scale(picture);
    const auto at_s = [&](std::size_t f) {
      return static_cast<double>(seq.times()[f] - seq.times()[0]) / 1e6;
    };
    OpeningFit fit;
    for (std::size_t f = 0; f < picture.n_frames() && at_s(f) <= kOpeningFitS + 1e-9; ++f) {
      const BodyFrame b = body_frame(picture.frame(f), picture.skeleton(), sx, sy);
      if (fit.push(f, at_s(f), b.seen ? b.torso : 0.0)) break;
    }
    if (const auto from = fit.found()) {
      for (auto& c : series.columns)
        std::fill(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(std::min(*from, c.size())), kNaN);
      first_fit = fmt::format(
          "the first {:.2f} s not measured: the pose model's first fit of the person was too small "
          "(a torso of {:.0f} px, then {:.0f} px)",
          at_s(*from), fit.first_torso(), fit.grown_torso());
    }
  }
  AnalysisOptions opt = options;
  if (opt.primary_side.empty()) {
    const SeenSideJudge seen = judge_seen_side(ex, seq);
    opt.primary_side = seen.side();
    opt.primary_side_basis = seen.basis();
  }
  auto r = analyse_exercise(series, ex, opt);
  if (r) r->warnings.insert(r->warnings.end(), series.report.warnings.begin(), series.report.warnings.end());
  if (r)
    r->labels = kin::LabelRepair{series.report.swapped_leg_frames, series.report.swapped_arm_frames,
                                 series.report.merged_leg_frames};
  if (r && !first_fit.empty()) r->warnings.push_back(first_fit);
  return r;
}

}  // namespace

Result<ExerciseResult> analyse_exercise(const kin::LandmarkSequence& seq, const Exercise& ex,
                                        const AnalysisOptions& options) {
  return analyse_landmarks(seq, seq, ex, options);
}

Result<ExerciseResult> analyse_exercise(const kin::LandmarkFile& file, const Exercise& ex,
                                        const AnalysisOptions& options) {
  return analyse_landmarks(file.world ? *file.world : file.landmarks, file.landmarks, ex, options);
}

namespace {
nlohmann::json num(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json exercise_result_to_json(const ExerciseResult& r, bool include_series) {
  using nlohmann::json;
  json reps = json::array();
  for (const auto& m : r.reps) {
    json angles = json::array();
    for (const auto& a : m.angles)
      angles.push_back({{"name", a.name},
                        {"start_deg", num(a.start_deg)},
                        {"peak_deg", num(a.peak_deg)},
                        {"min_deg", num(a.min_deg)},
                        {"max_deg", num(a.max_deg)},
                        {"rom_deg", num(a.rom_deg)}});
    json comps = json::array();
    for (const auto& c : m.compensations)
      comps.push_back({{"id", c.id}, {"name", c.name}, {"value", num(c.value)}, {"unit", c.unit}});
    json viols = json::array();
    for (const auto& v : m.violations)
      viols.push_back({{"rule", v.rule_id},
                       {"value", num(v.value)},
                       {"op", std::string(1, v.op)},
                       {"threshold", v.threshold},
                       {"severity", severity_name(v.severity)},
                       {"cue", v.cue},
                       {"t_s", v.t_s},
                       {"frame", v.frame}});
    json ded = json::array();
    for (const auto& d : m.quality.deductions)
      ded.push_back({{"source", d.source}, {"reason", d.reason}, {"points", d.points}});
    reps.push_back({{"index", m.index},
                    {"partial", m.partial},
                    {"cut_at_start", m.cut_at_start},
                    {"start_frame", m.start_frame},
                    {"peak_frame", m.peak_frame},
                    {"end_frame", m.end_frame},
                    {"start_s", m.start_s},
                    {"peak_s", m.peak_s},
                    {"end_s", m.end_s},
                    {"duration_s", m.duration_s},
                    {"concentric_s", m.concentric_s},
                    {"eccentric_s", m.eccentric_s},
                    {"hold_s", m.hold_s},
                    {"rom_deg", num(m.rom_deg)},
                    {"peak_deg", num(m.peak_deg)},
                    {"peak_velocity_dps", num(m.peak_velocity_dps)},
                    {"sparc", num(m.sparc)},
                    {"symmetry_pct", m.symmetry_pct >= 0.0 ? json(m.symmetry_pct) : json(nullptr)},
                    {"angles", angles},
                    {"compensations", comps},
                    {"violations", viols},
                    {"score", m.quality.score},
                    {"template_distance",
                     m.quality.template_distance >= 0 ? json(m.quality.template_distance) : json(nullptr)},
                    {"deductions", ded}});
    if (!m.not_counted.empty()) reps.back()["not_counted_reason"] = m.not_counted;
  }
  json cues = json::array();
  for (const auto& c : r.cues)
    cues.push_back({{"rule", c.rule_id},
                    {"text", c.text},
                    {"severity", severity_name(c.severity)},
                    {"t_s", c.t_s},
                    {"frame", c.frame},
                    {"rep", c.rep},
                    {"shown_s", c.shown_s}});
  const auto& s = r.summary;
  json summary = {{"count", s.count},
                  {"partial_count", s.partial_count},
                  {"mean_rom_deg", s.mean_rom_deg},
                  {"best_rom_deg", s.best_rom_deg},
                  {"rom_cv_pct", s.rom_cv_pct},
                  {"duration_cv_pct", s.duration_cv_pct},
                  {"rom_slope_deg_per_rep", s.rom_slope_deg_per_rep},
                  {"rom_change_pct", s.rom_change_pct},
                  {"velocity_slope_dps_per_rep", s.velocity_slope_dps_per_rep},
                  {"time_under_tension_s", s.time_under_tension_s},
                  {"total_hold_s", s.total_hold_s},
                  {"mean_sparc", s.mean_sparc},
                  {"mean_symmetry_pct", s.mean_symmetry_pct >= 0 ? json(s.mean_symmetry_pct) : json(nullptr)},
                  {"score", s.score}};
  if (s.not_counted > 0) summary["not_counted"] = s.not_counted;
  const auto& th = r.segmentation.thresholds;
  json out = {{"exercise", r.exercise_id},
              {"side", r.side},
              {"side_basis", r.side_basis},
              {"primary_angle", r.primary_angle},
              {"rate_hz", r.rate_hz},
              {"n_frames", r.n_frames},
              {"segmentation",
               {{"method", r.segmentation.method},
                {"angle", r.segmentation.angle},
                {"period_s", r.segmentation.period_s},
                {"sign", r.segmentation.sign},
                {"rest_deg", num(r.segmentation.sign * th.rest)},
                {"top_deg", num(r.segmentation.sign * th.top)},
                {"enter_deg", num(r.segmentation.sign * th.enter)},
                {"exit_deg", num(r.segmentation.sign * th.exit)},
                {"peak_deg", num(r.segmentation.sign * th.peak)}}},
              {"summary", summary},
              {"score_basis", r.score_basis},
              {"reps", reps},
              {"cues", cues},
              {"warnings", r.warnings}};
  if (include_series) {
    json t = json::array();
    for (TimeUs x : r.times) t.push_back(us_to_seconds(x - r.times.front()));
    json cols = json::object();
    for (std::size_t k = 0; k < r.angle_names.size(); ++k) {
      json c = json::array();
      for (double v : r.angles[k]) c.push_back(num(v));
      cols[r.angle_names[k]] = c;
    }
    out["series"] = {{"t_s", t}, {"angles_deg", cols}};
  }
  return out;
}

}  // namespace physio::exercise
