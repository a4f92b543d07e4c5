#include "store/caseload_acks.hpp"

#include <fmt/format.h>

#include "store/crypto.hpp"

namespace physio::store {

namespace {
/// Longer than any acknowledgement or snooze may last (rehab::kSnoozeMaxDays = 30): a decision older than
/// this holds nothing, and any later decision that replaces a recent one is recent too.
constexpr TimeUs kAckWindowUs = 31LL * 86'400 * 1'000'000;
}  // namespace

Result<CaseloadAckRow> insert_caseload_ack(Tx& tx, CaseloadAckRow a) {
  a.id = random_id();
  PHYSIO_TRY(tx.connection().query(
      "INSERT INTO caseload_acks (id, clinic_id, patient_id, kind, reason_text, action, note, by_user, at_us, "
      "until_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {a.id, a.clinic_id, a.patient_id, a.kind, a.reason_text, a.action, a.note, a.by_user, a.at_us,
       a.until_us}));
  return a;
}

Result<std::vector<CaseloadAckRow>> current_caseload_acks(Tx& tx, std::string_view clinic_id, TimeUs now_us) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT id, patient_id, kind, reason_text, action, note, by_user, at_us, until_us FROM caseload_acks "
      "WHERE clinic_id = ? AND at_us > ? ORDER BY patient_id, at_us, id",
      {clinic_id, now_us - kAckWindowUs}));
  std::vector<CaseloadAckRow> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows)
    out.push_back({.id = r.text(0),
                   .clinic_id = std::string(clinic_id),
                   .patient_id = r.text(1),
                   .kind = r.text(2),
                   .reason_text = r.text(3),
                   .action = r.text(4),
                   .note = r.text(5),
                   .by_user = r.text(6),
                   .at_us = r.i64(7),
                   .until_us = r.i64(8)});
  return out;
}

}  // namespace physio::store
