#pragma once
/// An exercise's figure moving: the reference movement the illustration shows, as landmarks the engine
/// reads, so that a figure is checked by the same analysis a patient's recording goes through.
///
/// Contract: figure_motion
///   in:  a FigureSpec, the exercise's timing (typical repetition duration, hold), how many repetitions,
///        the frame rate
///   out: a LandmarkFile: BlazePose-33 image landmarks (1280 x 720, as filmed from the spec's view) and
///        world landmarks, every frame visible. The figure rests 1 s in its start posture, then each
///        repetition moves to the end posture and back along a raised-cosine profile (half the duration
///        each way), holding `hold_s` at the end posture, with 1 s of rest between repetitions and after.
///
/// Contract: figure_pose_at
///   in:  a FigureSpec and a phase in [0, 1] of one repetition (0 start, 0.5 end posture, 1 start again)
///   out: the pose at that phase (raised cosine), for animations.

#include "illustrate/figure_spec.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::illustrate {

struct MotionTiming {
  double repetition_s = 3.0;  ///< start -> end -> start, without the hold
  double hold_s = 0.0;        ///< held at the end posture
  int repetitions = 3;
  double rate_hz = 30.0;
  double height_m = 1.70;
};

kin::FigurePose figure_pose_at(const FigureSpec& spec, double phase);
/// The figure's points in `pose` as drawn and filmed: kin::figure_points (the lowest point on the floor),
/// and with a step (Prop::kStep) raised so that the working foot's sole stays at the height it has in the
/// start posture (on the step): the body rises as the working knee straightens.
kin::FigurePoints posed_points(const FigureSpec& spec, const kin::FigurePose& pose, double height_m);
/// With a step: the working foot's sole height in the start posture (the step's height, m); 0 without.
double step_height(const FigureSpec& spec, double height_m);
kin::LandmarkFile figure_motion(const FigureSpec& spec, const MotionTiming& timing);

}  // namespace physio::illustrate
