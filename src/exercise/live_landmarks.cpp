#include "exercise/live_landmarks.hpp"

#include <limits>

namespace physio::exercise {

Result<LiveLandmarkAnalyser> LiveLandmarkAnalyser::create(const Exercise& ex, const AnalysisOptions& options,
                                                          kin::SkeletonPtr skeleton, kin::CoordSpace space,
                                                          kin::Axis up_axis, int image_width,
                                                          int image_height, double rate_hz,
                                                          const LiveOptions& live) {
  if (!skeleton) return fail(ErrorCode::kInvalidArgument, "live analysis: no skeleton given");
  // Which landmarks feed which angle, the columns' names, the coordinate mapping: resolved once here.
  ExerciseAnglePlan plan = PHYSIO_TRY(ExerciseAnglePlan::create(
      ex, std::move(skeleton), space, up_axis, image_width, image_height, options.angle_mode));
  LiveAnalyser la = PHYSIO_TRY(LiveAnalyser::create(ex, options, plan.names(), rate_hz, live));
  LiveLandmarkAnalyser out(std::move(la), std::move(plan));
  out.row_.assign(out.plan_.names().size(), std::numeric_limits<double>::quiet_NaN());
  return out;
}

Result<std::vector<LiveEvent>> LiveLandmarkAnalyser::push(TimeUs t, std::span<const kin::Landmark> frame) {
  if (frame.size() != plan_.n_landmarks())
    return fail(ErrorCode::kInvalidArgument, "live analysis: frame has {} landmarks, the skeleton has {}",
                frame.size(), plan_.n_landmarks());
  plan_.compute(frame, row_);
  return live_.push(t, row_);
}

}  // namespace physio::exercise
