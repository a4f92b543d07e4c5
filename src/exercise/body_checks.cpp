#include "exercise/body_checks.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "kinematics/angles/swaps.hpp"

namespace physio::exercise {
namespace {

struct Xy {
  double x = 0.0, y = 0.0;
};

double dist(Xy a, Xy b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

// A common joint in the frame, scaled to pixels; `need_seen`: nullopt when a landmark it comes from is
// hidden (visibility under kSeenVisibility; a source without visibility counts as seen).
std::optional<Xy> joint_xy(std::span<const kin::Landmark> frame, const kin::Skeleton& sk, kin::Joint j,
                           double sx, double sy, bool need_seen) {
  const kin::JointSource s = sk.joint(j);
  if (!s.present()) return std::nullopt;
  auto get = [&](int i) -> std::optional<Xy> {
    if (i < 0 || static_cast<std::size_t>(i) >= frame.size()) return std::nullopt;
    const kin::Landmark& l = frame[static_cast<std::size_t>(i)];
    if (l.missing()) return std::nullopt;
    if (need_seen && l.visibility < kSeenVisibility) return std::nullopt;  // NaN compares false: seen
    // Outside the picture (normalised coordinates: scaled by the image size) a landmark is the model's
    // guess, whatever its visibility (feet below the picture's edge read 0.7-0.9).
    if (need_seen && (sx != 1.0 || sy != 1.0) && (l.x < 0.0f || l.x > 1.0f || l.y < 0.0f || l.y > 1.0f))
      return std::nullopt;
    return Xy{sx * l.x, sy * l.y};
  };
  auto a = get(s.a);
  if (!a || !s.is_midpoint()) return a;
  auto b = get(s.b);
  if (!b) return std::nullopt;
  return Xy{0.5 * (a->x + b->x), 0.5 * (a->y + b->y)};
}

std::string seconds_list(const std::vector<double>& t) {
  std::string out;
  for (std::size_t k = 0; k < t.size() && k < 5; ++k)
    out += fmt::format("{}{:.2f} s", k == 0 ? "" : ", ", t[k]);
  if (t.size() > 5) out += " and later";
  return out;
}

// "knee flexion" of "{side}_knee_flexion".
std::string angle_words(const std::string& sided) {
  std::string base = resolve_side(sided, "");
  if (!base.empty() && base.front() == '_') base.erase(0, 1);
  std::replace(base.begin(), base.end(), '_', ' ');
  return base;
}

std::string position_words(const std::string& position) {
  std::string p = position;
  std::replace(p.begin(), p.end(), '_', ' ');
  return p;
}

// Mean hip position over the first or last `n` seen frames of `body`.
std::optional<Xy> mean_of_seen(std::span<const BodyFrame> body, bool from_end, std::size_t n) {
  double sx = 0.0, sy = 0.0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < body.size() && k < n; ++i) {
    const BodyFrame& b = body[from_end ? body.size() - 1 - i : i];
    if (!b.seen) continue;
    sx += b.hip_x;
    sy += b.hip_y;
    ++k;
  }
  if (k == 0) return std::nullopt;
  return Xy{sx / static_cast<double>(k), sy / static_cast<double>(k)};
}

}  // namespace

bool upright_position(std::string_view position) {
  return position == "standing" || position == "sitting" || position == "kneeling";
}

std::pair<double, double> pixel_scale(const kin::LandmarkSequence& seq) {
  if (seq.space() == kin::CoordSpace::kImageNormalized && seq.image_width > 0 && seq.image_height > 0)
    return {static_cast<double>(seq.image_width), static_cast<double>(seq.image_height)};
  return {1.0, 1.0};
}

BodyFrame body_frame(std::span<const kin::Landmark> frame, const kin::Skeleton& sk, double sx, double sy) {
  using kin::Joint;
  BodyFrame b;
  const auto hip = joint_xy(frame, sk, Joint::kMidHip, sx, sy, false);
  const auto neck = joint_xy(frame, sk, Joint::kNeck, sx, sy, false);
  if (!hip || !neck) return b;
  b.torso = dist(*hip, *neck);
  if (!(b.torso > 0.0)) return b;
  b.seen = true;
  b.hip_x = hip->x;
  b.hip_y = hip->y;
  b.neck_y = neck->y;
  // Widths only from landmarks the model sees: a shoulder hidden by a barbell, an arm or the body itself is a
  // guess, often placed beside the other one.
  const auto ls = joint_xy(frame, sk, Joint::kLeftShoulder, sx, sy, true);
  const auto rs = joint_xy(frame, sk, Joint::kRightShoulder, sx, sy, true);
  if (ls && rs) b.shoulder_width = dist(*ls, *rs);
  const auto lh = joint_xy(frame, sk, Joint::kLeftHip, sx, sy, true);
  const auto rh = joint_xy(frame, sk, Joint::kRightHip, sx, sy, true);
  if (lh && rh) b.hip_width = dist(*lh, *rh);
  const Joint arm_joints[2][2] = {{Joint::kLeftElbow, Joint::kLeftWrist},
                                  {Joint::kRightElbow, Joint::kRightWrist}};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto e = joint_xy(frame, sk, arm_joints[i][0], sx, sy, true);
    const auto w = joint_xy(frame, sk, arm_joints[i][1], sx, sy, true);
    if (e && w) b.forearm[i] = dist(*e, *w);
  }
  // The contact check's points, with whether the model sees them: a foot hidden behind the other leg, the
  // knees, the bar or the image's edge is the model's guess, and the check concludes nothing from it.
  ContactFrame& c = b.contact;
  c.torso = b.torso;
  c.hips = Point2{hip->x, hip->y};
  c.shoulders = Point2{neck->x, neck->y};
  c.hips_seen = lh && rh;
  c.shoulders_seen = ls && rs;
  const Joint foot_joints[2][3] = {{Joint::kLeftAnkle, Joint::kLeftHeel, Joint::kLeftBigToe},
                                   {Joint::kRightAnkle, Joint::kRightHeel, Joint::kRightBigToe}};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto ankle = joint_xy(frame, sk, foot_joints[i][0], sx, sy, false);
    const auto heel = joint_xy(frame, sk, foot_joints[i][1], sx, sy, false);
    const auto toe = joint_xy(frame, sk, foot_joints[i][2], sx, sy, false);
    // Where the foot stands: the ball of the foot (the toe landmark), which stays put when the heel rises
    // (the back foot of a lunge, a heel raise) and moves with any step; the mean of what is seen without it.
    double sum = 0.0;
    int n = 0;
    for (const auto& p : {ankle, heel, toe})
      if (p) {
        sum += p->x;
        ++n;
      }
    ContactFrame::Foot& foot = c.feet[i];
    if (toe)
      foot.x = toe->x;
    else if (n > 0)
      foot.x = sum / n;
    if (heel || toe)
      foot.sole_y = std::max(heel ? heel->y : toe->y, toe ? toe->y : heel->y);
    else if (ankle)
      foot.sole_y = ankle->y;
    if (toe) foot.toe_y = toe->y;
    for (std::size_t k = 0; k < 3; ++k)
      if (joint_xy(frame, sk, foot_joints[i][k], sx, sy, false) &&
          !joint_xy(frame, sk, foot_joints[i][k], sx, sy, true))
        foot.seen = false;
  }
  return b;
}

std::string mostly_out_of_view(const Exercise& ex, std::size_t with_person, std::size_t frames,
                               double duration_s) {
  if (frames == 0 || static_cast<double>(with_person) >= kMinInViewShare * static_cast<double>(frames))
    return "";
  return fmt::format(
      "a person was found in {} of the {} frames ({:.0f} % of {:.1f} s): most of the set is not in the "
      "picture (or too dark or blurred for the body to be found), so {} cannot be measured from it. Film the "
      "patient with the whole body in view for the whole set, 2 to 3 metres from the camera, in good light",
      with_person, frames, 100.0 * static_cast<double>(with_person) / static_cast<double>(frames), duration_s,
      ex.name);
}

std::vector<BodyFrame> body_frames(const kin::LandmarkSequence& seq, const kin::LabelRepair* repair) {
  std::vector<BodyFrame> out;
  if (seq.is_3d()) return out;
  const auto [sx, sy] = pixel_scale(seq);
  // Read with the labels repaired as the measures are (compute_angles): a foot the pose model drew onto the
  // other for a few frames in profile is read between its neighbours, not as feet moving together.
  // A known repair that changes nothing (a clean recording) needs no copy of the set.
  const bool nothing_to_repair = repair && repair->swapped_leg_frames.empty() &&
                                 repair->swapped_arm_frames.empty() && repair->merged_leg_frames.empty();
  std::optional<kin::LandmarkSequence> repaired;
  if (!nothing_to_repair) {
    repaired.emplace(seq);
    if (repair)
      kin::apply_label_repair(*repaired, *repair);
    else
      kin::repair_labels(*repaired);
  }
  const kin::LandmarkSequence& picture = repaired ? *repaired : seq;
  out.reserve(picture.n_frames());
  for (std::size_t f = 0; f < picture.n_frames(); ++f)
    out.push_back(body_frame(picture.frame(f), picture.skeleton(), sx, sy));
  return out;
}

void BodyMonitor::push(const BodyFrame& b, double t_s) {
  if (!b.seen) return;  // a short gap: compared across it
  ++seen_;
  // Only an exercise done upright is refused for the neck below the hips: lying, it is where the neck is (a
  // bridge lifts the hips above the shoulders).
  const bool upright = upright_position(ex_->position);
  if (upright && b.neck_y > b.hip_y + 0.25 * b.torso) {
    if (!upside_since_s_) upside_since_s_ = t_s;
    ++upside_run_;
  } else if (upside_since_s_) {
    // The run ends at this frame: it lasted from its first frame to this one.
    if (t_s - *upside_since_s_ >= kMinUpsideDownS) upside_down_ += upside_run_;
    upside_since_s_.reset();
    upside_run_ = 0;
  }
  if (ex_->view_by_plane) {
    // The view is judged per repetition by the plane of the movement (rep_not_counted).
  } else if (b.shoulder_width) {
    (*b.shoulder_width / b.torso < kSideViewMaxWidth ? narrow_ : wide_) += 1;
  } else if (b.hip_width) {
    (*b.hip_width / b.torso < kSideViewMaxHipWidth ? narrow_ : wide_) += 1;
  }
  if (prev_) {
    const double dt = t_s - prev_t_;
    // Half a torso between frames, plus what a walking person covers in the time between them (3 torso
    // lengths per second, about 1.5 m/s).
    // A jump from the person's first frames (fewer than kSettleFrames seen) is the pose model settling on
    // the body it has just found, not a switch: nothing has been followed yet to switch from.
    if (dt <= kMaxGapS && std::hypot(b.hip_x - prev_->hip_x, b.hip_y - prev_->hip_y) >
                              (kMaxJumpTorso + kWalkTorsoPerS * dt) * std::max(b.torso, prev_->torso)) {
      if (seen_ > kSettleFrames) switches_s_.push_back(t_s);
    }
    if (absences_checked_ && dt > kMaxAbsenceS) absences_.emplace_back(prev_t_, dt);
  }
  contact_.push(b.contact, t_s);
  prev_ = b;
  prev_t_ = t_s;
}

std::size_t BodyMonitor::upside_down_now() const {
  // A run still under way counts once it has lasted kMinUpsideDownS up to the last frame seen.
  const bool run_counts = upside_since_s_ && prev_t_ - *upside_since_s_ >= kMinUpsideDownS;
  return upside_down_ + (run_counts ? upside_run_ : 0);
}

View BodyMonitor::seen_view() const {
  if (narrow_ + wide_ == 0) return View::kAny;
  return narrow_ > wide_ ? View::kSide : View::kFront;
}

std::string view_advice(const Exercise& ex) {
  switch (ex.view) {
    case View::kSide:
      return "Film from the side: the person stands sideways to the camera";
    case View::kFront:
      return "Film from the front: the person faces the camera";
    case View::kAny:
      break;
  }
  return "Film the whole body";
}

unsigned BodyMonitor::failures() const {
  unsigned f = 0;
  if (!switches_s_.empty()) f |= kPersonSwitch;
  if (!absences_.empty()) f |= kAbsence;
  if (upside_down_now() > 0) f |= kUpsideDown;
  if (seen_ > 0 && narrow_ + wide_ > 0 && !view_supported(ex_->views, seen_view())) f |= kWrongView;
  if (contact_.broken()) f |= kContact;
  return f;
}

std::string BodyMonitor::reason(unsigned bit) const {
  if (!(failures() & bit)) return "";
  const Exercise& ex = *ex_;
  switch (bit) {
    case kPersonSwitch:
      return fmt::format(
          "one person must be followed throughout; the hips jump by more than half a torso length between "
          "frames at {}: the landmarks switch between people (or the person left the view). Only one person "
          "in view: film the patient alone, with nobody else in the picture",
          seconds_list(switches_s_));
    case kAbsence: {
      std::string when;
      for (std::size_t k = 0; k < absences_.size() && k < 5; ++k)
        when += fmt::format("{}{:.1f} s for {:.1f} s", k == 0 ? "" : ", ", absences_[k].first,
                            absences_[k].second);
      return fmt::format(
          "the person left the view and came back ({}): it may not be the same person. Keep the whole body "
          "in "
          "view for the whole set",
          when);
    }
    case kUpsideDown:
      return fmt::format(
          "{} is done upright; in {} frame(s) the neck is below the hips (a flip, a fall or lying down). "
          "Film "
          "{} done {}, as described",
          ex.name, upside_down_now(), ex.name, position_words(ex.position));
    case kWrongView: {
      const double side_share = static_cast<double>(narrow_) / static_cast<double>(narrow_ + wide_);
      if (seen_view() == View::kFront)
        return fmt::format(
            "{} is filmed from {}; the shoulders are apart in {:.0f} % of the frames: the person faces the "
            "camera. {}",
            ex.name, views_words(ex.views), 100.0 * (1.0 - side_share), view_advice(ex));
      return fmt::format(
          "{} is filmed from {}; the shoulders overlap in {:.0f} % of the frames: the person is seen from "
          "the "
          "side. {}",
          ex.name, views_words(ex.views), 100.0 * side_share, view_advice(ex));
    }
    case kContact:
      return contact_.reason(ex.name, ex.position, true);
    default:
      return "";
  }
}

Applicability BodyMonitor::verdict() const {
  Applicability a;
  for (unsigned bit : kAll)
    if (std::string r = reason(bit); !r.empty()) a.refuse(std::move(r));
  return a;
}

namespace {

// The forearm's shortest length in the picture over its longest, over the frames of a repetition (NaN when
// fewer than 5 frames see it). The 5th and 95th percentiles: one misplaced wrist does not decide.
double in_plane_share(std::span<const BodyFrame> body, std::size_t side) {
  std::vector<double> len;
  for (const auto& b : body)
    if (b.seen && b.forearm[side]) len.push_back(*b.forearm[side]);
  if (len.size() < 5) return std::nan("");
  std::sort(len.begin(), len.end());
  const double lo = len[len.size() / 20], hi = len[len.size() - 1 - len.size() / 20];
  return hi > 0.0 ? lo / hi : std::nan("");
}

}  // namespace

int outside_rhythm(const Exercise& ex, const RepMetrics& r) {
  if (r.rest_before_s + r.duration_s < kMinTempoFraction * ex.tempo_min_s) return -1;
  return r.duration_s > kMaxTempoFactor * ex.tempo_max_s ? 1 : 0;
}

std::string rep_not_counted(const Exercise& ex, const RepMetrics& r, std::span<const BodyFrame> body,
                            std::string_view side) {
  if (r.cut_at_start)
    return fmt::format(
        "the recording starts during it: at the first frame the {} is already on its way out, away from "
        "the rest position this person returns to, so it began before the recording (until {:.1f} s). "
        "Start filming at rest",
        angle_words(ex.primary_angle), r.end_s);
  if (r.partial)
    return fmt::format(
        "the recording ends before it is complete: the movement reached its furthest point ({:.0f} deg of "
        "{}) "
        "at {:.1f} s and did not return to the start position. Keep filming until the last repetition is "
        "back at rest",
        r.peak_deg, angle_words(ex.primary_angle), r.peak_s);
  const double lo = kMinTempoFraction * ex.tempo_min_s, hi = kMaxTempoFactor * ex.tempo_max_s;
  if (const int off = outside_rhythm(ex, r); off < 0)
    return fmt::format(
        "it lasts {:.1f} s{}, outside the exercise's rhythm: a repetition of {} takes {:.1f}-{:.1f} s. Move "
        "more slowly, through the whole movement",
        r.rest_before_s + r.duration_s,
        r.rest_before_s > 0.0 ? fmt::format(" with the pause before it ({:.1f} s moving)", r.duration_s) : "",
        ex.name, lo, hi);
  else if (off > 0)
    return fmt::format(
        "it lasts {:.1f} s, outside the exercise's rhythm: a repetition of {} takes {:.1f}-{:.1f} s. Move "
        "without stopping midway",
        r.duration_s, ex.name, lo, hi);
  const double range = std::fabs(ex.target_peak_deg - ex.target_rest_deg);
  if (ex.kind == ExerciseKind::kRepetitions && range > 0.0 && r.rom_deg < kMinRangeFraction * range)
    return fmt::format(
        "its {} moved {:.0f} deg, under {:.0f} % of the exercise's typical {:.0f} deg: too small to be a "
        "repetition. Move through the whole range",
        angle_words(ex.primary_angle), r.rom_deg, 100.0 * kMinRangeFraction, range);
  // Where it starts: a repetition from the person's own rest counts wherever that rest is (a knee that does
  // not straighten fully rests bent), but a rest already past the exercise's typical end position is not its
  // start position (bobbing in a held half squat is no mini squat).
  if (ex.kind == ExerciseKind::kRepetitions && range > 0.0) {
    const bool increases = ex.target_peak_deg > ex.target_rest_deg;
    const double start = increases ? r.peak_deg - r.rom_deg : r.peak_deg + r.rom_deg;
    if (increases ? start > ex.target_peak_deg : start < ex.target_peak_deg)
      return fmt::format(
          "it starts at {:.0f} deg of {}, past the exercise's typical end position ({:.0f} deg): {} starts "
          "{}, at about {:.0f} deg. Start each repetition from the start position",
          start, angle_words(ex.primary_angle), ex.target_peak_deg, ex.name, position_words(ex.position),
          ex.target_rest_deg);
  }
  if (ex.laterality == Laterality::kBilateral && r.symmetry_pct >= 0.0 &&
      r.symmetry_pct < 100.0 * kMinBilateralRatio)
    return fmt::format(
        "one side's {} moved {:.0f} % of the other's: a one-sided movement. Move both sides together",
        angle_words(ex.primary_angle), r.symmetry_pct);
  if (!body.empty()) {
    std::vector<double> torso;
    for (const auto& b : body)
      if (b.seen) torso.push_back(b.torso);
    if (!torso.empty()) {
      std::nth_element(torso.begin(), torso.begin() + static_cast<std::ptrdiff_t>(torso.size() / 2),
                       torso.end());
      const double t = torso[torso.size() / 2];
      // Averages of three frames at each end: one noisy frame does not make a step.
      const auto a = mean_of_seen(body, false, 3), b = mean_of_seen(body, true, 3);
      if (a && b && std::fabs(b->x - a->x) > kMaxTravelTorso * t)
        return fmt::format(
            "the body moved {:.1f} torso lengths across the view during it: walking, not {}. Do the exercise "
            "in place",
            std::fabs(b->x - a->x) / t, ex.name);
    }
    // The plane of the movement against the image plane: the forearm keeps its length in the picture when
    // it moves across it; pointing at the camera it looks short. Low visibility leaves it unmeasured.
    if (ex.view_by_plane) {
      double share = std::nan("");
      for (std::size_t i = 0; i < 2; ++i) {
        if ((side == "left" && i == 1) || (side == "right" && i == 0)) continue;
        const double s = in_plane_share(body, i);
        if (!std::isnan(s) && (std::isnan(share) || s > share)) share = s;
      }
      if (!std::isnan(share) && share < kMinInPlaneLength)
        return fmt::format(
            "the forearm moved towards or away from the camera, out of the picture's plane: its length in "
            "the picture fell to {:.0f} % of its full length (under {:.0f} %, {:.0f} deg or more out of the "
            "plane). {} moves in the sagittal plane with the upper arm by the side: film from the side; with "
            "the arm out to the side it moves in the frontal plane: film from the front",
            100.0 * share, 100.0 * kMinInPlaneLength, std::acos(kMinInPlaneLength) * 180.0 / 3.14159265358979,
            ex.name);
    }
    // What stays on the floor or the support, over the repetition's frames (times from its start and end).
    if (!ex.contact.empty()) {
      ContactTracker contact(ex.contact);
      const double step =
          body.size() > 1 ? (r.end_s - r.start_s) / static_cast<double>(body.size() - 1) : 0.0;
      for (std::size_t i = 0; i < body.size(); ++i)
        if (body[i].seen) contact.push(body[i].contact, r.start_s + step * static_cast<double>(i));
      if (contact.broken()) return contact.reason(ex.name, ex.position, false);
    }
  }
  return "";
}

}  // namespace physio::exercise
