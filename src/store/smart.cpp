#include "store/smart.hpp"

namespace physio::store {

namespace {

constexpr const char* kClientCols =
    "id, clinic_id, name, kind, redirect_uris, launch_url, scopes, jwks, disabled, created_by, created_us, "
    "jwks_uri";

SmartClientRow client_of(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .name = r.text(2),
          .kind = r.text(3),
          .redirect_uris = r.text(4),
          .launch_url = r.text(5),
          .scopes = r.text(6),
          .jwks = r.text(7),
          .disabled = r.boolean(8),
          .created_by = r.text(9),
          .created_us = r.i64(10),
          .jwks_uri = r.text(11)};
}

constexpr const char* kRequestCols =
    "id, client_id, redirect_uri, scope, state, code_challenge, launch_id, nonce, created_us, expires_us, "
    "user_id, clinic_id, patient_id, granted_scope, code_hash, code_expires_us, code_used, family";

SmartRequestRow request_of(const sql::Row& r) {
  return {.id = r.text(0),
          .client_id = r.text(1),
          .redirect_uri = r.text(2),
          .scope = r.text(3),
          .state = r.text(4),
          .code_challenge = r.text(5),
          .launch_id = r.text(6),
          .nonce = r.text(7),
          .created_us = r.i64(8),
          .expires_us = r.i64(9),
          .user_id = r.text(10),
          .clinic_id = r.text(11),
          .patient_id = r.text(12),
          .granted_scope = r.text(13),
          .code_hash = r.text(14),
          .code_expires_us = r.i64(15),
          .code_used = r.boolean(16),
          .family = r.text(17)};
}

Error not_found(std::string_view what) {
  return Error(ErrorCode::kNotFound, std::string(what) + " not found");
}

}  // namespace

Status insert_smart_client(Tx& tx, const SmartClientRow& c) {
  PHYSIO_TRY(tx.connection().query(std::string("INSERT INTO smart_clients (") + kClientCols +
                                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   {c.id, c.clinic_id, c.name, c.kind, c.redirect_uris, c.launch_url,
                                    c.scopes, c.jwks, c.disabled, c.created_by, c.created_us, c.jwks_uri}));
  return ok();
}

Result<SmartClientRow> get_smart_client(Tx& tx, std::string_view id) {
  auto rs = PHYSIO_TRY(
      tx.connection().query(std::string("SELECT ") + kClientCols + " FROM smart_clients WHERE id = ?", {id}));
  if (rs.rows.empty()) return std::unexpected(not_found("client"));
  return client_of(rs.rows.front());
}

Result<std::vector<SmartClientRow>> list_smart_clients(Tx& tx, std::string_view clinic_id) {
  auto rs =
      PHYSIO_TRY(tx.connection().query(std::string("SELECT ") + kClientCols +
                                           " FROM smart_clients WHERE clinic_id = ? ORDER BY created_us, id",
                                       {clinic_id}));
  std::vector<SmartClientRow> out;
  for (const auto& r : rs.rows) out.push_back(client_of(r));
  return out;
}

Status set_smart_client_disabled(Tx& tx, std::string_view clinic_id, std::string_view id, bool disabled) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE smart_clients SET disabled = ? WHERE clinic_id = ? AND id = ?", {disabled, clinic_id, id}));
  if (rs.affected == 0) return std::unexpected(not_found("client"));
  return ok();
}

Status delete_smart_client(Tx& tx, std::string_view clinic_id, std::string_view id) {
  auto rs = PHYSIO_TRY(
      tx.connection().query("DELETE FROM smart_clients WHERE clinic_id = ? AND id = ?", {clinic_id, id}));
  if (rs.affected == 0) return std::unexpected(not_found("client"));
  PHYSIO_TRY(tx.connection().query("DELETE FROM smart_tokens WHERE client_id = ?", {id}));
  PHYSIO_TRY(
      tx.connection().query("DELETE FROM smart_online_grants WHERE family IN (SELECT family FROM "
                            "smart_requests WHERE client_id = ?)",
                            {id}));
  PHYSIO_TRY(tx.connection().query("DELETE FROM smart_requests WHERE client_id = ?", {id}));
  PHYSIO_TRY(tx.connection().query("DELETE FROM smart_launches WHERE client_id = ?", {id}));
  PHYSIO_TRY(tx.connection().query("DELETE FROM smart_jtis WHERE client_id = ?", {id}));
  return ok();
}

Status insert_smart_launch(Tx& tx, const SmartLaunchRow& l) {
  PHYSIO_TRY(
      tx.connection().query("INSERT INTO smart_launches (id, client_id, clinic_id, user_id, patient_id, "
                            "expires_us) VALUES (?, ?, ?, "
                            "?, ?, ?)",
                            {l.id, l.client_id, l.clinic_id, l.user_id, l.patient_id, l.expires_us}));
  return ok();
}

Result<SmartLaunchRow> get_smart_launch(Tx& tx, std::string_view id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT id, client_id, clinic_id, user_id, patient_id, expires_us FROM smart_launches WHERE id = ?",
      {id}));
  if (rs.rows.empty()) return std::unexpected(not_found("launch"));
  const auto& r = rs.rows.front();
  return SmartLaunchRow{.id = r.text(0),
                        .client_id = r.text(1),
                        .clinic_id = r.text(2),
                        .user_id = r.text(3),
                        .patient_id = r.text(4),
                        .expires_us = r.i64(5)};
}

Status insert_smart_request(Tx& tx, const SmartRequestRow& q) {
  PHYSIO_TRY(tx.connection().query(
      std::string("INSERT INTO smart_requests (") + kRequestCols +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {q.id, q.client_id, q.redirect_uri, q.scope, q.state, q.code_challenge, q.launch_id, q.nonce,
       q.created_us, q.expires_us, q.user_id, q.clinic_id, q.patient_id, q.granted_scope, q.code_hash,
       q.code_expires_us, q.code_used, q.family}));
  return ok();
}

Result<SmartRequestRow> get_smart_request(Tx& tx, std::string_view id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      std::string("SELECT ") + kRequestCols + " FROM smart_requests WHERE id = ?", {id}));
  if (rs.rows.empty()) return std::unexpected(not_found("authorization request"));
  return request_of(rs.rows.front());
}

Result<SmartRequestRow> get_smart_request_by_code(Tx& tx, std::string_view code_hash) {
  if (code_hash.empty()) return std::unexpected(not_found("code"));
  auto rs = PHYSIO_TRY(tx.connection().query(
      std::string("SELECT ") + kRequestCols + " FROM smart_requests WHERE code_hash = ?", {code_hash}));
  if (rs.rows.empty()) return std::unexpected(not_found("code"));
  return request_of(rs.rows.front());
}

Status decide_smart_request(Tx& tx, const SmartRequestRow& q) {
  PHYSIO_TRY(
      tx.connection().query("UPDATE smart_requests SET user_id = ?, clinic_id = ?, patient_id = ?, "
                            "granted_scope = ?, code_hash = ?, "
                            "code_expires_us = ?, family = ? WHERE id = ?",
                            {q.user_id, q.clinic_id, q.patient_id, q.granted_scope, q.code_hash,
                             q.code_expires_us, q.family, q.id}));
  return ok();
}

Result<bool> use_smart_code(Tx& tx, std::string_view request_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE smart_requests SET code_used = 1 WHERE id = ? AND code_used = 0", {request_id}));
  return rs.affected > 0;
}

Status delete_smart_request(Tx& tx, std::string_view id) {
  PHYSIO_TRY(tx.connection().query("DELETE FROM smart_requests WHERE id = ?", {id}));
  return ok();
}

Status insert_smart_token(Tx& tx, const SmartTokenRow& t) {
  PHYSIO_TRY(tx.connection().query(
      "INSERT INTO smart_tokens (hash, kind, client_id, clinic_id, user_id, patient_id, scope, family, "
      "created_us, expires_us, revoked, rotated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.hash, t.kind, t.client_id, t.clinic_id, t.user_id, t.patient_id, t.scope, t.family, t.created_us,
       t.expires_us, t.revoked, t.rotated}));
  return ok();
}

Result<SmartTokenRow> get_smart_token(Tx& tx, std::string_view hash) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT hash, kind, client_id, clinic_id, user_id, patient_id, scope, family, created_us, expires_us, "
      "revoked, rotated FROM smart_tokens WHERE hash = ?",
      {hash}));
  if (rs.rows.empty()) return std::unexpected(not_found("token"));
  const auto& r = rs.rows.front();
  return SmartTokenRow{.hash = r.text(0),
                       .kind = r.text(1),
                       .client_id = r.text(2),
                       .clinic_id = r.text(3),
                       .user_id = r.text(4),
                       .patient_id = r.text(5),
                       .scope = r.text(6),
                       .family = r.text(7),
                       .created_us = r.i64(8),
                       .expires_us = r.i64(9),
                       .revoked = r.boolean(10),
                       .rotated = r.boolean(11)};
}

Result<bool> rotate_smart_token(Tx& tx, std::string_view hash) {
  auto rs = PHYSIO_TRY(
      tx.connection().query("UPDATE smart_tokens SET rotated = 1 WHERE hash = ? AND rotated = 0", {hash}));
  return rs.affected > 0;
}

Status revoke_smart_token(Tx& tx, std::string_view hash) {
  PHYSIO_TRY(tx.connection().query("UPDATE smart_tokens SET revoked = 1 WHERE hash = ?", {hash}));
  return ok();
}

Result<std::int64_t> revoke_smart_family(Tx& tx, std::string_view family) {
  if (family.empty()) return std::int64_t{0};
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE smart_tokens SET revoked = 1 WHERE family = ? AND revoked = 0", {family}));
  return rs.affected;
}

Result<std::int64_t> revoke_smart_client_tokens(Tx& tx, std::string_view client_id,
                                                std::string_view user_id) {
  auto rs =
      user_id.empty()
          ? PHYSIO_TRY(tx.connection().query(
                "UPDATE smart_tokens SET revoked = 1 WHERE client_id = ? AND revoked = 0", {client_id}))
          : PHYSIO_TRY(tx.connection().query(
                "UPDATE smart_tokens SET revoked = 1 WHERE client_id = ? AND user_id = ? AND revoked = 0",
                {client_id, user_id}));
  return rs.affected;
}

Result<std::vector<SmartGrantSummary>> list_smart_grants(Tx& tx, std::string_view user_id, TimeUs now_us) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT client_id, scope, created_us FROM smart_tokens WHERE user_id = ? AND revoked = 0 AND "
      "expires_us > ? ORDER BY client_id, created_us DESC",
      {user_id, now_us}));
  std::vector<SmartGrantSummary> out;
  for (const auto& r : rs.rows)
    if (out.empty() || out.back().client_id != r.text(0))
      out.push_back({.client_id = r.text(0), .scope = r.text(1), .granted_us = r.i64(2)});
  return out;
}

Status insert_smart_online_grant(Tx& tx, std::string_view family, std::string_view session_hash) {
  PHYSIO_TRY(tx.connection().query("INSERT INTO smart_online_grants (family, session_hash) VALUES (?, ?)",
                                   {family, session_hash}));
  return ok();
}

Result<std::string> get_smart_online_session(Tx& tx, std::string_view family) {
  auto rs = PHYSIO_TRY(
      tx.connection().query("SELECT session_hash FROM smart_online_grants WHERE family = ?", {family}));
  if (rs.rows.empty()) return std::string();
  return rs.rows.front().text(0);
}

Result<std::int64_t> revoke_smart_session_grants(Tx& tx, std::string_view session_hash) {
  if (session_hash.empty()) return std::int64_t{0};
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE smart_tokens SET revoked = 1 WHERE revoked = 0 AND family IN (SELECT family FROM "
      "smart_online_grants WHERE session_hash = ?)",
      {session_hash}));
  return rs.affected;
}

Result<bool> remember_smart_jti(Tx& tx, std::string_view client_id, std::string_view jti, TimeUs expires_us,
                                TimeUs now_us) {
  PHYSIO_TRY(tx.connection().query("DELETE FROM smart_jtis WHERE expires_us < ?", {now_us}));
  auto rs = PHYSIO_TRY(
      tx.connection().query("SELECT 1 FROM smart_jtis WHERE client_id = ? AND jti = ?", {client_id, jti}));
  if (!rs.rows.empty()) return false;
  PHYSIO_TRY(tx.connection().query("INSERT INTO smart_jtis (client_id, jti, expires_us) VALUES (?, ?, ?)",
                                   {client_id, jti, expires_us}));
  return true;
}

}  // namespace physio::store
