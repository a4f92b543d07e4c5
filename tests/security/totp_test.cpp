// TOTP against the test vectors of RFC 6238 appendix B and HOTP against RFC 4226 appendix D.
#include "security/totp.hpp"

#include <gtest/gtest.h>

namespace physio::security {
namespace {

TEST(Hotp, Rfc4226AppendixD) {
  const std::string key = "12345678901234567890";
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t i = 0; i < 10; ++i) EXPECT_EQ(hotp(key, i), expected[i]) << "counter " << i;
}

struct Vector {
  std::int64_t t;
  const char* sha1;
  const char* sha256;
  const char* sha512;
};

TEST(Totp, Rfc6238AppendixB) {
  const std::string k1 = "12345678901234567890";
  const std::string k256 = "12345678901234567890123456789012";
  const std::string k512 = "1234567890123456789012345678901234567890123456789012345678901234";
  const Vector v[] = {
      {59, "94287082", "46119246", "90693936"},         {1111111109, "07081804", "68084774", "25091201"},
      {1111111111, "14050471", "67062674", "99943326"}, {1234567890, "89005924", "91819424", "93441116"},
      {2000000000, "69279037", "90698825", "38618901"}, {20000000000, "65353130", "77737706", "47863826"},
  };
  for (const auto& x : v) {
    EXPECT_EQ(totp(k1, x.t, 8, TotpAlgorithm::kSha1), x.sha1) << x.t;
    EXPECT_EQ(totp(k256, x.t, 8, TotpAlgorithm::kSha256), x.sha256) << x.t;
    EXPECT_EQ(totp(k512, x.t, 8, TotpAlgorithm::kSha512), x.sha512) << x.t;
  }
}

TEST(Base32, RoundTripAndRfc4648Vectors) {
  EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(base32_encode("f"), "MY");
  EXPECT_EQ(*base32_decode("mzxw6ytboi======"), "foobar");
  EXPECT_EQ(*base32_decode("MZXW 6YTB OI"), "foobar");
  const auto bad = base32_decode("MZ1W");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("character 3"), std::string::npos);
}

TEST(VerifyTotp, AcceptsAdjacentStepsAndRefusesReplay) {
  const std::string secret = new_totp_secret();
  const std::string key = *base32_decode(secret);
  const std::int64_t now = 1'700'000'000;
  const std::string code = totp(key, now);
  auto step = verify_totp(secret, code, now);
  ASSERT_TRUE(step);
  EXPECT_EQ(*step, now / 30);
  // The previous step still counts (clock drift), two steps back does not.
  EXPECT_TRUE(verify_totp(secret, totp(key, now - 30), now));
  EXPECT_FALSE(verify_totp(secret, totp(key, now - 61), now));
  // The same code cannot be used twice.
  EXPECT_FALSE(verify_totp(secret, code, now, *step));
  EXPECT_FALSE(verify_totp(secret, "12345", now));
  EXPECT_FALSE(verify_totp(secret, "12a456", now));
}

TEST(TotpUri, NamesIssuerAndAccount) {
  EXPECT_EQ(totp_uri("ABC", "ann@clinic.example", "physiokit Demo"),
            "otpauth://totp/physiokit%20Demo:ann@clinic.example?secret=ABC&issuer=physiokit%20Demo"
            "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace physio::security
