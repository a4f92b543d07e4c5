#pragma once
/// Time-based one-time passwords (RFC 6238, on HOTP RFC 4226) for staff second factor, the scheme
/// authenticator apps implement: HMAC-SHA1 (SHA-256/512 also), 30 s steps, 6 digits.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace physio::security {

enum class TotpAlgorithm { kSha1, kSha256, kSha512 };

/// RFC 4648 base32 without padding (authenticator apps' secret format).
std::string base32_encode(std::string_view bytes);
/// Decodes base32, ignoring case, spaces and '=' padding. Errors: kParse naming the bad character.
Result<std::string> base32_decode(std::string_view text);

/// HOTP value (RFC 4226) of `counter`, `digits` long, zero-padded.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = 6,
                 TotpAlgorithm algorithm = TotpAlgorithm::kSha1);
/// TOTP value (RFC 6238) at Unix time `unix_s` with `step_s`-second steps.
std::string totp(std::string_view key, std::int64_t unix_s, int digits = 6,
                 TotpAlgorithm algorithm = TotpAlgorithm::kSha1, int step_s = 30);

/// A new 160-bit secret, base32.
std::string new_totp_secret();
/// "otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30".
std::string totp_uri(std::string_view secret_b32, std::string_view account, std::string_view issuer);

/// Checks `code` against the steps around `unix_s` (+/- `window` steps, for clock drift). Returns the
/// matching step, or nothing. A step at or before `last_used_step` never matches (no replay).
std::optional<std::int64_t> verify_totp(std::string_view secret_b32, std::string_view code,
                                        std::int64_t unix_s, std::int64_t last_used_step = -1,
                                        int window = 1);

}  // namespace physio::security
