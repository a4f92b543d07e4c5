#pragma once
/// Opaque paging cursors.
///
/// A cursor is URL-safe base64 of: a kind tag ("patients-v1"), the fields that pin it to one query
/// (clinic id, search text) and the keyset position (last sort key and id), each length-prefixed,
/// followed by an 8-byte BLAKE2b check of all that. Decoding rejects anything malformed, a wrong
/// kind, a failed check, and (in the callers) a cursor made for another clinic or another query.
/// The check is not a secret MAC: someone who reads this file can forge a cursor, but a forged
/// cursor only moves the position inside the caller's own clinic, because every query filters by
/// the authenticated clinic_id and never by anything taken from the cursor alone.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace physio::store {

std::string encode_cursor(std::string_view kind, const std::vector<std::string>& fields);

/// The fields of `cursor`; kInvalidArgument ("invalid paging cursor") unless it is a well-formed cursor
/// of `kind` with exactly `n_fields` fields.
Result<std::vector<std::string>> decode_cursor(std::string_view cursor, std::string_view kind,
                                               std::size_t n_fields);

}  // namespace physio::store
