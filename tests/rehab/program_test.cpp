#include "rehab/program.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "rehab/files.hpp"

namespace physio::rehab {
namespace {

using nlohmann::json;

Program sample_program() {
  Program p;
  p.id = "p1";
  p.patient_id = "pat1";
  p.title = "Knee";
  p.version = 2;
  Prescription a;
  a.exercise_id = "mini_squat";
  a.dosage = Dosage{3, 10, 0, 60, Load{LoadKind::kKg, 4.5, "", 0, 0}, 1, 5};
  a.start_date = "2026-03-02";
  a.target_rom_deg = 45;
  a.notes = "hold a chair";
  Prescription b;
  b.exercise_id = "hamstring_stretch_hold";
  b.side = Side::kLeft;
  b.dosage = Dosage{1, 3, 30, 15, Load{LoadKind::kBand, 0, "red", 0, 0}, 2, 7};
  b.end_date = "2026-04-30";
  Prescription c;
  c.exercise_id = "bridge";
  c.dosage.load = Load{LoadKind::kRpe, 0, "", 6, 0};
  Prescription d;
  d.exercise_id = "heel_raise";
  d.dosage.load = Load{LoadKind::kRir, 0, "", 0, 3};
  p.prescriptions = {a, b, c, d};
  p.auto_apply = AutoApplyBounds{true, 10, 2};
  p.history = {ChangeRecord{1, "u1", 100, "created", "create", "", 0},
               ChangeRecord{2, "u1", 200, "more load", "progression", "mini_squat", 12.5}};
  return p;
}

TEST(Program, JsonRoundTrip) {
  const Program p = sample_program();
  ASSERT_TRUE(validate_program(p)) << validate_program(p).error().to_string();
  const json j = to_json(p);
  auto back = program_from_json(json::parse(j.dump()));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, p);
}

TEST(Program, ValidationNamesTheField) {
  struct Row {
    const char* name;
    std::function<void(json&)> change;
    const char* expected;  // start of the error message
  };
  const std::vector<Row> rows = {
      {"reps 0", [](json& j) { j["prescriptions"][0]["dosage"]["reps"] = 0; },
       "prescriptions[0].dosage.reps: must be 1..100"},
      {"reps 1 ok", [](json& j) { j["prescriptions"][0]["dosage"]["reps"] = 1; }, ""},
      {"sets 11", [](json& j) { j["prescriptions"][1]["dosage"]["sets"] = 11; },
       "prescriptions[1].dosage.sets"},
      {"reps text", [](json& j) { j["prescriptions"][0]["dosage"]["reps"] = "10"; },
       "prescriptions[0].dosage.reps: must be a whole number"},
      {"days 8", [](json& j) { j["prescriptions"][0]["dosage"]["days_per_week"] = 8; },
       "prescriptions[0].dosage.days_per_week"},
      {"band", [](json& j) { j["prescriptions"][1]["dosage"]["load"]["band"] = "purple"; },
       "prescriptions[1].dosage.load.band"},
      {"load kind", [](json& j) { j["prescriptions"][0]["dosage"]["load"]["kind"] = "lb"; },
       "prescriptions[0].dosage.load.kind"},
      {"rpe 11", [](json& j) { j["prescriptions"][2]["dosage"]["load"]["rpe"] = 11; },
       "prescriptions[2].dosage.load.rpe"},
      {"side", [](json& j) { j["prescriptions"][0]["side"] = "middle"; }, "prescriptions[0].side"},
      {"date", [](json& j) { j["prescriptions"][0]["start_date"] = "2026-02-30"; },
       "prescriptions[0].start_date"},
      {"end before start", [](json& j) { j["prescriptions"][0]["end_date"] = "2026-03-01"; },
       "prescriptions[0].end_date: is before"},
      {"duplicate", [](json& j) { j["prescriptions"][1]["exercise_id"] = "mini_squat"; },
       "prescriptions[1].exercise_id: 'mini_squat' appears twice"},
      {"unknown field", [](json& j) { j["prescriptions"][0]["dosage"]["repz"] = 3; },
       "prescriptions[0].dosage.repz: unknown field"},
      {"rom", [](json& j) { j["prescriptions"][0]["target_rom_deg"] = -1; },
       "prescriptions[0].target_rom_deg"},
      {"history gap", [](json& j) { j["history"][1]["version"] = 3; }, "history[1].version: must be 2"},
      {"version mismatch", [](json& j) { j["version"] = 3; },
       "version: is 3 but the history ends at version 2"},
      {"auto pct", [](json& j) { j["auto_apply"]["max_load_change_pct_per_week"] = 60; },
       "auto_apply.max_load_change_pct_per_week"},
  };
  for (const auto& r : rows) {
    json j = to_json(sample_program());
    r.change(j);
    auto p = program_from_json(j);
    if (std::string(r.expected).empty()) {
      EXPECT_TRUE(p) << r.name << ": " << p.error().to_string();
      continue;
    }
    ASSERT_FALSE(p) << r.name;
    EXPECT_EQ(p.error().to_string().rfind(r.expected, 0), 0u) << r.name << ": " << p.error().to_string();
  }
}

TEST(Program, TemplatesAreValidAndUseLibraryExercises) {
  const auto root = physio::test::source_dir();
  auto ids = load_exercise_ids(root / "data/exercises");
  ASSERT_TRUE(ids) << ids.error().to_string();
  ASSERT_GE(ids->size(), 10u);
  auto templates = load_program_templates(root / "data/programs", *ids);
  ASSERT_TRUE(templates) << templates.error().to_string();
  std::vector<std::string> names;
  for (const auto& t : *templates) {
    names.push_back(t.id);
    EXPECT_FALSE(t.source.empty()) << t.id;
    for (const auto& rx : t.prescriptions) {
      EXPECT_TRUE(std::binary_search(ids->begin(), ids->end(), rx.exercise_id))
          << t.id << ": " << rx.exercise_id;
    }
    const Program p = program_from_template(t, "p", "pat", "u1", 1, "2026-03-02");
    EXPECT_TRUE(validate_program(p)) << t.id;
  }
  for (const char* want :
       {"knee_oa", "acl_early", "acl_intermediate", "acl_late", "low_back_pain", "shoulder_impingement"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
}

TEST(Program, TemplateWithUnknownExerciseIsRefused) {
  json t = {{"id", "x"},
            {"name", "X"},
            {"condition", "c"},
            {"prescriptions", json::array({to_json(sample_program().prescriptions[0])})}};
  EXPECT_TRUE(template_from_json(t, {"mini_squat"}));
  auto r = template_from_json(t, {"bridge"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(),
            "prescriptions[0].exercise_id: 'mini_squat' is not in the exercise library");
  t["phase"] = "middle";
  EXPECT_FALSE(template_from_json(t, {"mini_squat"}));
}

}  // namespace
}  // namespace physio::rehab
