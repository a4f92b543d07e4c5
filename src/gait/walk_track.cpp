#include "gait/walk_track.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "dsp/butterworth.hpp"

namespace physio::gait {
namespace {

using kin::Joint;
constexpr double kMissingValue = std::numeric_limits<double>::quiet_NaN();
constexpr double kMinWalkS = 1.0;  // shorter than one slow stride: nothing to measure

struct LegJoints {
  Joint hip, knee, ankle, heel, toe;
};
constexpr std::array<LegJoints, 2> kLegJoints{{
    {Joint::kLeftHip, Joint::kLeftKnee, Joint::kLeftAnkle, Joint::kLeftHeel, Joint::kLeftBigToe},
    {Joint::kRightHip, Joint::kRightKnee, Joint::kRightAnkle, Joint::kRightHeel, Joint::kRightBigToe},
}};

double median(std::vector<double> v) {
  std::erase_if(v, [](double x) { return !std::isfinite(x); });
  if (v.empty()) return kMissingValue;
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// One leg's points in one frame, pixels; nullopt when any is missing.
struct LegPoints {
  std::array<double, 10> xy{};  // hip, knee, ankle, heel, toe: x, y
  double visibility = kMissingValue;
};

std::optional<LegPoints> leg_points(const kin::LandmarkSequence& seq, std::size_t f, const LegJoints& j,
                                    bool from_ankle, double sx, double sy) {
  const std::array<Joint, 5> joints{j.hip, j.knee, j.ankle, from_ankle ? j.ankle : j.heel,
                                    from_ankle ? j.ankle : j.toe};
  LegPoints p;
  double vis_sum = 0;
  int vis_n = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    auto l = seq.joint(f, joints[i]);
    if (!l) return std::nullopt;
    p.xy[2 * i] = static_cast<double>(l->x) * sx;
    p.xy[2 * i + 1] = static_cast<double>(l->y) * sy;
    if (i > 0 && !std::isnan(l->visibility)) {
      vis_sum += static_cast<double>(l->visibility);
      ++vis_n;
    }
  }
  if (vis_n > 0) p.visibility = vis_sum / vis_n;
  return p;
}

}  // namespace

std::string_view leg_side_name(LegSide s) {
  return s == LegSide::kLeft ? "left" : "right";
}

Result<PreparedWalk> prepare_walk(const kin::LandmarkSequence& input) {
  if (input.is_3d())
    return fail(ErrorCode::kUnsupported,
                "gait from video needs image landmarks (pixels or normalised), not 3D world coordinates");
  const kin::Skeleton& sk = input.skeleton();
  for (const auto& lj : kLegJoints)
    for (Joint j : {lj.hip, lj.knee, lj.ankle})
      if (!sk.joint(j).present())
        return fail(ErrorCode::kMissingData,
                    "the skeleton has no {}: gait needs both legs' hips, knees and ankles",
                    kin::joint_name(j));
  const bool from_ankle = !sk.joint(Joint::kLeftHeel).present() || !sk.joint(Joint::kRightHeel).present() ||
                          !sk.joint(Joint::kLeftBigToe).present() || !sk.joint(Joint::kRightBigToe).present();

  PreparedWalk out;
  WalkTrack& w = out.track;
  w.input_frames = input.n_frames();
  w.feet_from_ankle = from_ankle;
  if (from_ankle) w.notes.push_back("the skeleton has no heel or toe landmarks: the ankle stands for both");

  // Leg labels are used as the estimator gives them. The general swap repair (kinematics/angles/swaps.hpp)
  // predicts each frame from the two before; when the legs cross in a side view it exchanged whole stretches
  // of a correctly labelled walk (24 frames of a mirrored demo.mp4, moving a contact to the wrong foot). A
  // swap of a frame or two is smoothed away by the low-pass filter; a longer one makes the far foot's events
  // fail the alternation check (events.hpp) and be withheld.
  const kin::LandmarkSequence& seq = input;

  double sx = 1, sy = 1;
  if (seq.space() == kin::CoordSpace::kImageNormalized) {
    if (seq.image_width > 0 && seq.image_height > 0) {
      sx = seq.image_width;
      sy = seq.image_height;
    } else {
      w.pixels = false;
      w.notes.push_back("normalised coordinates without the image size: width and height taken as equal");
    }
  }
  if (seq.image_width > 0 && seq.image_height > 0) {
    w.image_width = seq.image_width;
    w.image_height = seq.image_height;
  }
  const double width_px = seq.space() == kin::CoordSpace::kImageNormalized ? sx : w.image_width;

  const std::size_t n_all = seq.n_frames();
  std::vector<std::array<LegPoints, 2>> pts(n_all);
  std::vector<std::uint8_t> usable(n_all, 0);
  for (std::size_t f = 0; f < n_all; ++f) {
    bool ok = true;
    for (std::size_t s = 0; s < 2 && ok; ++s) {
      auto p = leg_points(seq, f, kLegJoints[s], from_ankle, sx, sy);
      if (!p) {
        ok = false;
        break;
      }
      if (width_px > 1) {
        for (std::size_t i : {6u, 8u}) {  // heel, toe x
          const double x = p->xy[i];
          if (x < kEdgeMargin * width_px || x > (1 - kEdgeMargin) * width_px) ok = false;
        }
      }
      pts[f][s] = *p;
    }
    usable[f] = ok ? 1 : 0;
    if (ok) ++w.usable_frames;
  }

  // The longest run of usable frames, gaps up to kMaxFillS bridged.
  auto times = seq.times();
  const auto t_of = [&](std::size_t f) { return us_to_seconds(times[f] - times[0]); };
  std::size_t best_a = 0, best_b = 0;
  double best_len = -1;
  std::optional<std::size_t> run_a, last;
  const auto close_run = [&] {
    if (run_a && last && t_of(*last) - t_of(*run_a) > best_len) {
      best_len = t_of(*last) - t_of(*run_a);
      best_a = *run_a;
      best_b = *last;
    }
  };
  const double rate = seq.rate_hz();
  const double frame_s = rate > 0 ? 1.0 / rate : 0.0;
  for (std::size_t f = 0; f < n_all; ++f) {
    if (!usable[f]) continue;
    // Consecutive frames are never a gap (at 5 frames/s they are 0.2 s apart, more than kMaxFillS).
    if (last && t_of(f) - t_of(*last) > std::max(kMaxFillS, frame_s) + 0.5 * frame_s) {
      close_run();
      run_a.reset();
    }
    if (!run_a) run_a = f;
    last = f;
  }
  close_run();

  Applicability& app = out.applicability;
  if (best_len < kMinWalkS) {
    app.refuse(
        fmt::format("the person's legs are not in view: both legs (hip, knee, ankle, heel, toe) were found "
                    "inside the image in "
                    "{} of {} frames, the longest stretch {:.1f} s (at least {:.1f} s are needed); film the "
                    "whole body, feet "
                    "included, for the whole walk",
                    w.usable_frames, n_all, std::max(best_len, 0.0), kMinWalkS));
    return out;
  }
  // Said last, after what the recording shows (a clip of something else at a low rate is first of all not
  // a walk).
  std::string rate_reason;
  // The frame period against the longest accepted (1001/24000 s), with a microsecond of rounding.
  if (rate > 0.0 && 1e6 / rate > 1e6 / kMinRateHz + 1.0)
    rate_reason = fmt::format(
        "the frame rate is {:.1f} frames/s, too low for gait events (a frame every {:.1f} ms): they need "
        "a frame at least every {:.1f} ms (24 frames/s; Stenum et al. 2021 validated them at {:.0f}, a "
        "frame every {:.0f} ms); film at 30 frames/s or more",
        rate, 1e3 / rate, 1e3 / kMinRateHz, kValidatedRateHz, 1e3 / kValidatedRateHz);
  else if (rate > 0.0 && rate < kValidatedRateHz - 0.05)
    w.notes.push_back(fmt::format(
        "filmed at {:.1f} frames/s: the events' time resolution is one frame, {:.1f} ms ({:.0f} % coarser "
        "than the {:.0f} ms at which they were validated: Stenum et al. 2021, {:.0f} frames/s)",
        rate, 1e3 / rate, 100.0 * (kValidatedRateHz / rate - 1.0), 1e3 / kValidatedRateHz, kValidatedRateHz));
  w.rate_hz = rate;
  w.first_frame = best_a;
  std::size_t n = best_b - best_a + 1;
  w.t_s.resize(n);
  w.filled.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) w.t_s[i] = t_of(best_a + i);

  // Copy, filling gaps linearly between the usable frames around them.
  std::array<std::array<std::vector<double>, 10>, 2> raw;
  for (auto& leg : raw)
    for (auto& v : leg) v.assign(n, kMissingValue);
  std::size_t prev = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t f = best_a + i;
    if (usable[f]) {
      for (std::size_t s = 0; s < 2; ++s)
        for (std::size_t k = 0; k < 10; ++k) raw[s][k][i] = pts[f][s].xy[k];
      if (i > prev + 1) {
        for (std::size_t g = prev + 1; g < i; ++g) {
          w.filled[g] = 1;
          const double a = (w.t_s[g] - w.t_s[prev]) / (w.t_s[i] - w.t_s[prev]);
          for (std::size_t s = 0; s < 2; ++s)
            for (std::size_t k = 0; k < 10; ++k)
              raw[s][k][g] = raw[s][k][prev] + a * (raw[s][k][i] - raw[s][k][prev]);
        }
      }
      prev = i;
    }
  }
  if (rate > 2.5 * kCutoffHz) {
    dsp::ZeroPhaseLowpass lp;
    lp.cutoff_hz = kCutoffHz;
    lp.rate_hz = rate;
    for (auto& leg : raw)
      for (auto& v : leg) PHYSIO_CHECK(dsp::lowpass_zero_phase(v, lp));
  }
  for (std::size_t s = 0; s < 2; ++s) {
    LegTrack& lt = w.legs[s];
    lt.hip_x = raw[s][0], lt.hip_y = raw[s][1], lt.knee_x = raw[s][2], lt.knee_y = raw[s][3];
    lt.ankle_x = raw[s][4], lt.ankle_y = raw[s][5], lt.heel_x = raw[s][6], lt.heel_y = raw[s][7];
    lt.toe_x = raw[s][8], lt.toe_y = raw[s][9];
    double vs = 0;
    int vn = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (usable[best_a + i] && std::isfinite(pts[best_a + i][s].visibility)) {
        vs += pts[best_a + i][s].visibility;
        ++vn;
      }
    lt.mean_visibility = vn > 0 ? vs / vn : -1;
  }
  w.pelvis_x.resize(n);
  for (std::size_t i = 0; i < n; ++i) w.pelvis_x[i] = 0.5 * (w.legs[0].hip_x[i] + w.legs[1].hip_x[i]);

  // The longest pass one way: half-second windows in which the pelvis moves at least kMinWalkLegsPerS, in
  // runs of one direction; standing before or after, turning and walking back are left out.
  std::vector<double> both_legs(n);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (const LegTrack& lt : w.legs)
      sum += std::hypot(lt.hip_x[i] - lt.knee_x[i], lt.hip_y[i] - lt.knee_y[i]) +
             std::hypot(lt.knee_x[i] - lt.ankle_x[i], lt.knee_y[i] - lt.ankle_y[i]);
    both_legs[i] = 0.5 * sum;
  }
  const double leg_guess = median(both_legs);
  const std::size_t win = std::max<std::size_t>(static_cast<std::size_t>(std::lround(0.5 * rate)), 1);
  std::vector<int> wdir;
  for (std::size_t i = 0; i + win < n; i += win) {
    const double v = (w.pelvis_x[i + win] - w.pelvis_x[i]) / leg_guess / (w.t_s[i + win] - w.t_s[i]);
    wdir.push_back(v > kMinWalkLegsPerS ? 1 : v < -kMinWalkLegsPerS ? -1 : 0);
  }
  std::size_t pass_a = 0, pass_b = n - 1;
  double pass_travel = -1;
  int pass_dir = 0;
  struct Run {
    std::size_t a, b;
    int dir;
    double travel_px;
  };
  std::vector<Run> runs;
  for (std::size_t k = 0; k < wdir.size();) {
    if (wdir[k] == 0) {
      ++k;
      continue;
    }
    std::size_t e = k;
    while (e + 1 < wdir.size() && wdir[e + 1] == wdir[k]) ++e;
    const std::size_t a = k * win, b = e + 1 == wdir.size() ? n - 1 : (e + 1) * win;
    const double travel_px = std::abs(w.pelvis_x[b] - w.pelvis_x[a]);
    runs.push_back({a, b, wdir[k], travel_px});
    if (travel_px > pass_travel) {
      pass_travel = travel_px;
      pass_a = a;
      pass_b = b;
      pass_dir = wdir[k];
    }
    k = e + 1;
  }
  for (const Run& r : runs)
    if (r.a != pass_a && leg_guess > 0 && r.travel_px / leg_guess >= kMinOtherPassLegs)
      out.other_passes.push_back({best_a + r.a, best_a + r.b, r.dir, r.travel_px / leg_guess});
  if (pass_dir != 0 && (pass_a > 0 || pass_b + 1 < n)) {
    const auto cut = [&](auto& v) {
      v = std::vector(v.begin() + static_cast<std::ptrdiff_t>(pass_a),
                      v.begin() + static_cast<std::ptrdiff_t>(pass_b + 1));
    };
    cut(w.t_s);
    cut(w.filled);
    cut(w.pelvis_x);
    for (LegTrack& lt : w.legs)
      for (auto* v : {&lt.hip_x, &lt.hip_y, &lt.knee_x, &lt.knee_y, &lt.ankle_x, &lt.ankle_y, &lt.heel_x,
                      &lt.heel_y, &lt.toe_x, &lt.toe_y})
        cut(*v);
    w.notes.push_back(
        out.other_passes.empty()
            ? fmt::format("frames {}-{} ({:.2f}-{:.2f} s): the longest stretch walking one way; before and "
                          "after it (standing, turning, walking back) is not analysed",
                          best_a + pass_a, best_a + pass_b, w.t_s.front(), w.t_s.back())
            : fmt::format("frames {}-{} ({:.2f}-{:.2f} s): the longest stretch walking one way",
                          best_a + pass_a, best_a + pass_b, w.t_s.front(), w.t_s.back()));
    best_a += pass_a;
    w.first_frame = best_a;
    n = pass_b - pass_a + 1;
  }

  const double travel = w.pelvis_x.back() - w.pelvis_x.front();
  w.direction = pass_dir != 0 ? pass_dir : travel >= 0 ? 1 : -1;
  w.near_side = w.direction < 0 ? LegSide::kLeft : LegSide::kRight;
  w.near_basis = fmt::format("walking towards the image's {}, the {} side faces the camera",
                             w.direction < 0 ? "left" : "right", leg_side_name(w.near_side));
  // BlazePose's z: smaller is nearer the camera.
  if (seq.skeleton().joint(Joint::kLeftHip).present()) {
    std::vector<double> dz;
    for (std::size_t i = 0; i < n; ++i) {
      auto l = seq.joint(best_a + i, Joint::kLeftHip), r = seq.joint(best_a + i, Joint::kRightHip);
      if (l && r && std::isfinite(l->z) && std::isfinite(r->z))
        dz.push_back(static_cast<double>(l->z - r->z));
    }
    const double m = median(dz);
    if (dz.size() > n / 2 && std::isfinite(m) && m != 0) {
      const LegSide by_depth = m < 0 ? LegSide::kLeft : LegSide::kRight;
      if (by_depth == w.near_side)
        w.near_basis += "; the landmarks' depth agrees";
      else
        w.notes.push_back(
            fmt::format("the landmarks' depth puts the {} side nearer the camera, the walking direction "
                        "the {} side: the person may be walking backwards; the walking direction is used",
                        leg_side_name(by_depth), leg_side_name(w.near_side)));
    }
  }

  const LegTrack& nl = w.leg(w.near_side);
  std::vector<double> legs_px(n);
  for (std::size_t i = 0; i < n; ++i)
    legs_px[i] = std::hypot(nl.hip_x[i] - nl.knee_x[i], nl.hip_y[i] - nl.knee_y[i]) +
                 std::hypot(nl.knee_x[i] - nl.ankle_x[i], nl.knee_y[i] - nl.ankle_y[i]);
  w.leg_length_px = median(legs_px);
  const std::size_t third = std::max<std::size_t>(n / 3, 1);
  w.leg_length_first_px = median({legs_px.begin(), legs_px.begin() + static_cast<std::ptrdiff_t>(third)});
  w.leg_length_last_px = median({legs_px.end() - static_cast<std::ptrdiff_t>(third), legs_px.end()});
  if (!(w.leg_length_px > 0)) {
    app.refuse(
        "the legs have no length in the image (hip, knee and ankle at one point): not a person in view");
    if (!rate_reason.empty()) app.refuse(rate_reason);
    return out;
  }

  // Walking across: the pass covers enough ground.
  const double travel_legs = std::abs(travel) / w.leg_length_px;
  const double dur = w.t_s.back() - w.t_s.front();
  if (travel_legs < kMinTravelLegs)
    app.refuse(
        fmt::format("the person is not walking across the view: the longest stretch walking one way moves "
                    "the pelvis {:.1f} "
                    "leg lengths in {:.1f} s (a walk of two strides covers at least {:.1f}); film the person "
                    "walking past "
                    "the camera, from the side, in one straight pass, with the camera still (a camera that "
                    "turns to follow "
                    "the person, or a treadmill, keeps the person in one place in the image)",
                    travel_legs, dur, kMinTravelLegs));
  // Side view: the shoulders nearly overlap.
  if (sk.joint(Joint::kLeftShoulder).present() && sk.joint(Joint::kRightShoulder).present()) {
    std::size_t wide = 0, seen = 0;
    std::vector<double> ratios;
    for (std::size_t i = 0; i < n; ++i) {
      auto ls = seq.joint(best_a + i, Joint::kLeftShoulder),
           rs = seq.joint(best_a + i, Joint::kRightShoulder);
      if (!ls || !rs) continue;
      const double mx = 0.5 * (ls->x + rs->x) * sx, my = 0.5 * (ls->y + rs->y) * sy;
      const double hx = w.pelvis_x[i], hy = 0.5 * (w.legs[0].hip_y[i] + w.legs[1].hip_y[i]);
      const double torso = std::hypot(mx - hx, my - hy);
      if (!(torso > 0)) continue;
      const double r = std::abs(static_cast<double>(ls->x - rs->x)) * sx / torso;
      ratios.push_back(r);
      ++seen;
      if (r > kSideViewMaxWidth) ++wide;
    }
    if (seen > 0 && wide * 2 > seen)
      app.refuse(fmt::format(
          "film from the side: the shoulders are {:.2f} torso lengths apart (median), over {:.2f} in "
          "{:.0f} % of frames; in a side view they overlap (under {:.2f}); the camera sees the "
          "person from the front, the back or at an angle",
          median(ratios), kSideViewMaxWidth, 100.0 * static_cast<double>(wide) / static_cast<double>(seen),
          kSideViewMaxWidth));
  }

  if (!rate_reason.empty()) app.refuse(rate_reason);
  if (best_a > 0 || best_a + n < n_all)
    w.notes.push_back(fmt::format("frames {}-{} ({:.2f}-{:.2f} s) analysed", best_a, best_a + n - 1,
                                  w.t_s.front(), w.t_s.back()));
  return out;
}

}  // namespace physio::gait
