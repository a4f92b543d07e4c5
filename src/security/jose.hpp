#pragma once
/// JSON Web Signatures through Debian's cjose (docs/adr/0011-smart-on-fhir.md): verifying a client's signed
/// assertion against the JWKS registered for it, signing the server's id_tokens with its RSA key, and the
/// PKCE S256 transform. Only asymmetric algorithms are accepted: "none" and every HMAC ("HS256", ...) are
/// refused before any key is looked at, so a public key can never serve as an HMAC secret.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace physio::security {

/// The signing algorithms accepted on client assertions.
inline const std::vector<std::string>& accepted_jws_algorithms() {
  static const std::vector<std::string> algs = {"RS384", "ES384", "RS256", "ES256"};
  return algs;
}

struct VerifiedJws {
  std::string alg{};
  std::string kid{};
  std::string payload{};  ///< the signed JSON text
};

/// Verifies a compact JWS against the key of `jwks_json` (a JSON Web Key Set) whose kid is the header's
/// kid. Refusals (kInvalidArgument) name the reason: malformed, algorithm not accepted, no kid, key type not
/// matching the algorithm, bad signature; a kid the set lacks is kNotFound.
Result<VerifiedJws> verify_jws(std::string_view compact, std::string_view jwks_json);
/// The kid in a compact JWS's header, unverified ("" when it has none or cannot be read): which key to look
/// up before verifying.
std::string jws_kid(std::string_view compact);

/// An RSA key pair as a private JWK (JSON), with a kid.
Result<std::string> generate_rsa_jwk(std::string_view kid, std::size_t bits = 2048);
/// The public half of a private JWK, as a JWK JSON object text (kty, kid, the public numbers, use sig).
Result<std::string> public_jwk(std::string_view private_jwk_json);
/// An EC P-384 key pair as a private JWK (JSON), with a kid.
Result<std::string> generate_ec_jwk(std::string_view kid);
/// A compact JWS of `payload` signed with the private JWK (header alg, typ JWT, kid); `alg` one of RS256,
/// RS384, ES384 fitting the key.
Result<std::string> sign_jws(std::string_view private_jwk_json, std::string_view alg,
                             std::string_view payload);
/// sign_jws with RS256: the id_tokens.
Result<std::string> sign_rs256(std::string_view private_jwk_json, std::string_view payload);

/// base64url without padding of SHA-256(`text`): the PKCE S256 code challenge of a verifier.
std::string pkce_s256(std::string_view verifier);
/// base64url without padding of `bytes`.
std::string base64url(std::string_view bytes);

}  // namespace physio::security
