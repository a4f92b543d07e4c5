// AnglePlan (one frame at a time, resolved once) against compute_angles on a sequence holding that frame:
// every angle of the mode, each facing option, with and without unwrapping, on real 3D markers (Pose2Sim)
// and MediaPipe's own BlazePose output, and on the synthetic person facing either way.

#include "kinematics/angles/angle_plan.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::kin {
namespace {

bool same_value(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

void expect_plan_matches(const LandmarkSequence& seq, const AngleOptions& opts, const std::string& what) {
  auto plan = AnglePlan::create(seq.skeleton_ptr(), seq.space(), seq.up_axis, seq.image_width,
                                seq.image_height, opts);
  LandmarkSequence one(seq.skeleton_ptr(), seq.space(), 1);
  one.up_axis = seq.up_axis;
  one.image_width = seq.image_width;
  one.image_height = seq.image_height;
  auto probe = compute_angles(one, opts);
  ASSERT_EQ(plan.has_value(), probe.has_value()) << what;
  if (!plan) {
    EXPECT_EQ(plan.error().to_string(), probe.error().to_string()) << what;
    return;
  }
  ASSERT_EQ(plan->names(), probe->names) << what;
  EXPECT_EQ(plan->mode(), probe->report.mode) << what;
  std::vector<double> row(plan->size());
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    std::ranges::copy(seq.frame(f), one.frame(0).begin());
    auto per_frame = compute_angles(one, opts);
    ASSERT_TRUE(per_frame) << per_frame.error().to_string();
    plan->compute(seq.frame(f), row);
    for (std::size_t k = 0; k < row.size(); ++k)
      ASSERT_TRUE(same_value(row[k], per_frame->columns[k][0]))
          << what << " frame " << f << " " << plan->names()[k] << ": plan " << row[k] << ", per frame "
          << per_frame->columns[k][0];
  }
}

void expect_plan_matches_all_options(const LandmarkSequence& seq, const std::string& what) {
  for (AngleMode mode : {AngleMode::kAuto, AngleMode::k2d, AngleMode::k3d})
    for (Facing facing : {Facing::kAuto, Facing::kLeft, Facing::kRight})
      for (bool unwrap : {false, true}) {
        AngleOptions o;
        o.mode = mode;
        o.facing = facing;
        o.unwrap = unwrap;
        expect_plan_matches(seq, o,
                            what + " mode " + std::string(angle_mode_name(mode)) + " facing " +
                                std::string(facing_name(facing)) + (unwrap ? " unwrapped" : ""));
      }
}

TEST(AnglePlan, MatchesOneFrameComputeAnglesOnPose2SimMarkers) {
  PHYSIO_REQUIRE_SHARED("pose2sim-demo");
  auto file = load_landmarks(shared_path / "pose-3d" / "S00_P00_T01_BalancingTrial_0-100.trc");
  ASSERT_TRUE(file) << file.error().to_string();
  expect_plan_matches_all_options(file->landmarks, "Pose2Sim TRC");
}

TEST(AnglePlan, MatchesOneFrameComputeAnglesOnMediaPipeOutput) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  for (const char* name : {"ref_vtest_c0_cpu.json", "ref_vtest_c1_cpu.json", "ref_vtest_c2_cpu.json"}) {
    auto file = load_landmarks(shared_path / name);
    ASSERT_TRUE(file) << file.error().to_string();
    expect_plan_matches_all_options(file->landmarks, std::string(name) + " image");
    if (file->world) expect_plan_matches_all_options(*file->world, std::string(name) + " world");
  }
}

TEST(AnglePlan, MatchesOneFrameComputeAnglesOnSyntheticPerson) {
  for (bool right : {true, false}) {
    SyntheticOptions o;
    o.repetitions = 1;
    o.noise = 0.004;
    o.facing_right = right;
    const auto rec = make_synthetic(o);
    const std::string what = right ? "synthetic facing right" : "synthetic facing left";
    expect_plan_matches_all_options(rec.image, what + " image");
    expect_plan_matches_all_options(rec.world, what + " world");
  }
}

TEST(AnglePlan, RefusesWhatComputeAnglesRefuses) {
  const auto rec = make_synthetic({});
  AngleOptions unknown;
  unknown.angles = {"right_knee_flexion", "no_such_angle"};
  EXPECT_FALSE(
      AnglePlan::create(rec.image.skeleton_ptr(), rec.image.space(), rec.image.up_axis, 1280, 720, unknown));
  AngleOptions three_d;
  three_d.mode = AngleMode::k3d;
  auto r =
      AnglePlan::create(rec.image.skeleton_ptr(), rec.image.space(), rec.image.up_axis, 1280, 720, three_d);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kUnsupported);
  EXPECT_FALSE(AnglePlan::create(nullptr, CoordSpace::kImageNormalized, Axis::kNegY, 0, 0));
}

}  // namespace
}  // namespace physio::kin
