// The stored program and log rows in the rehab rules' terms (rehab/program_rows.hpp).
#include "rehab/program_rows.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace physio::rehab {
namespace {

constexpr TimeUs kDay = 86'400LL * 1'000'000;

clinic::HomeProgram row_with(const Program& p, TimeUs created) {
  clinic::HomeProgram row;
  row.id = "prog-1";
  row.status = "active";
  row.program_json = to_json(p).dump();
  row.created_us = created;
  return row;
}

Program two_prescriptions(std::string first_start, std::string second_start) {
  Program p;
  p.id = "prog-1";
  p.patient_id = "pat-1";
  p.title = "Knee";
  Prescription a;
  a.exercise_id = "mini_squat";
  a.start_date = std::move(first_start);
  Prescription b;
  b.exercise_id = "bridge";
  b.start_date = std::move(second_start);
  p.prescriptions = {a, b};
  return p;
}

TEST(ProgramRows, AStoredProgramReadsBackAsItWasWritten) {
  const Program p = two_prescriptions("2026-03-02", "");
  auto back = program_of(row_with(p, 0));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->prescriptions.size(), 2U);
  EXPECT_EQ(back->prescriptions[0].start_date, "2026-03-02");
}

TEST(ProgramRows, ARowThatIsNotJsonIsCorruptAndNamesTheProgram) {
  clinic::HomeProgram row;
  row.id = "prog-9";
  row.program_json = "{not json";
  auto p = program_of(row);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), ErrorCode::kCorrupt);
  EXPECT_NE(p.error().to_string().find("prog-9"), std::string::npos) << p.error().to_string();
}

TEST(ProgramRows, AnInvalidProgramNamesTheProgramAndTheField) {
  clinic::HomeProgram row;
  row.id = "prog-7";
  row.program_json = R"({"title": 3})";
  auto p = program_of(row);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().to_string().find("program prog-7"), std::string::npos) << p.error().to_string();
}

TEST(ProgramRows, RepetitionsAddUpTheSetsAndSkipWhatIsNotACount) {
  clinic::ExerciseLog l;
  l.reps_per_set = "[10, 8, 6]";
  EXPECT_EQ(reps_done(l), 24);
  l.reps_per_set = R"([10, "x", null, 2.5, 5])";
  EXPECT_EQ(reps_done(l), 15);
  l.reps_per_set = R"({"sets": 3})";
  EXPECT_EQ(reps_done(l), 0);
  l.reps_per_set = "";
  EXPECT_EQ(reps_done(l), 0);
  EXPECT_EQ(reps_in("[1,2,3]"), 6);
}

TEST(ProgramRows, SessionLogsCarryExerciseTimeAndRepetitions) {
  clinic::ExerciseLog a;
  a.exercise_id = "bridge";
  a.done_us = 5 * kDay;
  a.reps_per_set = "[12, 12]";
  clinic::ExerciseLog b;
  b.exercise_id = "mini_squat";
  b.done_us = 6 * kDay;
  b.reps_per_set = "[]";
  const auto logs = session_logs({a, b});
  ASSERT_EQ(logs.size(), 2U);
  EXPECT_EQ(logs[0].exercise_id, "bridge");
  EXPECT_EQ(logs[0].done_us, 5 * kDay);
  EXPECT_EQ(logs[0].reps_done, 24);
  EXPECT_EQ(logs[1].reps_done, 0);
}

TEST(ProgramRows, APatientWithoutAZoneIsOnUtcAndAZoneFollowsItsSummerTime) {
  clinic::Patient p;
  const auto utc = zone_of(p);
  EXPECT_EQ(utc(0), 0);
  p.time_zone = "Europe/Lisbon";
  const auto lisbon = zone_of(p);
  // 2026-07-01 12:00 UTC: Lisbon is on WEST (UTC+1); 2026-01-15: WET (UTC+0).
  EXPECT_EQ(lisbon(1'782'907'200LL * 1'000'000), 3600);
  EXPECT_EQ(lisbon(1'768'478'400LL * 1'000'000), 0);
  p.time_zone = "Nowhere/Atlantis";
  EXPECT_EQ(zone_of(p)(0), 0);  // an unknown zone counts as UTC rather than failing the day's plan
}

TEST(ProgramRows, AProgramStartsOnTheDayItWasCreatedNeverBefore) {
  const UtcOffsetFn utc = [](TimeUs) -> std::int64_t { return 0; };
  const TimeUs created = 20'500 * kDay + 3'600'000'000LL;  // day 20500, 01:00 UTC
  // A prescription dated before the program was written does not count the days before it existed (the
  // patient could not have done an exercise nobody had prescribed yet).
  const Program early = two_prescriptions("2026-02-01", "");
  EXPECT_EQ(program_first_day(early, row_with(early, created), utc), 20'500);
  // Start dates after the creation day leave the creation day (the prescriptions count from their own).
  const Program later = two_prescriptions("2027-01-01", "");
  EXPECT_EQ(program_first_day(later, row_with(later, created), utc), 20'500);
  // The creation day is the patient's local day: 01:00 UTC is the day before in New York (UTC-5).
  const UtcOffsetFn new_york = [](TimeUs) -> std::int64_t { return -5 * 3600; };
  EXPECT_EQ(program_first_day(later, row_with(later, created), new_york), 20'499);
}

}  // namespace
}  // namespace physio::rehab
