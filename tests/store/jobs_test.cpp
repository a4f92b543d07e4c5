#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

constexpr TimeUs kLeaseUs = 30'000'000;

TEST_P(StoreTest, JobLifecycle) {
  auto rec = make_recording(patient_a_);
  auto job = STORE_OK(store_->write([&](Tx& tx) { return tx.enqueue_job(clinic_a_.id, rec.id); }));
  EXPECT_EQ(job.state, "queued");
  EXPECT_EQ(job.patient_id, patient_a_.id);
  EXPECT_EQ(job.attempts, 0);
  // Only for the recording's own clinic.
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.enqueue_job(clinic_b_.id, rec.id); }));

  auto claimed = STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("worker-1", kLeaseUs); }));
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, job.id);
  EXPECT_EQ(claimed->state, "running");
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_EQ(claimed->lease_owner, "worker-1");
  EXPECT_EQ(claimed->lease_token.size(), 32u);
  EXPECT_EQ(claimed->lease_until_us, now_.load() + kLeaseUs);
  EXPECT_EQ(claimed->started_us, now_.load());
  // Nothing else to claim.
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("worker-2", kLeaseUs); })));

  now_ += 1000;
  ASSERT_TRUE(
      store_->write([&](Tx& tx) { return tx.heartbeat_job(job.id, claimed->lease_token, 0.5, "pose 50%"); }));
  auto mid = STORE_OK(store_->read([&](Tx& tx) { return tx.get_job(clinic_a_.id, job.id); }));
  EXPECT_DOUBLE_EQ(mid.progress, 0.5);
  EXPECT_EQ(mid.message, "pose 50%");
  EXPECT_EQ(mid.lease_until_us, now_.load() + kLeaseUs);  // extended

  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.complete_job(job.id, "not-the-token"); }));
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.complete_job(job.id, claimed->lease_token); }));
  auto done = STORE_OK(store_->read([&](Tx& tx) { return tx.get_job(clinic_a_.id, job.id); }));
  EXPECT_EQ(done.state, "done");
  EXPECT_EQ(done.finished_us, now_.load());
  // Completing twice, or failing after completing, is refused.
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.complete_job(job.id, claimed->lease_token); }));
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.fail_job(job.id, claimed->lease_token, "x", false); }));
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.get_job(clinic_b_.id, job.id); }));
  auto list = STORE_OK(store_->read([&](Tx& tx) { return tx.list_jobs(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_jobs(clinic_b_.id, patient_a_.id); })).empty());
}

TEST_P(StoreTest, ExpiredLeaseGoesToAnotherWorkerAndTheStaleOneCannotFinish) {
  auto rec = make_recording(patient_a_);
  auto job = STORE_OK(store_->write([&](Tx& tx) { return tx.enqueue_job(clinic_a_.id, rec.id); }));
  auto first = STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w1", kLeaseUs); }));
  ASSERT_TRUE(first);
  // Before expiry nobody else gets it.
  now_ += kLeaseUs - 1;
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w2", kLeaseUs); })));
  now_ += 2;
  auto second = STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w2", kLeaseUs); }));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, job.id);
  EXPECT_EQ(second->attempts, 2);
  EXPECT_NE(second->lease_token, first->lease_token);
  auto stale_beat =
      store_->write([&](Tx& tx) { return tx.heartbeat_job(job.id, first->lease_token, 0.9, ""); });
  ASSERT_FALSE(stale_beat);
  EXPECT_EQ(stale_beat.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(stale_beat.error().to_string().find("lease not held"), std::string::npos);
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.complete_job(job.id, first->lease_token); }));
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.complete_job(job.id, second->lease_token); }));
}

TEST_P(StoreTest, MaxAttemptsEndsInFailedWithTheLastError) {
  auto rec = make_recording(patient_a_);
  auto job = STORE_OK(store_->write([&](Tx& tx) { return tx.enqueue_job(clinic_a_.id, rec.id, 2); }));
  auto c1 = STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w", kLeaseUs); }));
  ASSERT_TRUE(c1);
  ASSERT_TRUE(
      store_->write([&](Tx& tx) { return tx.fail_job(job.id, c1->lease_token, "decoder crashed", true); }));
  auto q = STORE_OK(store_->read([&](Tx& tx) { return tx.get_job(clinic_a_.id, job.id); }));
  EXPECT_EQ(q.state, "queued");
  EXPECT_EQ(q.error, "decoder crashed");
  auto c2 = STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w", kLeaseUs); }));
  ASSERT_TRUE(c2);
  EXPECT_EQ(c2->attempts, 2);
  ASSERT_TRUE(
      store_->write([&](Tx& tx) { return tx.fail_job(job.id, c2->lease_token, "out of memory", true); }));
  auto f = STORE_OK(store_->read([&](Tx& tx) { return tx.get_job(clinic_a_.id, job.id); }));
  EXPECT_EQ(f.state, "failed");
  EXPECT_EQ(f.error, "out of memory");
  EXPECT_EQ(f.finished_us, now_.load());
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w", kLeaseUs); })));

  // A lease that runs out on the last attempt fails the job at the next claim.
  auto job2 = STORE_OK(store_->write([&](Tx& tx) { return tx.enqueue_job(clinic_a_.id, rec.id, 1); }));
  ASSERT_TRUE(STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w", kLeaseUs); })));
  now_ += kLeaseUs + 1;
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w", kLeaseUs); })));
  auto f2 = STORE_OK(store_->read([&](Tx& tx) { return tx.get_job(clinic_a_.id, job2.id); }));
  EXPECT_EQ(f2.state, "failed");
  EXPECT_NE(f2.error.find("lease expired"), std::string::npos);

  // fail without retry ends the job at once.
  auto job3 = STORE_OK(store_->write([&](Tx& tx) { return tx.enqueue_job(clinic_a_.id, rec.id, 5); }));
  auto c3 = STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w", kLeaseUs); }));
  ASSERT_TRUE(c3);
  ASSERT_TRUE(
      store_->write([&](Tx& tx) { return tx.fail_job(job3.id, c3->lease_token, "bad file", false); }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.get_job(clinic_a_.id, job3.id); })).state,
            "failed");
}

TEST_P(StoreTest, JobsAreClaimedOldestFirst) {
  auto rec = make_recording(patient_a_);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(STORE_OK(store_->write([&](Tx& tx) { return tx.enqueue_job(clinic_a_.id, rec.id); })).id);
    now_ += 1;
  }
  for (const auto& id : ids) {
    auto c = STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w", kLeaseUs); }));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->id, id);
  }
}

TEST_P(StoreTest, ConcurrentClaimersNeverShareAJob) {
  auto rec = make_recording(patient_a_);
  constexpr int kJobs = 24;
  ASSERT_TRUE(store_->write([&](Tx& tx) -> Status {
    for (int i = 0; i < kJobs; ++i) PHYSIO_TRY(tx.enqueue_job(clinic_a_.id, rec.id));
    return ok();
  }));
  std::mutex mutex;
  std::vector<std::string> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 3; ++w) {
    workers.emplace_back([&, w] {
      for (;;) {
        auto c = store_->write([&](Tx& tx) { return tx.claim_next_job("w" + std::to_string(w), kLeaseUs); });
        ASSERT_TRUE(c) << c.error().to_string();
        if (!*c) return;
        auto done = store_->write([&](Tx& tx) { return tx.complete_job((*c)->id, (*c)->lease_token); });
        EXPECT_TRUE(done) << done.error().to_string();
        std::lock_guard lock(mutex);
        claimed.push_back((*c)->id);
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(std::set<std::string>(claimed.begin(), claimed.end()).size(), static_cast<std::size_t>(kJobs));
}

}  // namespace
}  // namespace physio::store::testing
