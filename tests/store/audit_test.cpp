#include <gtest/gtest.h>

#include "store/audit_chain.hpp"
#include "store/audit_verify.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

class AuditTest : public StoreTest {
 protected:
  // Appends `n` events, alternating patients A and none, in one transaction each.
  void append(int n) {
    for (int i = 0; i < n; ++i) {
      auto r = store_->write([&](Tx& tx) {
        return tx.append_audit({{.clinic_id = clinic_a_.id,
                                 .actor_id = physio_a_.id,
                                 .role = "physiotherapist",
                                 .action = "read",
                                 .record_type = "Patient",
                                 .record_id = patient_a_.id,
                                 .patient_id = i % 2 == 0 ? patient_a_.id : "",
                                 .client = "127.0.0.1",
                                 .detail = "event " + std::to_string(i)}});
      });
      ASSERT_TRUE(r) << r.error().to_string();
    }
  }
  AuditVerifyReport verify() {
    auto r = verify_audit_chain(*store_);
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? *r : AuditVerifyReport{};
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest, ::testing::Values("sqlite", "postgresql"), backend_param_name);

TEST_P(AuditTest, AppendsChainAndVerifies) {
  auto empty = verify();
  EXPECT_TRUE(empty.ok);
  EXPECT_EQ(empty.events_checked, 0);

  auto events = STORE_OK(store_->write([&](Tx& tx) {
    return tx.append_audit(
        {{.clinic_id = clinic_a_.id, .action = "login"}, {.clinic_id = clinic_a_.id, .action = "read"}});
  }));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].seq, 1);
  EXPECT_EQ(events[0].prev_hash, kAuditGenesisHash);
  EXPECT_EQ(events[1].prev_hash, events[0].hash);
  EXPECT_EQ(events[0].time_us, now_.load());
  EXPECT_EQ(events[0].outcome, "success");
  append(5);
  auto report = verify();
  EXPECT_TRUE(report.ok) << report.what;
  EXPECT_EQ(report.events_checked, 7);
  EXPECT_EQ(report.head_seq, 7);
}

TEST_P(AuditTest, RolledBackTransactionLeavesNoEvent) {
  append(2);
  auto r = store_->write([&](Tx& tx) -> Status {
    PHYSIO_TRY(tx.append_audit({{.clinic_id = clinic_a_.id, .action = "update"}}));
    return fail(ErrorCode::kInvalidArgument, "the change itself failed");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(count("audit_events"), 2);
  append(1);
  auto report = verify();
  EXPECT_TRUE(report.ok) << report.what;
  EXPECT_EQ(report.head_seq, 3);
}

TEST_P(AuditTest, ListNewestFirstWithPatientFilterAndPaging) {
  append(7);  // patient A on events 1, 3, 5, 7
  auto page = STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_a_.id, {.limit = 3}); }));
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].seq, 7);
  auto next = STORE_OK(store_->read(
      [&](Tx& tx) { return tx.list_audit(clinic_a_.id, {.cursor = page.next_cursor, .limit = 3}); }));
  ASSERT_EQ(next.items.size(), 3u);
  EXPECT_EQ(next.items[0].seq, 4);
  auto who = STORE_OK(store_->read(
      [&](Tx& tx) { return tx.list_audit(clinic_a_.id, {.patient_id = patient_a_.id, .limit = 10}); }));
  ASSERT_EQ(who.items.size(), 4u);
  EXPECT_EQ(who.items[3].seq, 1);
  EXPECT_TRUE(who.next_cursor.empty());
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_b_.id, {}); })).items.empty());
  EXPECT_FALSE(
      store_->read([&](Tx& tx) { return tx.list_audit(clinic_b_.id, {.cursor = page.next_cursor}); }));
}

// The FHIR API's own reads can be left out by the query itself (a patient's $everything does), so a page
// of the newest events is not filled with them; every other event stays, writes through FHIR included.
TEST_P(AuditTest, ListLeavesOutTheReadsOfAPrefix) {
  const std::vector<std::string> actions{
      "note.sign",    "fhir.patient.everything", "fhir.observation.create", "fhir.export",
      "patient.read", "fhir.binary.read",        "fhir.x_y.unread",         "fhir.observation.search"};
  STORE_OK(store_->write([&](Tx& tx) {
    std::vector<AuditEventInput> in;
    for (const auto& a : actions)
      in.push_back({.clinic_id = clinic_a_.id, .action = a, .patient_id = patient_a_.id});
    return tx.append_audit(in);
  }));
  const AuditQuery all{.patient_id = patient_a_.id, .limit = 100};
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_a_.id, all); })).items.size(),
            actions.size());
  AuditQuery q = all;
  q.exclude_prefix = "fhir.";
  q.exclude_verbs = {"read", "search", "export", "everything"};
  auto page = STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_a_.id, q); }));
  std::vector<std::string> kept;
  for (const auto& e : page.items) kept.push_back(e.action);
  // Newest first; "unread" is not "read".
  EXPECT_EQ(kept, (std::vector<std::string>{"fhir.x_y.unread", "patient.read", "fhir.observation.create",
                                            "note.sign"}));
  // With paging, every page leaves them out.
  q.limit = 2;
  page = STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_a_.id, q); }));
  ASSERT_EQ(page.items.size(), 2u);
  q.cursor = page.next_cursor;
  page = STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_a_.id, q); }));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[1].action, "note.sign");
  EXPECT_TRUE(page.next_cursor.empty());
}

TEST_P(AuditTest, EditedEventIsNamed) {
  append(6);
  sql("UPDATE audit_events SET detail = 'nothing to see' WHERE seq = 4");
  auto r = verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 4);
  EXPECT_EQ(r.problem, AuditProblem::kEdited);
  EXPECT_NE(r.what.find("4"), std::string::npos);
}

TEST_P(AuditTest, DeletedEventIsNamed) {
  append(6);
  sql("DELETE FROM audit_events WHERE seq = 3");
  auto r = verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 3);
  EXPECT_EQ(r.problem, AuditProblem::kGap);
}

TEST_P(AuditTest, ForgedInsertIsNamed) {
  append(4);
  // A forger who knows the algorithm chains a valid-looking event after the last one...
  auto last =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_audit(clinic_a_.id, {.limit = 1}); })).items.at(0);
  clinic::AuditEvent forged{.seq = 5,
                            .time_us = now_.load(),
                            .clinic_id = clinic_a_.id,
                            .action = "read",
                            .outcome = "success",
                            .prev_hash = last.hash};
  forged.hash = STORE_OK(compute_audit_hash(forged.prev_hash, forged));
  sql("INSERT INTO audit_events (seq, time_us, clinic_id, actor_id, role, action, record_type, record_id, "
      "patient_id, "
      "client, outcome, detail, prev_hash, hash) VALUES (5, " +
      std::to_string(forged.time_us) + ", '" + clinic_a_.id +
      "', '', '', 'read', '', '', '', '', 'success', '', '" + forged.prev_hash + "', '" + forged.hash + "')");
  auto r = verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 5);
  EXPECT_EQ(r.problem, AuditProblem::kBeyondHead);
  // ... and one with a made-up hash in a gap is caught by its hash.
  sql("DELETE FROM audit_events WHERE seq = 5");
  sql("UPDATE audit_events SET seq = 100 WHERE seq = 2");
  sql("INSERT INTO audit_events SELECT 2, time_us, clinic_id, actor_id, role, 'delete', record_type, "
      "record_id, "
      "patient_id, client, outcome, detail, prev_hash, hash FROM audit_events WHERE seq = 100");
  sql("DELETE FROM audit_events WHERE seq = 100");
  r = verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 2);
  EXPECT_EQ(r.problem, AuditProblem::kEdited);
}

TEST_P(AuditTest, SwappedEventsAreNamed) {
  append(6);
  sql("UPDATE audit_events SET seq = -1 WHERE seq = 3");
  sql("UPDATE audit_events SET seq = 3 WHERE seq = 4");
  sql("UPDATE audit_events SET seq = 4 WHERE seq = -1");
  auto r = verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 3);
  EXPECT_EQ(r.problem, AuditProblem::kBrokenLink);
}

TEST_P(AuditTest, TruncatedTailIsNamed) {
  append(6);
  sql("DELETE FROM audit_events WHERE seq >= 5");
  auto r = verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 5);
  EXPECT_EQ(r.problem, AuditProblem::kTruncated);
}

TEST_P(AuditTest, ConcurrentAppendersKeepOneChain) {
  auto other = open_again();
  ASSERT_NE(other, nullptr);
  auto work = [&](Store& s) {
    for (int i = 0; i < 15; ++i) {
      auto r = s.write([&](Tx& tx) {
        return tx.append_audit(
            {{.clinic_id = clinic_a_.id, .action = "read"}, {.clinic_id = clinic_a_.id, .action = "x"}});
      });
      EXPECT_TRUE(r) << r.error().to_string();
    }
  };
  std::thread t([&] { work(*other); });
  work(*store_);
  t.join();
  auto r = verify();
  EXPECT_TRUE(r.ok) << r.what;
  EXPECT_EQ(r.events_checked, 60);
}

}  // namespace
}  // namespace physio::store::testing
