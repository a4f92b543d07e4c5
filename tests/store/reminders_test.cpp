// Exercise reminder preferences and the reminders sent, on both back ends: the insert of a day's row is
// the claim (a second claim of the same local date writes nothing), across stores on one database.
#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

using clinic::ReminderPreference;
using clinic::ReminderSent;

class RemindersTest : public StoreTest {};

TEST_P(RemindersTest, PreferenceIsUpsertedAndListedWhenEnabled) {
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.get_reminder_preference(clinic_a_.id, patient_a_.id);
               })).has_value());
  ReminderPreference p{.clinic_id = clinic_a_.id,
                       .patient_id = patient_a_.id,
                       .local_time = "07:30",
                       .time_zone = "Europe/Lisbon",
                       .email = true,
                       .updated_by = physio_a_.id};
  STORE_OK(store_->write([&](Tx& tx) { return tx.put_reminder_preference(p); }));
  p.local_time = "19:00";
  p.in_app = false;
  STORE_OK(store_->write([&](Tx& tx) { return tx.put_reminder_preference(p); }));
  auto got =
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_reminder_preference(clinic_a_.id, patient_a_.id); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->local_time, "19:00");
  EXPECT_FALSE(got->in_app);
  EXPECT_TRUE(got->email);
  EXPECT_EQ(got->time_zone, "Europe/Lisbon");
  // Another clinic's id finds nothing.
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.get_reminder_preference(clinic_b_.id, patient_a_.id);
               })).has_value());
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.list_enabled_reminder_preferences(); })).size(),
            1u);
  p.enabled = false;
  STORE_OK(store_->write([&](Tx& tx) { return tx.put_reminder_preference(p); }));
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return tx.list_enabled_reminder_preferences(); })).empty());
}

TEST_P(RemindersTest, TheLocalDateIsClaimedOnceAcrossStores) {
  ReminderSent r{.clinic_id = clinic_a_.id,
                 .patient_id = patient_a_.id,
                 .local_date = "2026-03-29",
                 .occurrence_us = 1'774'771'200'000'000,
                 .sent_us = 1'774'771'260'000'000,
                 .channels = "in_app",
                 .message = "Time for today's home exercises (08:00)."};
  auto first = STORE_OK(store_->write([&](Tx& tx) { return tx.claim_reminder_day(r); }));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->id.size(), 32u);
  // A second server (another store on the same database) claims the same day: nothing is written, and
  // its transaction stays usable (PostgreSQL would abort it on a unique violation).
  auto other = open_again();
  auto second = STORE_OK(other->write([&](Tx& tx) -> Result<std::optional<ReminderSent>> {
    auto c = PHYSIO_TRY(tx.claim_reminder_day(r));
    PHYSIO_TRY(tx.last_reminder_sent_us(clinic_a_.id, patient_a_.id));
    return c;
  }));
  EXPECT_FALSE(second.has_value());
  EXPECT_EQ(count("reminders_sent"), 1);
  r.local_date = "2026-03-30";
  r.sent_us += 86'400'000'000;
  EXPECT_TRUE(STORE_OK(other->write([&](Tx& tx) { return tx.claim_reminder_day(r); })).has_value());
  EXPECT_EQ(
      STORE_OK(store_->read([&](Tx& tx) { return tx.last_reminder_sent_us(clinic_a_.id, patient_a_.id); })),
      r.sent_us);
  EXPECT_EQ(
      STORE_OK(store_->read([&](Tx& tx) { return tx.last_reminder_sent_us(clinic_a_.id, patient_b_.id); })),
      0);
  STORE_OK(
      store_->write([&](Tx& tx) { return tx.set_reminder_email_status(clinic_a_.id, first->id, "sent"); }));
  auto list =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_reminders_sent(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].local_date, "2026-03-30");  // newest first
  EXPECT_EQ(list[1].email_status, "sent");
  // Another clinic sees none of them.
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_reminders_sent(clinic_b_.id, patient_a_.id);
              })).empty());
  EXPECT_FALSE(
      store_->write([&](Tx& tx) { return tx.set_reminder_email_status(clinic_b_.id, first->id, "x"); }));
}

// The private calendar address: one per patient (a new one replaces the old, which then finds nothing),
// found by its token's hash from any clinic, removed on request.
TEST_P(RemindersTest, OneCalendarAddressPerPatientReplacedAndRemoved) {
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.get_calendar_feed(clinic_a_.id, patient_a_.id);
               })).has_value());
  clinic::CalendarFeed f{.token_hash = std::string(64, 'a'),
                         .clinic_id = clinic_a_.id,
                         .patient_id = patient_a_.id,
                         .created_by = physio_a_.id};
  STORE_OK(store_->write([&](Tx& tx) { return tx.put_calendar_feed(f); }));
  auto found = STORE_OK(store_->read([&](Tx& tx) { return tx.find_calendar_feed(std::string(64, 'a')); }));
  EXPECT_EQ(found.patient_id, patient_a_.id);
  EXPECT_EQ(found.clinic_id, clinic_a_.id);
  EXPECT_GT(found.created_us, 0);
  f.token_hash = std::string(64, 'b');
  STORE_OK(store_->write([&](Tx& tx) { return tx.put_calendar_feed(f); }));
  auto old = store_->read([&](Tx& tx) { return tx.find_calendar_feed(std::string(64, 'a')); });
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) {
              return tx.get_calendar_feed(clinic_a_.id, patient_a_.id);
            }))->token_hash,
            std::string(64, 'b'));
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.get_calendar_feed(clinic_b_.id, patient_a_.id);
               })).has_value());
  EXPECT_FALSE(
      STORE_OK(store_->write([&](Tx& tx) { return tx.delete_calendar_feed(clinic_b_.id, patient_a_.id); })));
  EXPECT_TRUE(
      STORE_OK(store_->write([&](Tx& tx) { return tx.delete_calendar_feed(clinic_a_.id, patient_a_.id); })));
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.find_calendar_feed(std::string(64, 'b')); }));
}

INSTANTIATE_TEST_SUITE_P(Backends, RemindersTest, ::testing::Values("sqlite", "postgresql"),
                         backend_param_name);

}  // namespace
}  // namespace physio::store::testing
