#pragma once
/// Failed sign-ins per (account, client address), in the store so every server sees the same counts
/// (migration 0013): the lockout that limits guessing from one address without locking the owner out from
/// another, and that treats an e-mail nobody uses exactly like one in use.

#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

/// Until when `account` is locked for `client`; 0 when it is not.
Result<TimeUs> login_locked_until(Tx& tx, std::string_view account, std::string_view client);

/// Counts a failure of `account` from `client` at `now`; at `max_failures` the pair is locked until
/// `now + lock_us` (and its count starts again). A lock that has run out starts a new count. Returns the
/// lock's end (0 when not locked). Rows untouched for a day are deleted.
Result<TimeUs> record_login_failure(Tx& tx, std::string_view account, std::string_view client, TimeUs now,
                                    std::int64_t max_failures, TimeUs lock_us);

/// A successful sign-in clears the pair's count.
Status clear_login_failures(Tx& tx, std::string_view account, std::string_view client);

}  // namespace physio::store
