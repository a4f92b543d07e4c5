#pragma once
/// Password hashing with Argon2id (libsodium's crypto_pwhash_str): the stored string carries the
/// algorithm, its parameters and the salt, so parameters can rise later without a migration
/// (`password_needs_rehash`).

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace physio::security {

struct PasswordPolicy {
  std::size_t min_length = 12;   ///< OWASP ASVS 4.0.3 2.1.1
  std::size_t max_length = 256;  ///< bounds the hashing work an attacker can ask for
};

/// Why `password` is not acceptable, in words ("at least 12 characters"), or an empty string.
std::string password_problem(std::string_view password, const PasswordPolicy& policy = {});

/// Argon2id hash string ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"). Errors: kInternal when the
/// system cannot allocate the hashing memory.
Result<std::string> hash_password(std::string_view password);
/// True when `password` matches `stored`; false for a mismatch or a malformed stored string.
bool verify_password(std::string_view password, const std::string& stored);
/// True when `stored` was made with weaker parameters than today's.
bool password_needs_rehash(const std::string& stored);

}  // namespace physio::security
