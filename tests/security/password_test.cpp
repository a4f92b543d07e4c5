#include "security/password.hpp"

#include <gtest/gtest.h>

namespace physio::security {
namespace {

TEST(Password, HashVerifiesAndIsSalted) {
  const auto h1 = hash_password("correct horse battery");
  const auto h2 = hash_password("correct horse battery");
  ASSERT_TRUE(h1 && h2);
  EXPECT_TRUE(h1->starts_with("$argon2id$"));
  EXPECT_NE(*h1, *h2);
  EXPECT_TRUE(verify_password("correct horse battery", *h1));
  EXPECT_FALSE(verify_password("correct horse batterY", *h1));
  EXPECT_FALSE(verify_password("", *h1));
  EXPECT_FALSE(password_needs_rehash(*h1));
}

TEST(Password, MalformedStoredHashNeverVerifies) {
  EXPECT_FALSE(verify_password("x", ""));
  EXPECT_FALSE(verify_password("x", "$argon2id$v=19$garbage"));
  EXPECT_FALSE(verify_password("x", std::string(500, 'a')));
}

TEST(Password, PolicyNamesTheProblem) {
  EXPECT_EQ(password_problem("short"), "must be at least 12 characters");
  EXPECT_EQ(password_problem(std::string(300, 'a')), "must be at most 256 characters");
  EXPECT_EQ(password_problem("ten chars\n ok"), "must not contain control characters");
  EXPECT_EQ(password_problem("long enough password"), "");
}

}  // namespace
}  // namespace physio::security
