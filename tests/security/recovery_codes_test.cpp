// Second-factor recovery codes: ten distinct codes of the stated form, and the typed form they are
// hashed in (case, spaces and hyphens do not matter).
#include <set>
#include <string_view>

#include <gtest/gtest.h>

#include "security/random.hpp"

namespace physio::security {
namespace {

TEST(RecoveryCodes, TenDistinctCodesWithoutLookAlikes) {
  const auto codes = recovery_codes(10);
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  constexpr std::string_view kAllowed = "abcdefghijkmnpqrstuvwxyz23456789";  // no l, o, 0, 1
  for (const auto& c : codes) {
    ASSERT_EQ(c.size(), 11u) << c;
    EXPECT_EQ(c[5], '-') << c;
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (i != 5) {
        EXPECT_NE(kAllowed.find(c[i]), std::string_view::npos) << c;
      }
    }
  }
}

TEST(RecoveryCodes, TheTypedFormIgnoresCaseSpacesAndHyphens) {
  EXPECT_EQ(normalize_recovery_code("ABCDE-FGHJK"), "abcdefghjk");
  EXPECT_EQ(normalize_recovery_code(" abcde fghjk "), "abcdefghjk");
  EXPECT_NE(normalize_recovery_code("abcde-fghjk"), normalize_recovery_code("abcde-fghjm"));
}

}  // namespace
}  // namespace physio::security
