// AnglePlan: compute_angles' selection and per-frame kernels (angles2d.cpp, angles3d.cpp), resolved once and
// run on one frame.

#include "kinematics/angles/angle_plan.hpp"

#include <optional>

#include "kinematics/angles/angles_internal.hpp"

namespace physio::kin {

struct AnglePlan::Impl {
  SkeletonPtr skeleton;
  AngleMode mode = AngleMode::k2d;
  Facing facing = Facing::kAuto;
  std::vector<std::string> names;
  // Segment angles to unwrap (AngleOptions::unwrap): [names] range start and period, NaN period = not.
  std::vector<double> unwrap_lo, unwrap_period;
  bool unwrap = false;
  std::optional<detail::Plan2d> plan_2d;
  std::optional<detail::Plan3d> plan_3d;
};

Result<AnglePlan> AnglePlan::create(SkeletonPtr skeleton, CoordSpace space, Axis up_axis, int image_width,
                                    int image_height, const AngleOptions& opts) {
  if (!skeleton || skeleton->size() == 0)
    return fail(ErrorCode::kInvalidArgument, "landmark sequence has no skeleton");
  auto impl = std::make_shared<Impl>();
  AngleReport report;
  impl->mode = PHYSIO_TRY(detail::resolve_mode(opts.mode, space));
  const std::span<const AngleSpec> specs = impl->mode == AngleMode::k3d ? angle_specs_3d() : angle_specs_2d();
  const std::vector<std::size_t> which =
      PHYSIO_TRY(detail::select_angles(impl->mode, *skeleton, opts.angles, report));
  for (std::size_t w : which) {
    impl->names.push_back(specs[w].name);
    const bool unwrapped = opts.unwrap && specs[w].is_segment;
    impl->unwrap = impl->unwrap || unwrapped;
    impl->unwrap_lo.push_back(specs[w].range_lo_deg);
    impl->unwrap_period.push_back(unwrapped ? specs[w].period_deg : detail::kNaN);
  }
  impl->facing = opts.facing;
  if (impl->mode == AngleMode::k2d)
    impl->plan_2d.emplace(*skeleton, space, up_axis, image_width, image_height, which, report);
  else
    impl->plan_3d.emplace(*skeleton, up_axis, which);
  impl->skeleton = std::move(skeleton);
  return AnglePlan(std::move(impl));
}

const std::vector<std::string>& AnglePlan::names() const {
  return impl_->names;
}

AngleMode AnglePlan::mode() const {
  return impl_->mode;
}

std::size_t AnglePlan::n_landmarks() const {
  return impl_->skeleton->size();
}

void AnglePlan::compute(std::span<const Landmark> frame, std::span<double> out) const {
  const Impl& p = *impl_;
  if (p.plan_2d) {
    Facing facing = p.facing;
    if (facing == Facing::kAuto) {
      detail::FacingVotes votes;
      detail::add_facing_votes(*p.skeleton, frame.data(), votes);
      facing = detail::decide_facing(votes).facing;
    }
    p.plan_2d->compute(frame.data(), facing, false, false, out.data());
  } else {
    p.plan_3d->compute(frame.data(), false, false, out.data());
  }
  if (p.unwrap)
    for (std::size_t k = 0; k < out.size(); ++k)
      if (!std::isnan(p.unwrap_period[k]))
        unwrap_into_range(out.subspan(k, 1), p.unwrap_lo[k], p.unwrap_period[k]);
}

}  // namespace physio::kin
