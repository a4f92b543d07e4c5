#pragma once
/// Hashes and comparisons that must not leak timing (libsodium).

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace physio::security {

/// BLAKE2b with a 256-bit digest, as 64 lowercase hex digits.
std::string blake2b_hex(std::string_view data);
/// SHA-256 as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);
/// SHA-256 of a file's content, streamed. Errors: kIo naming the file.
Result<std::string> sha256_file_hex(const std::filesystem::path& path);
/// Equality in time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);
/// Lowercase hex of bytes.
std::string to_hex(std::string_view bytes);

}  // namespace physio::security
