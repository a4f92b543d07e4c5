#include "rehab/program_diff.hpp"

#include <gtest/gtest.h>

namespace physio::rehab {
namespace {

Prescription rx(std::string id, int sets, int reps) {
  Prescription p;
  p.exercise_id = std::move(id);
  p.dosage.sets = sets;
  p.dosage.reps = reps;
  return p;
}

std::string names(std::string_view id) {
  if (id == "mini_squat") return "Mini squat";
  if (id == "bridge") return "Bridge";
  return std::string(id);
}

TEST(ProgramDiff, DosageInWords) {
  Dosage d;
  d.sets = 3;
  d.reps = 10;
  d.load = {.kind = LoadKind::kKg, .kg = 5};
  d.days_per_week = 5;
  EXPECT_EQ(dosage_words(d), "3 sets of 10, 5 kg, once a day, 5 days a week");
  d.sets = 1;
  d.hold_s = 30;
  d.reps = 3;
  d.load = {.kind = LoadKind::kBand, .band = "red"};
  d.times_per_day = 2;
  d.days_per_week = 7;
  EXPECT_EQ(dosage_words(d), "3 holds of 30 s, red band, twice a day, every day");
  d.sets = 2;
  EXPECT_EQ(dosage_words(d), "2 sets of 3 holds of 30 s, red band, twice a day, every day");
  d.sets = 1;
  d.load = {.kind = LoadKind::kRir, .rir = 2};
  d.hold_s = 0;
  d.times_per_day = 3;
  EXPECT_EQ(dosage_words(d), "1 set of 3, 2 repetitions in reserve, 3 times a day, every day");
  d.load = {.kind = LoadKind::kKg, .kg = 7.5};
  EXPECT_EQ(dosage_words(d), "1 set of 3, 7.5 kg, 3 times a day, every day");
}

// A hold's default dose is holds x seconds (the calf stretch read "3 sets of 10 holds of 30 s": 15 minutes);
// a moving exercise's, sets x repetitions.
TEST(ProgramDiff, DefaultDoseMakesSensePerKind) {
  const Dosage hold = default_dosage(true, 30);
  EXPECT_EQ(dosage_words(hold), "3 holds of 30 s, once a day, every day");
  EXPECT_LE(hold.sets * hold.reps * hold.hold_s, 5 * 60) << "a stretch's dose is minutes, not a quarter hour";
  EXPECT_TRUE(validate_dosage(hold));
  EXPECT_EQ(default_dosage(true, 0).hold_s, 30);
  const Dosage reps = default_dosage(false, 0);
  EXPECT_EQ(dosage_words(reps), "3 sets of 10, once a day, every day");
  EXPECT_TRUE(validate_dosage(reps));
}

TEST(ProgramDiff, AddedRemovedAndChangedExercisesInWords) {
  Program a;
  a.title = "Knee, weeks 1-4";
  a.prescriptions = {rx("mini_squat", 3, 10), rx("calf_raise", 2, 15)};
  Program b = a;
  EXPECT_TRUE(describe_changes(a, b, names).empty());
  b.title = "Knee, weeks 5-8";
  b.prescriptions[0].dosage.reps = 12;
  b.prescriptions[0].side = Side::kLeft;
  b.prescriptions[0].target_rom_deg = 90;
  b.prescriptions[0].notes = "hold the chair";
  b.prescriptions.erase(b.prescriptions.begin() + 1);
  auto bridge = rx("bridge", 2, 8);
  bridge.dosage.days_per_week = 3;
  b.prescriptions.push_back(bridge);
  b.auto_apply = {.enabled = true, .max_load_change_pct_per_week = 10, .max_steps = 2};
  const auto changes = describe_changes(a, b, names);
  const std::vector<std::string> want{
      "Title: \"Knee, weeks 1-4\" → \"Knee, weeks 5-8\"",
      "Mini squat: 3 sets of 10, once a day, every day → 3 sets of 12, once a day, every day",
      "Mini squat, side: both sides → left side",
      "Mini squat, target range: none → 90°",
      "Mini squat: notes now \"hold the chair\"",
      "Added Bridge: 2 sets of 8, once a day, 3 days a week",
      "Removed calf_raise",
      "Automatic steps allowed: up to 10 % load a week, 2 steps",
  };
  EXPECT_EQ(changes, want);
  // And back: the notes are removed, the bounds withdrawn.
  Program c = b;
  c.prescriptions[0].notes.clear();
  c.auto_apply.enabled = false;
  EXPECT_EQ(describe_changes(b, c, names),
            (std::vector<std::string>{"Mini squat: notes removed", "Automatic steps no longer allowed"}));
}

}  // namespace
}  // namespace physio::rehab
