#include <gtest/gtest.h>

#include "store/appointment_notices.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, Episodes) {
  auto e = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_episode({.clinic_id = clinic_a_.id,
                              .patient_id = patient_a_.id,
                              .status = "active",
                              .referral_source = "GP",
                              .referral_date = "2026-01-05",
                              .icd10_code = "M17.11",
                              .condition_text = "Primary osteoarthritis, right knee",
                              .side = "right",
                              .onset_date = "2025-06-01",
                              .goals = "Stairs without a rail"});
  }));
  now_ += 1;
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_episode({.clinic_id = clinic_a_.id, .patient_id = patient_a_.id, .status = "planned"});
  }));
  e.status = "finished";
  e.surgery_date = "2026-02-01";
  auto u = STORE_OK(store_->write([&](Tx& tx) { return tx.update_episode(e); }));
  EXPECT_EQ(u.status, "finished");
  EXPECT_EQ(u.icd10_code, "M17.11");
  EXPECT_EQ(u.updated_us, e.created_us + 1);
  auto list = STORE_OK(store_->read([&](Tx& tx) { return tx.list_episodes(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, e.id);
  EXPECT_EQ(list[0].surgery_date, "2026-02-01");
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.get_episode(clinic_b_.id, e.id); }));
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_episodes(clinic_b_.id, patient_a_.id); })).empty());
  auto other = e;
  other.clinic_id = clinic_b_.id;
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.update_episode(other); }));
}

TEST_P(StoreTest, Consents) {
  auto c = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_consent({.clinic_id = clinic_a_.id,
                              .patient_id = patient_a_.id,
                              .kind = "telehealth",
                              .status = "given",
                              .recorded_by = physio_a_.id,
                              .note = "verbal, witnessed"});
  }));
  EXPECT_EQ(c.recorded_us, now_.load());
  now_ += 100;
  c.status = "withdrawn";
  c.recorded_us = 0;
  auto w = STORE_OK(store_->write([&](Tx& tx) { return tx.update_consent(c); }));
  EXPECT_EQ(w.status, "withdrawn");
  EXPECT_EQ(w.recorded_us, now_.load());
  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_consent(clinic_a_.id, c.id); }));
  EXPECT_EQ(got.note, "verbal, witnessed");
  EXPECT_EQ(
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_consents(clinic_a_.id, patient_a_.id); })).size(),
      1u);
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.get_consent(clinic_b_.id, c.id); }));
}

TEST_P(StoreTest, Appointments) {
  const TimeUs day = 86'400'000'000;
  auto later = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_appointment({.clinic_id = clinic_a_.id,
                                  .patient_id = patient_a_.id,
                                  .practitioner_id = physio_a_.id,
                                  .start_us = now_.load() + 2 * day,
                                  .duration_min = 45,
                                  .status = "booked",
                                  .reason = "review"});
  }));
  auto sooner = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_appointment({.clinic_id = clinic_a_.id,
                                  .patient_id = patient_a_.id,
                                  .practitioner_id = physio_a_.id,
                                  .start_us = now_.load() + day,
                                  .duration_min = 30,
                                  .status = "booked"});
  }));
  sooner.status = "noshow";
  auto u = STORE_OK(store_->write([&](Tx& tx) { return tx.update_appointment(sooner); }));
  EXPECT_EQ(u.status, "noshow");
  EXPECT_EQ(u.duration_min, 30);
  auto list =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_appointments(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, sooner.id);
  EXPECT_EQ(list[1].reason, "review");
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.get_appointment(clinic_b_.id, later.id); }));
}

TEST_P(StoreTest, RecordingsAndObservations) {
  auto r = make_recording(patient_a_);
  EXPECT_EQ(r.id.size(), 32u);
  EXPECT_FALSE(r.episode_id);
  ASSERT_TRUE(store_->write([&](Tx& tx) {
    return tx.update_recording_result(clinic_a_.id, r.id, "reports/x.html", R"({"reps":10})");
  }));
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.mark_video_deleted(clinic_a_.id, r.id); }));
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.mark_video_deleted(clinic_b_.id, r.id); }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_recording(clinic_a_.id, r.id); }));
  EXPECT_EQ(got.report_path, "reports/x.html");
  EXPECT_EQ(got.result_json, R"({"reps":10})");
  EXPECT_TRUE(got.video_deleted);
  EXPECT_EQ(got.size_bytes, 1234);
  now_ += 5;
  auto r2 = make_recording(patient_a_);
  auto list = STORE_OK(store_->read([&](Tx& tx) { return tx.list_recordings(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, r2.id);  // newest first
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.get_recording(clinic_b_.id, r.id); }));

  const TimeUs t0 = now_.load();
  auto add = [&](const std::string& code, double value, TimeUs at, std::optional<std::string> rec) {
    return STORE_OK(store_->write([&](Tx& tx) {
      return tx.insert_observation({.clinic_id = clinic_a_.id,
                                    .patient_id = patient_a_.id,
                                    .recording_id = rec,
                                    .code_system = "urn:physiokit:measure",
                                    .code = code,
                                    .display = code,
                                    .value = value,
                                    .unit = "deg",
                                    .method = "pose",
                                    .body_site = "knee",
                                    .side = "right",
                                    .effective_us = at,
                                    .source = "pose"});
    }));
  };
  add("knee_flexion_max", 101.25, t0 + 10, r.id);
  add("knee_flexion_max", 0.1 + 0.2, t0 + 20, std::nullopt);
  add("reps", 10, t0 + 15, r.id);
  auto all =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_observations(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].code, "reps");
  auto flex = STORE_OK(store_->read([&](Tx& tx) {
    return tx.list_observations(clinic_a_.id, patient_a_.id,
                                {.code = "knee_flexion_max", .from_us = t0 + 11});
  }));
  ASSERT_EQ(flex.size(), 1u);
  EXPECT_EQ(flex[0].value, 0.1 + 0.2);  // doubles round-trip exactly on both back ends
  EXPECT_FALSE(flex[0].recording_id);
  auto of_rec =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_observations_for_recording(clinic_a_.id, r.id); }));
  EXPECT_EQ(of_rec.size(), 2u);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_observations_for_recording(clinic_b_.id, r.id);
              })).empty());
  auto nan = store_->write([&](Tx& tx) {
    return tx.insert_observation(
        {.clinic_id = clinic_a_.id, .patient_id = patient_a_.id, .code = "x", .value = std::nan("")});
  });
  EXPECT_FALSE(nan);
}

}  // namespace
}  // namespace physio::store::testing

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, EnteredObservationsAreCorrectedNeverMoved) {
  // An observation entered by staff (recorded_by set, no recording) is corrected in place with its
  // version; a measurement made from a recording is not, and no update moves either to another patient.
  auto entered = STORE_OK(store_->write([&](Tx& tx) {
    return tx.insert_observation({.clinic_id = clinic_a_.id,
                                  .patient_id = patient_a_.id,
                                  .code_system = "http://loinc.org",
                                  .code = "89423-8",
                                  .display = "Timed Up and Go",
                                  .value = 12.4,
                                  .unit = "s",
                                  .effective_us = now_.load(),
                                  .source = "manual",
                                  .recorded_by = physio_a_.id});
  }));
  EXPECT_EQ(entered.version, 1);
  EXPECT_EQ(entered.updated_us, 0);
  now_ += 50;
  auto fix = entered;
  fix.value = 14.2;
  auto fixed = STORE_OK(store_->write([&](Tx& tx) { return tx.update_observation(fix); }));
  EXPECT_EQ(fixed.version, 2);
  EXPECT_EQ(fixed.value, 14.2);
  EXPECT_EQ(fixed.updated_us, now_.load());
  EXPECT_EQ(fixed.created_us, entered.created_us);
  EXPECT_EQ(fixed.recorded_by, physio_a_.id);
  // The version read is stale now.
  auto stale = store_->write([&](Tx& tx) { return tx.update_observation(fix); });
  ASSERT_FALSE(stale);
  EXPECT_NE(stale.error().message().find("changed since it was read"), std::string::npos);
  // Another patient: refused, and the row keeps its patient.
  auto moved = fixed;
  moved.patient_id = patient_b_.id;
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.update_observation(moved); }));
  auto other_clinic = fixed;
  other_clinic.clinic_id = clinic_b_.id;
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.update_observation(other_clinic); }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_observation(clinic_a_.id, entered.id); }));
  EXPECT_EQ(got.patient_id, patient_a_.id);
  EXPECT_EQ(got.value, 14.2);
  // Measured by physiokit: not corrected in place.
  auto measured = STORE_OK(store_->write([&](Tx& tx) {
    return tx.insert_observation({.clinic_id = clinic_a_.id,
                                  .patient_id = patient_a_.id,
                                  .code_system = "http://physiokit.org/fhir/CodeSystem/measures",
                                  .code = "gait-speed",
                                  .value = 1.1,
                                  .unit = "m/s",
                                  .effective_us = now_.load(),
                                  .source = "imu"});
  }));
  measured.value = 1.3;
  auto refused = store_->write([&](Tx& tx) { return tx.update_observation(measured); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace physio::store::testing

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, AppointmentNoticesAreClaimedOncePerChangeAndStart) {
  auto a = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_appointment({.clinic_id = clinic_a_.id,
                                  .patient_id = patient_a_.id,
                                  .practitioner_id = physio_a_.id,
                                  .start_us = now_.load() + 86'400'000'000LL,
                                  .duration_min = 30,
                                  .status = "booked"});
  }));
  auto changed = STORE_OK(store_->read([&](Tx& tx) { return appointments_changed_since(tx, a.updated_us); }));
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].id, a.id);
  EXPECT_TRUE(STORE_OK(store_->write(
      [&](Tx& tx) { return claim_appointment_notice(tx, a, "change", a.updated_us, "sending", 1); })));
  // A second server's claim on the same change is refused; the change is no longer listed.
  auto other = open_again();
  EXPECT_FALSE(STORE_OK(other->write(
      [&](Tx& tx) { return claim_appointment_notice(tx, a, "change", a.updated_us, "sending", 1); })));
  EXPECT_TRUE(
      STORE_OK(store_->read([&](Tx& tx) { return appointments_changed_since(tx, a.updated_us); })).empty());
  STORE_OK(store_->write(
      [&](Tx& tx) { return finish_appointment_notice(tx, a, "change", a.updated_us, "sent"); }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) {
              return appointment_notice_status(tx, clinic_a_.id, a.id, "change", a.updated_us);
            })),
            "sent");
  // The reminder: due in its window, once.
  auto due = STORE_OK(
      store_->read([&](Tx& tx) { return appointments_due_reminder(tx, a.start_us - 10, a.start_us + 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_TRUE(STORE_OK(store_->write(
      [&](Tx& tx) { return claim_appointment_notice(tx, a, "reminder", a.start_us, "sending", 1); })));
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return appointments_due_reminder(tx, a.start_us - 10, a.start_us + 10);
              })).empty());
}

}  // namespace
}  // namespace physio::store::testing
