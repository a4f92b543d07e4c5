#include "store/questionnaire_schedules.hpp"

#include <fmt/format.h>

#include "store/crypto.hpp"

namespace physio::store {
namespace {

constexpr std::string_view kScheduleCols =
    "id, clinic_id, patient_id, episode_id, instrument_id, every_weeks, from_date, at_discharge, stopped_us, "
    "created_by, created_us, updated_by, updated_us";
constexpr std::string_view kSendCols =
    "s.clinic_id, s.schedule_id, s.due_key, s.patient_id, s.link_id, s.claimed_us, s.email_status, "
    "s.attempts, s.last_attempt_us, COALESCE(l.expires_us, 0), COALESCE(l.used_us, 0)";

QuestionnaireScheduleRow schedule_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .episode_id = r.opt_text(3),
          .instrument_id = r.text(4),
          .every_weeks = r.i64(5),
          .from_date = r.text(6),
          .at_discharge = r.boolean(7),
          .stopped_us = r.i64(8),
          .created_by = r.text(9),
          .created_us = r.i64(10),
          .updated_by = r.text(11),
          .updated_us = r.i64(12)};
}

QuestionnaireSendRow send_from(const sql::Row& r) {
  return {.clinic_id = r.text(0),
          .schedule_id = r.text(1),
          .due_key = r.text(2),
          .patient_id = r.text(3),
          .link_id = r.text(4),
          .claimed_us = r.i64(5),
          .email_status = r.text(6),
          .attempts = r.i64(7),
          .last_attempt_us = r.i64(8),
          .link_expires_us = r.i64(9),
          .link_used_us = r.i64(10)};
}

template <typename T, typename F>
std::vector<T> all(const sql::QueryResult& rs, F from) {
  std::vector<T> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows) out.push_back(from(r));
  return out;
}

sql::Value opt(const std::optional<std::string>& s) {
  return s ? sql::Value(*s) : sql::Value();
}

}  // namespace

Result<QuestionnaireScheduleRow> insert_questionnaire_schedule(Tx& tx, QuestionnaireScheduleRow s) {
  s.id = random_id();
  PHYSIO_TRY(tx.connection().query(
      fmt::format("INSERT INTO questionnaire_schedules ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  kScheduleCols),
      {s.id, s.clinic_id, s.patient_id, opt(s.episode_id), s.instrument_id, s.every_weeks, s.from_date,
       s.at_discharge, s.stopped_us, s.created_by, s.created_us, s.updated_by, s.updated_us}));
  return s;
}

Status update_questionnaire_schedule(Tx& tx, const QuestionnaireScheduleRow& s) {
  PHYSIO_TRY(tx.connection().query(
      "UPDATE questionnaire_schedules SET episode_id = ?, every_weeks = ?, from_date = ?, at_discharge = ?, "
      "stopped_us = ?, updated_by = ?, updated_us = ? WHERE clinic_id = ? AND id = ?",
      {opt(s.episode_id), s.every_weeks, s.from_date, s.at_discharge, s.stopped_us, s.updated_by,
       s.updated_us, s.clinic_id, s.id}));
  return ok();
}

Result<QuestionnaireScheduleRow> get_questionnaire_schedule(Tx& tx, std::string_view clinic_id,
                                                            std::string_view id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM questionnaire_schedules WHERE clinic_id = ? AND id = ?", kScheduleCols),
      {clinic_id, id}));
  if (rs.rows.empty()) return fail(ErrorCode::kNotFound, "questionnaire schedule {} not found", id);
  return schedule_from(rs.rows.front());
}

Result<std::vector<QuestionnaireScheduleRow>> list_questionnaire_schedules(Tx& tx, std::string_view clinic_id,
                                                                           std::string_view patient_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM questionnaire_schedules WHERE clinic_id = ? AND patient_id = ? ORDER BY "
                  "CASE WHEN stopped_us = 0 THEN 0 ELSE 1 END, created_us DESC, id",
                  kScheduleCols),
      {clinic_id, patient_id}));
  return all<QuestionnaireScheduleRow>(rs, schedule_from);
}

Result<std::vector<QuestionnaireScheduleRow>> running_questionnaire_schedules(Tx& tx, int limit) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format(
          "SELECT {} FROM questionnaire_schedules WHERE stopped_us = 0 ORDER BY created_us, id LIMIT ?",
          kScheduleCols),
      {std::int64_t{limit}}));
  return all<QuestionnaireScheduleRow>(rs, schedule_from);
}

Result<std::vector<QuestionnaireSendRow>> list_questionnaire_sends(Tx& tx, std::string_view clinic_id,
                                                                   std::string_view schedule_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM questionnaire_sends s LEFT JOIN questionnaire_links l ON l.id = s.link_id "
                  "WHERE s.clinic_id = ? AND s.schedule_id = ? ORDER BY s.claimed_us, s.due_key",
                  kSendCols),
      {clinic_id, schedule_id}));
  return all<QuestionnaireSendRow>(rs, send_from);
}

Result<bool> claim_questionnaire_send(Tx& tx, const QuestionnaireSendRow& s) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "INSERT INTO questionnaire_sends (clinic_id, schedule_id, due_key, patient_id, link_id, claimed_us, "
      "email_status, attempts, last_attempt_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (schedule_id, "
      "due_key) DO NOTHING RETURNING due_key",
      {s.clinic_id, s.schedule_id, s.due_key, s.patient_id, s.link_id, s.claimed_us, s.email_status,
       s.attempts, s.last_attempt_us}));
  return !rs.rows.empty();
}

Result<std::vector<QuestionnaireSendRow>> failed_questionnaire_sends(Tx& tx, std::int64_t max_attempts,
                                                                     int limit) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM questionnaire_sends s LEFT JOIN questionnaire_links l ON l.id = s.link_id "
                  "WHERE s.email_status LIKE 'failed%' AND s.attempts < ? ORDER BY s.last_attempt_us LIMIT ?",
                  kSendCols),
      {max_attempts, std::int64_t{limit}}));
  return all<QuestionnaireSendRow>(rs, send_from);
}

Result<bool> claim_questionnaire_retry(Tx& tx, const QuestionnaireSendRow& s, std::string_view new_link_id,
                                       TimeUs now_us) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE questionnaire_sends SET link_id = ?, email_status = 'sending', attempts = attempts + 1, "
      "last_attempt_us = ? WHERE clinic_id = ? AND schedule_id = ? AND due_key = ? AND attempts = ? AND "
      "email_status LIKE 'failed%' RETURNING due_key",
      {new_link_id, now_us, s.clinic_id, s.schedule_id, s.due_key, s.attempts}));
  if (rs.rows.empty()) return false;
  PHYSIO_TRY(tx.connection().query(
      "UPDATE questionnaire_links SET expires_us = ? WHERE clinic_id = ? AND id = ? AND used_us IS NULL AND "
      "expires_us > ?",
      {now_us, s.clinic_id, s.link_id, now_us}));
  return true;
}

Status set_questionnaire_send_link(Tx& tx, std::string_view clinic_id, std::string_view schedule_id,
                                   std::string_view due_key, std::string_view link_id) {
  PHYSIO_TRY(tx.connection().query(
      "UPDATE questionnaire_sends SET link_id = ? WHERE clinic_id = ? AND schedule_id = ? AND due_key = ?",
      {link_id, clinic_id, schedule_id, due_key}));
  return ok();
}

Status finish_questionnaire_send(Tx& tx, std::string_view clinic_id, std::string_view schedule_id,
                                 std::string_view due_key, std::string_view status) {
  PHYSIO_TRY(
      tx.connection().query("UPDATE questionnaire_sends SET email_status = ? WHERE clinic_id = ? AND "
                            "schedule_id = ? AND due_key = ?",
                            {status, clinic_id, schedule_id, due_key}));
  return ok();
}

}  // namespace physio::store
