#pragma once
/// Cryptographically secure randomness (libsodium): identifiers, session tokens, secrets.

#include <cstddef>
#include <string>
#include <vector>

namespace physio::security {

/// `n` random bytes.
std::vector<unsigned char> random_bytes(std::size_t n);
/// 128 random bits as 32 lowercase hex digits: record ids.
std::string random_id();
/// 256 random bits, URL-safe base64 without padding (43 characters): session tokens, CSRF tokens,
/// single-use links.
std::string random_token();

}  // namespace physio::security
