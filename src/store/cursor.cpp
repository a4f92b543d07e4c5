#include "store/cursor.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "store/crypto.hpp"

namespace physio::store {
namespace {

constexpr std::size_t kCheckBytes = 8;
constexpr std::size_t kMaxCursorChars = 4096;

void put(std::string& out, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  out += field;
}

std::array<unsigned char, kCheckBytes> check(std::string_view payload) {
  std::array<unsigned char, kCheckBytes> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(payload.data()),
                     payload.size(), nullptr, 0);
  return h;
}

std::unexpected<Error> invalid() {
  return fail(ErrorCode::kInvalidArgument, "invalid paging cursor");
}

}  // namespace

std::string encode_cursor(std::string_view kind, const std::vector<std::string>& fields) {
  ensure_sodium();
  std::string payload;
  put(payload, kind);
  for (const auto& f : fields) put(payload, f);
  const auto h = check(payload);
  payload.append(reinterpret_cast<const char*>(h.data()), h.size());
  std::string out(sodium_base64_ENCODED_LEN(payload.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(payload.data()),
                    payload.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

Result<std::vector<std::string>> decode_cursor(std::string_view cursor, std::string_view kind,
                                               std::size_t n_fields) {
  ensure_sodium();
  if (cursor.empty() || cursor.size() > kMaxCursorChars) return invalid();
  std::string bin(cursor.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), cursor.data(),
                        cursor.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      len < kCheckBytes) {
    return invalid();
  }
  bin.resize(len);
  const std::string_view payload(bin.data(), len - kCheckBytes);
  const auto h = check(payload);
  if (sodium_memcmp(h.data(), bin.data() + payload.size(), kCheckBytes) != 0) return invalid();

  std::vector<std::string> fields;
  std::size_t pos = 0;
  while (pos < payload.size()) {
    if (payload.size() - pos < 4) return invalid();
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i)
      n = (n << 8) | static_cast<unsigned char>(payload[pos + static_cast<std::size_t>(i)]);
    pos += 4;
    if (payload.size() - pos < n) return invalid();
    fields.emplace_back(payload.substr(pos, n));
    pos += n;
  }
  if (fields.size() != n_fields + 1 || fields.front() != kind) return invalid();
  fields.erase(fields.begin());
  return fields;
}

}  // namespace physio::store
