// SMART on FHIR's rows on both back ends (store/smart.hpp, migration 0021): a code is used once, a refresh
// token rotates once, a family is revoked together, a jti is remembered until it expires, and deleting an
// app takes its tokens.
#include <gtest/gtest.h>

#include "store/smart.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

SmartTokenRow token(std::string hash, std::string family, std::string kind = "access") {
  return {.hash = std::move(hash),
          .kind = std::move(kind),
          .client_id = "app-1",
          .clinic_id = "",
          .user_id = "u1",
          .patient_id = "p1",
          .scope = "patient/*.rs",
          .family = std::move(family),
          .created_us = 1,
          .expires_us = 2'000'000'000'000'000};
}

TEST_P(StoreTest, SmartCodesTokensAndAssertionIdsHoldOnce) {
  SmartClientRow app{.id = "app-1",
                     .clinic_id = clinic_a_.id,
                     .name = "Knee app",
                     .kind = "public",
                     .redirect_uris = R"(["https://app.example/cb"])",
                     .launch_url = "",
                     .scopes = "patient/*.rs",
                     .jwks = "",
                     .disabled = false,
                     .created_by = physio_a_.id,
                     .created_us = now_};
  STORE_OK(store_->write([&](Tx& tx) { return insert_smart_client(tx, app); }));
  auto listed = STORE_OK(store_->read([&](Tx& tx) { return list_smart_clients(tx, clinic_a_.id); }));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].redirect_uris, app.redirect_uris);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return list_smart_clients(tx, clinic_b_.id); })).empty());
  // Another clinic cannot disable it.
  EXPECT_FALSE(
      store_->write([&](Tx& tx) { return set_smart_client_disabled(tx, clinic_b_.id, "app-1", true); }));

  SmartRequestRow rq{.id = "rq-1", .client_id = "app-1", .redirect_uri = "https://app.example/cb"};
  rq.code_hash = "code-hash";
  rq.family = "fam-1";
  STORE_OK(store_->write([&](Tx& tx) { return insert_smart_request(tx, rq); }));
  EXPECT_EQ(STORE_OK(store_->read([&](Tx& tx) { return get_smart_request_by_code(tx, "code-hash"); })).id,
            "rq-1");
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) { return use_smart_code(tx, "rq-1"); })));
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) { return use_smart_code(tx, "rq-1"); })))
      << "a code is used once";

  auto t = token("h-access", "fam-1");
  t.clinic_id = clinic_a_.id;
  auto r = token("h-refresh", "fam-1", "refresh");
  r.clinic_id = clinic_a_.id;
  auto other = token("h-other", "fam-2");
  other.clinic_id = clinic_a_.id;
  STORE_OK(store_->write([&](Tx& tx) -> Status {
    PHYSIO_TRY(insert_smart_token(tx, t));
    PHYSIO_TRY(insert_smart_token(tx, r));
    return insert_smart_token(tx, other);
  }));
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) { return rotate_smart_token(tx, "h-refresh"); })));
  EXPECT_FALSE(STORE_OK(store_->write([&](Tx& tx) { return rotate_smart_token(tx, "h-refresh"); })));
  EXPECT_EQ(STORE_OK(store_->write([&](Tx& tx) { return revoke_smart_family(tx, "fam-1"); })), 2);
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return get_smart_token(tx, "h-access"); })).revoked);
  EXPECT_FALSE(STORE_OK(store_->read([&](Tx& tx) { return get_smart_token(tx, "h-other"); })).revoked);
  auto grants = STORE_OK(store_->read([&](Tx& tx) { return list_smart_grants(tx, "u1", now_); }));
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].client_id, "app-1");

  // An assertion id: once, until it expires.
  EXPECT_TRUE(STORE_OK(
      store_->write([&](Tx& tx) { return remember_smart_jti(tx, "app-1", "j1", now_ + 100, now_); })));
  EXPECT_FALSE(STORE_OK(
      store_->write([&](Tx& tx) { return remember_smart_jti(tx, "app-1", "j1", now_ + 100, now_); })));
  EXPECT_TRUE(STORE_OK(
      store_->write([&](Tx& tx) { return remember_smart_jti(tx, "app-2", "j1", now_ + 100, now_); })));
  EXPECT_TRUE(STORE_OK(store_->write([&](Tx& tx) {
    return remember_smart_jti(tx, "app-1", "j1", now_ + 500, now_ + 200);
  }))) << "an expired jti is forgotten";

  STORE_OK(store_->write([&](Tx& tx) { return delete_smart_client(tx, clinic_a_.id, "app-1"); }));
  EXPECT_EQ(count("smart_tokens"), 0);
  EXPECT_EQ(count("smart_requests"), 0);
  EXPECT_FALSE(store_->read([&](Tx& tx) { return get_smart_client(tx, "app-1"); }));
}

}  // namespace
}  // namespace physio::store::testing
