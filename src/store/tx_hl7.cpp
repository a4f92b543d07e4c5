// Tx: HL7 v2 inbound: the log of accepted messages (one per sender and control id) and other systems' ids.
#include <fmt/format.h>

#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

Result<std::optional<clinic::Patient>> Tx::find_patient_by_mrn(std::string_view clinic_id,
                                                               std::string_view mrn) {
  if (mrn.empty()) return std::optional<clinic::Patient>{};
  auto rs = PHYSIO_TRY(conn_.query(
      fmt::format("SELECT {} FROM patients WHERE clinic_id = ? AND mrn = ? ORDER BY created_us, id LIMIT 2",
                  rows::kPatientCols),
      {clinic_id, mrn}));
  if (rs.rows.empty()) return std::optional<clinic::Patient>{};
  if (rs.rows.size() > 1)
    return fail(ErrorCode::kInvalidArgument, "more than one patient has record number {}", mrn);
  return std::optional<clinic::Patient>{rows::patient_from(rs.rows.front())};
}

Result<bool> Tx::claim_hl7_message(const Hl7Inbound& m) {
  auto rs = PHYSIO_TRY(conn_.query(
      "INSERT INTO hl7_inbound (clinic_id, sender, control_id, message_type, received_us, message_sha256, "
      "record_type, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (clinic_id, sender, control_id) "
      "DO NOTHING RETURNING control_id",
      {m.clinic_id, m.sender, m.control_id, m.message_type, m.received_us != 0 ? m.received_us : now_us(),
       m.message_sha256, m.record_type, m.record_id}));
  return !rs.rows.empty();
}

Status Tx::set_hl7_message_record(std::string_view clinic_id, std::string_view sender,
                                  std::string_view control_id, std::string_view record_type,
                                  std::string_view record_id) {
  auto rs =
      PHYSIO_TRY(conn_.query("UPDATE hl7_inbound SET record_type = ?, record_id = ? WHERE clinic_id = ? AND "
                             "sender = ? AND control_id = ? "
                             "RETURNING control_id",
                             {record_type, record_id, clinic_id, sender, control_id}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "no HL7 message {} from {}", control_id, sender);
  return ok();
}

Result<std::optional<Hl7Inbound>> Tx::get_hl7_message(std::string_view clinic_id, std::string_view sender,
                                                      std::string_view control_id) {
  auto rs =
      PHYSIO_TRY(conn_.query("SELECT clinic_id, sender, control_id, message_type, received_us, "
                             "message_sha256, record_type, record_id "
                             "FROM hl7_inbound WHERE clinic_id = ? AND sender = ? AND control_id = ?",
                             {clinic_id, sender, control_id}));
  if (rs.rows.empty()) return std::optional<Hl7Inbound>{};
  const auto& r = rs.rows.front();
  return std::optional<Hl7Inbound>{Hl7Inbound{.clinic_id = r.text(0),
                                              .sender = r.text(1),
                                              .control_id = r.text(2),
                                              .message_type = r.text(3),
                                              .received_us = r.i64(4),
                                              .message_sha256 = r.text(5),
                                              .record_type = r.text(6),
                                              .record_id = r.text(7)}};
}

Result<std::optional<std::string>> Tx::find_external_id(std::string_view clinic_id, std::string_view system,
                                                        std::string_view record_type,
                                                        std::string_view external_id) {
  auto rs = PHYSIO_TRY(conn_.query(
      "SELECT record_id FROM external_ids WHERE clinic_id = ? AND system = ? AND record_type = ? AND "
      "external_id = ?",
      {clinic_id, system, record_type, external_id}));
  if (rs.rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{rs.rows.front().text(0)};
}

Status Tx::put_external_id(std::string_view clinic_id, std::string_view system, std::string_view record_type,
                           std::string_view external_id, std::string_view record_id) {
  PHYSIO_TRY(
      conn_.query("INSERT INTO external_ids (clinic_id, system, record_type, external_id, record_id) VALUES "
                  "(?, ?, ?, ?, ?) "
                  "ON CONFLICT (clinic_id, system, record_type, external_id) DO UPDATE SET record_id = "
                  "excluded.record_id",
                  {clinic_id, system, record_type, external_id, record_id}));
  return ok();
}

}  // namespace physio::store
