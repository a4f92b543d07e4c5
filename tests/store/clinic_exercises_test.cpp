// A clinic's own exercises on both back ends: created, edited, retired (kept, never deleted), names unique
// within a clinic, and one clinic's exercises invisible to another.
#include <gtest/gtest.h>

#include "store/clinic_exercises.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, ClinicExercisesCreateEditRetireAndStayPerClinic) {
  ClinicExerciseRow e{
      .clinic_id = clinic_a_.id,
      .id = "c-wall-sit",
      .name = "Wall sit",
      .steps = {"Stand with your back against a wall.", "Slide down until your knees bend a little."},
      .position = "standing",
      .kind = "hold",
      .default_sets = 1,
      .default_reps = 3,
      .hold_s = 30,
      .cautions = "Stop if your knee hurts sharply.",
      .measured_like = "mini_squat",
      .created_by = physio_a_.id,
      .created_us = 1'000'000,
      .updated_by = physio_a_.id,
      .updated_us = 1'000'000};
  STORE_OK(store_->write([&](Tx& tx) { return create_clinic_exercise(tx, e); }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return get_clinic_exercise(tx, clinic_a_.id, e.id); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->name, "Wall sit");
  EXPECT_EQ(got->steps, e.steps);
  EXPECT_EQ(got->kind, "hold");
  EXPECT_EQ(got->default_reps, 3);
  EXPECT_DOUBLE_EQ(got->hold_s, 30);
  EXPECT_EQ(got->measured_like, "mini_squat");
  EXPECT_FALSE(got->retired());
  // Another clinic neither sees nor changes it.
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) { return get_clinic_exercise(tx, clinic_b_.id, e.id); })));
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return list_clinic_exercises(tx, clinic_b_.id); })).empty());
  ClinicExerciseRow theirs = e;
  theirs.clinic_id = clinic_b_.id;
  theirs.name = "Renamed";
  auto denied = store_->write([&](Tx& tx) { return update_clinic_exercise(tx, theirs); });
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code(), ErrorCode::kNotFound);

  // A second exercise may not take the first's name; an edit changes the fields.
  ClinicExerciseRow second = e;
  second.id = "c-step-up";
  auto dup = store_->write([&](Tx& tx) { return create_clinic_exercise(tx, second); });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), ErrorCode::kInvalidArgument);
  second.name = "Step up";
  second.kind = "repetitions";
  second.hold_s = 0;
  STORE_OK(store_->write([&](Tx& tx) { return create_clinic_exercise(tx, second); }));
  e.steps.push_back("Breathe normally.");
  e.updated_us = 2'000'000;
  STORE_OK(store_->write([&](Tx& tx) { return update_clinic_exercise(tx, e); }));
  auto all = STORE_OK(store_->read([&](Tx& tx) { return list_clinic_exercises(tx, clinic_a_.id); }));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Step up");
  EXPECT_EQ(all[1].steps.size(), 3u);
  EXPECT_EQ(all[1].updated_us, 2'000'000);

  // Retired: kept, marked; retiring again changes nothing.
  STORE_OK(store_->write(
      [&](Tx& tx) { return retire_clinic_exercise(tx, clinic_a_.id, e.id, physio_a_.id, 3'000'000); }));
  STORE_OK(store_->write(
      [&](Tx& tx) { return retire_clinic_exercise(tx, clinic_a_.id, e.id, physio_a_.id, 4'000'000); }));
  got = STORE_OK(store_->read([&](Tx& tx) { return get_clinic_exercise(tx, clinic_a_.id, e.id); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->retired_us, 3'000'000);
  auto missing =
      store_->write([&](Tx& tx) { return retire_clinic_exercise(tx, clinic_b_.id, e.id, physio_a_.id, 5); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace physio::store::testing
