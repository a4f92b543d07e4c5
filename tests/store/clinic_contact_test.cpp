// The clinic's contact (migration 0030): empty until set, set once and replaced, the name written to the
// clinic itself, each clinic its own row; on every back end.
#include <gtest/gtest.h>

#include "store/clinic_contact.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, ClinicContactIsEmptyUntilSetThenReplaced) {
  auto none = STORE_OK(store_->read([&](Tx& tx) { return get_clinic_contact(tx, clinic_a_.id); }));
  EXPECT_EQ(none.contact.name, clinic_a_.name);
  EXPECT_EQ(none.contact.phone, "");
  EXPECT_EQ(none.contact.emergency_number, "");
  EXPECT_EQ(none.updated_us, 0);
  clinic::ClinicContact c{"Riverside Physiotherapy", "1 River Street\nLondon", "020 7946 0000", "999"};
  STORE_OK(store_->write([&](Tx& tx) { return put_clinic_contact(tx, clinic_a_.id, c, physio_a_.id); }));
  auto got = STORE_OK(store_->read([&](Tx& tx) { return get_clinic_contact(tx, clinic_a_.id); }));
  EXPECT_EQ(got.contact.name, "Riverside Physiotherapy");
  EXPECT_EQ(got.contact.address, "1 River Street\nLondon");
  EXPECT_EQ(got.contact.phone, "020 7946 0000");
  EXPECT_EQ(got.contact.emergency_number, "999");
  EXPECT_EQ(got.updated_by, physio_a_.id);
  EXPECT_GT(got.updated_us, 0);
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return tx.get_clinic(clinic_a_.id); })).name,
            "Riverside Physiotherapy");
  c.phone = "";
  c.emergency_number = "112";
  STORE_OK(store_->write([&](Tx& tx) { return put_clinic_contact(tx, clinic_a_.id, c, physio_a_.id); }));
  got = STORE_OK(store_->read([&](Tx& tx) { return get_clinic_contact(tx, clinic_a_.id); }));
  EXPECT_EQ(got.contact.phone, "");
  EXPECT_EQ(got.contact.emergency_number, "112");
  // Another clinic's stays empty.
  auto other = STORE_OK(store_->read([&](Tx& tx) { return get_clinic_contact(tx, clinic_b_.id); }));
  EXPECT_EQ(other.contact.emergency_number, "");
}

}  // namespace
}  // namespace physio::store::testing
