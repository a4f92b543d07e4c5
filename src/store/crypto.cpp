#include "store/crypto.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace physio::store {
void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Fails only when the system has no usable random source: nothing safe can continue.
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return out;
}

std::string random_id() {
  ensure_sodium();
  std::array<unsigned char, 16> b{};
  randombytes_buf(b.data(), b.size());
  return to_hex(b.data(), b.size());
}

std::string blake2b_hex(std::string_view data) {
  ensure_sodium();
  std::array<unsigned char, 32> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  return to_hex(h.data(), h.size());
}

}  // namespace physio::store
