#include "exercise/applicability.hpp"

#include "exercise/limb_direction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace physio::exercise {
namespace {

struct Xy {
  double x = 0.0, y = 0.0;
};

// A common joint's image position in frame f, scaled to pixels when the size is known.
std::optional<Xy> joint_xy(const kin::LandmarkSequence& seq, std::size_t f, kin::Joint j) {
  const kin::JointSource s = seq.skeleton().joint(j);
  if (!s.present()) return std::nullopt;
  const auto frame = seq.frame(f);
  auto get = [&](int i) -> std::optional<Xy> {
    const kin::Landmark& l = frame[static_cast<std::size_t>(i)];
    if (l.missing() || std::isnan(l.x) || std::isnan(l.y)) return std::nullopt;
    double sx = 1.0, sy = 1.0;
    if (seq.space() == kin::CoordSpace::kImageNormalized && seq.image_width > 0 && seq.image_height > 0) {
      sx = seq.image_width;
      sy = seq.image_height;
    }
    return Xy{sx * l.x, sy * l.y};
  };
  auto a = get(s.a);
  if (!a || !s.is_midpoint()) return a;
  auto b = get(s.b);
  if (!b) return std::nullopt;
  return Xy{0.5 * (a->x + b->x), 0.5 * (a->y + b->y)};
}

double dist(Xy a, Xy b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

// "moves the arm sideways (out to the side, in the frontal plane)".
std::string limb_toward_words(const MovingLimb& limb) {
  switch (limb.toward) {
    case LimbToward::kForward:
      return "forward (in the sagittal plane)";
    case LimbToward::kBackward:
      return "backward (in the sagittal plane)";
    case LimbToward::kSideways:
      return "out to the side (in the frontal plane)";
    case LimbToward::kScapular:
      return "forward of the side (in the plane of the shoulder blade, 30-45 deg forward of the side)";
  }
  return "";
}

// The range of `angle` over frames [from, to] of the analysis (NaN when it has no such column or no value).
double range_over(const ExerciseResult& result, const std::string& angle, std::size_t from, std::size_t to) {
  for (std::size_t c = 0; c < result.angle_names.size(); ++c) {
    if (result.angle_names[c] != angle) continue;
    const auto& v = result.angles[c];
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t f = from; f <= to && f < v.size(); ++f)
      if (!std::isnan(v[f])) {
        lo = std::min(lo, v[f]);
        hi = std::max(hi, v[f]);
      }
    return hi >= lo ? hi - lo : std::nan("");
  }
  return std::nan("");
}

// "{side}_knee_flexion" -> "knee flexion".
std::string angle_base(const std::string& sided) {
  std::string base = resolve_side(sided, "");
  if (!base.empty() && base.front() == '_') base.erase(0, 1);
  std::replace(base.begin(), base.end(), '_', ' ');
  return base;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One repetition's side ratio: bilateral, the smaller side's primary-angle range over the larger's;
// unilateral, the other side's range over the working side's. nullopt when it cannot be measured.
std::optional<double> side_ratio_of(const Exercise& ex, const ExerciseResult& result, const RepMetrics& r) {
  if (ex.laterality == Laterality::kBilateral) {
    const double l = range_over(result, resolve_side(ex.primary_angle, "left"), r.start_frame, r.end_frame);
    const double rr = range_over(result, resolve_side(ex.primary_angle, "right"), r.start_frame, r.end_frame);
    if (!(std::max(l, rr) > 0.0)) return std::nullopt;
    return std::min(l, rr) / std::max(l, rr);
  }
  const std::string other = result.side == "left" ? "right" : "left";
  const double o = range_over(result, resolve_side(ex.primary_angle, other), r.start_frame, r.end_frame);
  if (std::isnan(o) || !(r.rom_deg > 0.0)) return std::nullopt;
  return o / r.rom_deg;
}

// The sides precondition over the judged repetitions' ratios.
void check_sides(const Exercise& ex, const ExerciseResult& result, const std::vector<double>& ratios,
                 Applicability& a) {
  if (ratios.empty()) return;
  const double ratio = median_of(ratios);
  if (ex.laterality == Laterality::kBilateral && ratio < kMinBilateralRatio)
    a.refuse(
        fmt::format("{} moves both sides; in its repetitions one side's {} moved {:.0f} % of the other's "
                    "(median of {} repetitions): a one-sided movement",
                    ex.name, angle_base(ex.primary_angle), 100.0 * ratio, ratios.size()));
  if (ex.other_side_still && ratio >= kMaxOtherSideRatio)
    a.refuse(
        fmt::format("{} moves one side while the other rests; the {} side's {} moved {:.0f} % as much "
                    "as the {} side's (median of {} repetitions): a two-sided movement",
                    ex.name, result.side == "left" ? "right" : "left", angle_base(ex.primary_angle),
                    100.0 * ratio, result.side, ratios.size()));
}

// The moving-limb precondition: refused when most judged repetitions went another way; the middle one of
// those describes what was done instead.
void check_limb_direction(const Exercise& ex, std::vector<LimbDirection> wrong_way, std::size_t judged,
                          Applicability& a) {
  if (judged == 0 || 2 * wrong_way.size() <= judged) return;
  const bool side_view = ex.view == View::kSide;
  std::sort(wrong_way.begin(), wrong_way.end(), [side_view](const LimbDirection& x, const LimbDirection& y) {
    return side_view ? x.forward_share < y.forward_share : x.outward_share < y.outward_share;
  });
  a.refuse(fmt::format(
      "{} moves the {} {}; in {} of {} complete repetitions it moved {}: the movement is "
      "of another kind",
      ex.name, limb_segment_name(ex.moving_limb->segment), limb_toward_words(*ex.moving_limb),
      wrong_way.size(), judged, describe_limb_direction(wrong_way[wrong_way.size() / 2], side_view)));
}

}  // namespace

std::vector<std::string> exercise_preconditions(const Exercise& ex) {
  std::vector<std::string> p;
  p.push_back("one person in view, followed throughout (no jump of the hips by half a torso between frames)");
  p.push_back("the body upright (neck above the hips), as the exercise is done standing or sitting");
  if (ex.view != View::kAny) p.push_back(fmt::format("filmed from the {}", view_name(ex.view)));
  if (ex.kind == ExerciseKind::kRepetitions) {
    const double range = std::fabs(ex.target_peak_deg - ex.target_rest_deg);
    p.push_back(
        fmt::format("at least one complete repetition in which the primary angle moves {} by at least {:.0f} "
                    "deg ({:.0f} % of "
                    "its typical {:.0f} deg, from {:.0f} to {:.0f})",
                    ex.direction == Direction::kIncrease ? "up" : "down", kMinRangeFraction * range,
                    100 * kMinRangeFraction, range, ex.target_rest_deg, ex.target_peak_deg));
  }
  if (ex.moving_limb)
    p.push_back(fmt::format(
        "the {} moves {} in most complete repetitions, as seen in the image (a {} view shows it; landmarks "
        "in metres are not judged)",
        limb_segment_name(ex.moving_limb->segment), limb_toward_words(*ex.moving_limb),
        ex.moving_limb->toward == LimbToward::kForward || ex.moving_limb->toward == LimbToward::kBackward
            ? "side"
            : "front"));
  if (ex.kind == ExerciseKind::kRepetitions && ex.laterality == Laterality::kBilateral)
    p.push_back(
        fmt::format("both sides move: in its repetitions neither side's angle moves less than {:.0f} % "
                    "of the other's",
                    100.0 * kMinBilateralRatio));
  if (ex.kind == ExerciseKind::kRepetitions && ex.other_side_still)
    p.push_back(
        fmt::format("one side moves while the other rests: the other side's angle moves less than {:.0f} % "
                    "of the working side's",
                    100.0 * kMaxOtherSideRatio));
  p.push_back(
      fmt::format("a recording at least {:.1f} s long (the shortest typical repetition)", ex.tempo_min_s));
  return p;
}

Applicability check_exercise_applicability(const Exercise& ex, const ExerciseResult& result,
                                           const kin::LandmarkSequence& seq) {
  Applicability a;
  using kin::Joint;
  const std::size_t n = seq.n_frames();

  // (5) Long enough for one repetition.
  const double duration_s = n > 1 ? static_cast<double>(seq.times().back() - seq.times().front()) / 1e6 : 0.0;
  if (duration_s < ex.tempo_min_s)
    a.refuse(fmt::format("a repetition of {} takes at least {:.1f} s; the recording is {:.2f} s long",
                         ex.name, ex.tempo_min_s, duration_s));

  // (1) One person, (2) upright, (3) view: from image coordinates only.
  if (!seq.is_3d() && n > 0) {
    std::vector<double> switches_s;
    std::size_t upside_down = 0, seen = 0, narrow = 0, wide = 0;
    std::optional<Xy> prev_hip;
    double prev_t = 0.0, prev_torso = 0.0;
    for (std::size_t f = 0; f < n; ++f) {
      const auto hip = joint_xy(seq, f, Joint::kMidHip);
      const auto neck = joint_xy(seq, f, Joint::kNeck);
      const double t = static_cast<double>(seq.times()[f]) / 1e6;
      if (!hip || !neck) continue;  // a short gap: compare across it
      const double torso = dist(*hip, *neck);
      if (!(torso > 0.0)) continue;
      ++seen;
      if (neck->y > hip->y + 0.25 * torso) ++upside_down;
      const auto ls = joint_xy(seq, f, Joint::kLeftShoulder), rs = joint_xy(seq, f, Joint::kRightShoulder);
      if (ls && rs) (dist(*ls, *rs) / torso < kSideViewMaxWidth ? narrow : wide) += 1;
      // Half a torso between frames, plus what a walking person covers in the time between them
      // (3 torso lengths per second, about 1.5 m/s).
      const double dt = t - prev_t;
      if (prev_hip && dt <= kMaxGapS &&
          dist(*hip, *prev_hip) > (kMaxJumpTorso + kWalkTorsoPerS * dt) * std::max(torso, prev_torso))
        switches_s.push_back(t);
      prev_hip = hip;
      prev_t = t;
      prev_torso = torso;
    }
    if (!switches_s.empty()) {
      std::string when;
      for (std::size_t k = 0; k < switches_s.size() && k < 5; ++k)
        when += fmt::format("{}{:.2f} s", k == 0 ? "" : ", ", switches_s[k]);
      a.refuse(fmt::format(
          "one person must be followed throughout; the hips jump by more than half a torso length between "
          "frames at {}{}: the landmarks switch between people (or the person left the view)",
          when, switches_s.size() > 5 ? " and later" : ""));
    }
    if (upside_down > 0)
      a.refuse(
          fmt::format("{} is done upright; in {} frame(s) the neck is below the hips (a flip, a fall or "
                      "lying down)",
                      ex.name, upside_down));
    if (seen > 0 && ex.view != View::kAny && narrow + wide > 0) {
      const double side_share = static_cast<double>(narrow) / static_cast<double>(narrow + wide);
      if (ex.view == View::kSide && side_share < 0.5)
        a.refuse(
            fmt::format("{} is filmed from the side; the shoulders are apart in {:.0f} % of the frames: "
                        "the person faces the camera",
                        ex.name, 100.0 * (1.0 - side_share)));
      if (ex.view == View::kFront && side_share > 0.5)
        a.refuse(
            fmt::format("{} is filmed from the front; the shoulders overlap in {:.0f} % of the frames: the "
                        "person is seen from the side",
                        ex.name, 100.0 * side_share));
    }
  }

  // (4) Movement of the expected kind.
  if (ex.kind == ExerciseKind::kRepetitions) {
    const double range = std::fabs(ex.target_peak_deg - ex.target_rest_deg);
    double best = 0.0;
    std::size_t complete = 0, cut = 0, off_tempo = 0;
    // The direction of the moving limb, in the image (limb_direction.hpp: depth is not trusted).
    const double facing = ex.moving_limb ? facing_sign(seq) : 0.0;
    // Back at rest: the primary angle within the rest band of the segmentation (rest + 5 % of the range).
    auto back_at_rest = [&](std::size_t f) {
      const Segmentation& seg = result.segmentation;
      return f < result.primary.size() && !std::isnan(result.primary[f]) &&
             seg.sign * result.primary[f] <= seg.thresholds.band;
    };
    std::vector<LimbDirection> wrong_way;
    std::size_t judged = 0;
    // Both sides' ranges in each judged repetition: a two-sided exercise moves both, a one-sided one
    // with the other side at rest moves one.
    std::vector<double> side_ratios;
    const bool sides_checked = ex.laterality == Laterality::kBilateral || ex.other_side_still;
    double off_tempo_s = 0.0;
    for (const auto& r : result.reps) {
      if (r.partial) continue;
      // A repetition must start inside the recording: one that begins at the first frame may have begun
      // before it (a first frame at the lowest angle can be a turning point, as in the Pose2Sim balancing
      // clip's wobble), and is never counted complete. One that ends at the last frame is complete only
      // when the angle is back at rest there (a file cut at the end of a repetition, as UI-PRMD's are).
      if (r.start_frame == 0 || (r.end_frame + 1 >= n && !back_at_rest(n - 1))) {
        ++cut;
        continue;
      }
      if (r.duration_s < kMinTempoFraction * ex.tempo_min_s ||
          r.duration_s > kMaxTempoFactor * ex.tempo_max_s) {
        ++off_tempo;
        off_tempo_s = r.duration_s;
        continue;
      }
      ++complete;
      best = std::max(best, r.rom_deg);
      if (ex.moving_limb && range > 0.0 && r.rom_deg >= kMinRangeFraction * range) {
        const LimbDirection d = measure_limb_direction(seq, ex.moving_limb->segment, result.side,
                                                       r.start_frame, r.peak_frame, facing);
        if (const auto ok = limb_direction_matches(d, ex.moving_limb->toward, ex.view == View::kSide)) {
          ++judged;
          if (!*ok) wrong_way.push_back(d);
        }
      }
      if (sides_checked && range > 0.0 && r.rom_deg >= kMinRangeFraction * range)
        if (const auto ratio = side_ratio_of(ex, result, r)) side_ratios.push_back(*ratio);
    }
    if (complete == 0)
      a.refuse(fmt::format(
          "no complete repetition of {} (from rest to the peak and back, {:.1f}-{:.1f} s) was found{}{}",
          ex.name, ex.tempo_min_s, ex.tempo_max_s,
          cut > 0 ? fmt::format("; {} movement(s) run into the start or end of the recording", cut) : "",
          off_tempo > 0 ? fmt::format("; {} movement(s) last {:.1f} s, outside the exercise's rhythm",
                                      off_tempo, off_tempo_s)
                        : ""));
    else if (range > 0.0 && best < kMinRangeFraction * range)
      a.refuse(
          fmt::format("{} moves the primary angle ({}) about {:.0f} deg; the largest repetition found moves "
                      "it {:.0f} deg: "
                      "the movement is of another kind, or too small to be this exercise",
                      ex.name, result.primary_angle, range, best));
    else
      check_limb_direction(ex, std::move(wrong_way), judged, a);
    check_sides(ex, result, side_ratios, a);
  }
  return a;
}

}  // namespace physio::exercise
