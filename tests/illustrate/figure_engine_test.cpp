// Each exercise's figure, moving as its illustration shows, goes through the same analysis as a patient's
// landmark file: it must be recognised as that exercise (view, body checks) and counted. A figure the
// engine would refuse or miscount would teach the patient a movement the clinic cannot measure.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "analysis/recording_analysis.hpp"
#include "exercise/library.hpp"
#include "illustrate/figure_motion.hpp"
#include "kinematics/formats/load.hpp"

namespace physio::illustrate {
namespace {

namespace fs = std::filesystem;

class FigureEngine : public ::testing::TestWithParam<std::string> {};

std::vector<std::string> figure_ids() {
  std::vector<std::string> ids;
  auto dir = exercise::default_library_dir();
  if (!dir) return ids;
  auto specs = load_figure_specs(figures_dir_beside(*dir));
  if (!specs) return ids;
  for (const auto& s : *specs) ids.push_back(s.exercise_id);
  return ids;
}

TEST_P(FigureEngine, TheFiguresMovementIsCountedAsItsExercise) {
  auto dir = exercise::default_library_dir();
  ASSERT_TRUE(dir);
  auto lib = exercise::load_exercise_library(*dir);
  ASSERT_TRUE(lib);
  auto specs = load_figure_specs(figures_dir_beside(*dir));
  ASSERT_TRUE(specs);
  const auto spec = std::find_if(specs->begin(), specs->end(),
                                 [&](const FigureSpec& s) { return s.exercise_id == GetParam(); });
  ASSERT_NE(spec, specs->end());
  auto ex = lib->find(GetParam());
  ASSERT_TRUE(ex);
  const exercise::Exercise& e = **ex;

  const bool one_side = e.laterality == exercise::Laterality::kUnilateral;
  for (const FigureSpec& figure :
       one_side ? std::vector<FigureSpec>{*spec, mirrored(*spec)} : std::vector<FigureSpec>{*spec}) {
    SCOPED_TRACE(figure.working_left ? "worked on the left" : "worked on the right");
    MotionTiming timing;
    timing.repetition_s = std::sqrt(e.tempo_min_s * e.tempo_max_s);
    const bool hold = e.kind == exercise::ExerciseKind::kHold;
    timing.hold_s = e.hold_s;
    timing.repetitions = hold ? 1 : 3;
    const kin::LandmarkFile file = figure_motion(figure, timing);
    const fs::path path =
        fs::temp_directory_path() /
        fmt::format("figure-{}-{}-{}.json", GetParam(), figure.working_left ? "l" : "r", ::getpid());
    ASSERT_TRUE(kin::save_landmark_file(file, path));

    analysis::AnalysisRequest r;
    r.input = path;
    r.kind = analysis::RecordingKind::kLandmarks;
    r.exercise_id = e.id;
    if (one_side) r.side = figure.working_left ? "left" : "right";
    auto a = analysis::analyse_recording(r);
    fs::remove(path);
    ASSERT_TRUE(a) << e.id << ": " << a.error().to_string();
    const auto j = nlohmann::json::parse(a->summary_json);
    const auto& s = j.at("summary");
    std::string warnings;
    for (const auto& w : a->warnings) warnings += "\n  " + w;
    if (hold) {
      EXPECT_GE(s.at("total_hold_s").get<double>(), 0.8 * e.hold_s) << e.id << warnings;
    } else {
      EXPECT_EQ(s.at("count").get<int>(), 3) << e.id << " " << j.at("reps").dump() << warnings;
    }
    EXPECT_EQ(s.value("not_counted", 0), 0) << e.id << " " << j.at("reps").dump();
    // The figure reaches its exercise's target: the primary angle's best range within 25 % of the target's.
    const double target = std::abs(e.target_peak_deg - e.target_rest_deg);
    EXPECT_NEAR(s.at("best_rom_deg").get<double>(), target, 0.25 * target) << e.id;
    if (one_side) {
      EXPECT_EQ(j.at("side").get<std::string>(), figure.working_left ? "left" : "right");
    }
  }
}

// A fixed camera: during a squat the feet stay where they are in the picture while the hips move back.
TEST(FigureMotion, TheFeetStayStillInThePictureWhileTheBodyMovesOverThem) {
  auto spec = parse_figure_spec(R"({"exercise": "deep_squat", "start": {}, "end": {"trunk_pitch": 30,
    "both": {"hip_flexion": 100, "knee_flexion": 105, "ankle_dorsiflexion": 35}}})",
                                "deep_squat.json");
  ASSERT_TRUE(spec);
  MotionTiming timing;
  timing.repetitions = 1;
  const kin::LandmarkFile f = figure_motion(*spec, timing);
  double heel_min = 1, heel_max = 0, hip_min = 1, hip_max = 0, nose_min = 1, nose_max = 0;
  for (std::size_t i = 0; i < f.landmarks.n_frames(); ++i) {
    heel_min = std::min<double>(heel_min, f.landmarks.at(i, 30).x);
    heel_max = std::max<double>(heel_max, f.landmarks.at(i, 30).x);
    hip_min = std::min<double>(hip_min, f.landmarks.at(i, 24).x);
    hip_max = std::max<double>(hip_max, f.landmarks.at(i, 24).x);
    nose_min = std::min<double>(nose_min, f.landmarks.at(i, 0).y);
    nose_max = std::max<double>(nose_max, f.landmarks.at(i, 0).y);
  }
  EXPECT_LT((heel_max - heel_min) * 1280, 1.0) << "the heel moves in the picture";
  EXPECT_GT((hip_max - hip_min) * 1280, 50.0) << "the hips move back over the feet";
  EXPECT_GT((nose_max - nose_min) * 720, 100.0) << "the head comes down (no zoom follows it)";
}

INSTANTIATE_TEST_SUITE_P(Library, FigureEngine, ::testing::ValuesIn(figure_ids()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace physio::illustrate
