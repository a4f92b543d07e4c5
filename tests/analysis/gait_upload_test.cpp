// A recording of walking (test "gait") as the server's job runs it: which uploads name what, and a drawn
// walk across the view (tests/gait/synthetic_walk.hpp, a stride of 1.1 s, stance 62 %) measured into the
// timeline's numbers and observations; stepping in place is refused with the engine's reason.
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analysis/recording_analysis.hpp"
#include "gait/synthetic_walk.hpp"
#include "kinematics/formats/load.hpp"

namespace physio::analysis {
namespace {

namespace fs = std::filesystem;

constexpr double kCadenceTol = 2.0;  // steps/min: an event a frame off at 30 frames/s over 5 steps
// Stance within both of its events' tolerance, 2 frames each at 30 frames/s (as tests/gait holds it).
constexpr double kEventTolS = 2.0 / 30.0;

fs::path write_walk(const test::SynthWalk& w, const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "physio_analysis_gait";
  fs::create_directories(dir);
  kin::LandmarkFile f;
  f.landmarks = test::make_walk(w);
  const fs::path p = dir / name;
  EXPECT_TRUE(kin::save_landmark_file(f, p));
  return p;
}

TEST(GaitUpload, AVideoOrLandmarksNameAnExerciseOrWalking) {
  AnalysisRequest r;
  r.input = "walk.mp4";
  r.kind = RecordingKind::kVideo;
  r.test = "tug";
  auto st = check_upload(r);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("test=gait"), std::string::npos) << st.error().message();
  r.test = "gait";
  r.exercise_id = "deep_squat";
  st = check_upload(r);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("names no exercise"), std::string::npos) << st.error().message();
  r.test.clear();
  r.exercise_id.clear();
  st = check_upload(r);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("or test=gait"), std::string::npos) << st.error().message();
}

TEST(GaitUpload, AWalkAcrossTheViewGivesCadenceStrideAndStance) {
  test::SynthWalk w;
  AnalysisRequest r;
  r.input = write_walk(w, "walk.json");
  r.kind = RecordingKind::kLandmarks;
  r.test = "gait";
  ASSERT_TRUE(check_upload(r));
  auto a = analyse_recording(r);
  ASSERT_TRUE(a) << a.error().to_string();
  const auto j = nlohmann::json::parse(a->summary_json);
  EXPECT_NEAR(j.at("cadence_steps_per_min").get<double>(), 2 * 60 / w.stride_s, kCadenceTol);
  std::map<std::string, int> codes;
  for (const auto& m : a->measures) {
    ++codes[m.code];
    EXPECT_TRUE(std::isfinite(m.value)) << m.code;
    if (m.code == "gait-stance") {
      EXPECT_NEAR(m.value, w.stance * 100, 100 * 2 * kEventTolS / w.stride_s) << m.side;
    }
    if (m.code == "gait-stride-time") {
      EXPECT_NEAR(m.value, w.stride_s, kEventTolS) << m.side;
    }
  }
  EXPECT_EQ(codes["gait-cadence"], 1);
  EXPECT_EQ(codes["gait-stance"], 2);  // per side
  EXPECT_EQ(codes["gait-stride-time"], 2);
  EXPECT_EQ(codes["gait-speed"], 0);  // no scale with an upload
  EXPECT_EQ(codes["gait-step-length"], 0);
  EXPECT_EQ(
      j.at("scale"),
      "no scale: step length and speed not given (no height with the upload or on the patient's record)");
  bool said = false;
  for (const auto& s : a->warnings) said |= s.find("need a scale") != std::string::npos;
  EXPECT_TRUE(said) << "the record says why lengths and speed are not given";
}

// With the patient's height the upload has a scale: lengths and speed are given, and the report shows them.
TEST(GaitUpload, TheHeightGivesLengthsSpeedAndAReport) {
  test::SynthWalk w;
  AnalysisRequest r;
  r.input = write_walk(w, "walk_height.json");
  r.kind = RecordingKind::kLandmarks;
  r.test = "gait";
  r.height_m = 1.70;
  r.source_label = "walk.json";
  auto a = analyse_recording(r);
  ASSERT_TRUE(a) << a.error().to_string();
  std::map<std::string, int> codes;
  for (const auto& m : a->measures) ++codes[m.code];
  EXPECT_EQ(codes["gait-speed"], 1);
  EXPECT_EQ(codes["gait-stride-length"], 2);
  EXPECT_EQ(codes["gait-step-length"], 2);
  // The summary says which scale (docs/metrics/gait-video.md, "Scale").
  EXPECT_EQ(nlohmann::json::parse(a->summary_json).at("scale"), "scale from the patient's height 170 cm");
  for (const auto& s : a->warnings) EXPECT_EQ(s.find("need a scale"), std::string::npos) << s;
  EXPECT_NE(a->report_html.find("Walking speed"), std::string::npos);
  EXPECT_NE(a->report_html.find("walk.json"), std::string::npos);
  // A calibration file that cannot be read is an error naming it, not a walk without lengths.
  r.calibration = fs::temp_directory_path() / "physio_analysis_gait" / "missing.toml";
  auto bad = analyse_recording(r);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("the camera calibration"), std::string::npos)
      << bad.error().to_string();
}

TEST(GaitUpload, SteppingInPlaceIsNotAWalkAcrossTheView) {
  test::SynthWalk w;
  w.walking = false;
  AnalysisRequest r;
  r.input = write_walk(w, "in_place.json");
  r.kind = RecordingKind::kLandmarks;
  r.test = "gait";
  auto a = analyse_recording(r);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message().find("not a recording of walking across the view"), std::string::npos)
      << a.error().message();
}

}  // namespace
}  // namespace physio::analysis
