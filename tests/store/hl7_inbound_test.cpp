// The HL7 inbound log and other systems' ids, on both back ends: a control id is claimed once per sender
// (another sender may use the same id), a patient is found by record number, external ids map and remap.
#include <gtest/gtest.h>

#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

class Hl7InboundStoreTest : public StoreTest {};

TEST_P(Hl7InboundStoreTest, ControlIdsAreClaimedOncePerSenderAndIdsMap) {
  Hl7Inbound m{.clinic_id = clinic_a_.id,
               .sender = "EPIC^NORTH",
               .control_id = "123",
               .message_type = "ADT^A04",
               .message_sha256 = std::string(64, 'c')};
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) { return tx.claim_hl7_message(m); })));
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) { return tx.claim_hl7_message(m); })));
  Hl7Inbound other = m;
  other.sender = "CERNER^SOUTH";
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) { return tx.claim_hl7_message(other); })));
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.set_hl7_message_record(clinic_a_.id, "EPIC^NORTH", "123", "patient", patient_a_.id);
  }));
  auto got =
      STORE_OK(store_->read([&](Tx& tx) { return tx.get_hl7_message(clinic_a_.id, "EPIC^NORTH", "123"); }));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->record_id, patient_a_.id);
  EXPECT_EQ(got->message_type, "ADT^A04");
  EXPECT_GT(got->received_us, 0);
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.get_hl7_message(clinic_b_.id, "EPIC^NORTH", "123");
               })).has_value());
  EXPECT_FALSE(store_->write([&](Tx& tx) {
    return tx.set_hl7_message_record(clinic_a_.id, "EPIC^NORTH", "999", "patient", patient_a_.id);
  }));

  // A patient by record number, only in their clinic.
  auto p = patient_a_;
  p.mrn = "MRN-7";
  STORE_OK(store_->write([&](Tx& tx) { return tx.update_patient(p); }));
  auto found = STORE_OK(store_->read([&](Tx& tx) { return tx.find_patient_by_mrn(clinic_a_.id, "MRN-7"); }));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, patient_a_.id);
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.find_patient_by_mrn(clinic_b_.id, "MRN-7");
               })).has_value());
  EXPECT_FALSE(
      STORE_OK(store_->read([&](Tx& tx) { return tx.find_patient_by_mrn(clinic_a_.id, ""); })).has_value());

  // Other systems' ids.
  STORE_OK(store_->write(
      [&](Tx& tx) { return tx.put_external_id(clinic_a_.id, "EPIC^NORTH", "appointment", "FL-1", "a1"); }));
  STORE_OK(store_->write(
      [&](Tx& tx) { return tx.put_external_id(clinic_a_.id, "EPIC^NORTH", "appointment", "FL-1", "a2"); }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) {
              return tx.find_external_id(clinic_a_.id, "EPIC^NORTH", "appointment", "FL-1");
            })).value_or(""),
            "a2");
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) {
                 return tx.find_external_id(clinic_a_.id, "CERNER^SOUTH", "appointment", "FL-1");
               })).has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, Hl7InboundStoreTest, ::testing::Values("sqlite", "postgresql"),
                         backend_param_name);

}  // namespace
}  // namespace physio::store::testing
