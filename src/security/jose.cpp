#include "security/jose.hpp"

#include <algorithm>
#include <memory>

#include <cjose/cjose.h>
#include <jansson.h>
#include <sodium.h>

#include "security/sodium_init.hpp"

namespace physio::security {

namespace {

Error refused(std::string msg) {
  return Error(ErrorCode::kInvalidArgument, std::move(msg));
}

struct JwsFree {
  void operator()(cjose_jws_t* p) const { cjose_jws_release(p); }
};
struct JwkFree {
  void operator()(cjose_jwk_t* p) const { cjose_jwk_release(p); }
};
struct JsonFree {
  void operator()(json_t* p) const { json_decref(p); }
};
using JwsPtr = std::unique_ptr<cjose_jws_t, JwsFree>;
using JwkPtr = std::unique_ptr<cjose_jwk_t, JwkFree>;
using JsonPtr = std::unique_ptr<json_t, JsonFree>;

std::string cj_error(const cjose_err& err) {
  return err.message ? std::string(err.message) : std::string("unknown error");
}

/// The key type an algorithm needs.
cjose_jwk_kty_t kty_for(std::string_view alg) {
  return alg.starts_with("ES") ? CJOSE_JWK_KTY_EC : CJOSE_JWK_KTY_RSA;
}

/// The compact JWS's header as a JSON object (decoded from base64url).
Result<JsonPtr> jws_header(std::string_view compact) {
  if (std::count(compact.begin(), compact.end(), '.') != 2)
    return std::unexpected(refused("the assertion is not a compact JWS (header.payload.signature)"));
  const std::string_view header_b64 = compact.substr(0, compact.find('.'));
  detail::ensure_sodium();
  std::string header(header_b64.size(), '\0');
  std::size_t header_len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(header.data()), header.size(), header_b64.data(),
                        header_b64.size(), nullptr, &header_len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::unexpected(refused("the assertion's header is not base64url"));
  header.resize(header_len);
  json_error_t herr{};
  JsonPtr hdr_json(json_loadb(header.data(), header.size(), 0, &herr));
  if (!hdr_json || !json_is_object(hdr_json.get()))
    return std::unexpected(refused("the assertion's header is not a JSON object"));
  return hdr_json;
}

std::string header_text(json_t* header, const char* name) {
  json_t* v = json_object_get(header, name);
  return v && json_is_string(v) ? std::string(json_string_value(v)) : std::string();
}

}  // namespace

std::string jws_kid(std::string_view compact) {
  if (compact.size() > 16384) return {};
  auto header = jws_header(compact);
  return header ? header_text(header->get(), "kid") : std::string();
}

Result<VerifiedJws> verify_jws(std::string_view compact, std::string_view jwks_json) {
  if (compact.size() > 16384) return std::unexpected(refused("the assertion is longer than 16 KiB"));
  // The header is read here first, so an algorithm outside the list is refused before the library sees it.
  auto header = jws_header(compact);
  if (!header) return std::unexpected(header.error());
  JsonPtr hdr_json = std::move(*header);
  auto hdr_text = [&](const char* name) { return header_text(hdr_json.get(), name); };
  const std::string alg = hdr_text("alg");
  const auto& accepted = accepted_jws_algorithms();
  if (std::find(accepted.begin(), accepted.end(), alg) == accepted.end())
    return std::unexpected(
        refused("the assertion's algorithm '" + alg + "' is not accepted (RS384, ES384, RS256, ES256)"));
  const std::string kid = hdr_text("kid");
  if (kid.empty()) return std::unexpected(refused("the assertion's header has no kid"));
  cjose_err err{};
  JwsPtr jws(cjose_jws_import(compact.data(), compact.size(), &err));
  if (!jws) return std::unexpected(refused("the assertion could not be read: " + cj_error(err)));
  json_error_t jerr{};
  JsonPtr set(json_loadb(jwks_json.data(), jwks_json.size(), 0, &jerr));
  json_t* keys = set ? json_object_get(set.get(), "keys") : nullptr;
  if (!keys || !json_is_array(keys)) return std::unexpected(refused("the client has no JWKS registered"));
  std::size_t i = 0;
  json_t* key = nullptr;
  json_array_foreach(keys, i, key) {
    json_t* k = json_object_get(key, "kid");
    if (!k || !json_is_string(k) || kid != json_string_value(k)) continue;
    JwkPtr jwk(cjose_jwk_import_json(reinterpret_cast<cjose_header_t*>(key), &err));
    if (!jwk) return std::unexpected(refused("the registered key '" + kid + "' could not be read"));
    if (cjose_jwk_get_kty(jwk.get(), &err) != kty_for(alg))
      return std::unexpected(refused("the registered key '" + kid + "' does not fit the algorithm " + alg));
    if (!cjose_jws_verify(jws.get(), jwk.get(), &err))
      return std::unexpected(refused("the assertion's signature does not verify"));
    std::uint8_t* plain = nullptr;
    std::size_t len = 0;
    if (!cjose_jws_get_plaintext(jws.get(), &plain, &len, &err))
      return std::unexpected(refused("the assertion has no payload"));
    return VerifiedJws{alg, kid, std::string(reinterpret_cast<const char*>(plain), len)};
  }
  return std::unexpected(
      Error(ErrorCode::kNotFound, "no registered key has the assertion's kid '" + kid + "'"));
}

Result<std::string> generate_rsa_jwk(std::string_view kid, std::size_t bits) {
  cjose_err err{};
  static const std::uint8_t e[] = {0x01, 0x00, 0x01};
  JwkPtr jwk(cjose_jwk_create_RSA_random(bits, e, sizeof e, &err));
  if (!jwk) return std::unexpected(Error(ErrorCode::kInternal, "RSA key generation: " + cj_error(err)));
  if (!cjose_jwk_set_kid(jwk.get(), kid.data(), kid.size(), &err))
    return std::unexpected(Error(ErrorCode::kInternal, "RSA key id: " + cj_error(err)));
  char* text = cjose_jwk_to_json(jwk.get(), true, &err);
  if (!text) return std::unexpected(Error(ErrorCode::kInternal, "RSA key export: " + cj_error(err)));
  std::string out(text);
  std::free(text);
  return out;
}

Result<std::string> public_jwk(std::string_view private_jwk_json) {
  cjose_err err{};
  JwkPtr jwk(cjose_jwk_import(private_jwk_json.data(), private_jwk_json.size(), &err));
  if (!jwk) return std::unexpected(Error(ErrorCode::kInvalidArgument, "key: " + cj_error(err)));
  char* text = cjose_jwk_to_json(jwk.get(), false, &err);
  if (!text) return std::unexpected(Error(ErrorCode::kInternal, "key export: " + cj_error(err)));
  json_error_t jerr{};
  JsonPtr obj(json_loads(text, 0, &jerr));
  std::free(text);
  if (!obj) return std::unexpected(Error(ErrorCode::kInternal, "key export: not JSON"));
  json_object_set_new(obj.get(), "use", json_string("sig"));
  char* out_c = json_dumps(obj.get(), JSON_COMPACT | JSON_SORT_KEYS);
  std::string out(out_c ? out_c : "");
  std::free(out_c);
  return out;
}

Result<std::string> generate_ec_jwk(std::string_view kid) {
  cjose_err err{};
  JwkPtr jwk(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_384, &err));
  if (!jwk) return std::unexpected(Error(ErrorCode::kInternal, "EC key generation: " + cj_error(err)));
  if (!cjose_jwk_set_kid(jwk.get(), kid.data(), kid.size(), &err))
    return std::unexpected(Error(ErrorCode::kInternal, "EC key id: " + cj_error(err)));
  char* text = cjose_jwk_to_json(jwk.get(), true, &err);
  if (!text) return std::unexpected(Error(ErrorCode::kInternal, "EC key export: " + cj_error(err)));
  std::string out(text);
  std::free(text);
  return out;
}

Result<std::string> sign_rs256(std::string_view private_jwk_json, std::string_view payload) {
  return sign_jws(private_jwk_json, "RS256", payload);
}

Result<std::string> sign_jws(std::string_view private_jwk_json, std::string_view alg_name,
                             std::string_view payload) {
  const std::string alg(alg_name);
  cjose_err err{};
  JwkPtr jwk(cjose_jwk_import(private_jwk_json.data(), private_jwk_json.size(), &err));
  if (!jwk) return std::unexpected(Error(ErrorCode::kInvalidArgument, "signing key: " + cj_error(err)));
  cjose_header_t* hdr = cjose_header_new(&err);
  if (!hdr) return std::unexpected(Error(ErrorCode::kInternal, "JWS header: " + cj_error(err)));
  const char* kid = cjose_jwk_get_kid(jwk.get(), &err);
  bool set = cjose_header_set(hdr, CJOSE_HDR_ALG, alg.c_str(), &err) &&
             cjose_header_set(hdr, "typ", "JWT", &err) &&
             (!kid || cjose_header_set(hdr, CJOSE_HDR_KID, kid, &err));
  if (!set) {
    cjose_header_release(hdr);
    return std::unexpected(Error(ErrorCode::kInternal, "JWS header: " + cj_error(err)));
  }
  JwsPtr jws(cjose_jws_sign(jwk.get(), hdr, reinterpret_cast<const std::uint8_t*>(payload.data()),
                            payload.size(), &err));
  cjose_header_release(hdr);
  if (!jws) return std::unexpected(Error(ErrorCode::kInternal, "JWS sign: " + cj_error(err)));
  const char* ser = nullptr;
  if (!cjose_jws_export(jws.get(), &ser, &err) || !ser)
    return std::unexpected(Error(ErrorCode::kInternal, "JWS export: " + cj_error(err)));
  return std::string(ser);
}

std::string base64url(std::string_view bytes) {
  detail::ensure_sodium();
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string pkce_s256(std::string_view verifier) {
  detail::ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size());
  return base64url(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace physio::security
