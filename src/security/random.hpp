#pragma once
/// Cryptographically secure randomness (libsodium): identifiers, session tokens, secrets.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace physio::security {

/// `n` random bytes.
std::vector<unsigned char> random_bytes(std::size_t n);
/// 128 random bits as 32 lowercase hex digits: record ids.
std::string random_id();
/// 256 random bits, URL-safe base64 without padding (43 characters): session tokens, CSRF tokens,
/// single-use links.
std::string random_token();
/// `n` second-factor recovery codes, each 10 characters of an alphabet without look-alikes (no 0/o, 1/l)
/// written "xxxxx-xxxxx": 50 random bits each.
std::vector<std::string> recovery_codes(std::size_t n);
/// A recovery code as typed, in the form it is hashed in: lower case, without spaces and hyphens.
std::string normalize_recovery_code(std::string_view typed);

}  // namespace physio::security
