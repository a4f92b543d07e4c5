// The figure's linkage: sizes, contact with the floor, and joint angles the engine measures back.
#include <gtest/gtest.h>

#include <cmath>

#include "kinematics/angles/angles.hpp"
#include "kinematics/figure.hpp"

namespace physio::kin {
namespace {

using FP = FigurePoint;

TEST(Figure, StandingIsAsTallAsThePersonWithBothFeetFlatOnTheFloor) {
  const FigurePoints p = figure_points({}, 1.70);
  EXPECT_NEAR(p[FP::kHead].y + p.head_radius, 1.70, 0.02);
  for (FP f : {FP::kLeftHeel, FP::kRightHeel, FP::kLeftToe, FP::kRightToe}) EXPECT_NEAR(p[f].y, 0.0, 1e-9);
  EXPECT_GT(p[FP::kLeftHip].z, p[FP::kRightHip].z) << "z points to the person's left";
  EXPECT_GT(p[FP::kLeftToe].x, p[FP::kLeftHeel].x) << "the feet point forward (+x)";
}

TEST(Figure, ASquatKeepsTheFeetFlatWhenTheAnklesDorsiflexAsTheShanksLean) {
  FigurePose squat;
  squat.trunk_pitch = 30;
  for (LimbAngles* l : {&squat.left, &squat.right}) {
    l->hip_flexion = 100;
    l->knee_flexion = 105;
    l->ankle_dorsiflexion = 35;
  }
  const FigurePoints p = figure_points(squat, 1.70);
  EXPECT_NEAR(p[FP::kRightHeel].y, p[FP::kRightToe].y, 0.01);
  EXPECT_LT(p[FP::kPelvis].y, 0.6) << "the pelvis comes down";
  EXPECT_GT(p[FP::kRightKnee].x, p[FP::kRightAnkle].x) << "the knees travel forward over the feet";
}

TEST(Figure, LyingOnTheBackRestsTheBackOnTheFloorFaceUp) {
  FigurePose lying;
  lying.trunk_pitch = -90;
  const FigurePoints p = figure_points(lying, 1.70);
  EXPECT_NEAR(p[FP::kPelvis].y, p[FP::kNeck].y, 1e-9);
  EXPECT_LT(p[FP::kPelvis].y, 0.15);
  EXPECT_GT(p[FP::kNose].y, p[FP::kHead].y) << "face up";
  EXPECT_LT(p[FP::kHead].x, p[FP::kPelvis].x) << "the head away from the feet";
}

// The engine's own angle code measures the figure's joints back from the landmarks.
double measured(const FigureFrame& fr, std::string_view angle) {
  LandmarkSequence world(blazepose33(), CoordSpace::kWorldMetres, 1);
  world.up_axis = Axis::kNegY;
  for (std::size_t i = 0; i < 33; ++i) world.at(0, i) = fr.world[i];
  world.times()[0] = 0;
  AngleOptions opts;
  opts.mode = AngleMode::k3d;
  opts.angles = {std::string(angle)};
  auto series = compute_angles(world, opts);
  EXPECT_TRUE(series) << (series ? "" : series.error().to_string());
  if (!series) return NAN;
  return series->columns[0][0];
}

TEST(Figure, TheEngineMeasuresTheAnglesThatPoseTheFigure) {
  FigurePose pose;
  pose.right.knee_flexion = 70;
  pose.right.hip_flexion = 40;
  pose.left.elbow_flexion = 110;
  const FigureFrame fr = figure_landmarks(figure_points(pose), FigureView::kSide);
  EXPECT_NEAR(measured(fr, "right_knee_flexion"), 70, 1.0);
  EXPECT_NEAR(measured(fr, "right_hip_flexion"), 40, 1.0);
  EXPECT_NEAR(measured(fr, "left_elbow_flexion"), 110, 1.0);
  EXPECT_NEAR(measured(fr, "left_knee_flexion"), 0, 1.0);
}

TEST(Figure, TheFrontViewPutsThePersonsLeftOnThePicturesRight) {
  const FigureFrame fr = figure_landmarks(figure_points({}), FigureView::kFront);
  EXPECT_GT(fr.image[11].x, fr.image[12].x);  // left shoulder right of the right shoulder
  const FigureFrame side = figure_landmarks(figure_points({}), FigureView::kSide);
  EXPECT_GT(side.image[0].x, side.image[7].x);  // the nose ahead of the ear: facing image +x
  EXPECT_NEAR(side.image[29].y, 0.9, 0.01) << "the floor at 90 % of the image height";
}

}  // namespace
}  // namespace physio::kin
