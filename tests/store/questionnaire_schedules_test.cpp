// Questionnaire schedules and their sends on both back ends: a schedule is stored, changed and listed
// running first; two servers claiming the same due date store one send; the retry of a failed e-mail is
// claimed by one server only and closes the link it replaces; a send lists its link's expiry and use.
#include <barrier>
#include <thread>

#include <gtest/gtest.h>

#include "store/questionnaire_schedules.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

constexpr TimeUs kScheduleDayUs = 86'400'000'000;

class QuestionnaireSchedulesTest : public StoreTest {
 protected:
  QuestionnaireScheduleRow schedule(const std::string& instrument) {
    QuestionnaireScheduleRow s;
    s.clinic_id = clinic_a_.id;
    s.patient_id = patient_a_.id;
    s.instrument_id = instrument;
    s.every_weeks = 2;
    s.from_date = "2026-11-06";
    s.created_by = s.updated_by = physio_a_.id;
    s.created_us = s.updated_us = now_;
    return STORE_OK(store_->write([&](Tx& tx) { return insert_questionnaire_schedule(tx, s); }));
  }
  clinic::QuestionnaireLink link(char digit) {
    clinic::QuestionnaireLink l;
    l.clinic_id = clinic_a_.id;
    l.patient_id = patient_a_.id;
    l.instrument_id = "psfs";
    l.token_sha256 = std::string(64, digit);
    l.created_by = physio_a_.id;
    l.expires_us = now_ + 7 * kScheduleDayUs;
    return STORE_OK(store_->write([&](Tx& tx) { return tx.create_questionnaire_link(l); }));
  }
  QuestionnaireSendRow send(const QuestionnaireScheduleRow& s, const std::string& key,
                            const std::string& link_id) {
    QuestionnaireSendRow r;
    r.clinic_id = s.clinic_id;
    r.schedule_id = s.id;
    r.due_key = key;
    r.patient_id = s.patient_id;
    r.link_id = link_id;
    r.claimed_us = now_;
    r.email_status = "sending";
    r.attempts = 1;
    r.last_attempt_us = now_;
    return r;
  }
};

TEST_P(QuestionnaireSchedulesTest, StoredChangedAndListedRunningFirst) {
  auto psfs = schedule("psfs");
  auto koos = schedule("koos_jr");
  koos.stopped_us = now_;
  koos.every_weeks = 4;
  STORE_OK(store_->write([&](Tx& tx) { return update_questionnaire_schedule(tx, koos); }));
  const auto list = STORE_OK(
      store_->read([&](Tx& tx) { return list_questionnaire_schedules(tx, clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, psfs.id);
  EXPECT_EQ(list[1].every_weeks, 4);
  EXPECT_EQ(list[1].stopped_us, now_.load());
  const auto running = STORE_OK(store_->read([&](Tx& tx) { return running_questionnaire_schedules(tx); }));
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].id, psfs.id);
  // Another clinic does not find it.
  auto other = store_->read([&](Tx& tx) { return get_questionnaire_schedule(tx, clinic_b_.id, psfs.id); });
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), ErrorCode::kNotFound);
}

TEST_P(QuestionnaireSchedulesTest, TwoServersClaimingOneDueDateStoreOneSend) {
  const auto s = schedule("psfs");
  auto other = open_again();
  constexpr int kRounds = 4;
  std::atomic<int> won{0}, lost{0}, failed{0};
  std::barrier start(2);
  auto claim = [&](Store& st, int round) {
    start.arrive_and_wait();
    auto r = st.write([&](Tx& tx) {
      return claim_questionnaire_send(tx, send(s, "2026-11-" + std::to_string(10 + round), ""));
    });
    if (!r)
      ++failed;
    else if (*r)
      ++won;
    else
      ++lost;
  };
  for (int i = 0; i < kRounds; ++i) {
    std::thread t1([&] { claim(*store_, i); });
    std::thread t2([&] { claim(*other, i); });
    t1.join();
    t2.join();
  }
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(won.load(), kRounds);
  EXPECT_EQ(lost.load(), kRounds);
  EXPECT_EQ(count("questionnaire_sends"), kRounds);
}

TEST_P(QuestionnaireSchedulesTest, ARetryIsClaimedOnceAndClosesTheLinkItReplaces) {
  const auto s = schedule("psfs");
  const auto first = link('a');
  STORE_OK(
      store_->write([&](Tx& tx) { return claim_questionnaire_send(tx, send(s, "2026-11-06", first.id)); }));
  STORE_OK(store_->write([&](Tx& tx) {
    return finish_questionnaire_send(tx, clinic_a_.id, s.id, "2026-11-06", "failed: refused");
  }));
  auto failed = STORE_OK(store_->read([&](Tx& tx) { return failed_questionnaire_sends(tx, 3); }));
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].link_expires_us, now_ + 7 * kScheduleDayUs);
  EXPECT_EQ(failed[0].link_used_us, 0);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return failed_questionnaire_sends(tx, 1); })).empty());

  auto other = open_again();
  now_ += 3'600'000'000;
  std::atomic<int> won{0}, lost{0};
  std::barrier start(2);
  auto retry = [&](Store& st) {
    start.arrive_and_wait();
    auto r = st.write([&](Tx& tx) { return claim_questionnaire_retry(tx, failed[0], "", now_); });
    if (r && *r)
      ++won;
    else if (r)
      ++lost;
  };
  std::thread t1([&] { retry(*store_); });
  std::thread t2([&] { retry(*other); });
  t1.join();
  t2.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), 1);
  const auto second = link('b');
  STORE_OK(store_->write(
      [&](Tx& tx) { return set_questionnaire_send_link(tx, clinic_a_.id, s.id, "2026-11-06", second.id); }));
  const auto sends =
      STORE_OK(store_->read([&](Tx& tx) { return list_questionnaire_sends(tx, clinic_a_.id, s.id); }));
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].attempts, 2);
  EXPECT_EQ(sends[0].email_status, "sending");
  EXPECT_EQ(sends[0].link_id, second.id);
  EXPECT_EQ(sends[0].last_attempt_us, now_.load());
  // The replaced link was closed at the retry.
  const auto old = STORE_OK(
      store_->read([&](Tx& tx) { return tx.list_questionnaire_links(clinic_a_.id, patient_a_.id); }));
  bool closed = false;
  for (const auto& l : old) {
    if (l.id == first.id) closed = l.expires_us == now_.load();
  }
  EXPECT_TRUE(closed);
}

INSTANTIATE_TEST_SUITE_P(Backends, QuestionnaireSchedulesTest, ::testing::Values("sqlite", "postgresql"),
                         backend_param_name);

}  // namespace
}  // namespace physio::store::testing
