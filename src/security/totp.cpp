#include "security/totp.hpp"

#include <array>
#include <cctype>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "security/random.hpp"

namespace physio::security {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const EVP_MD* digest_for(TotpAlgorithm a) {
  switch (a) {
    case TotpAlgorithm::kSha256:
      return EVP_sha256();
    case TotpAlgorithm::kSha512:
      return EVP_sha512();
    case TotpAlgorithm::kSha1:
      break;
  }
  return EVP_sha1();
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

}  // namespace

std::string base32_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31u]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31u]);
  return out;
}

Result<std::string> base32_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '=' || c == '-') continue;
    const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::uint32_t v = 0;
    if (u >= 'A' && u <= 'Z') {
      v = static_cast<std::uint32_t>(u - 'A');
    } else if (u >= '2' && u <= '7') {
      v = static_cast<std::uint32_t>(u - '2' + 26);
    } else {
      return fail(ErrorCode::kParse, "base32: character {} ('{}') is not in A-Z, 2-7", i + 1, c);
    }
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xFFu));
      bits -= 8;
    }
  }
  return out;
}

std::string hotp(std::string_view key, std::uint64_t counter, int digits, TotpAlgorithm algorithm) {
  std::array<unsigned char, 8> msg{};
  for (int i = 7; i >= 0; --i) {
    msg[static_cast<std::size_t>(i)] = static_cast<unsigned char>(counter & 0xFFu);
    counter >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(digest_for(algorithm), key.data(), static_cast<int>(key.size()), msg.data(), msg.size(), mac.data(),
       &len);
  // Dynamic truncation (RFC 4226 section 5.3).
  const unsigned offset = mac[len - 1] & 0x0Fu;
  const std::uint32_t bin = (static_cast<std::uint32_t>(mac[offset] & 0x7Fu) << 24) |
                            (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                            (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                            static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  std::string s = std::to_string(bin % mod);
  if (s.size() < static_cast<std::size_t>(digits))
    s.insert(0, static_cast<std::size_t>(digits) - s.size(), '0');
  return s;
}

std::string totp(std::string_view key, std::int64_t unix_s, int digits, TotpAlgorithm algorithm, int step_s) {
  const auto counter = static_cast<std::uint64_t>(unix_s < 0 ? 0 : unix_s / step_s);
  return hotp(key, counter, digits, algorithm);
}

std::string new_totp_secret() {
  const auto b = random_bytes(20);
  return base32_encode(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

std::string totp_uri(std::string_view secret_b32, std::string_view account, std::string_view issuer) {
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
                     percent_encode(issuer), percent_encode(account), secret_b32, percent_encode(issuer));
}

std::optional<std::int64_t> verify_totp(std::string_view secret_b32, std::string_view code,
                                        std::int64_t unix_s, std::int64_t last_used_step, int window) {
  if (code.size() != 6) return std::nullopt;
  for (const char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  auto key = base32_decode(secret_b32);
  if (!key || key->empty()) return std::nullopt;
  const std::int64_t now_step = unix_s / 30;
  std::optional<std::int64_t> match;
  // Every candidate is computed (no early exit), so timing does not say which step matched.
  for (std::int64_t s = now_step - window; s <= now_step + window; ++s) {
    if (s < 0) continue;
    const std::string expected = hotp(*key, static_cast<std::uint64_t>(s));
    bool same = true;
    for (std::size_t i = 0; i < 6; ++i) same &= (expected[i] == code[i]);
    if (same && s > last_used_step && !match) match = s;
  }
  return match;
}

}  // namespace physio::security
