// Outcome-measure responses and single-use links on both back ends: responses stay in their clinic, a
// link fills in one response at most (also when two servers race on the token), an expired link none, and
// a response that fails leaves the link unused.
#include <barrier>
#include <thread>

#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

using clinic::QuestionnaireLink;
using clinic::QuestionnaireResponse;

constexpr TimeUs kDayUs = 86'400'000'000;

class QuestionnairesTest : public StoreTest {
 protected:
  QuestionnaireResponse odi(const std::string& source, double total) {
    return {.clinic_id = clinic_a_.id,
            .patient_id = patient_a_.id,
            .instrument_id = "odi",
            .instrument_version = "2.1a",
            .answers_json = "[1,1,1,1,1,1,1,1,1,1]",
            .scores_json = fmt::format(
                R"({{"instrument":"odi","scores":{{"total":{}}},"missing":[],"valid":true}})", total),
            .valid = true,
            .source = source,
            .entered_by = physio_a_.id};
  }
  QuestionnaireLink link(const std::string& hash_digit, TimeUs expires_us) {
    return {.clinic_id = clinic_a_.id,
            .patient_id = patient_a_.id,
            .instrument_id = "nprs",
            .token_sha256 = std::string(64, hash_digit.front()),
            .created_by = physio_a_.id,
            .expires_us = expires_us};
  }
  QuestionnaireResponse nprs_answer() {
    return {.instrument_id = "nprs",
            .instrument_version = "0-10 (11-point)",
            .answers_json = "[4]",
            .scores_json = R"({"instrument":"nprs","scores":{"total":4},"missing":[],"valid":true})",
            .valid = true,
            .source = "link"};
  }
};

TEST_P(QuestionnairesTest, ResponsesAreKeptInOrderWithinTheirClinic) {
  auto ep = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_episode({.clinic_id = clinic_a_.id, .patient_id = patient_a_.id, .status = "active"});
  }));
  auto first = odi("staff", 40);
  first.episode_id = ep.id;
  first.completed_us = now_ - 10 * kDayUs;
  auto a = STORE_OK(store_->write([&](Tx& tx) { return tx.insert_questionnaire_response(first); }));
  EXPECT_EQ(a.id.size(), 32u);
  EXPECT_EQ(a.completed_us, now_ - 10 * kDayUs);
  auto b =
      STORE_OK(store_->write([&](Tx& tx) { return tx.insert_questionnaire_response(odi("patient", 30)); }));
  EXPECT_EQ(b.completed_us, now_.load());
  auto nprs = nprs_answer();
  nprs.clinic_id = clinic_a_.id;
  nprs.patient_id = patient_a_.id;
  nprs.source = "staff";
  nprs.completed_us = now_ - 20 * kDayUs;
  STORE_OK(store_->write([&](Tx& tx) { return tx.insert_questionnaire_response(nprs); }));

  auto all = STORE_OK(
      store_->read([&](Tx& tx) { return tx.list_questionnaire_responses(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].instrument_id, "nprs");  // oldest first
  EXPECT_EQ(all[1].id, a.id);
  EXPECT_EQ(all[1].episode_id, ep.id);
  EXPECT_EQ(all[1].answers_json, "[1,1,1,1,1,1,1,1,1,1]");
  EXPECT_TRUE(all[1].valid);
  EXPECT_EQ(all[2].source, "patient");
  EXPECT_FALSE(all[2].episode_id.has_value());
  EXPECT_EQ(all[2].link_id, "");
  auto odis = STORE_OK(store_->read(
      [&](Tx& tx) { return tx.list_questionnaire_responses(clinic_a_.id, patient_a_.id, "odi"); }));
  EXPECT_EQ(odis.size(), 2u);
  auto got =
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_questionnaire_response(clinic_a_.id, b.id); }));
  EXPECT_EQ(got.scores_json, b.scores_json);

  // Another clinic reads nothing; a response cannot be filed under another clinic's patient or episode.
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.get_questionnaire_response(clinic_b_.id, b.id); }));
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_questionnaire_responses(clinic_b_.id, patient_a_.id);
              })).empty());
  auto foreign = odi("staff", 10);
  foreign.clinic_id = clinic_b_.id;
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.insert_questionnaire_response(foreign); }));
  auto wrong_episode = odi("staff", 10);
  wrong_episode.patient_id = patient_b_.id;
  wrong_episode.clinic_id = clinic_b_.id;
  wrong_episode.episode_id = ep.id;  // clinic A's episode
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.insert_questionnaire_response(wrong_episode); }));
  auto bad_source = odi("fax", 10);
  auto refused = store_->write([&](Tx& tx) { return tx.insert_questionnaire_response(bad_source); });
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("source 'fax'"), std::string::npos);
  EXPECT_EQ(count("questionnaire_responses"), 3);
}

TEST_P(QuestionnairesTest, ALinkFillsInOneResponseOnly) {
  auto l = STORE_OK(
      store_->write([&](Tx& tx) { return tx.create_questionnaire_link(link("a", now_ + 7 * kDayUs)); }));
  EXPECT_EQ(l.used_us, 0);
  auto found = STORE_OK(
      store_->read([&](Tx& tx) { return tx.get_questionnaire_link_by_token(std::string(64, 'a')); }));
  EXPECT_EQ(found.id, l.id);
  EXPECT_EQ(found.patient_id, patient_a_.id);
  EXPECT_FALSE(
      store_->read([&](Tx& tx) { return tx.get_questionnaire_link_by_token(std::string(64, 'b')); }));

  now_ += 60'000'000;
  auto used = STORE_OK(store_->write([&](Tx& tx) { return tx.use_questionnaire_link(l.id, nprs_answer()); }));
  ASSERT_TRUE(used.has_value());
  EXPECT_EQ(used->source, "link");
  EXPECT_EQ(used->entered_by, l.id);
  EXPECT_EQ(used->link_id, l.id);
  EXPECT_EQ(used->patient_id, patient_a_.id);
  EXPECT_EQ(used->clinic_id, clinic_a_.id);
  EXPECT_EQ(used->completed_us, now_.load());
  auto after = STORE_OK(
      store_->read([&](Tx& tx) { return tx.get_questionnaire_link_by_token(std::string(64, 'a')); }));
  EXPECT_EQ(after.used_us, now_.load());
  EXPECT_EQ(after.response_id, used->id);

  // Second use: nothing written, the transaction still usable.
  auto again = STORE_OK(store_->write([&](Tx& tx) -> Result<std::optional<QuestionnaireResponse>> {
    auto r = PHYSIO_TRY(tx.use_questionnaire_link(l.id, nprs_answer()));
    PHYSIO_TRY(tx.list_questionnaire_links(clinic_a_.id, patient_a_.id));
    return r;
  }));
  EXPECT_FALSE(again.has_value());
  EXPECT_EQ(count("questionnaire_responses"), 1);
  auto unknown = store_->write([&](Tx& tx) { return tx.use_questionnaire_link("nope", nprs_answer()); });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
}

TEST_P(QuestionnairesTest, AnExpiredLinkFillsInNothing) {
  auto l =
      STORE_OK(store_->write([&](Tx& tx) { return tx.create_questionnaire_link(link("c", now_ + kDayUs)); }));
  now_ += kDayUs;  // expires_us is the first instant it no longer works
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) {
                 return tx.use_questionnaire_link(l.id, nprs_answer());
               })).has_value());
  EXPECT_EQ(count("questionnaire_responses"), 0);
  // Links are made for the future only, with a full hash.
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.create_questionnaire_link(link("d", now_ - 1)); }));
  auto short_hash = link("e", now_ + kDayUs);
  short_hash.token_sha256 = "abc";
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.create_questionnaire_link(short_hash); }));
  auto links = STORE_OK(
      store_->read([&](Tx& tx) { return tx.list_questionnaire_links(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(links.size(), 1u);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_questionnaire_links(clinic_b_.id, patient_a_.id);
              })).empty());
}

TEST_P(QuestionnairesTest, AFailedResponseLeavesTheLinkUnused) {
  auto l =
      STORE_OK(store_->write([&](Tx& tx) { return tx.create_questionnaire_link(link("f", now_ + kDayUs)); }));
  auto broken = nprs_answer();
  broken.scores_json.clear();
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.use_questionnaire_link(l.id, broken); }));
  auto still = STORE_OK(
      store_->read([&](Tx& tx) { return tx.get_questionnaire_link_by_token(std::string(64, 'f')); }));
  EXPECT_EQ(still.used_us, 0);
  EXPECT_EQ(still.response_id, "");
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) {
                return tx.use_questionnaire_link(l.id, nprs_answer());
              })).has_value());
}

TEST_P(QuestionnairesTest, TwoServersRacingOnOneTokenStoreOneResponse) {
  auto l =
      STORE_OK(store_->write([&](Tx& tx) { return tx.create_questionnaire_link(link("9", now_ + kDayUs)); }));
  auto other = open_again();
  constexpr int kRounds = 4;
  std::atomic<int> stored{0}, refused{0}, failed{0};
  std::barrier start(2);
  auto submit = [&](Store& s) {
    start.arrive_and_wait();
    auto r = s.write([&](Tx& tx) { return tx.use_questionnaire_link(l.id, nprs_answer()); });
    if (!r)
      ++failed;
    else if (r->has_value())
      ++stored;
    else
      ++refused;
  };
  for (int i = 0; i < kRounds; ++i) {
    std::thread t1([&] { submit(*store_); });
    std::thread t2([&] { submit(*other); });
    t1.join();
    t2.join();
  }
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(stored.load(), 1);
  EXPECT_EQ(refused.load(), 2 * kRounds - 1);
  EXPECT_EQ(count("questionnaire_responses"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, QuestionnairesTest, ::testing::Values("sqlite", "postgresql"),
                         backend_param_name);

}  // namespace
}  // namespace physio::store::testing
