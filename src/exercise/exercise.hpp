#pragma once
/// An exercise definition: what to measure, which way the movement goes, what counts as good form
/// and what to tell the patient. Definitions are data (data/exercises/*.json, schema in
/// docs/formats/exercise-library.md), validated when loaded (library.hpp).
///
/// Angle names are either compute_angles names (kinematics/angles/angles.hpp, 2D or 3D) or derived
/// angle names (exercise/derived_angles.hpp). A name may contain "{side}" (the working side of a
/// unilateral exercise, or each side of a bilateral one) and "{other}" (the opposite side).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "exercise/contact.hpp"
#include "kinematics/skeleton.hpp"

namespace physio::exercise {

enum class Laterality : std::uint8_t {
  kBilateral,   ///< both sides move together (squat): primary = mean of left and right
  kUnilateral,  ///< one side works (leg raise): the side is given or detected
  kCentral,     ///< trunk movement, no side
};
enum class View : std::uint8_t { kSide, kFront, kAny };
enum class Direction : std::uint8_t {
  kIncrease,  ///< the primary angle increases from rest towards the peak
  kDecrease,  ///< it decreases (shoulder extension: flexion angle goes negative)
};
enum class ExerciseKind : std::uint8_t { kRepetitions, kHold };
enum class ConcentricPhase : std::uint8_t { kTowardPeak, kTowardRest };
enum class Severity : std::uint8_t { kLow, kMedium, kHigh };
/// The limb whose direction tells the exercise from others with the same angle (exercise/limb_direction.hpp).
enum class LimbSegment : std::uint8_t { kArm, kThigh };
enum class LimbToward : std::uint8_t { kForward, kBackward, kSideways, kScapular };
/// The limb an exercise moves away from the trunk and which way: arm forward (flexion), backward
/// (extension), sideways (abduction), in the scapular plane (scaption).
struct MovingLimb {
  LimbSegment segment = LimbSegment::kArm;
  LimbToward toward = LimbToward::kSideways;
};

std::string_view laterality_name(Laterality l);  ///< "bilateral", "unilateral", "central"
std::string_view view_name(View v);              ///< "side", "front", "any"
/// "the side", "the front or the side", "any side" (for sentences).
std::string views_words(const std::vector<View>& views);
/// True when `views` accepts a recording seen from `seen` (kAny accepts everything).
bool view_supported(const std::vector<View>& views, View seen);
std::string_view direction_name(Direction d);       ///< "increase", "decrease"
std::string_view kind_name(ExerciseKind k);         ///< "repetitions", "hold"
std::string_view severity_name(Severity s);         ///< "low", "medium", "high"
std::string_view limb_segment_name(LimbSegment s);  ///< "arm", "thigh"

/// What a per-repetition measure computes over the frames of one repetition (start..end).
enum class Stat : std::uint8_t {
  kRom,           ///< max - min, deg
  kPeak,          ///< value at the primary angle's peak frame, deg
  kMax,           ///< largest value, deg
  kMin,           ///< smallest value, deg
  kMaxChange,     ///< largest |value - value at start|, deg
  kMaxIncrease,   ///< largest value - value at start (>= 0), deg
  kMaxDecrease,   ///< largest value at start - value (>= 0), deg
  kSymmetryPct,   ///< 100 * min/max of the left and right ROM of the angle (bilateral only), %
  kDurationS,     ///< repetition duration, s (angle ignored)
  kHoldS,         ///< time held near the peak, s (angle ignored)
  kPeakVelocity,  ///< largest |d angle / dt|, deg/s
};
std::string_view stat_name(Stat s);
std::optional<Stat> parse_stat(std::string_view s);

/// A quantity measured on each repetition. `angle` may be "primary" (the resolved primary angle).
struct Measure {
  std::string angle;
  Stat stat = Stat::kRom;
};

/// A compensation: a movement that should not happen, reported per repetition (e.g. trunk lean
/// during a squat as max change of trunk flexion from the start of the rep).
struct Compensation {
  std::string id;
  std::string name;
  Measure measure;
};

/// A form rule: it is VIOLATED when `measure op threshold` holds (op "<" or ">").
struct FormRule {
  std::string id;
  Measure measure;
  char op = '<';
  double threshold = 0.0;
  Severity severity = Severity::kMedium;
  std::string cue;  ///< what the patient is told, plain words
};

struct Exercise {
  std::string id;                    ///< "deep_squat"
  std::string name;                  ///< "Deep squat"
  std::vector<std::string> aliases;  ///< other ids ("m01" = the UI-PRMD code)
  std::string description;
  std::string body_region;  ///< "lower_limb", "upper_limb", "trunk"
  /// Starting position: "standing", "sitting", "lying_supine", "lying_prone", "lying_side", "kneeling",
  /// "quadruped" (for finding exercises a patient can do).
  std::string position;
  std::vector<std::string>
      equipment;           ///< what it needs: "chair", "wall", "step", "band", "weight", "mat"; empty: none
  View view = View::kAny;  ///< the preferred camera view (the first of `views`)
  /// Every camera view the exercise is assessed from (`view` first); the view check accepts any of them.
  /// {kAny} for an exercise whose measures do not depend on the view.
  std::vector<View> views;
  /// Why those views: what each shows of the movement, in a sentence (for the library and refusals).
  std::string views_reason;
  Laterality laterality = Laterality::kBilateral;
  ExerciseKind kind = ExerciseKind::kRepetitions;
  std::string primary_angle;                  ///< may contain {side}
  std::vector<std::string> secondary_angles;  ///< may contain {side} / {other}
  Direction direction = Direction::kIncrease;
  double target_rest_deg = 0.0;  ///< primary angle at rest (typical)
  double target_peak_deg = 0.0;  ///< primary angle at the end of the movement (typical target)
  double tempo_min_s = 1.0;      ///< typical repetition duration, lower bound
  double tempo_max_s = 6.0;      ///< upper bound
  double hold_s = 0.0;           ///< hold at the peak (0 = none); the hold duration for kHold
  ConcentricPhase concentric = ConcentricPhase::kTowardPeak;
  std::vector<Compensation> compensations;
  std::vector<FormRule> rules;
  std::vector<kin::Joint> joints;  ///< common joints the exercise needs (for both sides if sided)
  /// The limb and direction that tell this exercise from others measured by the same angle (the
  /// plane-free elevation angles); none when the primary angle says it alone.
  std::optional<MovingLimb> moving_limb;
  /// Unilateral: the other side rests while the working side moves (a standing leg raise: the other leg
  /// stands); checked before a score (applicability.hpp). False where both sides move (lunges) or may
  /// (arm exercises are often done with both arms).
  bool other_side_still = false;
  /// The view is judged by the plane of the movement against the image plane, not by the camera's side:
  /// the moving segment (the forearm, for elbow flexion) must move across the picture, keeping at least
  /// kMinInPlaneLength of its length in it (body_checks.hpp). Elbow flexion moves in the sagittal plane
  /// with the upper arm by the side (seen from the side) and in the frontal plane with the shoulder
  /// abducted (seen from the front). The shoulder-width view rule is then not applied.
  bool view_by_plane = false;
  /// What stays on the floor or the support, in its place, for the whole exercise (feet planted, seated,
  /// lying); checked on every frame of the set and of each repetition (contact.hpp). Empty: nothing checked
  /// (the arm exercises, whose measures the legs do not make).
  std::vector<Contact> contact;
  std::string contraindications;
  std::string source_file;  ///< where it was loaded from, for messages
};

/// Parses and validates one exercise from JSON text. `file` names the source in errors
/// ("squat.json: rules[2].threshold: expected a number").
Result<Exercise> parse_exercise(std::string_view json_text, const std::string& file);

/// Every angle name an exercise refers to (primary, secondary, compensation and rule measures),
/// with "{side}"/"{other}" resolved for `side` ("left" or "right"); for bilateral exercises both sides.
std::vector<std::string> resolved_angle_names(const Exercise& ex, std::string_view side);

/// Replaces "{side}" with side and "{other}" with the opposite side.
std::string resolve_side(std::string_view name, std::string_view side);

}  // namespace physio::exercise
