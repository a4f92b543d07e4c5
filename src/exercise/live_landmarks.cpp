#include "exercise/live_landmarks.hpp"

#include <algorithm>
#include <limits>

namespace physio::exercise {

Result<LiveLandmarkAnalyser> LiveLandmarkAnalyser::create(const Exercise& ex, const AnalysisOptions& options,
                                                          kin::SkeletonPtr skeleton, kin::CoordSpace space,
                                                          kin::Axis up_axis, int image_width,
                                                          int image_height, double rate_hz,
                                                          const LiveOptions& live) {
  if (!skeleton) return fail(ErrorCode::kInvalidArgument, "live analysis: no skeleton given");
  kin::LandmarkSequence one(skeleton, space, 1);
  one.up_axis = up_axis;
  one.image_width = image_width;
  one.image_height = image_height;
  one.times()[0] = 0;
  // The angle columns the exercise gets from this input (names do not depend on the values).
  kin::AngleSeries probe = PHYSIO_TRY(compute_exercise_angles(one, ex, options.angle_mode));
  LiveAnalyser la = PHYSIO_TRY(LiveAnalyser::create(ex, options, probe.names, rate_hz, live));
  LiveLandmarkAnalyser out(std::move(la));
  out.ex_ = &ex;
  out.mode_ = options.angle_mode;
  out.frame_ = std::move(one);
  out.names_ = std::move(probe.names);
  out.row_.assign(out.names_.size(), std::numeric_limits<double>::quiet_NaN());
  return out;
}

Result<std::vector<LiveEvent>> LiveLandmarkAnalyser::push(TimeUs t, std::span<const kin::Landmark> frame) {
  if (frame.size() != frame_.n_landmarks())
    return fail(ErrorCode::kInvalidArgument, "live analysis: frame has {} landmarks, the {} skeleton has {}",
                frame.size(), frame_.skeleton().name, frame_.n_landmarks());
  std::copy(frame.begin(), frame.end(), frame_.frame(0).begin());
  frame_.times()[0] = t;
  kin::AngleSeries a = PHYSIO_TRY(compute_exercise_angles(frame_, *ex_, mode_));
  for (std::size_t k = 0; k < names_.size(); ++k) {
    int i = a.index_of(names_[k]);
    row_[k] = i >= 0 && !a.columns[static_cast<std::size_t>(i)].empty()
                  ? a.columns[static_cast<std::size_t>(i)][0]
                  : std::numeric_limits<double>::quiet_NaN();
  }
  return live_.push(t, row_);
}

}  // namespace physio::exercise
