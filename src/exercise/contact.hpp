#pragma once
/// What stays on the floor or the support during an exercise (the definition's `contact`), and the check that
/// it does, shared by the whole set (BodyMonitor) and each repetition (rep_not_counted), batch and live.
///
/// Contract: ContactTracker (frames in time order; points in image pixels, y down)
///   push   : one frame's ContactFrame and its time (s). Each foot is followed by its sole point (the
///            lower of heel and toe; for `forefeet` the toe, so that a heel raise keeps it down; the ankle
///            when the skeleton has no foot landmarks, and then `forefeet` has no vertical check) and its
///            place across (the mean x of its points). Where the foot stands: the floor, the lowest sole
///            point held for 3 frames running (the median of 3: one stray frame does not move it), and its
///            place, the mean x of its first 3 frames. Both feet are off the floor when both soles are more
///            than kFlightTorso torso lengths above their floors in one frame; one foot has stepped when its
///            sole is more than kFootMoveTorso above its floor or its place more than kFootMoveTorso away,
///            in two frames running (a hidden foot's guessed landmarks can jump for one frame). The hips and
///            the shoulders (mid-hip, mid-shoulder) are followed the same way with kSupportMoveTorso.
///   broken : feet, forefeet: both feet off the floor in one frame (a flight phase: a jump), or a foot
///            stepped (both feet moved in opposite directions across the picture: apart and together, as
///            in jumping jacks); standing_foot: both feet off the floor in one frame, or each foot stepped
///            at some time (no foot stood still); hips, shoulders: the point lifted or moved.
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
/// Both soles this far above where they stood (about 4 % of body height, 7 cm at 1.75 m) is a flight
/// phase: higher than a planted foot's landmarks move, lower than a hop clears.
inline constexpr double kFlightTorso = 0.15;
/// The pelvis or the shoulders leaving the seat or the mat, or moving on it.
inline constexpr double kSupportMoveTorso = 0.25;

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
  };
  std::array<Foot, 2> feet;  ///< left, right
  std::optional<Point2> hips, shoulders;
};

class ContactTracker {
 public:
  explicit ContactTracker(std::vector<Contact> contacts);
  void push(const ContactFrame& f, double t_s);
  bool broken() const;
  /// Why the contact did not hold, in words with what to do ("" when it held). `name`: the exercise's name;
  /// `position`: its starting position (the hips leave "the seat" or "the mat"); `times`: say when.
  std::string reason(std::string_view name, std::string_view position, bool times) const;

 private:
  struct Follow {  // one point that stays: its floor and place
    std::array<double, 3> recent_y{};
    std::size_t n_y = 0;
    std::optional<double> floor_y;
    std::vector<double> first_x;
    std::optional<double> place_x;
    double lift = 0.0, shift = 0.0;  // this frame's, torso lengths
    bool known = false;              // this frame's lift and shift were measured
    void push(std::optional<double> x, std::optional<double> y, double torso);
  };
  struct Episode {  // a stretch of frames with the same failure, its start and its largest size
    double t_s = 0.0, size = 0.0;
  };
  void note(std::vector<Episode>& v, bool now, bool& was, double t_s, double size);

  std::vector<Contact> contacts_;
  std::array<double, 3> recent_torso_{};
  std::size_t n_torso_ = 0;
  double torso_ = 0.0;
  std::array<Follow, 2> foot_;
  Follow hips_, shoulders_;
  std::vector<Episode> flights_, apart_, steps_[2], hips_moved_, shoulders_moved_;
  bool step_before_[2] = {false, false};
  bool in_flight_ = false, in_apart_ = false, in_step_[2] = {false, false}, in_hips_ = false,
       in_shoulders_ = false;
  bool forefeet_on_ = false, feet_on_ = false, standing_on_ = false, hips_on_ = false, shoulders_on_ = false;
};

}  // namespace physio::exercise
