#include "store/audit_chain.hpp"

#include <sodium.h>

#include <array>

#include "store/crypto.hpp"

namespace physio::store {
namespace {

void put_field(std::string& out, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  out += static_cast<char>((n >> 24) & 0xff);
  out += static_cast<char>((n >> 16) & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  out += static_cast<char>(n & 0xff);
  out += field;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case is not canonical
}

}  // namespace

std::string canonical_audit_event(const clinic::AuditEvent& e) {
  std::string out = "physio-audit-v1";
  put_field(out, std::to_string(e.seq));
  put_field(out, std::to_string(e.time_us));
  for (const std::string* f : {&e.clinic_id, &e.actor_id, &e.role, &e.action, &e.record_type, &e.record_id,
                               &e.patient_id, &e.client, &e.outcome, &e.detail}) {
    put_field(out, *f);
  }
  return out;
}

Result<std::string> compute_audit_hash(std::string_view prev_hash_hex, const clinic::AuditEvent& event) {
  std::array<unsigned char, 32> prev{};
  if (prev_hash_hex.size() != 2 * prev.size()) {
    return fail(ErrorCode::kCorrupt, "audit prev_hash is {} characters, expected 64", prev_hash_hex.size());
  }
  for (std::size_t i = 0; i < prev.size(); ++i) {
    const int hi = hex_digit(prev_hash_hex[2 * i]);
    const int lo = hex_digit(prev_hash_hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return fail(ErrorCode::kCorrupt, "audit prev_hash is not lowercase hex");
    prev[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  ensure_sodium();
  const std::string canonical = canonical_audit_event(event);
  std::array<unsigned char, 32> h{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, h.size());
  crypto_generichash_update(&state, prev.data(), prev.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(canonical.data()),
                            canonical.size());
  crypto_generichash_final(&state, h.data(), h.size());
  return to_hex(h.data(), h.size());
}

}  // namespace physio::store
