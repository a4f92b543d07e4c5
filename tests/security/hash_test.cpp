#include "security/hash.hpp"

#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "security/random.hpp"

namespace physio::security {
namespace {

TEST(Hash, KnownDigests) {
  // BLAKE2b-256 of "" and SHA-256 of "abc" (FIPS 180-2 appendix B.1).
  EXPECT_EQ(blake2b_hex(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hash, FileDigestMatchesInMemory) {
  const auto dir = test::scratch_dir("security_hash");
  const auto p = dir / "f.bin";
  std::string content(200'000, 'x');
  content[12345] = 'y';
  std::ofstream(p, std::ios::binary) << content;
  EXPECT_EQ(*sha256_file_hex(p), sha256_hex(content));
  EXPECT_FALSE(sha256_file_hex(dir / "missing"));
}

TEST(Hash, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(Random, IdsAndTokensAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = random_id();
    ASSERT_EQ(id.size(), 32u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    ASSERT_TRUE(seen.insert(id).second);
  }
  const auto t = random_token();
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
}

}  // namespace
}  // namespace physio::security
