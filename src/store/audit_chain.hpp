#pragma once
/// The audit trail's hash chain, independent of any database.
///
/// canonical(event) is the byte string
///     "physio-audit-v1" then, for each field in this order:
///     seq, time_us, clinic_id, actor_id, role, action, record_type, record_id, patient_id, client,
///     outcome, detail
///   each written as a 4-byte big-endian length followed by its UTF-8 bytes (integers as decimal
///   text). The length prefix means no field can bleed into its neighbour ("ab","c" != "a","bc").
///   prev_hash and hash are not part of it: prev_hash enters the hash directly.
///
/// hash(event) = BLAKE2b-256(prev_hash_bytes || canonical(event)), stored as 64 lowercase hex digits;
/// prev_hash_bytes are the 32 bytes of the previous event's hash (all zero before the first event).

#include <cstdint>
#include <string>
#include <string_view>

#include "clinic/records.hpp"
#include "core/error.hpp"

namespace physio::store {

/// The hash before the first event: 64 zero hex digits.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The canonical serialisation above.
std::string canonical_audit_event(const clinic::AuditEvent& event);

/// BLAKE2b-256(prev_hash bytes || canonical(event)) in hex; kCorrupt when prev_hash is not 64 hex digits.
Result<std::string> compute_audit_hash(std::string_view prev_hash_hex, const clinic::AuditEvent& event);

}  // namespace physio::store
