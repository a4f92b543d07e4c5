// An uploaded landmark file of a bilateral exercise filmed with one side hidden: the stored measures say
// the side they were measured on (exercise/seen_side.hpp), as their angle's name does.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "analysis/recording_analysis.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::analysis {
namespace {

namespace fs = std::filesystem;

// A side-view squat; the right leg's landmarks at visibility `right_vis`.
fs::path squat_file(float right_vis, const std::string& name) {
  kin::SyntheticOptions o;
  o.repetitions = 3;
  kin::SyntheticRecording rec = kin::make_synthetic(o);
  for (std::size_t f = 0; f < rec.image.n_frames(); ++f) {
    auto fr = rec.image.frame(f);
    for (int i : {23, 25, 27}) fr[static_cast<std::size_t>(i)].visibility = 0.97F;
    for (int i : {24, 26, 28}) fr[static_cast<std::size_t>(i)].visibility = right_vis;
  }
  const fs::path dir = fs::temp_directory_path() / "physio_analysis_exercise";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  auto st = kin::save_landmarks(rec.image, path);
  EXPECT_TRUE(st) << st.error().to_string();
  return path;
}

const MeasureOut* measure(const RecordingAnalysis& a, const std::string& code) {
  for (const auto& m : a.measures)
    if (m.code == code) return &m;
  return nullptr;
}

TEST(ExerciseUpload, AMeasureSaysTheSideItWasMeasuredOn) {
  AnalysisRequest r;
  r.kind = RecordingKind::kLandmarks;
  r.exercise_id = "deep_squat";
  r.input = squat_file(0.30F, "hidden_right.json");
  auto hidden = analyse_recording(r);
  ASSERT_TRUE(hidden) << hidden.error().to_string();
  const MeasureOut* best = measure(*hidden, "exercise-rom-best");
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->side, "left");
  EXPECT_NE(best->display.find("(left knee flexion)"), std::string::npos) << best->display;
  const MeasureOut* count = measure(*hidden, "exercise-repetitions");
  ASSERT_NE(count, nullptr);
  EXPECT_EQ(count->side, "left");
  // Both sides seen: the mean of both, said as both.
  r.input = squat_file(0.97F, "both_seen.json");
  auto both = analyse_recording(r);
  ASSERT_TRUE(both) << both.error().to_string();
  const MeasureOut* mean = measure(*both, "exercise-rom-best");
  ASSERT_NE(mean, nullptr);
  EXPECT_EQ(mean->side, "both");
  EXPECT_EQ(mean->display.find("(left knee flexion)"), std::string::npos) << mean->display;
}

}  // namespace
}  // namespace physio::analysis
