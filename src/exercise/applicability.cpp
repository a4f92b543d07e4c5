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
                    "(median of {} repetitions): a one-sided movement. Move both sides together, or choose "
                    "the one-sided exercise",
                    ex.name, angle_base(ex.primary_angle), 100.0 * ratio, ratios.size()));
  if (ex.other_side_still && ratio >= kMaxOtherSideRatio)
    a.refuse(
        fmt::format("{} moves one side while the other rests; the {} side's {} moved {:.0f} % as much "
                    "as the {} side's (median of {} repetitions): a two-sided movement. Keep the other side "
                    "still, or choose the two-sided exercise",
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
      "of another kind. Move the {} {}, or choose the exercise that was done",
      ex.name, limb_segment_name(ex.moving_limb->segment), limb_toward_words(*ex.moving_limb),
      wrong_way.size(), judged, describe_limb_direction(wrong_way[wrong_way.size() / 2], side_view),
      limb_segment_name(ex.moving_limb->segment), limb_toward_words(*ex.moving_limb)));
}

}  // namespace

std::vector<std::string> exercise_preconditions(const Exercise& ex) {
  std::vector<std::string> p;
  p.push_back("one person in view, followed throughout (no jump of the hips by half a torso between frames)");
  // Lying exercises are not checked for it: lying, the neck is where it is (body_checks.hpp).
  if (upright_position(ex.position))
    p.push_back("the body upright (neck above the hips), as the exercise is done standing or sitting");
  if (ex.view_by_plane)
    p.push_back(
        fmt::format("filmed so that the forearm moves across the picture (in the image plane: {}); in each "
                    "repetition its "
                    "length in the picture stays above {:.0f} % of its full length",
                    ex.views_reason, 100.0 * kMinInPlaneLength));
  else if (ex.view != View::kAny)
    p.push_back(ex.views_reason.empty()
                    ? fmt::format("filmed from {}", views_words(ex.views))
                    : fmt::format("filmed from {} ({})", views_words(ex.views), ex.views_reason));
  if (ex.kind == ExerciseKind::kRepetitions)
    p.push_back(fmt::format(
        "the person, and the joints of the exercise's angle, in the picture for at least {:.1f} s (the "
        "shortest repetition counted)",
        std::max(SegmentationOptions{}.min_rep_s, 0.5 * ex.tempo_min_s)));
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
  for (Contact c : ex.contact)
    p.push_back(fmt::format("{}, throughout the set and every repetition (contact: {})",
                            contact_words(c, ex.position), contact_name(c)));
  p.push_back(
      fmt::format("a recording at least {:.1f} s long (the shortest typical repetition)", ex.tempo_min_s));
  return p;
}

Applicability check_exercise_applicability(const Exercise& ex, const ExerciseResult& result,
                                           const kin::LandmarkSequence& seq) {
  Applicability a;
  using kin::Joint;
  const std::size_t n = seq.n_frames();

  // (0) The exercise's angle measured for at least as long as the shortest repetition the segmentation
  // accepts (its min_rep_s, or half the exercise's shortest tempo): else no repetition can be in the
  // recording, and what is said is what was not in view.
  const double duration_s = n > 1 ? static_cast<double>(seq.times().back() - seq.times().front()) / 1e6 : 0.0;
  bool unmeasured = false;
  if (ex.kind == ExerciseKind::kRepetitions && n > 1 && result.rate_hz > 0.0) {
    const auto measured = static_cast<std::size_t>(
        std::count_if(result.primary.begin(), result.primary.end(), [](double x) { return !std::isnan(x); }));
    const double shortest_s = std::max(SegmentationOptions{}.min_rep_s, 0.5 * ex.tempo_min_s);
    if (static_cast<double>(measured) / result.rate_hz < shortest_s) {
      unmeasured = true;
      std::size_t with_person = 0;
      for (std::size_t f = 0; f < n; ++f) {
        const auto fr = seq.frame(f);
        with_person += std::any_of(fr.begin(), fr.end(), [](const kin::Landmark& l) { return !l.missing(); });
      }
      if (static_cast<double>(with_person) / result.rate_hz < shortest_s)
        a.refuse(fmt::format(
            "a person was found in {} of the {} frames ({:.2f} s of {:.1f} s), too little to measure {}: "
            "the body is not in the picture (or too dark or blurred to be found). Film the patient with the "
            "whole body in view, 2 to 3 metres from the camera, in good light",
            with_person, n, static_cast<double>(with_person) / result.rate_hz, duration_s, ex.name));
      else {
        std::string angle = result.primary_angle;
        std::replace(angle.begin(), angle.end(), '_', ' ');
        a.refuse(
            fmt::format("the {} was measured in {} of the {} frames ({:.1f} s), too little for one "
                        "repetition: the joints "
                        "it needs are not in the picture. Keep the whole body in view",
                        angle, measured, n, static_cast<double>(measured) / result.rate_hz));
      }
      // With the person absent from most frames the framing is the one reason given: what the other checks
      // would read (upright, the view, one person) comes from the few frames that place a body, and is no
      // finding about the patient. (Found in most frames of a recording too short, the other reasons stand:
      // its length.)
      if (static_cast<double>(with_person) < kMinInViewShare * static_cast<double>(n)) return a;
    }
  }

  // (0b) The person in view for most of the set (body_checks.hpp, kMinInViewShare): else the framing is the
  // one reason given, as the rest would be read from a body mostly out of the picture.
  if (!unmeasured && n > 0) {
    std::size_t with_person = 0;
    for (std::size_t f = 0; f < n; ++f) {
      const auto fr = seq.frame(f);
      with_person += std::any_of(fr.begin(), fr.end(), [](const kin::Landmark& l) { return !l.missing(); });
    }
    if (auto r = mostly_out_of_view(ex, with_person, n, duration_s); !r.empty()) {
      a.refuse(std::move(r));
      return a;
    }
  }

  // (5) Long enough for one repetition.
  if (duration_s < ex.tempo_min_s)
    a.refuse(
        fmt::format("a repetition of {} takes at least {:.1f} s; the recording is {:.2f} s long. Record at "
                    "least one whole "
                    "repetition",
                    ex.name, ex.tempo_min_s, duration_s));

  // (1) One person, (2) upright, (3) view: from image coordinates only (body_checks.hpp, as the live
  // analyser judges them).
  const std::vector<BodyFrame> body = body_frames(seq, result.labels ? &*result.labels : nullptr);
  BodyMonitor monitor(ex);
  for (std::size_t f = 0; f < body.size(); ++f)
    monitor.push(body[f], static_cast<double>(seq.times()[f] - seq.times().front()) / 1e6);
  a.merge(monitor.verdict());

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
    std::vector<std::string> not_counted;  // other reasons (count_repetitions), first one quoted
    for (const auto& r : result.reps) {
      if (r.partial) continue;
      // A repetition must start inside the recording: one that begins at the first frame may have begun
      // before it (a first frame at the lowest angle can be a turning point, as in the Pose2Sim balancing
      // clip's wobble; one under way mid-range there is partial already: segmentation.hpp), and is never
      // the complete one. One that ends at the last frame is complete only when the angle is back at rest
      // there (a file cut at the end of a repetition, as UI-PRMD's are). A single repetition with a short
      // rest at each end starts after the first frame and counts.
      const bool at_start = r.start_frame == 0, at_end = r.end_frame + 1 >= n && !back_at_rest(n - 1);
      if (at_start || at_end) {
        ++cut;
        continue;
      }
      if (const int off = outside_rhythm(ex, r); off != 0) {
        ++off_tempo;
        off_tempo_s = off < 0 ? r.rest_before_s + r.duration_s : r.duration_s;
        continue;
      }
      if (!r.not_counted.empty()) {
        not_counted.push_back(r.not_counted);
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
    if (complete == 0 && unmeasured) {
      // Said by rule (0): nothing was measured, so "record whole repetitions" would be the wrong advice.
    } else if (complete == 0)
      a.refuse(fmt::format(
          "no complete repetition of {} (from rest to the peak and back, {:.1f}-{:.1f} s) was found{}{}{}. "
          "Record whole repetitions: start at rest, and keep filming until the last one is back at rest",
          ex.name, ex.tempo_min_s, ex.tempo_max_s,
          cut > 0 ? fmt::format("; {} movement(s) run into the start or end of the recording", cut) : "",
          off_tempo > 0 ? fmt::format("; {} movement(s) last {:.1f} s, outside the exercise's rhythm",
                                      off_tempo, off_tempo_s)
                        : "",
          not_counted.empty()
              ? ""
              : fmt::format("; {} movement(s) not counted ({})", not_counted.size(), not_counted.front())));
    else if (range > 0.0 && best < kMinRangeFraction * range)
      a.refuse(
          fmt::format("{} moves the primary angle ({}) about {:.0f} deg; the largest repetition found moves "
                      "it {:.0f} deg: "
                      "the movement is of another kind, or too small to be this exercise. Record {} itself, "
                      "through its whole range",
                      ex.name, result.primary_angle, range, best, ex.name));
    else
      check_limb_direction(ex, std::move(wrong_way), judged, a);
    check_sides(ex, result, side_ratios, a);
  }
  return a;
}

void count_repetitions(const Exercise& ex, ExerciseResult& result, const kin::LandmarkSequence& seq) {
  const std::vector<BodyFrame> body = body_frames(seq, result.labels ? &*result.labels : nullptr);
  std::vector<std::pair<int, int>> renumbered;  // (old index, new index)
  int index = 0, not_counted = 0;
  std::vector<RepMetrics> kept;
  for (auto& r : result.reps) {
    std::span<const BodyFrame> rb;
    if (r.start_frame < body.size())
      rb = std::span<const BodyFrame>(body).subspan(
          r.start_frame, std::min(r.end_frame, body.size() - 1) - r.start_frame + 1);
    r.not_counted = rep_not_counted(ex, r, rb, result.side);
    const int old = r.index;
    if (!r.partial) {
      if (r.not_counted.empty()) {
        r.index = ++index;
      } else {
        r.index = 0;
        ++not_counted;
      }
    }
    if (old != r.index) renumbered.emplace_back(old, r.index);
    if (r.partial || r.not_counted.empty()) kept.push_back(r);
  }
  for (auto& c : result.cues)
    for (const auto& [from, to] : renumbered)
      if (c.rep == from) {
        c.rep = to;
        break;
      }
  result.summary = compute_session_summary(kept);
  result.summary.not_counted = not_counted;
}

}  // namespace physio::exercise
