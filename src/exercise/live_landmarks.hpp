#pragma once
/// Exercise analysis, live, landmarks in: one frame of body landmarks at a time -> the same events as
/// LiveAnalyser (live.hpp).
///
/// Contract: LiveLandmarkAnalyser
///   create : the exercise, the batch AnalysisOptions, the input's skeleton, coordinate space, up axis
///            (3D) and image size (2D normalised; 0 when unknown), and the nominal frame rate.
///            Errors: those of LiveAnalyser::create; kMissingData naming the landmarks an angle of the
///            exercise needs that the skeleton lacks (as the batch path).
///   push   : frame time (strictly increasing) and the frame's landmarks [skeleton size]. The frame's
///            left/right labels are repaired frame by frame (kin::SwapFollower, the batch repair's decision
///            per frame); the exercise's angles of that frame are computed exactly as
///            compute_exercise_angles does for a recording, on that frame alone (ExerciseAnglePlan, resolved
///            at create: no string work per frame), then passed to LiveAnalyser::push. Errors: a frame of the
///            wrong size (kInvalidArgument, the frame is ignored) and those of LiveAnalyser::push.
///   finish : as LiveAnalyser::finish.
///   checks : the batch preconditions as the set goes (body_checks.hpp, the same code as the batch check):
///            with image landmarks (the pushed frame when the space is 2D, or the image frame given beside
///            the world one), a BodyMonitor judges one person, the person leaving and coming back, upright
///            and the view on every frame; each failure is reported once, when it first happens, as a
///            kSetRefused event. Every repetition is judged by rep_not_counted (cut by the set's end, out of
///            the exercise's rhythm or range, one-sided, walking, jumping): a repetition that does not count
///            keeps index 0 and carries the reason in rep.not_counted; the others are numbered 1.. (cues
///            follow the new numbers).
///   verdict: the set's rejection with its reasons (the monitor's, a set shorter than one repetition, no
///            repetition counted with the reasons of those not counted), or valid. A set whose frames show
///            the person in under kMinInViewShare of them is refused for that alone, as in batch.
///   differs from the batch path on the same frames only where the batch angles use the whole
///            recording: left/right swap repair (live, the body scale grows with the frames seen and a
///            recording that comes out mostly swapped is not read the other way round), 2D facing (detected
///            per frame live, over the recording in batch) and whole-turn shifts of unwrapped angles. On 3D
///            data without swaps the angle rows are identical (tested).

#include <span>
#include <vector>

#include <deque>
#include <optional>
#include <string>

#include "core/applicability.hpp"
#include "exercise/angle_plan.hpp"
#include "exercise/body_checks.hpp"
#include "exercise/live.hpp"
#include "exercise/opening_fit.hpp"
#include "exercise/seen_side.hpp"
#include "kinematics/angles/swaps.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

class LiveLandmarkAnalyser {
 public:
  static Result<LiveLandmarkAnalyser> create(const Exercise& ex, const AnalysisOptions& options,
                                             kin::SkeletonPtr skeleton, kin::CoordSpace space,
                                             kin::Axis up_axis, int image_width, int image_height,
                                             double rate_hz, const LiveOptions& live = {});

  Result<std::vector<LiveEvent>> push(TimeUs t, std::span<const kin::Landmark> frame);
  /// Same, with the frame's image landmarks beside the analysed ones (world landmarks analysed, image ones
  /// judged: the device sends both). `image` must have the skeleton's size; normalised to `image_width` x
  /// `image_height` as given at create.
  Result<std::vector<LiveEvent>> push(TimeUs t, std::span<const kin::Landmark> frame,
                                      std::span<const kin::Landmark> image);
  std::vector<LiveEvent> finish();

  /// The set so far: rejected with reasons, or valid (see the contract).
  Applicability verdict() const;
  /// Repetitions counted so far.
  int counted() const { return counted_; }

  const LiveAnalyser& analyser() const { return live_; }
  const std::vector<std::string>& angle_names() const { return plan_.names(); }

 private:
  LiveLandmarkAnalyser(LiveAnalyser live, ExerciseAnglePlan plan, const Exercise& ex)
      : live_(std::move(live)), plan_(std::move(plan)), ex_(&ex), monitor_(ex, true) {}
  Result<std::vector<LiveEvent>> push_checked(TimeUs t, std::span<const kin::Landmark> frame,
                                              std::optional<BodyFrame> body);
  void judge(std::vector<LiveEvent>& events);

  LiveAnalyser live_;
  ExerciseAnglePlan plan_;
  const Exercise* ex_;
  std::vector<double> row_;  ///< [angle_names()] the frame's angles, reused
  std::optional<kin::SwapFollower>
      swaps_;                            ///< left/right labels repaired frame by frame, as the batch path's
  std::vector<kin::Landmark> repaired_;  ///< the frame read with them, reused
  bool image_space_ = false;             ///< the analysed frames are image landmarks
  double sx_ = 1.0, sy_ = 1.0;
  kin::SkeletonPtr skeleton_;
  BodyMonitor monitor_;
  OpeningFit opening_;  ///< a pose model's too-small first fit, left out as the batch path does
  std::optional<SeenSideJudge> seen_;  ///< the side a bilateral exercise is counted on (seen_side.hpp)
  unsigned reported_ = 0;              ///< failures already sent as kSetRefused
  std::deque<BodyFrame> body_;         ///< [frames kept] from body_base_, for the repetitions' checks
  std::vector<BodyFrame> window_;      ///< one repetition's body frames, reused
  std::size_t body_base_ = 0, body_keep_ = 0;
  TimeUs t0_ = 0, last_t_ = 0;
  std::size_t frames_ = 0, with_person_ = 0;  ///< frames pushed; of them, with any landmark
  int counted_ = 0;
  std::vector<std::string> not_counted_;  ///< reasons, in order
};

}  // namespace physio::exercise
