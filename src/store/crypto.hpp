#pragma once
/// The store's uses of libsodium: random ids and tokens, BLAKE2b checksums.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace physio::store {

/// Initialises libsodium once per process (thread-safe); every function here calls it.
void ensure_sodium();

/// 128 random bits as 32 lowercase hex digits (record ids, lease tokens).
std::string random_id();

/// BLAKE2b-256 of `data`, 64 lowercase hex digits.
std::string blake2b_hex(std::string_view data);

/// Lowercase hex of `bytes`.
std::string to_hex(const unsigned char* bytes, std::size_t n);

}  // namespace physio::store
