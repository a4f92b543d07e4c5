// Tx: appending to and listing the audit trail.
#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "store/audit_chain.hpp"
#include "store/cursor.hpp"
#include "store/rows.hpp"
#include "store/sql/database.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::AuditEvent;

namespace {
constexpr std::string_view kCursorKind = "audit-v1";
constexpr int kMaxPageSize = 1000;
}  // namespace

Result<std::vector<AuditEvent>> Tx::append_audit(const std::vector<AuditEventInput>& events) {
  std::vector<AuditEvent> out;
  if (events.empty()) return out;
  // The head row is the chain's lock: a second appender waits here until this transaction ends.
  auto head = PHYSIO_TRY(conn_.query(
      fmt::format("SELECT seq, hash FROM audit_head WHERE id = 1{}", sql::for_update(dialect()))));
  if (head.rows.empty())
    return fail(ErrorCode::kCorrupt, "audit_head has no row: the audit trail is damaged");
  std::int64_t seq = head.rows.front().i64(0);
  std::string prev = head.rows.front().text(1);
  const TimeUs now = now_us();
  out.reserve(events.size());
  for (const auto& in : events) {
    AuditEvent e{.seq = ++seq,
                 .time_us = in.time_us != 0 ? in.time_us : now,
                 .clinic_id = in.clinic_id,
                 .actor_id = in.actor_id,
                 .role = in.role,
                 .action = in.action,
                 .record_type = in.record_type,
                 .record_id = in.record_id,
                 .patient_id = in.patient_id,
                 .client = in.client,
                 .outcome = in.outcome,
                 .detail = in.detail,
                 .prev_hash = prev,
                 .hash = {}};
    e.hash = PHYSIO_TRY(compute_audit_hash(prev, e));
    PHYSIO_TRY(conn_.query(
        fmt::format("INSERT INTO audit_events ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows::kAuditCols),
        {e.seq, e.time_us, e.clinic_id, e.actor_id, e.role, e.action, e.record_type, e.record_id,
         e.patient_id, e.client, e.outcome, e.detail, e.prev_hash, e.hash}));
    prev = e.hash;
    out.push_back(std::move(e));
  }
  PHYSIO_TRY(conn_.query("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {seq, prev}));
  return out;
}

Result<Page<AuditEvent>> Tx::list_audit(std::string_view clinic_id, const AuditQuery& q) {
  const int limit = std::clamp(q.limit, 1, kMaxPageSize);
  const std::string patient = q.patient_id.value_or("");
  std::string sql = fmt::format("SELECT {} FROM audit_events WHERE clinic_id = ?", rows::kAuditCols);
  std::vector<sql::Value> params{clinic_id};
  if (q.patient_id) {
    sql += " AND patient_id = ?";
    params.emplace_back(patient);
  }
  if (!q.exclude_prefix.empty() && !q.exclude_verbs.empty()) {
    // LIKE's wildcards in the names are matched as themselves (ESCAPE '!').
    auto literal = [](std::string_view v) {
      std::string out;
      for (char c : v) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += c;
      }
      return out;
    };
    std::string verbs;
    for (const auto& v : q.exclude_verbs) {
      verbs += verbs.empty() ? "" : " OR ";
      verbs += "action LIKE ? ESCAPE '!'";
      params.emplace_back("%." + literal(v));
    }
    sql += " AND NOT (action LIKE ? ESCAPE '!' AND (" + verbs + "))";
    // The prefix's parameter goes before the verbs': move it into place.
    params.insert(params.end() - static_cast<std::ptrdiff_t>(q.exclude_verbs.size()),
                  sql::Value(literal(q.exclude_prefix) + "%"));
  }
  if (!q.cursor.empty()) {
    auto pos = PHYSIO_TRY(decode_cursor(q.cursor, kCursorKind, 3));
    if (pos[0] != clinic_id || pos[1] != patient) {
      return fail(ErrorCode::kInvalidArgument, "invalid paging cursor: it belongs to another query");
    }
    std::int64_t before = 0;
    const auto [end, ec] = std::from_chars(pos[2].data(), pos[2].data() + pos[2].size(), before);
    if (ec != std::errc() || end != pos[2].data() + pos[2].size()) {
      return fail(ErrorCode::kInvalidArgument, "invalid paging cursor");
    }
    sql += " AND seq < ?";
    params.emplace_back(before);
  }
  sql += " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(limit + 1);
  auto rs = PHYSIO_TRY(conn_.query(sql, std::span<const sql::Value>(params)));
  Page<AuditEvent> page;
  const auto n = std::min(rs.rows.size(), static_cast<std::size_t>(limit));
  for (std::size_t i = 0; i < n; ++i) page.items.push_back(rows::audit_from(rs.rows[i]));
  if (rs.rows.size() > n) {
    page.next_cursor =
        encode_cursor(kCursorKind, {std::string(clinic_id), patient, std::to_string(page.items.back().seq)});
  }
  return page;
}

}  // namespace physio::store
