// Tx: single records by id that the lists do not cover (the FHIR API reads every resource by id).
#include <fmt/format.h>

#include "store/rows.hpp"
#include "store/sql/database.hpp"
#include "store/tx.hpp"

namespace physio::store {

Result<clinic::Observation> Tx::get_observation(std::string_view clinic_id, std::string_view id) {
  return rows::single(conn_.query(fmt::format("SELECT {} FROM observations WHERE clinic_id = ? AND id = ?",
                                              rows::kObservationCols),
                                  {clinic_id, id}),
                      "observation", id, rows::observation_from);
}

Result<clinic::MorningPainAnswer> Tx::get_morning_pain(std::string_view clinic_id, std::string_view id) {
  return rows::single(conn_.query(fmt::format("SELECT {} FROM morning_pain WHERE clinic_id = ? AND id = ?",
                                              rows::kMorningPainCols),
                                  {clinic_id, id}),
                      "morning pain answer", id, rows::morning_pain_from);
}

Result<clinic::AuditEvent> Tx::get_audit_event(std::string_view clinic_id, std::int64_t seq) {
  return rows::single(conn_.query(fmt::format("SELECT {} FROM audit_events WHERE clinic_id = ? AND seq = ?",
                                              rows::kAuditCols),
                                  {clinic_id, seq}),
                      "audit event", std::to_string(seq), rows::audit_from);
}

}  // namespace physio::store
