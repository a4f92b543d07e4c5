#include "store/audit_verify.hpp"

#include <fmt/format.h>

#include "store/audit_chain.hpp"
#include "store/rows.hpp"

namespace physio::store {
namespace {

constexpr int kPageSize = 1000;

void flag(AuditVerifyReport& r, AuditProblem problem, std::int64_t seq, std::string what) {
  r.ok = false;
  r.problem = problem;
  r.first_bad_seq = seq;
  r.what = std::move(what);
}

}  // namespace

Result<AuditVerifyReport> verify_audit_chain(Store& store) {
  return store.read([](Tx& tx) -> Result<AuditVerifyReport> {
    AuditVerifyReport report;
    sql::Connection& conn = tx.connection();
    std::int64_t last_seq = 0;
    std::string prev(kAuditGenesisHash);
    const std::string page_sql =
        fmt::format("SELECT {} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?", rows::kAuditCols);
    for (;;) {
      auto page = PHYSIO_TRY(conn.query(page_sql, {last_seq, kPageSize}));
      for (const auto& row : page.rows) {
        const auto e = rows::audit_from(row);
        const std::int64_t expected = last_seq + 1;
        if (e.seq != expected) {
          flag(report, AuditProblem::kGap, expected,
               fmt::format("audit event {} is missing (the next present is {}): deleted", expected, e.seq));
          return report;
        }
        if (e.prev_hash != prev) {
          flag(
              report, AuditProblem::kBrokenLink, e.seq,
              fmt::format("audit event {} does not follow event {} (prev_hash differs): events were deleted, "
                          "inserted or reordered",
                          e.seq, last_seq));
          return report;
        }
        auto hash = compute_audit_hash(e.prev_hash, e);
        if (!hash || *hash != e.hash) {
          flag(report, AuditProblem::kEdited, e.seq,
               fmt::format("audit event {} was changed after it was written (hash mismatch)", e.seq));
          return report;
        }
        prev = e.hash;
        last_seq = e.seq;
        ++report.events_checked;
      }
      if (page.rows.size() < static_cast<std::size_t>(kPageSize)) break;
    }

    auto head = PHYSIO_TRY(conn.query("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (head.rows.empty()) {
      flag(report, AuditProblem::kBadHead, last_seq + 1, "the audit chain's head row is missing");
      return report;
    }
    report.head_seq = head.rows.front().i64(0);
    const std::string head_hash = head.rows.front().text(1);
    if (report.head_seq > last_seq) {
      flag(
          report, AuditProblem::kTruncated, last_seq + 1,
          fmt::format("the audit chain ends at event {} but its head is event {}: events {}..{} were removed",
                      last_seq, report.head_seq, last_seq + 1, report.head_seq));
    } else if (report.head_seq < last_seq) {
      flag(report, AuditProblem::kBeyondHead, report.head_seq + 1,
           fmt::format("audit events {}..{} lie beyond the chain's head ({}): added outside the store",
                       report.head_seq + 1, last_seq, report.head_seq));
    } else if (head_hash != prev) {
      flag(report, AuditProblem::kBadHead, last_seq,
           fmt::format("the audit chain's head hash differs from event {}'s hash", last_seq));
    }
    return report;
  });
}

}  // namespace physio::store
