// Remote therapeutic monitoring records on both back ends: set-ups, manual entries and one running timer
// per staff member and patient, and the month lock taken once with its frozen results.
#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

using clinic::RtmMonthLock;
using clinic::RtmSetup;
using clinic::RtmTimeEntry;

class RtmStoreTest : public StoreTest {
 protected:
  RtmTimeEntry entry(std::optional<std::int64_t> minutes, const std::string& source = "manual") {
    return {.clinic_id = clinic_a_.id,
            .patient_id = patient_a_.id,
            .staff_id = physio_a_.id,
            .start_us = now_,
            .minutes = minutes,
            .activity = "data_review",
            .source = source,
            .created_by = physio_a_.id};
  }
};

TEST_P(RtmStoreTest, SetupsAndEntriesStayInTheirClinic) {
  auto s = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_rtm_setup({.clinic_id = clinic_a_.id,
                                .patient_id = patient_a_.id,
                                .staff_id = physio_a_.id,
                                .device = "physiokit web app (software)"});
  }));
  EXPECT_EQ(s.at_us, now_.load());
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.list_rtm_patient_ids(clinic_a_.id); })),
            std::vector<std::string>{patient_a_.id});
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return tx.list_rtm_patient_ids(clinic_b_.id); })).empty());
  auto e = STORE_OK(store_->write([&](Tx& tx) { return tx.insert_rtm_time_entry(entry(12)); }));
  auto comm = entry(5);
  comm.interactive = true;
  comm.mode = "phone";
  comm.activity = "communication";
  comm.start_us = now_ - 1000;
  STORE_OK(store_->write([&](Tx& tx) { return tx.insert_rtm_time_entry(comm); }));
  auto list =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_rtm_time_entries(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_TRUE(list[0].interactive);  // by start time
  EXPECT_EQ(list[0].mode, "phone");
  EXPECT_EQ(list[1].id, e.id);
  EXPECT_EQ(list[1].minutes, 12);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_rtm_time_entries(clinic_b_.id, patient_a_.id);
              })).empty());
  auto foreign = entry(3);
  foreign.clinic_id = clinic_b_.id;
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.insert_rtm_time_entry(foreign); }));
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.insert_rtm_time_entry(entry(-1)); }));
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.insert_rtm_time_entry(entry(1, "guess")); }));
}

TEST_P(RtmStoreTest, OneRunningTimerPerStaffAndPatient) {
  auto t =
      STORE_OK(store_->write([&](Tx& tx) { return tx.insert_rtm_time_entry(entry(std::nullopt, "timer")); }));
  auto second = store_->write([&](Tx& tx) { return tx.insert_rtm_time_entry(entry(std::nullopt, "timer")); });
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message().find("already running"), std::string::npos);
  auto running = STORE_OK(
      store_->read([&](Tx& tx) { return tx.running_rtm_timer(clinic_a_.id, patient_a_.id, physio_a_.id); }));
  ASSERT_TRUE(running.has_value());
  EXPECT_EQ(running->id, t.id);
  auto stopped = STORE_OK(store_->write([&](Tx& tx) { return tx.stop_rtm_timer(clinic_a_.id, t.id, 17); }));
  EXPECT_EQ(stopped.minutes, 17);
  // Stopped once: a second stop finds no running timer; a new one may start.
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.stop_rtm_timer(clinic_a_.id, t.id, 20); }));
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.stop_rtm_timer(clinic_b_.id, t.id, 20); }));
  STORE_OK(store_->write([&](Tx& tx) { return tx.insert_rtm_time_entry(entry(std::nullopt, "timer")); }));
  // The database itself refuses a second running timer (the partial unique index).
  EXPECT_FALSE(store_->write([&](Tx& tx) -> Status {
    PHYSIO_TRY(tx.connection().query(
        "INSERT INTO rtm_time_entries (id, clinic_id, patient_id, staff_id, start_us, minutes, activity, "
        "interactive, mode, note, source, created_by, created_us) VALUES ('x', ?, ?, ?, 0, NULL, '', 0, '', "
        "'', "
        "'timer', '', 0)",
        {clinic_a_.id, patient_a_.id, physio_a_.id}));
    return ok();
  }));
}

TEST_P(RtmStoreTest, AMonthIsLockedOnceWithItsFrozenResults) {
  RtmMonthLock lock{
      .clinic_id = clinic_a_.id, .month = "2026-01", .locked_by = physio_a_.id, .locked_us = now_};
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.get_rtm_month_lock(clinic_a_.id, "2026-01");
               })).has_value());
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.lock_rtm_month(lock, {{patient_a_.id, R"({"minutes":25})"}});
  }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_rtm_month_lock(clinic_a_.id, "2026-01"); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->locked_by, physio_a_.id);
  auto again = store_->write([&](Tx& tx) { return tx.lock_rtm_month(lock, {}); });
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message().find("locked already"), std::string::npos);
  auto results =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_rtm_month_results(clinic_a_.id, "2026-01"); }));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].second, R"({"minutes":25})");
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.get_rtm_month_lock(clinic_b_.id, "2026-01");
               })).has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, RtmStoreTest, ::testing::Values("sqlite", "postgresql"),
                         backend_param_name);

}  // namespace
}  // namespace physio::store::testing
