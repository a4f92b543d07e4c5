// Secure messages on both back ends: the conversation in order, read receipts per side, the e-mail notice
// decided once across servers, unread counts, and the messages gone with an erased record.
#include <gtest/gtest.h>

#include "store/messages.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, MessagesKeepOrderReadReceiptsAndOneNotice) {
  auto send = [&](bool from_patient, const std::string& body) {
    now_ += 1000;
    return STORE_OK(store_->write([&](Tx& tx) {
      return insert_message(tx, {.clinic_id = clinic_a_.id,
                                 .patient_id = patient_a_.id,
                                 .sender_id = from_patient ? "patient-user" : physio_a_.id,
                                 .from_patient = from_patient,
                                 .body = body});
    }));
  };
  const auto q = send(true, "Is swelling normal?");
  const auto a = send(false, "Some, yes: ice it.\nCall if it gets worse.");
  EXPECT_EQ(q.notice_status, "not needed");  // the patient wrote it
  EXPECT_EQ(a.notice_status, "");
  auto conv = STORE_OK(store_->read([&](Tx& tx) { return list_messages(tx, clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(conv.size(), 2u);
  EXPECT_EQ(conv[0].id, q.id);
  EXPECT_EQ(conv[1].body, "Some, yes: ice it.\nCall if it gets worse.");
  EXPECT_TRUE(conv[0].from_patient);
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return list_messages(tx, clinic_b_.id, patient_a_.id); })).empty());
  auto unread =
      STORE_OK(store_->read([&](Tx& tx) { return unread_messages(tx, clinic_a_.id, patient_a_.id); }));
  EXPECT_EQ(unread.to_patient, 1);
  EXPECT_EQ(unread.from_patient, 1);

  // The clinician reads: only the patient's message is marked, once.
  auto marked = STORE_OK(store_->write([&](Tx& tx) {
    return mark_messages_read(tx, clinic_a_.id, patient_a_.id, false, physio_a_.id, now_.load());
  }));
  ASSERT_EQ(marked.size(), 1u);
  EXPECT_EQ(marked[0], q.id);
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) {
                return mark_messages_read(tx, clinic_a_.id, patient_a_.id, false, physio_a_.id, now_.load());
              })).empty());
  conv = STORE_OK(store_->read([&](Tx& tx) { return list_messages(tx, clinic_a_.id, patient_a_.id); }));
  EXPECT_EQ(conv[0].read_us, now_.load());
  EXPECT_EQ(conv[0].read_by, physio_a_.id);
  EXPECT_EQ(conv[1].read_us, 0);

  // The notice: waiting once it is old enough; claimed by one of two servers only.
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return messages_awaiting_notice(tx, a.created_us - 1); })).empty());
  auto waiting = STORE_OK(store_->read([&](Tx& tx) { return messages_awaiting_notice(tx, a.created_us); }));
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].id, a.id);
  auto other = open_again();
  EXPECT_TRUE(
      STORE_OK(store_->write([&](Tx& tx) { return set_message_notice(tx, clinic_a_.id, a.id, "sending"); })));
  EXPECT_FALSE(
      STORE_OK(other->write([&](Tx& tx) { return set_message_notice(tx, clinic_a_.id, a.id, "sending"); })));
  STORE_OK(store_->write([&](Tx& tx) { return finish_message_notice(tx, clinic_a_.id, a.id, "sent"); }));
  conv = STORE_OK(store_->read([&](Tx& tx) { return list_messages(tx, clinic_a_.id, patient_a_.id); }));
  EXPECT_EQ(conv[1].notice_status, "sent");
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return messages_awaiting_notice(tx, now_.load()); })).empty());

  // The latest `limit`, still oldest first.
  for (int i = 0; i < 5; ++i) send(false, "note " + std::to_string(i));
  conv = STORE_OK(store_->read([&](Tx& tx) { return list_messages(tx, clinic_a_.id, patient_a_.id, 3); }));
  ASSERT_EQ(conv.size(), 3u);
  EXPECT_EQ(conv[0].body, "note 2");
  EXPECT_EQ(conv[2].body, "note 4");
  EXPECT_EQ(count("messages"), 7);
  // Erasing the record (GDPR art. 17) takes the conversation with it.
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.erase_patient({.clinic_id = clinic_a_.id,
                             .patient_id = patient_a_.id,
                             .erased_by = physio_a_.id,
                             .reason = "art. 17"});
  }));
  EXPECT_EQ(count("messages"), 0);
}

}  // namespace
}  // namespace physio::store::testing
