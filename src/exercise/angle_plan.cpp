#include "exercise/angle_plan.hpp"

#include <algorithm>
#include <limits>

#include "exercise/library.hpp"

namespace physio::exercise {

Result<ExerciseAngleNames> resolve_exercise_angles(const Exercise& ex, const kin::Skeleton& skeleton,
                                                   kin::CoordSpace space, kin::AngleMode mode) {
  PHYSIO_CHECK(check_skeleton(ex, skeleton));
  ExerciseAngleNames out;
  out.as_3d = mode == kin::AngleMode::k3d ||
              (mode == kin::AngleMode::kAuto && space == kin::CoordSpace::kWorldMetres);
  auto specs = out.as_3d ? kin::angle_specs_3d() : kin::angle_specs_2d();
  std::vector<std::string> names = resolved_angle_names(ex, "left");
  for (const auto& n : resolved_angle_names(ex, "right"))
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  for (const auto& n : names) {
    bool is_kin = std::any_of(specs.begin(), specs.end(), [&](const auto& s) { return s.name == n; });
    if (is_kin) {
      out.kin.push_back(n);
    } else if (find_derived_angle(n)) {
      out.derived.push_back(n);
    } else {
      return fail(ErrorCode::kUnsupported,
                  "exercise {} uses the angle '{}', which is not available from {} landmarks", ex.id, n,
                  out.as_3d ? "3D" : "2D");
    }
  }
  if (!out.as_3d && std::find(out.derived.begin(), out.derived.end(), "trunk_flexion") != out.derived.end() &&
      std::find(out.kin.begin(), out.kin.end(), "trunk") == out.kin.end())
    out.kin.push_back("trunk");
  return out;
}

Result<ExerciseAnglePlan> ExerciseAnglePlan::create(const Exercise& ex, kin::SkeletonPtr skeleton,
                                                    kin::CoordSpace space, kin::Axis up_axis, int image_width,
                                                    int image_height, kin::AngleMode mode) {
  if (!skeleton) return fail(ErrorCode::kInvalidArgument, "exercise angles: no skeleton given");
  const ExerciseAngleNames names = PHYSIO_TRY(resolve_exercise_angles(ex, *skeleton, space, mode));
  ExerciseAnglePlan plan;
  plan.n_landmarks_ = skeleton->size();
  if (!names.kin.empty()) {
    kin::AngleOptions ao;
    ao.mode = names.as_3d ? kin::AngleMode::k3d : kin::AngleMode::k2d;
    ao.angles = names.kin;
    plan.kin_ = PHYSIO_TRY(kin::AnglePlan::create(skeleton, space, up_axis, image_width, image_height, ao));
    plan.names_ = plan.kin_->names();
    if (!names.as_3d) {
      const auto it = std::find(plan.names_.begin(), plan.names_.end(), "trunk");
      if (it != plan.names_.end()) plan.trunk_ = it - plan.names_.begin();
    }
  }
  if (!names.derived.empty()) {
    plan.derived_ = PHYSIO_TRY(DerivedAnglePlan::create(skeleton, space, up_axis, image_width, image_height,
                                                        names.derived, names.as_3d));
    plan.names_.insert(plan.names_.end(), names.derived.begin(), names.derived.end());
  }
  return plan;
}

void ExerciseAnglePlan::compute(std::span<const kin::Landmark> frame, std::span<double> row) const {
  std::size_t n_kin = 0;
  if (kin_) {
    n_kin = kin_->size();
    kin_->compute(frame, row.first(n_kin));
  }
  if (derived_) {
    const double trunk2d =
        trunk_ >= 0 ? row[static_cast<std::size_t>(trunk_)] : std::numeric_limits<double>::quiet_NaN();
    derived_->compute(frame, trunk2d, row.subspan(n_kin, derived_->size()));
  }
}

}  // namespace physio::exercise
