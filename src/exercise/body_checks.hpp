#pragma once
/// The preconditions read from the image landmarks, one frame at a time, shared by the batch check
/// (applicability.hpp) and the live analyser (live_landmarks.hpp), so both judge a set by the same rules.
///
/// Contract: body_frame
///   inputs : one frame of image landmarks (normalised or pixels), its skeleton, the pixel scale.
///   outputs: BodyFrame: hip centre, neck, torso length, shoulder and hip widths (only from landmarks seen:
///            visibility >= kSeenVisibility or none given), the points the contact check follows (each
///            foot's ankle, heel and toe; the mid-hip and mid-shoulder: contact.hpp). `seen` false when the
///            hips or the neck are missing.
///
/// Contract: BodyMonitor (one per set, frames in time order)
///   push   : a BodyFrame and its time. Tracks (1) one person: the hips never jump by more than
///            kMaxJumpTorso torso lengths plus what walking covers in the time since the last frame seen
///            (kWalkTorsoPerS; compared across gaps up to kMaxGapS; not within the first kSettleFrames), (2)
///            the person leaving: out of view for more than kMaxAbsenceS and back, (3) upright: the neck
///            below the hips for at least kMinUpsideDownS, (4) the view: the shoulders (or, when a shoulder
///            is hidden by equipment or an arm, the hips) overlapping or apart, (5) what the exercise keeps
///            on the floor or the support stays there (the exercise's `contact`: no jump, no step, no feet
///            moving apart and together, staying seated: contact.hpp).
///   verdict: the refusals so far, each naming what to change ("Film from the side", "Only one person in
///            view").
///
/// Contract: rep_not_counted
///   inputs : the exercise, one repetition, the body frames of its frames (empty for 3D-only input).
///   outputs: why it is not counted, in words, or "" when it counts: partial (the recording ends before it
///            is back at rest), a duration outside kMinTempoFraction x tempo_min (with the pause at rest
///            before it) .. kMaxTempoFactor x tempo_max (outside_rhythm), a range under kMinRangeFraction of
///            the exercise's typical range, a start (its rest) already past the exercise's typical end
///            position (target_range_deg's second value: bobbing in a held half squat), one side only in a
///            two-sided exercise, the body travelling across the view (walking: more than kMaxTravelTorso
///            torso lengths between the repetition's start and end), for a view_by_plane exercise the moving
///            segment leaving the image plane (its picture length under kMinInPlaneLength of its longest in
///            the repetition: the wrong view for this posture), or what the exercise keeps on the floor or
///            the support not staying there during it (a jump, a step, the feet moving apart and together,
///            the hips leaving the seat: the exercise's `contact`, contact.hpp, over the repetition's
///            frames).
/// The thresholds are physical (torso lengths, walking speed) or fractions of the exercise's own
/// documented range and tempo, not fitted to any recording.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/applicability.hpp"
#include "core/time.hpp"
#include "exercise/contact.hpp"
#include "exercise/exercise.hpp"
#include "exercise/metrics.hpp"
#include "kinematics/angles/swaps.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

/// Whether an exercise of this starting position is done upright (standing, sitting, kneeling): only those
/// are refused for the neck below the hips. Lying on the back, the front or the side, and on all fours,
/// the neck is level with the hips or below them (a bridge lifts the hips above the shoulders).
bool upright_position(std::string_view position);

inline constexpr double kMinRangeFraction = 0.4;
inline constexpr double kMaxJumpTorso = 0.5, kWalkTorsoPerS = 3.0, kMaxGapS = 0.5;
/// A jump within the first frames the person is seen in is the pose model settling on a body it has just
/// found (its first frame's landmarks come from the detector's box), not a switch: 3 frames, as the contact
/// check's floor line and place need (contact.hpp).
inline constexpr std::size_t kSettleFrames = 3;
/// Side view: shoulders closer than 0.45 torso lengths. Hip joint centres are about half as far apart as the
/// shoulders (about 0.1 and 0.2 of body height, Drillis and Contini's segment proportions), so the same turn
/// of the body narrows them to half that: kSideViewMaxHipWidth.
inline constexpr double kSideViewMaxWidth = 0.45, kSideViewMaxHipWidth = 0.5 * kSideViewMaxWidth;
/// A landmark is seen when its visibility is at least this (MediaPipe's own threshold), or has none, and (for
/// normalised coordinates) it lies inside the picture.
inline constexpr double kSeenVisibility = 0.5;
/// The view judged by the plane of the movement (Exercise::view_by_plane): in a repetition the moving
/// segment keeps at least this share of its longest length in the picture. A segment turned an angle a out of
/// the image plane shows cos a of its length: 0.5 is 60 deg out of it, so a movement across the picture
/// filmed up to about 30 deg off square (an oblique camera) passes, and one towards the camera (elbow flexion
/// with the arm by the side, filmed from the front: the forearm points at the lens at 90 deg) does not.
inline constexpr double kMinInPlaneLength = 0.5;
/// The neck below the hips counts only held this long (from its first frame to the first frame after it):
/// a flip or a fall keeps the head down for a quarter turn of the body or more (a somersault turns in about
/// 0.5-1 s), while a pose model's glitch, or a close-up it reads wrongly, lasts a frame or two (under 0.1 s
/// at 25-30 frames/s).
inline constexpr double kMinUpsideDownS = 0.2;
/// Out of view longer than this and back: the person may not be the same (as identity's "reacquired").
inline constexpr double kMaxAbsenceS = 1.0;
/// A repetition lasts between 0.75 x the exercise's shortest and 1.5 x its longest typical duration.
/// Its duration against the shortest counts the pause at rest before it (from the previous movement's end;
/// none before the first movement): a repetition's tempo is written as its phases, the pause at the start
/// position among them (Wilk et al., Sports Med 2021), and a person who rests between repetitions and
/// then moves briskly does repetitions no faster than the exercise's rhythm. A movement straight out of the
/// previous one has no pause to count. Against the longest, the movement alone.
inline constexpr double kMinTempoFraction = 0.75, kMaxTempoFactor = 1.5;
/// Outside the exercise's rhythm: too fast (< 0) or too slow (> 0), 0 when within it.
int outside_rhythm(const Exercise& ex, const RepMetrics& r);
/// An exercise done in place ends where it started; walking covers about 3 torso lengths a second, so more
/// than one torso length (about half a metre) between a repetition's start and end is travel.
inline constexpr double kMaxTravelTorso = 1.0;
/// Sides: a bilateral exercise's smaller side moves at least a quarter of the larger side's range (median
/// over repetitions; a patient favouring one knee stays well above, a one-legged movement falls below); a
/// unilateral exercise whose other side rests has that side moving under 80 % of the working side's range.
inline constexpr double kMinBilateralRatio = 0.25, kMaxOtherSideRatio = 0.8;

/// A set shows the person in at least this share of its frames. Found in fewer, most of the set is not in
/// view: what is measured stands for less than half of it, and the landmarks of a body mostly out of the
/// picture (only the legs, only the calves) are the pose model's guesses, so the framing is the one reason
/// given (batch and live alike).
inline constexpr double kMinInViewShare = 0.5;
/// The refusal for a set that shows the person in `with_person` of its `frames` frames over `duration_s`,
/// or "" when that is at least kMinInViewShare of them.
std::string mostly_out_of_view(const Exercise& ex, std::size_t with_person, std::size_t frames,
                               double duration_s);

struct BodyFrame {
  bool seen = false;
  double hip_x = 0.0, hip_y = 0.0;  ///< pixels when the image size is known, else the file's units
  double neck_y = 0.0;
  double torso = 0.0;  ///< neck to hip centre
  std::optional<double> shoulder_width, hip_width;
  /// Each forearm's length in the picture (elbow to wrist, left and right), from seen landmarks only.
  std::array<std::optional<double>, 2> forearm;
  ContactFrame contact;  ///< the points the contact check follows (contact.hpp)
};

BodyFrame body_frame(std::span<const kin::Landmark> frame, const kin::Skeleton& skeleton, double sx,
                     double sy);
/// The body frames of a sequence in image coordinates (empty for 3D input), read with the left/right labels
/// and the legs drawn at one place repaired as the angles read them: `repair`, the one the analysis found
/// (ExerciseResult::labels), else found here (kinematics/angles/swaps.hpp repair_labels). A foot the pose
/// model drew onto the other for a few frames is not the feet moving together. The live analyser reads the
/// label window's `picture`, repaired alike.
std::vector<BodyFrame> body_frames(const kin::LandmarkSequence& seq,
                                   const kin::LabelRepair* repair = nullptr);
/// The pixel scale of a sequence's coordinates (image size for normalised ones, else 1).
std::pair<double, double> pixel_scale(const kin::LandmarkSequence& seq);

class BodyMonitor {
 public:
  /// `absences`: refuse a set the person left and came back to (live: nobody checks who came back).
  explicit BodyMonitor(const Exercise& ex, bool absences = false)
      : ex_(&ex), absences_checked_(absences), contact_(ex.contact) {}
  /// t_s: seconds from the set's first frame.
  void push(const BodyFrame& b, double t_s);
  /// The refusals so far (valid when none).
  Applicability verdict() const;
  /// Which preconditions fail so far, one bit each (kPersonSwitch, ...): what a live set reports as it goes.
  unsigned failures() const;
  /// The refusal for one bit of failures(), in words with what to change ("" when that one holds).
  std::string reason(unsigned bit) const;
  static constexpr unsigned kPersonSwitch = 1, kAbsence = 2, kUpsideDown = 4, kWrongView = 8, kContact = 16;
  /// Every bit of failures(), in the order reasons are given.
  static constexpr unsigned kAll[] = {kPersonSwitch, kAbsence, kUpsideDown, kWrongView, kContact};
  /// The view seen most so far (kAny before any frame shows it).
  View seen_view() const;
  /// Frames in which the person was seen.
  std::size_t frames_seen() const { return seen_; }

 private:
  const Exercise* ex_;
  bool absences_checked_ = false;
  std::vector<double> switches_s_;
  std::vector<std::pair<double, double>> absences_;  ///< (start, length) s of absences with a return
  std::size_t upside_down_ = 0, seen_ = 0, narrow_ = 0, wide_ = 0;
  /// The neck below the hips now: since when, in how many frames (counted once it lasts kMinUpsideDownS).
  std::optional<double> upside_since_s_;
  std::size_t upside_run_ = 0;
  std::size_t upside_down_now() const;
  ContactTracker contact_;
  std::optional<BodyFrame> prev_;
  double prev_t_ = 0.0;
};

/// Why `r` is not counted ("" when it counts); see the contract above.
/// A repetition starting at the first frame, or ending at the last, still counts here (recordings cut
/// tightly round their repetitions, as UI-PRMD's, count every one); the applicability check does not take
/// such a repetition as the complete one a recording must hold.
/// `side`: the analysed side ("left", "right"; "" or "both": the two sides' forearms, the one that moves
/// less out of the image plane), for the plane check of view_by_plane exercises.
std::string rep_not_counted(const Exercise& ex, const RepMetrics& r, std::span<const BodyFrame> body,
                            std::string_view side = "");

/// "film from the side (the person stands sideways to the camera)" for the exercise's preferred view.
std::string view_advice(const Exercise& ex);

}  // namespace physio::exercise
