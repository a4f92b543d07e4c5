#pragma once
/// Exercise analysis, live, landmarks in: one frame of body landmarks at a time -> the same events as
/// LiveAnalyser (live.hpp).
///
/// Contract: LiveLandmarkAnalyser
///   create : the exercise, the batch AnalysisOptions, the input's skeleton, coordinate space, up axis
///            (3D) and image size (2D normalised; 0 when unknown), and the nominal frame rate.
///            Errors: those of LiveAnalyser::create; kMissingData naming the landmarks an angle of the
///            exercise needs that the skeleton lacks (as the batch path).
///   push   : frame time (strictly increasing) and the frame's landmarks [skeleton size]. The frame joins a
///            label window (kin::LabelWindow: left/right labels and legs drawn at one place repaired as the
///            batch angles repair them, judged on the image landmarks, over the frames from 2 s before to
///            0.5 s after); each frame it hands out, 0.5-0.75 s after it arrived, has the exercise's angles
///            computed exactly as compute_exercise_angles does for a recording, on that frame alone
///            (ExerciseAnglePlan, resolved at create: no string work per frame), then passed to
///            LiveAnalyser::push. Errors: a frame of the wrong size or a time not after the last
///            (kInvalidArgument, the frame is ignored), a push after finish, and those of LiveAnalyser::push.
///   finish : the frames the window still holds are analysed, then as LiveAnalyser::finish.
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
///            recording: left/right labels that depend on frames outside the window (and a recording that
///            comes out mostly swapped is not read the other way round), 2D facing (detected per frame live,
///            over the recording in batch) and whole-turn shifts of unwrapped angles. On 3D
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
#include "kinematics/angles/label_window.hpp"
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
  Result<std::vector<LiveEvent>> take(TimeUs t, std::span<const kin::Landmark> frame,
                                      std::span<const kin::Landmark> judged, bool image);
  Result<std::vector<LiveEvent>> drain();
  Result<std::vector<LiveEvent>> push_checked(TimeUs t, std::span<const kin::Landmark> frame,
                                              std::span<const kin::Landmark> repaired,
                                              std::optional<BodyFrame> body);
  void judge(std::vector<LiveEvent>& events);

  LiveAnalyser live_;
  ExerciseAnglePlan plan_;
  const Exercise* ex_;
  std::vector<double> row_;  ///< [angle_names()] the frame's angles, reused
  /// Left/right labels and merged legs repaired as the batch path repairs them, over a window that hands
  /// each frame out once 0.5 s of later frames has arrived (created at the first frame).
  std::optional<kin::LabelWindow> labels_;
  kin::CoordSpace space_ = kin::CoordSpace::kImageNormalized;
  int image_width_ = 0, image_height_ = 0;
  bool with_image_ = false;  ///< image landmarks are judged (pushed, or given beside world ones)
  bool finished_ = false;
  std::size_t pushed_ = 0;  ///< frames pushed (some still in the window)
  TimeUs last_pushed_ = 0;
  bool image_space_ = false;  ///< the analysed frames are image landmarks
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
