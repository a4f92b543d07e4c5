#include <fstream>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "exercise/derived_angles.hpp"
#include "exercise/library.hpp"
#include "exercise/patient_words.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::exercise {
namespace {

std::filesystem::path library_dir() {
  return test::source_dir() / "data" / "exercises";
}

const char* kValid = R"({
  "id": "test_squat", "name": "Test squat", "body_region": "lower_limb", "position": "standing",
  "equipment": ["chair"], "view": "side",
  "laterality": "bilateral", "primary_angle": "{side}_knee_flexion", "direction": "increase",
  "target_range_deg": [0, 100], "tempo_s": [1, 6],
  "rules": [{"id": "depth", "measure": {"angle": "primary", "stat": "rom"}, "op": "<", "threshold": 50,
             "severity": "medium", "cue": "Go deeper"}],
  "joints": ["left_knee", "right_knee"], "contraindications": "none"
})";

// Every shipped exercise says from which camera views it is assessed and why; a squat from the front and the
// side (issue 25), a frontal-plane movement from the front only.
TEST(ExerciseLibrary, EveryExerciseStatesItsViewsAndWhy) {
  auto lib = default_library();
  ASSERT_TRUE(lib) << lib.error().to_string();
  for (const auto& ex : (*lib)->exercises) {
    EXPECT_FALSE(ex.views.empty()) << ex.id;
    EXPECT_EQ(ex.views.front(), ex.view) << ex.id;
    EXPECT_GT(ex.views_reason.size(), 20u) << ex.id << ": views_reason says why";
  }
  for (const char* id : {"deep_squat", "mini_squat"}) {
    auto ex = find_exercise(id);
    ASSERT_TRUE(ex);
    EXPECT_TRUE(view_supported((*ex)->views, View::kFront)) << id;
    EXPECT_TRUE(view_supported((*ex)->views, View::kSide)) << id;
  }
  auto abduction = find_exercise("shoulder_abduction");
  ASSERT_TRUE(abduction);
  EXPECT_FALSE(view_supported((*abduction)->views, View::kSide));
}

TEST(ExerciseLibrary, ViewsAreChecked) {
  const std::string base = R"({"id": "x", "name": "X", "body_region": "lower_limb", "position": "standing",
    "laterality": "bilateral", "primary_angle": "{side}_knee_flexion", "direction": "increase",
    "target_range_deg": [0, 90], "tempo_s": [1, 5], "joints": ["left_knee", "right_knee"],
    "rules": [{"id": "depth", "measure": {"angle": "primary", "stat": "rom"}, "op": "<", "threshold": 30,
               "severity": "low", "cue": "Bend more"}], "contraindications": "none", )";
  auto ok = parse_exercise(base + R"("view": "side", "views": ["front"], "views_reason": "both"})", "x.json");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->views.size(), 2u);
  auto bad = parse_exercise(base + R"("view": "side", "views": ["top"]})", "x.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("x.json: views: 'top' is not one of side, front"), std::string::npos)
      << bad.error().to_string();
}

TEST(ExerciseLibrary, LoadsAtLeastTwentyIncludingUiPrmd) {
  auto lib = load_exercise_library(library_dir());
  ASSERT_TRUE(lib) << lib.error().to_string();
  EXPECT_GE(lib->exercises.size(), 20u);
  for (const char* id : {"deep_squat",
                         "hurdle_step",
                         "inline_lunge",
                         "side_lunge",
                         "sit_to_stand",
                         "standing_active_straight_leg_raise",
                         "shoulder_abduction",
                         "shoulder_extension",
                         "shoulder_rotation",
                         "scaption",
                         "heel_slide",
                         "bridge",
                         "mini_squat",
                         "heel_raise",
                         "standing_hip_abduction",
                         "seated_knee_extension",
                         "elbow_flexion",
                         "shoulder_flexion",
                         "lateral_trunk_flexion",
                         "hamstring_stretch_hold",
                         "calf_stretch_hold"})
    EXPECT_TRUE(lib->find(id)) << id;
  for (int m = 1; m <= 10; ++m) EXPECT_TRUE(lib->find(fmt::format("m{:02}", m))) << m;
  for (const auto& e : lib->exercises) {
    EXPECT_FALSE(e.rules.empty()) << e.id;
    for (const auto& r : e.rules) EXPECT_FALSE(r.cue.empty()) << e.id;
  }
}

TEST(ExerciseLibrary, DefaultDirIsFound) {
  auto dir = default_library_dir();
  ASSERT_TRUE(dir) << dir.error().to_string();
  auto ex = find_exercise("deep_squat");
  ASSERT_TRUE(ex) << ex.error().to_string();
  EXPECT_EQ((*ex)->name, "Deep squat");
}

TEST(ExerciseLibrary, UnknownIdListsValidOnes) {
  auto lib = load_exercise_library(library_dir());
  ASSERT_TRUE(lib);
  auto r = lib->find("squatt");
  ASSERT_FALSE(r);
  std::string msg = r.error().to_string();
  EXPECT_NE(msg.find("unknown exercise 'squatt'; valid: "), std::string::npos) << msg;
  EXPECT_NE(msg.find("deep_squat"), std::string::npos) << msg;
}

TEST(ExerciseLibrary, ParsesValidDefinition) {
  auto ex = parse_exercise(kValid, "t.json");
  ASSERT_TRUE(ex) << ex.error().to_string();
  EXPECT_EQ(ex->joints.size(), 2u);
  EXPECT_EQ(resolved_angle_names(*ex, "right"),
            (std::vector<std::string>{"left_knee_flexion", "right_knee_flexion"}));
}

void expect_field_error(const std::string& from, const std::string& to, const std::string& field) {
  std::string text = kValid;
  auto p = text.find(from);
  ASSERT_NE(p, std::string::npos) << from;
  text.replace(p, from.size(), to);
  auto ex = parse_exercise(text, "bad.json");
  ASSERT_FALSE(ex) << "accepted: " << to;
  std::string msg = ex.error().to_string();
  EXPECT_NE(msg.find("bad.json: " + field), std::string::npos) << msg;
}

TEST(ExerciseLibrary, MalformedFileNamesTheField) {
  expect_field_error(R"("severity": "medium")", R"("severity": "urgent")", "rules[0].severity");
  expect_field_error(R"("threshold": 50)", R"("threshold": "fifty")", "rules[0].threshold");
  expect_field_error(R"("primary_angle": "{side}_knee_flexion")", R"("primary_angle": "{side}_knee_bend")",
                     "primary_angle");
  expect_field_error(R"("target_range_deg": [0, 100])", R"("target_range_deg": [100, 0])",
                     "target_range_deg");
  expect_field_error(R"("stat": "rom")", R"("stat": "range")", "rules[0].measure.stat");
  expect_field_error(R"(["left_knee", "right_knee"])", R"(["left_knee", "right_kne"])", "joints[1]");
  expect_field_error(R"("view": "side",)", R"("view": "side", "colour": 1,)", "colour");
  expect_field_error(R"("tempo_s": [1, 6])", R"("tempo_s": 3)", "tempo_s");
  expect_field_error(R"("position": "standing")", R"("position": "upside_down")", "position");
  expect_field_error(R"("equipment": ["chair"])", R"("equipment": ["trampoline"])", "equipment");
  // The moving limb: its fields, their values, and the joints its segment needs.
  const std::string limb = R"("contraindications": "none")";
  expect_field_error(limb, limb + R"(, "moving_limb": {"segment": "arm", "toward": "up"})",
                     "moving_limb.toward");
  expect_field_error(limb, limb + R"(, "moving_limb": {"segment": "leg", "toward": "forward"})",
                     "moving_limb.segment");
  expect_field_error(limb, limb + R"(, "moving_limb": {"segment": "thigh", "toward": "forward", "x": 1})",
                     "moving_limb.x");
  expect_field_error(limb, limb + R"(, "moving_limb": {"segment": "arm", "toward": "forward"})",
                     "moving_limb.segment: the arm needs 'left_shoulder' in joints");
  expect_field_error(limb, limb + R"(, "moving_limb": "forward")", "moving_limb");
  auto bad = parse_exercise("{not json", "x.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("x.json"), std::string::npos);
}

TEST(ExerciseLibrary, DuplicateIdNamesBothFiles) {
  auto dir = test::scratch_dir("exercise_dup");
  for (const char* n : {"a.json", "b.json"}) std::ofstream(dir / n) << kValid;
  auto lib = load_exercise_library(dir);
  ASSERT_FALSE(lib);
  std::string msg = lib.error().to_string();
  EXPECT_NE(msg.find("b.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("a.json"), std::string::npos) << msg;
}

TEST(ExerciseLibrary, MissingLandmarksAreNamed) {
  auto lib = load_exercise_library(library_dir());
  ASSERT_TRUE(lib);
  auto heel = lib->find("heel_raise");
  ASSERT_TRUE(heel);
  auto st = check_skeleton(**heel, *kin::coco17());
  ASSERT_FALSE(st);
  EXPECT_EQ(
      st.error().message(),
      "exercise heel_raise needs left heel, right heel, left big toe, right big toe which coco17 lacks");
  EXPECT_TRUE(check_skeleton(**heel, *kin::blazepose33()));
  auto squat = lib->find("deep_squat");
  EXPECT_TRUE(check_skeleton(**squat, *kin::coco17()));
}

TEST(ExerciseLibrary, EveryAngleNameIsComputable) {
  auto lib = load_exercise_library(library_dir());
  ASSERT_TRUE(lib);
  for (const auto& e : lib->exercises) {
    for (const char* side : {"left", "right"})
      for (const auto& n : resolved_angle_names(e, side)) {
        bool known = find_derived_angle(n) != nullptr;
        for (const auto& s : kin::angle_specs_3d()) known = known || s.name == n;
        for (const auto& s : kin::angle_specs_2d()) known = known || s.name == n;
        EXPECT_TRUE(known) << e.id << ": " << n;
      }
  }
}

// What a patient reads of every exercise (name, how to do it, the starting position, the coach's cues, the
// caution) is in their words: no identifiers, file kinds or "developers".
TEST(ExerciseLibrary, PatientFacingTextHasNoInternalWords) {
  EXPECT_EQ(internal_words("Starting position: lying_supine"), std::vector<std::string>{"lying_supine"});
  EXPECT_EQ(internal_words("converts through the developers' table").size(), 1u);
  EXPECT_EQ(internal_words("Upload the landmark file").size(), 1u);
  EXPECT_TRUE(internal_words("Lying on your back, bend one knee to 90\u00b0; hold 30 s.").empty());
  auto lib = load_exercise_library(library_dir());
  ASSERT_TRUE(lib);
  for (const auto& e : lib->exercises) {
    std::vector<std::string> texts = {e.name, e.description, std::string(position_words(e.position)),
                                      e.contraindications};
    for (const auto& r : e.rules) texts.push_back(r.cue);
    for (const auto& t : texts) EXPECT_TRUE(internal_words(t).empty()) << e.id << ": " << t;
    EXPECT_FALSE(position_words(e.position).empty()) << e.id << ": " << e.position;
  }
  for (const auto& p : position_ids()) EXPECT_FALSE(position_words(p).empty()) << p;
}

// A caution names no condition the patient may not have: the seated knee extension's spoke of ACL
// reconstruction to every patient it was prescribed to (a patellofemoral patient among them).
TEST(ExerciseLibrary, CautionsAreWordedForEveryPatient) {
  auto lib = load_exercise_library(library_dir());
  ASSERT_TRUE(lib);
  for (const auto& e : lib->exercises)
    for (const char* w : {"ACL", "reconstruction", "patellofemoral", "meniscectomy"})
      EXPECT_EQ(e.contraindications.find(w), std::string::npos) << e.id << ": " << e.contraindications;
}

}  // namespace
}  // namespace physio::exercise
