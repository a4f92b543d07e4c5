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

}  // namespace physio::security
