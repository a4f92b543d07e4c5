// A person's height (the scale of gait from video): on the patient, kept in the patient's versions, cleared
// by erasure; and the height given with an upload, on its recording.
#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, PatientHeightIsStoredVersionedAndCleared) {
  auto p = STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, patient_a_.id); }));
  EXPECT_EQ(p.height_cm, 0);  // not recorded
  p.height_cm = 172;
  p = STORE_OK(store_->write([&](Tx& tx) { return tx.update_patient(p); }));
  EXPECT_EQ(p.height_cm, 172);
  p.height_cm = 171;
  p = STORE_OK(store_->write([&](Tx& tx) { return tx.update_patient(p); }));
  EXPECT_EQ(
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, patient_a_.id); })).height_cm,
      171);
  // Each replaced version keeps the height it had.
  auto versions =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_patient_versions(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 2);
  EXPECT_EQ(versions[0].height_cm, 172);
  EXPECT_EQ(versions[1].height_cm, 0);
  // Given at registration.
  auto made = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_patient({.clinic_id = clinic_a_.id,
                              .given_name = "Hal",
                              .family_name = "Height",
                              .birth_date = "1990-05-05",
                              .height_cm = 188});
  }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, made.id); })).height_cm,
            188);
  // Erasure empties it with the rest of the row.
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.erase_patient(
        {.clinic_id = clinic_a_.id, .patient_id = made.id, .erased_by = physio_a_.id, .reason = "art. 17"});
  }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, made.id); })).height_cm,
            0);
}

TEST_P(StoreTest, RecordingKeepsTheHeightGivenWithTheUpload) {
  auto plain = make_recording(patient_a_);
  EXPECT_EQ(
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_recording(clinic_a_.id, plain.id); })).height_cm, 0);
  now_ += 1;
  auto walk = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_recording({.clinic_id = clinic_a_.id,
                                .patient_id = patient_a_.id,
                                .kind = "video",
                                .test = "gait",
                                .original_name = "walk.mp4",
                                .size_bytes = 10,
                                .sha256 = std::string(64, 'b'),
                                .file_path = "recordings/w.mp4",
                                .uploaded_by = physio_a_.id,
                                .height_cm = 165});
  }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.get_recording(clinic_a_.id, walk.id); })).height_cm,
            165);
  auto listed =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_recordings(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, walk.id);  // newest first
  EXPECT_EQ(listed[0].height_cm, 165);
  EXPECT_EQ(listed[1].height_cm, 0);
}

}  // namespace
}  // namespace physio::store::testing
