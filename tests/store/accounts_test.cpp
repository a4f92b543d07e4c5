#include <gtest/gtest.h>

#include "store/clinic_payer.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

using clinic::Role;

TEST_P(StoreTest, ClinicCreateGetUpdate) {
  auto got = STORE_OK(store_->read([&](Tx& tx) { return tx.get_clinic(clinic_a_.id); }));
  EXPECT_EQ(got.name, "Clinic A");
  EXPECT_EQ(got.id.size(), 32u);
  EXPECT_EQ(got.created_us, now_.load());
  EXPECT_FALSE(got.delete_video_after_analysis);
  got.name = "Clinic A (Porto)";
  got.delete_video_after_analysis = true;
  auto updated = STORE_OK(store_->write([&](Tx& tx) { return tx.update_clinic_settings(got); }));
  EXPECT_EQ(updated.name, "Clinic A (Porto)");
  EXPECT_TRUE(updated.delete_video_after_analysis);
  auto missing = store_->read([&](Tx& tx) { return tx.get_clinic("0123"); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

// A clinic has no payer rules unless set (docs/server/notes.md): a clinic in Lisbon gets no Medicare lines.
TEST_P(StoreTest, ClinicPayerRulesDefaultToNone) {
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return get_clinic_payer(tx, clinic_a_.id); })), "");
  ASSERT_TRUE(store_->write([&](Tx& tx) { return set_clinic_payer(tx, clinic_a_.id, "us_medicare"); }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return get_clinic_payer(tx, clinic_a_.id); })),
            "us_medicare");
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return get_clinic_payer(tx, clinic_b_.id); })), "");
  auto bad = store_->write([&](Tx& tx) { return set_clinic_payer(tx, clinic_a_.id, "medicare"); });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message().find("expected us_medicare"), std::string::npos);
  auto missing = store_->read([&](Tx& tx) { return get_clinic_payer(tx, "0123"); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(store_->write([&](Tx& tx) { return set_clinic_payer(tx, clinic_a_.id, ""); }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return get_clinic_payer(tx, clinic_a_.id); })), "");
}

TEST_P(StoreTest, UsersByIdEmailAndClinic) {
  EXPECT_EQ(physio_a_.email, "pt@clinic-a.example");
  auto by_email = STORE_OK(store_->read([&](Tx& tx) { return tx.get_user_by_email("Pt@CLINIC-a.example"); }));
  EXPECT_EQ(by_email.id, physio_a_.id);
  EXPECT_EQ(by_email.role, Role::kPhysiotherapist);
  EXPECT_FALSE(by_email.patient_id);
  EXPECT_FALSE(by_email.totp_secret);
  auto by_id = STORE_OK(store_->read([&](Tx& tx) { return tx.get_user(physio_a_.id); }));
  EXPECT_EQ(by_id.display_name, "Pat Therapist");

  // A patient login points at the patient record.
  auto patient_user = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_user({.clinic_id = clinic_a_.id,
                           .email = "ana@example.org",
                           .role = Role::kPatient,
                           .display_name = "Ana",
                           .patient_id = patient_a_.id,
                           .password_hash = "h"});
  }));
  auto listed = STORE_OK(store_->read([&](Tx& tx) { return tx.list_users(clinic_a_.id); }));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].email, "ana@example.org");
  EXPECT_EQ(listed[0].patient_id, patient_a_.id);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return tx.list_users(clinic_b_.id); })).empty());
  (void)patient_user;

  // Emails are unique over all clinics, whatever their case.
  auto dup = store_->write([&](Tx& tx) {
    return tx.create_user({.clinic_id = clinic_b_.id,
                           .email = "PT@clinic-a.EXAMPLE",
                           .display_name = "x",
                           .password_hash = "h"});
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), ErrorCode::kInvalidArgument);

  // A patient login cannot point at another clinic's patient.
  auto cross = store_->write([&](Tx& tx) {
    return tx.create_user({.clinic_id = clinic_a_.id,
                           .email = "b@example.org",
                           .role = Role::kPatient,
                           .patient_id = patient_b_.id,
                           .password_hash = "h"});
  });
  EXPECT_FALSE(cross);
}

TEST_P(StoreTest, UserSecurityFields) {
  const auto id = physio_a_.id;
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.update_password(id, "$argon2id$new"); }));
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.set_totp(id, std::string("JBSWY3DPEHPK3PXP"), true); }));
  EXPECT_EQ(STORE_OK(store_->write([&](Tx& tx) { return tx.record_failed_login(id); })), 1);
  EXPECT_EQ(STORE_OK(store_->write([&](Tx& tx) { return tx.record_failed_login(id); })), 2);
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.set_locked(id, now_.load() + 900'000'000); }));
  auto u = STORE_OK(store_->read([&](Tx& tx) { return tx.get_user(id); }));
  EXPECT_EQ(u.password_hash, "$argon2id$new");
  EXPECT_EQ(u.totp_secret, "JBSWY3DPEHPK3PXP");
  EXPECT_TRUE(u.mfa_required);
  EXPECT_EQ(u.failed_logins, 2);
  EXPECT_EQ(u.locked_until_us, now_.load() + 900'000'000);
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.reset_failures(id); }));
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.set_totp(id, std::nullopt, false); }));
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.set_disabled(id, true); }));
  u = STORE_OK(store_->read([&](Tx& tx) { return tx.get_user(id); }));
  EXPECT_EQ(u.failed_logins, 0);
  EXPECT_EQ(u.locked_until_us, 0);
  EXPECT_FALSE(u.totp_secret);
  EXPECT_FALSE(u.mfa_required);
  EXPECT_TRUE(u.disabled);
  auto missing = store_->write([&](Tx& tx) { return tx.set_disabled("nobody", true); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST_P(StoreTest, AuthSessions) {
  const TimeUs t = now_.load();
  auto make = [&](const std::string& token_hash, TimeUs expires) {
    return store_->write([&](Tx& tx) {
      return tx.create_session({.token_hash = token_hash,
                                .user_id = physio_a_.id,
                                .clinic_id = clinic_a_.id,
                                .csrf_token = "csrf-" + token_hash,
                                .created_us = t,
                                .expires_us = expires,
                                .last_seen_us = t,
                                .client = "127.0.0.1 test"});
    });
  };
  ASSERT_TRUE(make("h1", t + 1000));
  ASSERT_TRUE(make("h2", t + 2000));
  ASSERT_TRUE(make("h3", t - 1));
  auto s = STORE_OK(store_->read([&](Tx& tx) { return tx.get_session("h1"); }));
  EXPECT_EQ(s.user_id, physio_a_.id);
  EXPECT_EQ(s.csrf_token, "csrf-h1");
  EXPECT_FALSE(s.revoked);
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.touch_session("h1", t + 5, t + 9000); }));
  s = STORE_OK(store_->read([&](Tx& tx) { return tx.get_session("h1"); }));
  EXPECT_EQ(s.last_seen_us, t + 5);
  EXPECT_EQ(s.expires_us, t + 9000);
  ASSERT_TRUE(store_->write([&](Tx& tx) { return tx.revoke_session("h1"); }));
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return tx.get_session("h1"); })).revoked);
  EXPECT_EQ(STORE_OK(store_->write([&](Tx& tx) { return tx.revoke_sessions_for_user(physio_a_.id); })), 2);
  EXPECT_EQ(STORE_OK(store_->write([&](Tx& tx) { return tx.delete_expired_sessions(t); })), 1);
  auto gone = store_->read([&](Tx& tx) { return tx.get_session("h3"); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(gone.error().to_string().find("h3"), std::string::npos);  // never echoes the token hash
}

}  // namespace
}  // namespace physio::store::testing
