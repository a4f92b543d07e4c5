#include "security/password.hpp"

#include <sodium.h>

#include "security/sodium_init.hpp"

namespace physio::security {
namespace {
// libsodium's "interactive" Argon2id parameters (2 passes, 64 MiB): about 0.1 s on a server core,
// OWASP's minimum for Argon2id is 19 MiB / 2 passes.
constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}  // namespace

std::string password_problem(std::string_view password, const PasswordPolicy& policy) {
  if (password.size() < policy.min_length)
    return fmt::format("must be at least {} characters", policy.min_length);
  if (password.size() > policy.max_length)
    return fmt::format("must be at most {} characters", policy.max_length);
  for (const char c : password)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return "must not contain control characters";
  return {};
}

Result<std::string> hash_password(std::string_view password) {
  detail::ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(ErrorCode::kInternal, "password hashing ran out of memory");
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& stored) {
  detail::ensure_sodium();
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& stored) {
  detail::ensure_sodium();
  return crypto_pwhash_str_needs_rehash(stored.c_str(), kOps, kMem) != 0;
}

}  // namespace physio::security
