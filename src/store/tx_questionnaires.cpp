// Tx: outcome-measure responses and the single-use links that fill them in without an account.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::QuestionnaireLink;
using clinic::QuestionnaireResponse;

namespace {

constexpr std::string_view kResponseCols =
    "id, clinic_id, patient_id, episode_id, instrument_id, instrument_version, answers_json, scores_json, "
    "valid, source, entered_by, link_id, completed_us, created_us";
constexpr std::string_view kLinkCols =
    "id, clinic_id, patient_id, episode_id, instrument_id, token_sha256, created_by, created_us, expires_us, "
    "used_us, response_id";

QuestionnaireResponse response_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .episode_id = r.opt_text(3),
          .instrument_id = r.text(4),
          .instrument_version = r.text(5),
          .answers_json = r.text(6),
          .scores_json = r.text(7),
          .valid = r.boolean(8),
          .source = r.text(9),
          .entered_by = r.text(10),
          .link_id = r.opt_text(11).value_or(""),
          .completed_us = r.i64(12),
          .created_us = r.i64(13)};
}

QuestionnaireLink link_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .episode_id = r.opt_text(3),
          .instrument_id = r.text(4),
          .token_sha256 = r.text(5),
          .created_by = r.text(6),
          .created_us = r.i64(7),
          .expires_us = r.i64(8),
          .used_us = r.is_null(9) ? 0 : r.i64(9),
          .response_id = r.opt_text(10).value_or("")};
}

Status check_response(const QuestionnaireResponse& r) {
  if (r.instrument_id.empty())
    return fail(ErrorCode::kInvalidArgument, "questionnaire response: no instrument");
  if (r.source != "patient" && r.source != "staff" && r.source != "link")
    return fail(ErrorCode::kInvalidArgument,
                "questionnaire response: source '{}' is not patient, staff or link", r.source);
  if (r.answers_json.empty() || r.scores_json.empty())
    return fail(ErrorCode::kInvalidArgument, "questionnaire response: answers and scores are required");
  return ok();
}

sql::Value opt_text_value(const std::string& s) {
  return s.empty() ? sql::Value(nullptr) : sql::Value(s);
}

}  // namespace

Result<QuestionnaireResponse> Tx::insert_questionnaire_response(QuestionnaireResponse r) {
  PHYSIO_CHECK(check_response(r));
  if (r.id.empty()) r.id = random_id();
  r.created_us = now_us();
  if (r.completed_us == 0) r.completed_us = r.created_us;
  PHYSIO_TRY(conn_.query(
      fmt::format(
          "INSERT INTO questionnaire_responses ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          kResponseCols),
      {r.id, r.clinic_id, r.patient_id, r.episode_id, r.instrument_id, r.instrument_version, r.answers_json,
       r.scores_json, r.valid, r.source, r.entered_by, opt_text_value(r.link_id), r.completed_us,
       r.created_us}));
  return r;
}

Result<QuestionnaireResponse> Tx::get_questionnaire_response(std::string_view clinic_id,
                                                             std::string_view id) {
  return rows::single(
      conn_.query(
          fmt::format("SELECT {} FROM questionnaire_responses WHERE clinic_id = ? AND id = ?", kResponseCols),
          {clinic_id, id}),
      "questionnaire response", id, response_from);
}

Result<std::vector<QuestionnaireResponse>> Tx::list_clinic_episode_responses(std::string_view clinic_id) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM questionnaire_responses WHERE clinic_id = ? AND "
                              "episode_id IS NOT NULL AND episode_id <> '' ORDER BY completed_us, id",
                              kResponseCols),
                  {clinic_id}),
      response_from);
}

Result<std::vector<QuestionnaireResponse>> Tx::list_questionnaire_responses(std::string_view clinic_id,
                                                                            std::string_view patient_id,
                                                                            std::string_view instrument_id) {
  if (instrument_id.empty())
    return rows::all(conn_.query(fmt::format("SELECT {} FROM questionnaire_responses WHERE clinic_id = ? AND "
                                             "patient_id = ? ORDER BY completed_us, id",
                                             kResponseCols),
                                 {clinic_id, patient_id}),
                     response_from);
  return rows::all(conn_.query(fmt::format("SELECT {} FROM questionnaire_responses WHERE clinic_id = ? AND "
                                           "patient_id = ? AND instrument_id = ? ORDER BY completed_us, id",
                                           kResponseCols),
                               {clinic_id, patient_id, instrument_id}),
                   response_from);
}

Result<QuestionnaireLink> Tx::create_questionnaire_link(QuestionnaireLink l) {
  if (l.token_sha256.size() != 64)
    return fail(ErrorCode::kInvalidArgument, "questionnaire link: token hash must be 64 hex digits");
  if (l.instrument_id.empty()) return fail(ErrorCode::kInvalidArgument, "questionnaire link: no instrument");
  l.id = random_id();
  l.created_us = now_us();
  if (l.expires_us <= l.created_us)
    return fail(ErrorCode::kInvalidArgument, "questionnaire link: expiry must be in the future");
  l.used_us = 0;
  l.response_id.clear();
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO questionnaire_links ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                  kLinkCols),
      {l.id, l.clinic_id, l.patient_id, l.episode_id, l.instrument_id, l.token_sha256, l.created_by,
       l.created_us, l.expires_us}));
  return l;
}

Result<QuestionnaireLink> Tx::get_questionnaire_link_by_token(std::string_view token_sha256) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM questionnaire_links WHERE token_sha256 = ?", kLinkCols),
                  {token_sha256}),
      "questionnaire link", "", link_from);
}

Result<std::vector<QuestionnaireLink>> Tx::list_questionnaire_links(std::string_view clinic_id,
                                                                    std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM questionnaire_links WHERE clinic_id = ? AND "
                                           "patient_id = ? ORDER BY created_us DESC, id DESC",
                                           kLinkCols),
                               {clinic_id, patient_id}),
                   link_from);
}

Result<std::optional<QuestionnaireResponse>> Tx::use_questionnaire_link(std::string_view link_id,
                                                                        QuestionnaireResponse r) {
  const TimeUs now = now_us();
  r.id = random_id();
  // The claim: only an unused, unexpired link matches. On PostgreSQL a second transaction updating the
  // same row waits for the first and then re-checks the condition, so it finds the link used.
  auto claimed =
      PHYSIO_TRY(conn_.query(fmt::format("UPDATE questionnaire_links SET used_us = ?, response_id = ? "
                                         "WHERE id = ? AND used_us IS NULL AND expires_us > ? RETURNING {}",
                                         kLinkCols),
                             {now, r.id, link_id, now}));
  if (claimed.rows.empty()) {
    PHYSIO_TRY(rows::single(conn_.query("SELECT id FROM questionnaire_links WHERE id = ?", {link_id}),
                            "questionnaire link", link_id, [](const sql::Row& row) { return row.text(0); }));
    return std::optional<QuestionnaireResponse>{};
  }
  const QuestionnaireLink link = link_from(claimed.rows.front());
  r.clinic_id = link.clinic_id;
  r.patient_id = link.patient_id;
  r.episode_id = link.episode_id;
  r.instrument_id = link.instrument_id;
  r.source = "link";
  r.entered_by = link.id;
  r.link_id = link.id;
  r.completed_us = now;
  auto stored = PHYSIO_TRY(insert_questionnaire_response(std::move(r)));
  return std::optional<QuestionnaireResponse>{std::move(stored)};
}

}  // namespace physio::store
