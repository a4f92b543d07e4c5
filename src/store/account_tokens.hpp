#pragma once
/// Single-use set-password links (an invitation or a forgotten password) and second-factor recovery codes
/// (migration 0029; docs/server/api.md). Only SHA-256 hashes of tokens and codes are stored.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct AccountToken {
  std::string token_sha256{};
  std::string clinic_id{};
  std::string user_id{};
  std::string kind{};        ///< "invite" or "reset"
  std::string created_by{};  ///< the inviting user; "" for a reset the person asked for
  TimeUs created_us = 0;
  TimeUs expires_us = 0;
  TimeUs used_us = 0;  ///< 0: not used
};

/// Stores a new link; the user's older links still open are closed (expired at `t.created_us`).
Status insert_account_token(Tx& tx, const AccountToken& t);

/// The link with this hash; kNotFound when none.
Result<AccountToken> get_account_token(Tx& tx, std::string_view token_sha256);

/// Marks the link used at `now` when it is still open (not used, not expired): true when this call used
/// it, false when it was used or expired already (of two concurrent uses exactly one gets true).
Result<bool> use_account_token(Tx& tx, std::string_view token_sha256, TimeUs now);

/// Replaces the user's recovery codes with these hashes.
Status replace_recovery_codes(Tx& tx, std::string_view user_id, const std::vector<std::string>& code_sha256,
                              TimeUs now);

/// Uses one recovery code: true when it was the user's and unused (now used), false otherwise.
Result<bool> use_recovery_code(Tx& tx, std::string_view user_id, std::string_view code_sha256, TimeUs now);

/// How many of the user's recovery codes are unused.
Result<std::int64_t> recovery_codes_left(Tx& tx, std::string_view user_id);

}  // namespace physio::store
