// JWS through cjose (security/jose.hpp): signing with the server's key, verifying a client's assertion
// against its JWKS, and every refusal (docs/server/smart.md, "Backend services").
#include "security/jose.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace physio::security {
namespace {

using json = nlohmann::json;

std::string jwks_of(const std::string& private_jwk) {
  return json{{"keys", json::array({json::parse(*public_jwk(private_jwk))})}}.dump();
}

std::string b64(std::string_view s) {
  return base64url(s);
}

TEST(Jose, SignsAndVerifiesRs256) {
  const auto key = generate_rsa_jwk("k1");
  ASSERT_TRUE(key) << key.error().to_string();
  const auto jws = sign_rs256(*key, R"({"iss":"a"})");
  ASSERT_TRUE(jws) << jws.error().to_string();
  const auto v = verify_jws(*jws, jwks_of(*key));
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_EQ(v->alg, "RS256");
  EXPECT_EQ(v->kid, "k1");
  EXPECT_EQ(v->payload, R"({"iss":"a"})");
  // The public JWK holds no private part.
  EXPECT_FALSE(json::parse(*public_jwk(*key)).contains("d"));
}

TEST(Jose, RefusesAnotherKeysSignatureAnUnknownKidAndATamperedPayload) {
  const auto key = *generate_rsa_jwk("k1");
  const auto other = *generate_rsa_jwk("k1");  // same kid, another key
  const auto jws = *sign_rs256(other, R"({"iss":"a"})");
  auto v = verify_jws(jws, jwks_of(key));
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message().find("signature"), std::string::npos) << v.error().message();
  const auto k2 = *generate_rsa_jwk("k2");
  v = verify_jws(*sign_rs256(k2, "{}"), jwks_of(key));
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message().find("kid"), std::string::npos);
  // The payload changed after signing.
  std::string good = *sign_rs256(key, R"({"iss":"a"})");
  const auto d1 = good.find('.'), d2 = good.find('.', d1 + 1);
  good.replace(d1 + 1, d2 - d1 - 1, b64(R"({"iss":"b"})"));
  EXPECT_FALSE(verify_jws(good, jwks_of(key)));
}

TEST(Jose, RefusesNoneAndHmacAlgorithms) {
  const auto key = *generate_rsa_jwk("k1");
  for (const char* alg : {"none", "HS256", "HS384"}) {
    const std::string header = b64(std::string(R"({"alg":")") + alg + R"(","kid":"k1"})");
    const std::string token = header + "." + b64(R"({"iss":"a"})") + "." + b64("sig");
    auto v = verify_jws(token, jwks_of(key));
    ASSERT_FALSE(v) << alg;
    EXPECT_NE(v.error().message().find("not accepted"), std::string::npos) << v.error().message();
  }
  EXPECT_FALSE(verify_jws("not-a-jws", jwks_of(key)));
  EXPECT_FALSE(verify_jws(*sign_rs256(key, "{}"), R"({"keys":"x"})"));
}

TEST(Jose, PkceS256MatchesRfc7636AppendixB) {
  EXPECT_EQ(pkce_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

}  // namespace
}  // namespace physio::security
