#pragma once
/// Exercise analysis, live, landmarks in: one frame of body landmarks at a time -> the same events as
/// LiveAnalyser (live.hpp).
///
/// Contract: LiveLandmarkAnalyser
///   create : the exercise, the batch AnalysisOptions, the input's skeleton, coordinate space, up axis
///            (3D) and image size (2D normalised; 0 when unknown), and the nominal frame rate.
///            Errors: those of LiveAnalyser::create; kMissingData naming the landmarks an angle of the
///            exercise needs that the skeleton lacks (as the batch path).
///   push   : frame time (strictly increasing) and the frame's landmarks [skeleton size]. The exercise's
///            angles of that frame are computed exactly as compute_exercise_angles does for a
///            recording, on that frame alone (ExerciseAnglePlan, resolved at create: no string work
///            per frame), then passed to LiveAnalyser::push. Errors: a frame of the wrong size
///            (kInvalidArgument, the frame is ignored) and those of LiveAnalyser::push.
///   finish : as LiveAnalyser::finish.
///   differs from the batch path on the same frames only where the batch angles use the whole
///            recording: left/right swap repair (pose-estimator leg/arm swaps are not repaired live),
///            2D facing (detected per frame live, over the recording in batch) and whole-turn shifts of
///            unwrapped angles. On 3D data without swaps the angle rows are identical (tested).

#include <span>
#include <vector>

#include "exercise/angle_plan.hpp"
#include "exercise/live.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

class LiveLandmarkAnalyser {
 public:
  static Result<LiveLandmarkAnalyser> create(const Exercise& ex, const AnalysisOptions& options,
                                             kin::SkeletonPtr skeleton, kin::CoordSpace space,
                                             kin::Axis up_axis, int image_width, int image_height,
                                             double rate_hz, const LiveOptions& live = {});

  Result<std::vector<LiveEvent>> push(TimeUs t, std::span<const kin::Landmark> frame);
  std::vector<LiveEvent> finish() { return live_.finish(); }

  const LiveAnalyser& analyser() const { return live_; }
  const std::vector<std::string>& angle_names() const { return plan_.names(); }

 private:
  LiveLandmarkAnalyser(LiveAnalyser live, ExerciseAnglePlan plan)
      : live_(std::move(live)), plan_(std::move(plan)) {}

  LiveAnalyser live_;
  ExerciseAnglePlan plan_;
  std::vector<double> row_;  ///< [angle_names()] the frame's angles, reused
};

}  // namespace physio::exercise
