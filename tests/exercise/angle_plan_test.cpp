// ExerciseAnglePlan (resolved once per live session) against compute_exercise_angles on a sequence holding
// one frame (what the live path computed per frame before): the same names and, value for value, the same
// angles, on real recordings (UI-PRMD Kinect in 3D and in 2D, MediaPipe's own BlazePose output in 2D) and
// on the synthetic person facing either way, for every exercise of the library that applies.

#include "exercise/angle_plan.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
#include "exercise/ui_prmd.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::exercise {
namespace {

// Bit-for-bit equality, NaN equal to NaN.
bool same_value(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

// Compares the plan with the one-frame path on every frame of `seq` for every exercise; `compared` counts the
// (exercise, frame) pairs compared.
void expect_plan_matches(const kin::LandmarkSequence& seq, kin::AngleMode mode, const std::string& what,
                         std::size_t& compared) {
  auto lib = default_library();
  ASSERT_TRUE(lib) << lib.error().to_string();
  for (const Exercise& ex : (*lib)->exercises) {
    kin::LandmarkSequence one(seq.skeleton_ptr(), seq.space(), 1);
    one.up_axis = seq.up_axis;
    one.image_width = seq.image_width;
    one.image_height = seq.image_height;
    auto plan = ExerciseAnglePlan::create(ex, seq.skeleton_ptr(), seq.space(), seq.up_axis, seq.image_width,
                                          seq.image_height, mode);
    auto probe = compute_exercise_angles(one, ex, mode);
    // The plan refuses exactly what the per-frame path refuses, with the same error.
    ASSERT_EQ(plan.has_value(), probe.has_value()) << what << " " << ex.id;
    if (!plan) {
      EXPECT_EQ(plan.error().to_string(), probe.error().to_string()) << what << " " << ex.id;
      continue;
    }
    ASSERT_EQ(plan->names(), probe->names) << what << " " << ex.id;
    std::vector<double> row(plan->names().size());
    for (std::size_t f = 0; f < seq.n_frames(); ++f) {
      std::ranges::copy(seq.frame(f), one.frame(0).begin());
      one.times()[0] = seq.times()[f];
      auto per_frame = compute_exercise_angles(one, ex, mode);
      ASSERT_TRUE(per_frame) << per_frame.error().to_string();
      plan->compute(seq.frame(f), row);
      for (std::size_t k = 0; k < row.size(); ++k)
        ASSERT_TRUE(same_value(row[k], per_frame->columns[k][0]))
            << what << " " << ex.id << " frame " << f << " " << plan->names()[k] << ": plan " << row[k]
            << ", per frame " << per_frame->columns[k][0];
      ++compared;
    }
  }
}

TEST(ExerciseAnglePlan, MatchesPerFrameAnglesOnUiPrmd) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  auto files = list_ui_prmd(shared_path);
  ASSERT_TRUE(files) << files.error().to_string();
  // The first repetition of every exercise (subject s01, correct and incorrect): 3D, and the same
  // frames as 2D angles of 3D data (a side view).
  std::size_t compared = 0, sequences = 0;
  for (const auto& f : *files) {
    if (f.subject != "s01" || f.repetition != 1) continue;
    auto seq = load_ui_prmd_repetition(f.positions, f.angles);
    ASSERT_TRUE(seq) << seq.error().to_string();
    const std::string what = f.exercise + (f.correct ? " correct" : " incorrect");
    expect_plan_matches(*seq, kin::AngleMode::kAuto, what + " 3D", compared);
    expect_plan_matches(*seq, kin::AngleMode::k2d, what + " 2D", compared);
    ++sequences;
  }
  std::printf("[angle plan] UI-PRMD: %zu sequences, %zu exercise-frames compared\n", sequences, compared);
  EXPECT_GE(sequences, 10u);
  EXPECT_GT(compared, 0u);
}

TEST(ExerciseAnglePlan, MatchesPerFrameAnglesOnMediaPipeOutput) {
  PHYSIO_REQUIRE_SHARED("pose-reference");
  std::size_t compared = 0;
  for (const char* name : {"ref_vtest_c0_cpu.json", "ref_vtest_c1_cpu.json", "ref_vtest_c2_cpu.json"}) {
    auto file = kin::load_landmarks(shared_path / name);
    ASSERT_TRUE(file) << file.error().to_string();
    expect_plan_matches(file->landmarks, kin::AngleMode::kAuto, std::string(name) + " image", compared);
    if (file->world)
      expect_plan_matches(*file->world, kin::AngleMode::kAuto, std::string(name) + " world", compared);
  }
  EXPECT_GT(compared, 0u);
}

TEST(ExerciseAnglePlan, MatchesPerFrameAnglesOnSyntheticPersonFacingEitherWay) {
  for (bool right : {true, false}) {
    kin::SyntheticOptions o;
    o.repetitions = 2;
    o.noise = 0.004;
    o.facing_right = right;
    const auto rec = kin::make_synthetic(o);
    const std::string what = right ? "synthetic facing right" : "synthetic facing left";
    std::size_t compared = 0;
    expect_plan_matches(rec.image, kin::AngleMode::kAuto, what + " image", compared);
    expect_plan_matches(rec.world, kin::AngleMode::kAuto, what + " world", compared);
    EXPECT_GT(compared, 0u);
  }
}

}  // namespace
}  // namespace physio::exercise
