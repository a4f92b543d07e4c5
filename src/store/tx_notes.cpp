// Tx: SOAP notes (a signed note's content is held immutable here too) and the HL7 outbox.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::Hl7Outgoing;
using clinic::NoteRow;

namespace {

constexpr std::string_view kNoteCols =
    "id, clinic_id, patient_id, episode_id, author_id, status, window_from_us, window_to_us, created_us, "
    "updated_us, signed_us, version, body";
constexpr std::string_view kOutCols =
    "id, clinic_id, record_type, record_id, message_type, control_id, message, created_us, sent_us, "
    "ack_code, "
    "attempts, last_error";

NoteRow note_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .episode_id = r.text(3),
          .author_id = r.text(4),
          .status = r.text(5),
          .window_from_us = r.i64(6),
          .window_to_us = r.i64(7),
          .created_us = r.i64(8),
          .updated_us = r.i64(9),
          .signed_us = r.i64(10),
          .version = r.i64(11),
          .body = r.text(12)};
}

Hl7Outgoing out_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .record_type = r.text(2),
          .record_id = r.text(3),
          .message_type = r.text(4),
          .control_id = r.text(5),
          .message = r.text(6),
          .created_us = r.i64(7),
          .sent_us = r.i64(8),
          .ack_code = r.text(9),
          .attempts = r.i64(10),
          .last_error = r.text(11)};
}

/// The parts of a note's body a signature covers.
nlohmann::json signed_part(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return nullptr;
  nlohmann::json out = nlohmann::json::object();
  for (const char* k :
       {"id", "patient_id", "episode_id", "author_id", "created_us", "window", "sections", "signature"})
    out[k] = j.contains(k) ? j[k] : nlohmann::json(nullptr);
  return out;
}

}  // namespace

Result<NoteRow> Tx::create_note(NoteRow n) {
  if (n.id.empty()) n.id = random_id();
  if (n.created_us == 0) n.created_us = now_us();
  if (n.updated_us == 0) n.updated_us = n.created_us;
  n.version = 1;
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO notes ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kNoteCols),
      {n.id, n.clinic_id, n.patient_id, n.episode_id, n.author_id, n.status, n.window_from_us, n.window_to_us,
       n.created_us, n.updated_us, n.signed_us, n.version, n.body}));
  return n;
}

Result<NoteRow> Tx::get_note(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM notes WHERE clinic_id = ? AND id = ?", kNoteCols),
                  {clinic_id, id}),
      "note", id, note_from);
}

Result<std::vector<NoteRow>> Tx::list_notes(std::string_view clinic_id, std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM notes WHERE clinic_id = ? AND patient_id = ? "
                                           "ORDER BY created_us DESC, id DESC",
                                           kNoteCols),
                               {clinic_id, patient_id}),
                   note_from);
}

Result<std::optional<NoteRow>> Tx::last_signed_note(std::string_view clinic_id, std::string_view patient_id) {
  auto rows = PHYSIO_TRY(rows::all(
      conn_.query(
          fmt::format("SELECT {} FROM notes WHERE clinic_id = ? AND patient_id = ? AND status <> 'draft' "
                      "ORDER BY window_to_us DESC, id DESC LIMIT 1",
                      kNoteCols),
          {clinic_id, patient_id}),
      note_from));
  if (rows.empty()) return std::optional<NoteRow>{};
  return std::optional<NoteRow>{std::move(rows.front())};
}

Result<NoteRow> Tx::update_note(const NoteRow& n) {
  const NoteRow stored = PHYSIO_TRY(get_note(n.clinic_id, n.id));
  if (stored.version != n.version)
    return fail(ErrorCode::kInvalidArgument, "note {} was changed since it was read (version {}, now {})",
                n.id, n.version, stored.version);
  if (stored.status != "draft" && signed_part(stored.body) != signed_part(n.body))
    return fail(ErrorCode::kInvalidArgument, "note {} is signed: its content cannot be changed", n.id);
  auto rs = PHYSIO_TRY(conn_.query(
      fmt::format(
          "UPDATE notes SET status = ?, updated_us = ?, signed_us = ?, body = ?, version = version + 1 "
          "WHERE clinic_id = ? AND id = ? AND version = ? RETURNING {}",
          kNoteCols),
      {n.status, n.updated_us != 0 ? n.updated_us : now_us(), n.signed_us, n.body, n.clinic_id, n.id,
       n.version}));
  if (rs.rows.empty())
    return fail(ErrorCode::kInvalidArgument, "note {} was changed since it was read", n.id);
  return note_from(rs.rows.front());
}

Result<Hl7Outgoing> Tx::queue_hl7(Hl7Outgoing m) {
  if (m.id.empty()) m.id = random_id();
  if (m.created_us == 0) m.created_us = now_us();
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO hl7_outbox ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kOutCols),
      {m.id, m.clinic_id, m.record_type, m.record_id, m.message_type, m.control_id, m.message, m.created_us,
       m.sent_us, m.ack_code, m.attempts, m.last_error}));
  return m;
}

Result<std::vector<Hl7Outgoing>> Tx::list_hl7_outgoing(std::string_view clinic_id,
                                                       std::string_view record_type,
                                                       std::string_view record_id) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM hl7_outbox WHERE clinic_id = ? AND record_type = ? AND "
                              "record_id = ? ORDER BY created_us, id",
                              kOutCols),
                  {clinic_id, record_type, record_id}),
      out_from);
}

Result<std::vector<Hl7Outgoing>> Tx::pending_hl7(int limit, int max_attempts) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM hl7_outbox WHERE sent_us = 0 AND attempts < ? "
                                           "ORDER BY created_us, id LIMIT ?",
                                           kOutCols),
                               {max_attempts, std::clamp(limit, 1, 1000)}),
                   out_from);
}

Status Tx::mark_hl7_attempt(std::string_view id, TimeUs sent_us, std::string_view ack_code,
                            std::string_view error) {
  auto rs = PHYSIO_TRY(conn_.query(
      "UPDATE hl7_outbox SET sent_us = ?, ack_code = ?, attempts = attempts + 1, last_error = ? WHERE id = ? "
      "RETURNING id",
      {sent_us, ack_code, error, id}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "outgoing HL7 message {} not found", id);
  return ok();
}

}  // namespace physio::store
