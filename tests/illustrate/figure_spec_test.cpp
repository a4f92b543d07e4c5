// Figure files: what they may say, and the errors a typo gets.
#include <gtest/gtest.h>

#include "exercise/library.hpp"
#include "illustrate/figure_spec.hpp"

namespace physio::illustrate {
namespace {

TEST(FigureSpec, EndChangesOnlyWhatItNamesAndSidesFollowTheWorkingSide) {
  auto spec = parse_figure_spec(R"({"exercise": "x", "view": "front", "working_side": "left",
    "start": {"trunk_pitch": 5, "both": {"elbow_flexion": 10}},
    "end": {"side": {"hip_abduction": 30}, "other": {"knee_flexion": 4}}})",
                                "x.json");
  ASSERT_TRUE(spec) << spec.error().to_string();
  EXPECT_EQ(spec->view, kin::FigureView::kFront);
  EXPECT_DOUBLE_EQ(spec->end.trunk_pitch, 5);
  EXPECT_DOUBLE_EQ(spec->end.left.hip_abduction, 30);
  EXPECT_DOUBLE_EQ(spec->end.right.hip_abduction, 0);
  EXPECT_DOUBLE_EQ(spec->end.right.knee_flexion, 4);
  EXPECT_DOUBLE_EQ(spec->end.left.elbow_flexion, 10);
  EXPECT_DOUBLE_EQ(spec->start.left.hip_abduction, 0);
}

TEST(FigureSpec, ErrorsNameTheFileAndTheField) {
  auto expect_error = [](std::string_view text, std::string_view words) {
    auto spec = parse_figure_spec(text, "f.json");
    ASSERT_FALSE(spec) << text;
    EXPECT_NE(spec.error().message().find(words), std::string::npos) << spec.error().message();
    EXPECT_EQ(spec.error().message().rfind("f.json: ", 0), 0u) << spec.error().message();
  };
  expect_error(R"({"exercise": "x", "start": {}, "end": {"side": {"knee_flexon": 3}}})",
               "end.side.knee_flexon: unknown joint angle");
  expect_error(R"({"exercise": "x", "start": {}, "end": {"side": {"knee_flexion": "deep"}}})",
               "end.side.knee_flexion: expected a number");
  expect_error(R"({"exercise": "x", "start": {}, "end": {"trunk_pitch": 400}})", "end.trunk_pitch: an angle");
  expect_error(R"({"exercise": "x", "start": {}})", "end: missing");
  expect_error(R"({"exercise": "x", "view": "top", "start": {}, "end": {}})", "view: expected");
  expect_error(R"({"exercise": "x", "props": ["sofa"], "start": {}, "end": {}})", "props[0]");
  expect_error(R"({"exercise": "x", "colour": 1, "start": {}, "end": {}})", "colour: unknown field");
  expect_error("{", "not valid JSON");
}

// Every exercise in the library has its figure, drawn from a view the exercise is assessed from.
TEST(FigureSpec, EveryLibraryExerciseHasAFigureFromOneOfItsViews) {
  auto dir = exercise::default_library_dir();
  ASSERT_TRUE(dir) << dir.error().to_string();
  auto lib = exercise::load_exercise_library(*dir);
  ASSERT_TRUE(lib) << lib.error().to_string();
  auto specs = load_figure_specs(figures_dir_beside(*dir));
  ASSERT_TRUE(specs) << specs.error().to_string();
  for (const auto& ex : lib->exercises) {
    const auto it = std::find_if(specs->begin(), specs->end(),
                                 [&](const FigureSpec& s) { return s.exercise_id == ex.id; });
    ASSERT_NE(it, specs->end()) << ex.id << " has no data/figures/" << ex.id << ".json";
    const exercise::View v =
        it->view == kin::FigureView::kSide ? exercise::View::kSide : exercise::View::kFront;
    EXPECT_TRUE(exercise::view_supported(ex.views, v))
        << ex.id << ": its figure is drawn from a view it is not assessed from";
  }
  for (const auto& s : *specs)
    EXPECT_TRUE(lib->find(s.exercise_id)) << "data/figures/" << s.exercise_id << ".json names no exercise";
}

}  // namespace
}  // namespace physio::illustrate
