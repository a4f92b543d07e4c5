// Privacy rights in the store, on both back ends: a restriction is set, replaced and lifted; an erasure
// deletes the patient's clinical rows, empties the patient row, disables their login, keeps consents
// and the audit trail, leaves a tombstone findable by the old record number, queues the files, and the
// patient list no longer shows them.
#include <gtest/gtest.h>

#include "store/audit_verify.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

class PrivacyStoreTest : public StoreTest {};

TEST_P(PrivacyStoreTest, RestrictionIsSetReplacedAndLifted) {
  EXPECT_FALSE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_restriction(clinic_a_.id, patient_a_.id); })));
  PatientRestriction r{.clinic_id = clinic_a_.id,
                       .patient_id = patient_a_.id,
                       .restricted_by = physio_a_.id,
                       .reason = "accuracy contested"};
  auto stored = STORE_OK(store_->write([&](Tx& tx) { return tx.put_restriction(r); }));
  EXPECT_EQ(stored.restricted_us, now_.load());
  r.reason = "objection pending";
  STORE_OK(store_->write([&](Tx& tx) { return tx.put_restriction(r); }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_restriction(clinic_a_.id, patient_a_.id); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->reason, "objection pending");
  EXPECT_EQ(got->restricted_by, physio_a_.id);
  // Another clinic's view of the same id: nothing.
  EXPECT_FALSE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_restriction(clinic_b_.id, patient_a_.id); })));
  // A patient of another clinic cannot be restricted from this one.
  PatientRestriction wrong = r;
  wrong.clinic_id = clinic_b_.id;
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.put_restriction(wrong); }));
  EXPECT_TRUE(
      STORE_OK(store_->write([&](Tx& tx) { return tx.lift_restriction(clinic_a_.id, patient_a_.id); })));
  EXPECT_FALSE(
      STORE_OK(store_->write([&](Tx& tx) { return tx.lift_restriction(clinic_a_.id, patient_a_.id); })));
  EXPECT_FALSE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_restriction(clinic_a_.id, patient_a_.id); })));
}

TEST_P(PrivacyStoreTest, ErasureKeepsOnlyWhatTheLawNeedsAndLeavesATombstone) {
  auto p = make_patient(clinic_a_.id, "Erin", "Erased", "MRN-9");
  // A login for the patient, clinical content, a consent and an audit event about them.
  clinic::User login{.clinic_id = clinic_a_.id,
                     .email = "erin@test.example",
                     .role = clinic::Role::kPatient,
                     .display_name = "Erin Erased",
                     .patient_id = p.id,
                     .password_hash = "x"};
  login = STORE_OK(store_->write([&](Tx& tx) { return tx.create_user(login); }));
  auto rec = make_recording(p);
  STORE_OK(store_->write([&](Tx& tx) -> Result<bool> {
    PHYSIO_TRY(tx.update_recording_result(p.clinic_id, rec.id, "c/r/report.html", "{}"));
    PHYSIO_TRY(tx.enqueue_job(p.clinic_id, rec.id));
    PHYSIO_TRY(tx.insert_observation({.clinic_id = p.clinic_id,
                                      .patient_id = p.id,
                                      .recording_id = rec.id,
                                      .code_system = "urn:physiokit:measure",
                                      .code = "knee_rom",
                                      .display = "knee",
                                      .value = 90,
                                      .unit = "deg",
                                      .effective_us = now_.load(),
                                      .source = "pose"}));
    PHYSIO_TRY(tx.create_consent({.clinic_id = p.clinic_id,
                                  .patient_id = p.id,
                                  .kind = "data_use",
                                  .status = "given",
                                  .recorded_by = physio_a_.id}));
    PHYSIO_TRY(tx.append_audit({AuditEventInput{.clinic_id = p.clinic_id,
                                                .actor_id = physio_a_.id,
                                                .role = "physiotherapist",
                                                .action = "patient.read",
                                                .record_type = "patient",
                                                .record_id = p.id,
                                                .patient_id = p.id}}));
    return true;
  }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.last_clinical_activity_us(p.clinic_id, p.id); })),
            now_.load());
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.erasure_blocker(p.clinic_id, p.id); })), "");

  now_ += 1'000'000;
  auto erased = STORE_OK(store_->write([&](Tx& tx) {
    return tx.erase_patient(
        {.clinic_id = p.clinic_id, .patient_id = p.id, .erased_by = "u-admin", .reason = "art. 17"});
  }));
  EXPECT_EQ(erased.tombstone.erased_us, now_.load());
  EXPECT_FALSE(erased.tombstone.mrn_hash.empty());
  EXPECT_EQ(erased.files.size(), 3u);  // the upload, the report, the recording's folder
  // Clinical rows gone; consent, audit trail and patient row kept, the row emptied.
  for (const char* table : {"recordings", "observations", "jobs"}) EXPECT_EQ(count(table), 0) << table;
  auto kept = STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(p.clinic_id, p.id); }));
  EXPECT_EQ(kept.given_name, "");
  EXPECT_EQ(kept.family_name, "");
  EXPECT_EQ(kept.mrn, "");
  EXPECT_EQ(kept.birth_date, "");
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.list_consents(p.clinic_id, p.id); })).size(), 1u);
  auto user = STORE_OK(store_->read([&](Tx& tx) { return tx.get_user(login.id); }));
  EXPECT_TRUE(user.disabled);
  EXPECT_NE(user.email, "erin@test.example");
  EXPECT_EQ(user.display_name, "");
  auto audit = STORE_OK(verify_audit_chain(*store_));
  EXPECT_TRUE(audit.ok) << audit.what;

  // The tombstone, also by the old record number (only in its clinic); the list no longer shows them.
  auto t = STORE_OK(store_->read([&](Tx& tx) { return tx.get_tombstone(p.clinic_id, p.id); }));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->erased_by, "u-admin");
  EXPECT_EQ(t->reason, "art. 17");
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return tx.find_tombstone_by_mrn(p.clinic_id, "MRN-9"); })));
  EXPECT_FALSE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.find_tombstone_by_mrn(clinic_b_.id, "MRN-9"); })));
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) { return tx.find_tombstone_by_mrn(p.clinic_id, ""); })));
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) { return tx.get_tombstone(p.clinic_id, patient_a_.id); })));
  auto list = STORE_OK(store_->read([&](Tx& tx) { return tx.list_patients(p.clinic_id, {}); }));
  for (const auto& q : list.items) EXPECT_NE(q.id, p.id);
  EXPECT_FALSE(list.items.empty());
  // Once only.
  EXPECT_FALSE(store_->write([&](Tx& tx) {
    return tx.erase_patient(
        {.clinic_id = p.clinic_id, .patient_id = p.id, .erased_by = "u", .reason = "again"});
  }));

  // The files wait for deletion until marked done.
  auto pending = STORE_OK(store_->read([&](Tx& tx) { return tx.list_pending_erasure_files(); }));
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_EQ(pending.front().path.rfind("files/", 0), 0u);
  for (const auto& f : pending)
    STORE_OK(store_->write([&](Tx& tx) { return tx.mark_erasure_file_done(f.id); }));
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return tx.list_pending_erasure_files(); })).empty());
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.mark_erasure_file_done("nope"); }));
}

TEST_P(PrivacyStoreTest, ARunningAnalysisBlocksErasure) {
  auto rec = make_recording(patient_a_);
  STORE_OK(store_->write([&](Tx& tx) { return tx.enqueue_job(clinic_a_.id, rec.id); }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.erasure_blocker(clinic_a_.id, patient_a_.id); })),
            "");
  STORE_OK(store_->write([&](Tx& tx) { return tx.claim_next_job("w1", 60'000'000); }));
  auto why = STORE_OK(store_->read([&](Tx& tx) { return tx.erasure_blocker(clinic_a_.id, patient_a_.id); }));
  EXPECT_NE(why.find("analysis"), std::string::npos) << why;
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyStoreTest, ::testing::Values("sqlite", "postgresql"),
                         backend_param_name);

}  // namespace
}  // namespace physio::store::testing
