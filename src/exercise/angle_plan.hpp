#pragma once
/// The angles an exercise needs from landmarks: which compute_angles columns and which derived angles
/// (resolve_exercise_angles, shared by compute_exercise_angles), and the same angles of one frame at a time
/// with everything resolved once (ExerciseAnglePlan, for live analysis).
///
/// Contract: ExerciseAnglePlan
///   create : the exercise, what the frames hold (skeleton, coordinate space, up axis, image size) and
///            the angle mode. Errors: those of compute_exercise_angles on a sequence of these frames.
///   names  : the columns, in the order compute_exercise_angles gives them.
///   compute: one frame [n_landmarks] -> row [names().size()], degrees, NaN where undefined: value for
///            value what compute_exercise_angles gives for a sequence holding that frame alone (2D facing
///            from that frame, no left/right swap repair). No allocation, no string work.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "exercise/derived_angles.hpp"
#include "exercise/exercise.hpp"
#include "kinematics/angles/angle_plan.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

struct ExerciseAngleNames {
  bool as_3d = false;
  std::vector<std::string> kin;      ///< compute_angles names (2D: "trunk" added for trunk_flexion)
  std::vector<std::string> derived;  ///< compute_derived_angles names
};

/// check_skeleton, then the exercise's resolved angles (both sides) split into compute_angles and derived
/// ones. Errors: those of check_skeleton; kUnsupported for an angle neither provides in this mode.
Result<ExerciseAngleNames> resolve_exercise_angles(const Exercise& ex, const kin::Skeleton& skeleton,
                                                   kin::CoordSpace space, kin::AngleMode mode);

class ExerciseAnglePlan {
 public:
  static Result<ExerciseAnglePlan> create(const Exercise& ex, kin::SkeletonPtr skeleton,
                                          kin::CoordSpace space, kin::Axis up_axis, int image_width,
                                          int image_height, kin::AngleMode mode = kin::AngleMode::kAuto);

  const std::vector<std::string>& names() const { return names_; }
  std::size_t n_landmarks() const { return n_landmarks_; }
  /// `frame` [n_landmarks()], `row` [names().size()]; the caller checks the sizes.
  void compute(std::span<const kin::Landmark> frame, std::span<double> row) const;

 private:
  ExerciseAnglePlan() = default;
  std::optional<kin::AnglePlan> kin_;        ///< absent when the exercise needs derived angles only
  std::optional<DerivedAnglePlan> derived_;  ///< absent when it needs none
  std::vector<std::string> names_;           ///< kin's names, then the derived ones
  std::ptrdiff_t trunk_ = -1;                ///< 2D: index of "trunk" among kin's columns
  std::size_t n_landmarks_ = 0;
};

}  // namespace physio::exercise
