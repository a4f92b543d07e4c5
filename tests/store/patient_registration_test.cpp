// A patient's registration details (migration 0034): none until recorded, replaced whole, each patient
// their own row, and erased with the record (GDPR art. 17); on every back end.
#include <gtest/gtest.h>

#include "store/patient_registration.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

clinic::Registration lisbon() {
  clinic::Registration r;
  r.address_lines = "Rua Augusta 100\n2.º esquerdo";
  r.city = "Lisboa";
  r.postcode = "1100-053";
  r.country = "PT";
  r.emergency_name = "Maria Silva";
  r.emergency_relationship = "wife";
  r.emergency_phone = "+351 912 345 678";
  r.gp_name = "Dr. Rui Costa";
  r.gp_practice = "USF Baixa";
  r.gp_phone = "+351 213 000 000";
  r.funder_kind = "private_insurer";
  r.funder_name = "Médis";
  r.funder_reference = "POL-12345";
  return r;
}

TEST_P(StoreTest, RegistrationIsEmptyUntilRecordedThenReplaced) {
  const auto& p = patient_a_;
  auto none = STORE_OK(store_->read([&](Tx& tx) { return get_patient_registration(tx, p.clinic_id, p.id); }));
  EXPECT_EQ(none.details.country, "");
  EXPECT_EQ(none.updated_us, 0);
  const auto r = lisbon();
  STORE_OK(store_->write(
      [&](Tx& tx) { return put_patient_registration(tx, p.clinic_id, p.id, r, physio_a_.id); }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return get_patient_registration(tx, p.clinic_id, p.id); }));
  for (const auto& f : clinic::registration_fields())
    EXPECT_EQ(got.details.*(f.member), r.*(f.member)) << f.name;
  EXPECT_EQ(got.updated_by, physio_a_.id);
  EXPECT_GT(got.updated_us, 0);
  auto changed = r;
  changed.funder_kind = "self_pay";
  changed.funder_name = "";
  changed.funder_reference = "";
  STORE_OK(store_->write(
      [&](Tx& tx) { return put_patient_registration(tx, p.clinic_id, p.id, changed, "patient-user"); }));
  got = STORE_OK(store_->read([&](Tx& tx) { return get_patient_registration(tx, p.clinic_id, p.id); }));
  EXPECT_EQ(got.details.funder_kind, "self_pay");
  EXPECT_EQ(got.details.funder_name, "");
  EXPECT_EQ(got.details.city, "Lisboa");
  EXPECT_EQ(got.updated_by, "patient-user");
  EXPECT_EQ(count("patient_registration"), 1);
  // Another patient's stays empty.
  auto other = STORE_OK(store_->read(
      [&](Tx& tx) { return get_patient_registration(tx, patient_b_.clinic_id, patient_b_.id); }));
  EXPECT_EQ(other.details.city, "");
}

TEST_P(StoreTest, RegistrationIsErasedWithTheRecord) {
  const auto& p = patient_a_;
  STORE_OK(store_->write(
      [&](Tx& tx) { return put_patient_registration(tx, p.clinic_id, p.id, lisbon(), physio_a_.id); }));
  auto erased = STORE_OK(store_->write([&](Tx& tx) {
    return tx.erase_patient(
        {.clinic_id = p.clinic_id, .patient_id = p.id, .erased_by = "u-admin", .reason = "art. 17"});
  }));
  bool listed = false;
  for (const auto& [table, n] : erased.rows_deleted)
    if (table == "patient_registration") {
      listed = true;
      EXPECT_EQ(n, 1);
    }
  EXPECT_TRUE(listed);
  EXPECT_EQ(count("patient_registration"), 0);
}

}  // namespace
}  // namespace physio::store::testing
