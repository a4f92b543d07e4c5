#pragma once
/// What stays on the floor or the support during an exercise (the definition's `contact`), and the check that
/// it does, shared by the whole set (BodyMonitor) and each repetition (rep_not_counted), batch and live.
///
/// Contract: ContactTracker (frames in time order; points in image pixels, y down)
///   push   : one frame's ContactFrame and its time (s). Each foot is followed by its sole point (the
///            lower of heel and toe; for `forefeet` the toe, so that a heel raise keeps it down; the ankle
///            when the skeleton has no foot landmarks, and then `forefeet` has no vertical check) and its
///            place across (the mean x of its points). Where the foot stands: its floor line, estimated over
///            the frames so far in which the foot is seen (the kFloorPercentile-th percentile of its sole's
///            height, counted from the ground: most of a set is spent standing, and a few frames of a
///            landmark guessed too low or too high do not move it), and its place, the median x of the
///            frames so far in which it is seen (from 3 on). The two feet are matched to their places by
///            where they stand, not by their left/right labels, which a pose model swaps in profile. The
///            pelvis (mid-hip) has its standing line: the highest level it holds while both feet are on their
///            floor lines (the kFloorPercentile-th percentile, over those frames only, so that a jump never
///            raises it). A flight (a jump): both soles more than kFlightTorso torso lengths above their
///            floor lines AND the pelvis more than kFlightTorso above its standing line, together, in frames
///            lasting at least kMinFlightS. One foot has stepped when its sole is more than kFootMoveTorso
///            above its floor or its place more than kFootMoveTorso away, from where it stood and from the
///            other foot both (a camera drifting moves both feet in the picture), while the other foot stands
///            on its floor in its place (within kFlightTorso and kFootMoveTorso), for at least kMinStepS. The
///            hips and the shoulders (mid-hip, mid-shoulder) are followed the same way with
///            kSupportMoveTorso, for at least kMinStepS. Confidence: a finding is made only from points the
///            model sees (ContactFrame's `seen` flags: visibility >= kSeenVisibility, body_checks.hpp): a
///            frame in which a point it needs is hidden (a foot behind a knee, the bar, the other leg or the
///            image's edge) is uncertain, counted in uncertain_frames(), and never a reason to refuse.
///            A person lost and found again more than kRefoundTorso from where the hips were: every floor
///            line, place and standing line is learnt again from that frame (findings made stay). The body
///            held longer than kRescaleGrowth more than the torso its places were learnt at: the same, and
///            the findings made since then are withdrawn (measured against a body at another scale).
///   broken : feet, forefeet: a flight, or a foot stepped, or both feet moved in opposite directions across
///            the picture (apart and together, as in jumping jacks) for at least kMinStepS; standing_foot: a
///            flight, or each foot stepped at some time (no foot stood still); hips, shoulders: the point
///            lifted or moved.
///   reason : what to do first ("Keep your feet on the floor"), then what was seen and when.
/// Scale: the torso length (neck to mid-hip), the largest held for 3 frames running (a trunk leaning towards
/// the camera only looks shorter). The thresholds are body proportions, not fitted to any recording: the
/// torso is about 0.29 and the foot about 0.15 of body height (Drillis and Contini 1966), so half a foot's
/// length is about 0.25 torso lengths (13 cm at 1.75 m).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace physio::exercise {

/// A part of the body that stays on the floor or the support, in its place, for the whole exercise.
enum class Contact : std::uint8_t {
  kFeet,          ///< both feet flat on the floor where they stand (squat, sit-to-stand, inline lunge)
  kForefeet,      ///< the balls of both feet on the floor where they stand; the heels may rise (heel raise)
  kStandingFoot,  ///< one foot stays flat where it stands, the other may move (leg raise, side lunge)
  kHips,          ///< the pelvis stays on the seat or the mat (seated or lying exercises)
  kShoulders,     ///< the shoulders stay on the mat (lying exercises)
};
std::string_view contact_name(Contact c);  ///< "feet", "forefeet", "standing_foot", "hips", "shoulders"
std::optional<Contact> parse_contact(std::string_view s);
/// "both feet stay flat on the floor, where they stand" (for the preconditions' list).
std::string contact_words(Contact c, std::string_view position);

/// Half a foot's length: a planted foot moves less (only the landmarks' noise); a step moves it a foot or
/// more; jumping jacks move each foot about a shoulder width.
inline constexpr double kFootMoveTorso = 0.25;
/// Both soles and the pelvis this far above where they stand (about 4 % of body height, 7 cm at 1.75 m) is a
/// flight phase: higher than a planted foot's landmarks move, lower than a hop clears.
inline constexpr double kFlightTorso = 0.15;
/// A flight lasts at least this long. Ballistics: a body whose jump clears h above the floor is above the
/// floor for 2 sqrt(2 h / g); clearing 7 cm (kFlightTorso) takes 0.24 s, and a countermovement jump of
/// healthy adults lasts 0.4-0.6 s in the air (Bosco, Luhtanen and Komi 1983, Eur J Appl Physiol 50:273,
/// the flight-time method). A flight shorter than 0.1 s would clear under 1.2 cm: not a jump, but landmarks
/// that moved for a frame or two (a foot hidden by the knees, the bar or the hands).
inline constexpr double kMinFlightS = 0.1;
/// A foot out of its place (a step), or both feet moved apart or together, for at least this long. A step
/// swings the foot for 40 % of a gait cycle (Perry and Burnfield, Gait Analysis, 2nd ed. 2010): 0.34 s
/// even at a brisk 140 steps/min, and the foot then stands in its new place; jumping jacks hold each
/// position for longer. A foot's landmarks that leave its place for less than 0.2 s are the pose model's
/// noise (in profile, a foot on its toes or hidden by the other leg), not a step.
inline constexpr double kMinStepS = 0.2;
/// The feet are matched to their places the other way round from their labels when that moves them less
/// than this fraction of keeping the labels (the same margin as the angles' left/right swap repair,
/// kinematics/angles/swaps.hpp).
inline constexpr double kFeetSwapRatio = 0.5;
/// The floor line of a foot and the standing line of the pelvis: this percentile of their height over the
/// frames seen (90: the level the point holds at its lowest, or highest, for a tenth of the set, robust to
/// a few frames of a misplaced landmark).
inline constexpr double kFloorPercentile = 90.0;
/// The pelvis or the shoulders leaving the seat or the mat, or moving on it.
inline constexpr double kSupportMoveTorso = 0.25;

/// A person lost for a frame or more and found again further than this from where the hips were (torso
/// lengths; the one-person check's jump, body_checks.hpp kMaxJumpTorso): the places and lines learnt before
/// were of the pose model's search for the person, or of a moved camera, and are learnt again from there.
inline constexpr double kRefoundTorso = 0.5;

/// The body found larger than at any time since its places were learnt, by this fraction of the torso length
/// it was learnt at: the places, lines and findings since then are of a body seen at another scale and are
/// learnt again from here (ContactTracker). A torso looks shorter than it is when the trunk leans towards or
/// away from the camera, never longer, so the longest torso held only grows when the person comes nearer the
/// camera or the pose model's fit of the body was too small (a low-light clip's first 0.4 s at 15 frames/s:
/// the torso 0.65 of its length, the hips 0.5 of it from where they sit, then the man's own size). A quarter:
/// well beyond the held torso's own variation on the shared clips once found (under 10 %).
inline constexpr double kRescaleGrowth = 0.25;

struct Point2 {
  double x = 0.0, y = 0.0;
};

/// One frame's points the contact check follows (pixels, y down); a missing point is nullopt.
struct ContactFrame {
  double torso = 0.0;  ///< neck to mid-hip; 0 when not seen
  struct Foot {
    std::optional<double>
        x;  ///< x of the toe (the ball of the foot), else the mean of the ankle and heel found
    std::optional<double> sole_y;  ///< the lower of heel and toe (the ankle without foot landmarks)
    std::optional<double> toe_y;   ///< the toe alone (none without foot landmarks)
    bool seen = true;              ///< every landmark the foot's points come from is seen
  };
  std::array<Foot, 2> feet;  ///< left, right
  std::optional<Point2> hips, shoulders;
  bool hips_seen = true, shoulders_seen = true;  ///< both hips (shoulders) seen
};

class ContactTracker {
 public:
  explicit ContactTracker(std::vector<Contact> contacts);
  void push(const ContactFrame& f, double t_s);
  bool broken() const;
  /// Findings (a frame's flight, or a support's lift) left open because a point they need was hidden.
  std::size_t uncertain_frames() const { return uncertain_; }
  /// Why the contact did not hold, in words with what to do ("" when it held). `name`: the exercise's name;
  /// `position`: its starting position (the hips leave "the seat" or "the mat"); `times`: say when.
  std::string reason(std::string_view name, std::string_view position, bool times) const;

 private:
  struct Follow {            // one point that stays: its floor and place
    std::vector<double> ys;  // the heights seen so far (image y), sorted
    std::optional<double> floor_y;
    std::vector<double> xs;  // the places across seen so far (image x), sorted
    std::optional<double> place_x;
    double lift = 0.0, shift = 0.0;  // this frame's, torso lengths
    bool known = false;              // this frame's lift and shift were measured
    /// The floor: the lowest level the point holds (kFloorPercentile of its image y). `seen` false: the
    /// point is a guess, kept out of the floor and place and not judged (known stays false).
    void push(std::optional<double> x, std::optional<double> y, double torso, bool seen);
  };
  struct Episode {  // a stretch of frames with the same failure, its start and its largest size
    double t_s = 0.0, size = 0.0;
  };
  std::array<ContactFrame::Foot, 2> feet_in_place(const std::array<ContactFrame::Foot, 2>& in);

  std::vector<Contact> contacts_;
  std::array<double, 3> recent_torso_{};
  std::size_t n_torso_ = 0;
  double torso_ = 0.0;
  std::array<Follow, 2> foot_;
  std::optional<double> last_foot_x_[2];  // the last frame's feet across, after matching them to their places
  Follow hips_, shoulders_;
  std::vector<double> pelvis_grounded_;  // the pelvis's image y in frames with both feet on the floor, sorted
  double last_t_ = 0.0, frame_s_ = 0.0;
  std::optional<Point2> last_hips_;  // the mid-hip of the last frame pushed
  std::size_t uncertain_ = 0;
  std::vector<Episode> flights_, apart_, steps_[2], hips_moved_, shoulders_moved_;
  /// The torso length the current places are learnt at, and how many findings each list held then.
  double learnt_torso_ = 0.0;
  std::array<std::size_t, 6> findings_at_learning_{};
  /// Forgets every place, line and match learnt (the person is followed afresh from the next frame).
  void forget_places();
  std::array<std::vector<Episode>*, 6> findings();
  struct Run {  // a stretch of frames with a finding (a flight, a foot out of place): start, largest size,
                // noted
    std::optional<double> start_s;
    double size = 0.0;
    bool noted = false;
  };
  /// Notes an episode once `now` has held for `min_s` (from its first frame to the end of this one).
  void sustain(std::vector<Episode>& v, bool now, Run& run, double t_s, double size,
               double min_s = kMinStepS);
  Run flight_run_, apart_run_, step_run_[2], hips_run_, shoulders_run_;
  std::size_t straight_ = 0, swapped_ = 0;  // frames whose feet matched their places as labelled, swapped
  bool forefeet_on_ = false, feet_on_ = false, standing_on_ = false, hips_on_ = false, shoulders_on_ = false;
};

}  // namespace physio::exercise
