#pragma once
/// SMART on FHIR's rows (migration 0021, docs/server/smart.md): registered apps, EHR-launch contexts,
/// authorization requests and their codes, access and refresh tokens (by hash) and backend assertion ids.
/// The rules (scopes, PKCE, lifetimes, rotation) are the server's; these functions only read and write.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct SmartClientRow {
  std::string id{};  ///< the client_id apps send
  std::string clinic_id{};
  std::string name{};
  std::string kind{};           ///< "public", "confidential-asymmetric", "backend"
  std::string redirect_uris{};  ///< JSON array of strings
  std::string launch_url{};
  std::string scopes{};  ///< the scopes the app may be granted, space-separated
  std::string jwks{};    ///< JSON Web Key Set (asymmetric and backend clients), "" otherwise
  bool disabled = false;
  std::string created_by{};
  TimeUs created_us = 0;
  std::string jwks_uri{};  ///< or where the app serves its key set (migration 0032); "" when `jwks` is given
};

struct SmartLaunchRow {
  std::string id{};
  std::string client_id{};
  std::string clinic_id{};
  std::string user_id{};
  std::string patient_id{};
  TimeUs expires_us = 0;
};

struct SmartRequestRow {
  std::string id{};
  std::string client_id{};
  std::string redirect_uri{};
  std::string scope{};  ///< as requested
  std::string state{};
  std::string code_challenge{};
  std::string launch_id{};
  std::string nonce{};
  TimeUs created_us = 0;
  TimeUs expires_us = 0;
  // Set when the user allowed it:
  std::string user_id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::string granted_scope{};
  std::string code_hash{};
  TimeUs code_expires_us = 0;
  bool code_used = false;
  std::string family{};
};

struct SmartTokenRow {
  std::string hash{};
  std::string kind{};  ///< "access" or "refresh"
  std::string client_id{};
  std::string clinic_id{};
  std::string user_id{};  ///< "" for a backend client
  std::string patient_id{};
  std::string scope{};
  std::string family{};
  TimeUs created_us = 0;
  TimeUs expires_us = 0;
  bool revoked = false;
  bool rotated = false;
};

Status insert_smart_client(Tx& tx, const SmartClientRow& row);
/// Any clinic's client by id (token requests name no clinic); kNotFound when there is none.
Result<SmartClientRow> get_smart_client(Tx& tx, std::string_view id);
Result<std::vector<SmartClientRow>> list_smart_clients(Tx& tx, std::string_view clinic_id);
Status set_smart_client_disabled(Tx& tx, std::string_view clinic_id, std::string_view id, bool disabled);
/// Deletes the client and every token it holds.
Status delete_smart_client(Tx& tx, std::string_view clinic_id, std::string_view id);

Status insert_smart_launch(Tx& tx, const SmartLaunchRow& row);
Result<SmartLaunchRow> get_smart_launch(Tx& tx, std::string_view id);

Status insert_smart_request(Tx& tx, const SmartRequestRow& row);
Result<SmartRequestRow> get_smart_request(Tx& tx, std::string_view id);
/// The request whose code hashes to `code_hash`; kNotFound when none.
Result<SmartRequestRow> get_smart_request_by_code(Tx& tx, std::string_view code_hash);
/// Stores the user's decision on a pending request (a code, or nothing when denied).
Status decide_smart_request(Tx& tx, const SmartRequestRow& row);
/// Marks the code used; false when it already was (a replay).
Result<bool> use_smart_code(Tx& tx, std::string_view request_id);
Status delete_smart_request(Tx& tx, std::string_view id);

Status insert_smart_token(Tx& tx, const SmartTokenRow& row);
Result<SmartTokenRow> get_smart_token(Tx& tx, std::string_view hash);
/// Marks a refresh token rotated; false when it already was.
Result<bool> rotate_smart_token(Tx& tx, std::string_view hash);
/// Revokes one token (an access token revoked alone, or a refresh token once rotated).
Status revoke_smart_token(Tx& tx, std::string_view hash);
/// Revokes every token of a grant; the number revoked.
Result<std::int64_t> revoke_smart_family(Tx& tx, std::string_view family);
/// Revokes every token of a client (optionally only one user's); the number revoked.
Result<std::int64_t> revoke_smart_client_tokens(Tx& tx, std::string_view client_id, std::string_view user_id);
/// The clients a user holds live tokens of, with the newest grant's scope and time.
struct SmartGrantSummary {
  std::string client_id{};
  std::string scope{};
  TimeUs granted_us = 0;
};
Result<std::vector<SmartGrantSummary>> list_smart_grants(Tx& tx, std::string_view user_id, TimeUs now_us);

/// `online_access` (docs/server/smart.md): the grant `family` lives with the session whose token hashes to
/// `session_hash`.
Status insert_smart_online_grant(Tx& tx, std::string_view family, std::string_view session_hash);
/// The session an online_access grant lives with; "" when the grant is not bound to one.
Result<std::string> get_smart_online_session(Tx& tx, std::string_view family);
/// Revokes every token of the online_access grants made in a session (the user signed out); the number.
Result<std::int64_t> revoke_smart_session_grants(Tx& tx, std::string_view session_hash);

/// Records a backend assertion's jti until it expires; false when the client already used it.
Result<bool> remember_smart_jti(Tx& tx, std::string_view client_id, std::string_view jti, TimeUs expires_us,
                                TimeUs now_us);

}  // namespace physio::store
