#include "store/messages.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "store/crypto.hpp"

namespace physio::store {

namespace {

constexpr std::string_view kMessageCols =
    "id, clinic_id, patient_id, sender_id, from_patient, body, created_us, read_us, read_by, notice_status";

Message message_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .sender_id = r.text(3),
          .from_patient = r.i64(4) != 0,
          .body = r.text(5),
          .created_us = r.i64(6),
          .read_us = r.i64(7),
          .read_by = r.text(8),
          .notice_status = r.text(9)};
}

Result<std::vector<Message>> messages_of(Result<sql::QueryResult> rs) {
  if (!rs) return std::unexpected(std::move(rs).error());
  std::vector<Message> out;
  out.reserve(rs->rows.size());
  for (const auto& r : rs->rows) out.push_back(message_from(r));
  return out;
}

}  // namespace

Result<Message> insert_message(Tx& tx, Message m) {
  m.id = random_id();
  m.created_us = tx.now_us();
  m.read_us = 0;
  m.read_by.clear();
  // A patient's own message needs no notice; an automatic alert written on their side (a stop-level pain
  // report, sender "system:...") is e-mailed to the physiotherapists instead.
  m.notice_status = m.from_patient && !m.sender_id.starts_with("system:") ? "not needed" : "";
  PHYSIO_TRY(tx.connection().query(
      fmt::format("INSERT INTO messages ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kMessageCols),
      {m.id, m.clinic_id, m.patient_id, m.sender_id, std::int64_t{m.from_patient ? 1 : 0}, m.body,
       m.created_us, m.read_us, m.read_by, m.notice_status}));
  return m;
}

Result<std::vector<Message>> list_messages(Tx& tx, std::string_view clinic_id, std::string_view patient_id,
                                           int limit) {
  auto out = PHYSIO_TRY(messages_of(
      tx.connection().query(fmt::format("SELECT {} FROM messages WHERE clinic_id = ? AND patient_id = ? "
                                        "ORDER BY created_us DESC, id DESC LIMIT ?",
                                        kMessageCols),
                            {clinic_id, patient_id, std::int64_t{std::max(1, limit)}})));
  std::reverse(out.begin(), out.end());
  return out;
}

Result<std::vector<std::string>> mark_messages_read(Tx& tx, std::string_view clinic_id,
                                                    std::string_view patient_id, bool reader_is_patient,
                                                    std::string_view reader_id, TimeUs now) {
  // The reader opens messages written by the other side.
  const std::int64_t written_by_patient = reader_is_patient ? 0 : 1;
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT id FROM messages WHERE clinic_id = ? AND patient_id = ? AND from_patient = ? AND read_us = 0 "
      "ORDER BY created_us, id",
      {clinic_id, patient_id, written_by_patient}));
  std::vector<std::string> ids;
  for (const auto& r : rs.rows) ids.push_back(r.text(0));
  if (ids.empty()) return ids;
  PHYSIO_TRY(
      tx.connection().query("UPDATE messages SET read_us = ?, read_by = ? WHERE clinic_id = ? AND patient_id "
                            "= ? AND from_patient = ? "
                            "AND read_us = 0",
                            {now, reader_id, clinic_id, patient_id, written_by_patient}));
  return ids;
}

Result<std::vector<Message>> messages_awaiting_notice(Tx& tx, TimeUs before_us, int limit) {
  return messages_of(tx.connection().query(
      fmt::format("SELECT {} FROM messages WHERE notice_status = '' AND created_us <= ? "
                  "ORDER BY created_us, id LIMIT ?",
                  kMessageCols),
      {before_us, std::int64_t{std::max(1, limit)}}));
}

Result<bool> set_message_notice(Tx& tx, std::string_view clinic_id, std::string_view id,
                                std::string_view status) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE messages SET notice_status = ? WHERE clinic_id = ? AND id = ? AND notice_status = ''",
      {status, clinic_id, id}));
  return rs.affected > 0;
}

Status finish_message_notice(Tx& tx, std::string_view clinic_id, std::string_view id,
                             std::string_view status) {
  PHYSIO_TRY(tx.connection().query(
      "UPDATE messages SET notice_status = ? WHERE clinic_id = ? AND id = ? AND notice_status = 'sending'",
      {status, clinic_id, id}));
  return ok();
}

Result<UnreadCounts> unread_messages(Tx& tx, std::string_view clinic_id, std::string_view patient_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT from_patient, COUNT(*) FROM messages WHERE clinic_id = ? AND patient_id = ? AND read_us = 0 "
      "GROUP BY from_patient",
      {clinic_id, patient_id}));
  UnreadCounts out;
  for (const auto& r : rs.rows) (r.i64(0) != 0 ? out.from_patient : out.to_patient) = r.i64(1);
  return out;
}

Result<std::int64_t> mark_automatic_read(Tx& tx, std::string_view clinic_id, std::string_view patient_id,
                                         std::string_view sender_id, std::string_view reader_id, TimeUs now) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE messages SET read_us = ?, read_by = ? WHERE clinic_id = ? AND patient_id = ? AND sender_id = ? "
      "AND from_patient = 1 AND read_us = 0",
      {now, reader_id, clinic_id, patient_id, sender_id}));
  return static_cast<std::int64_t>(rs.affected);
}

}  // namespace physio::store
