// The episode form's ICD-10-CM search (billing/icd10_search.hpp) over the shipped catalogue: words find
// titles, the start of a code finds codes, and every code it offers is complete and valid.
#include "billing/icd10_search.hpp"

#include <cctype>

#include <gtest/gtest.h>

#include "billing/files.hpp"
#include "common/test_data.hpp"

namespace physio::billing {
namespace {

const IcdCatalog& search_catalog() {
  static const IcdCatalog c =
      load_icd10_catalog(physio::test::source_dir() / "data/coding/icd10cm.json").value();
  return c;
}

bool offered_code(const std::vector<IcdMatch>& m, const std::string& code) {
  for (const auto& x : m)
    if (x.code == code) return true;
  return false;
}

TEST(Icd10Search, WordsFindTitles) {
  const auto knee = search_icd10(search_catalog(), "knee", 500);
  EXPECT_TRUE(offered_code(knee, "M17.11")) << "Unilateral primary osteoarthritis, right knee";
  EXPECT_TRUE(offered_code(knee, "M25.561"));
  for (const auto& m : knee) {
    std::string t = m.title;
    for (auto& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(t.find("knee"), std::string::npos) << m.code << " " << m.title;
  }
  // Every word must be in the title, in any case.
  const auto right = search_icd10(search_catalog(), "Right KNEE pain", 500);
  EXPECT_TRUE(offered_code(right, "M25.561"));
  EXPECT_FALSE(offered_code(right, "M25.562")) << "left knee";
  EXPECT_TRUE(search_icd10(search_catalog(), "  ", 10).empty());
  EXPECT_TRUE(search_icd10(search_catalog(), "zzzz", 10).empty());
  EXPECT_EQ(search_icd10(search_catalog(), "knee", 3).size(), 3u);
}

TEST(Icd10Search, TheStartOfACodeFindsCodesAndInjuriesCarryTheir7thCharacter) {
  const auto m17 = search_icd10(search_catalog(), "m17", 50);
  EXPECT_TRUE(offered_code(m17, "M17.11"));
  for (const auto& m : m17) EXPECT_TRUE(m.code.starts_with("M17")) << m.code;
  const auto acl = search_icd10(search_catalog(), "S83.511", 50);
  EXPECT_TRUE(offered_code(acl, "S83.511A"));
  EXPECT_TRUE(offered_code(acl, "S83.511D"));
  EXPECT_FALSE(offered_code(acl, "S83.511")) << "an injury code is incomplete without its 7th character";
  // Categories are not offered: M54.5 has codes below it.
  EXPECT_FALSE(offered_code(search_icd10(search_catalog(), "M54.5", 50), "M54.5"));
}

TEST(Icd10Search, EveryOfferedCodeIsValidOverTheWholeCatalogue) {
  std::size_t offered = 0;
  for (const char* letter : {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
                             "N", "O", "P", "Q", "R", "S", "T", "V", "W", "X", "Y", "Z"})
    for (int d = 0; d <= 9; ++d)
      for (const auto& m : search_icd10(search_catalog(), std::string(letter) + std::to_string(d), 100000)) {
        ++offered;
        auto v = validate_icd10(search_catalog(), m.code);
        EXPECT_TRUE(v.has_value()) << m.code << ": " << (v ? "" : v.error().message());
      }
  std::size_t billable = 0;
  for (const auto& e : search_catalog().entries) billable += e.billable;
  EXPECT_GE(offered, billable) << "every complete code is offered at least once";
  std::printf("ICD-10-CM search: %zu codes offered from %zu catalogue entries (%zu billable)\n", offered,
              search_catalog().entries.size(), billable);
}

TEST(Icd10Search, TheDefaultCatalogueLoads) {
  auto c = default_icd10_catalog();
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ((*c)->entries.size(), search_catalog().entries.size());
}

}  // namespace
}  // namespace physio::billing
