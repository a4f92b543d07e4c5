#include "security/random.hpp"

#include <stdexcept>

#include <sodium.h>

#include "security/hash.hpp"
#include "security/sodium_init.hpp"

namespace physio::security {

namespace detail {
void ensure_sodium() {
  // sodium_init is thread-safe and idempotent; a failure means no entropy source, which is fatal.
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium could not be initialised (no entropy source)");
}
}  // namespace detail

std::vector<unsigned char> random_bytes(std::size_t n) {
  detail::ensure_sodium();
  std::vector<unsigned char> out(n);
  randombytes_buf(out.data(), n);
  return out;
}

std::string random_id() {
  const auto b = random_bytes(16);
  return to_hex(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

std::string random_token() {
  const auto b = random_bytes(32);
  std::string out(sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), b.data(), b.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::vector<std::string> recovery_codes(std::size_t n) {
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnpqrstuvwxyz23456789";  // 32: each byte's low 5 bits
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto b = random_bytes(10);
    std::string code;
    for (std::size_t k = 0; k < b.size(); ++k) {
      if (k == 5) code += '-';
      code += kAlphabet[b[k] & 31];
    }
    out.push_back(code);
  }
  return out;
}

std::string normalize_recovery_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace physio::security
