// Tx: predictions: the clinic's model versions, the risk flags with their decisions, drift figures.
#include <algorithm>

#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::RiskDriftRow;
using clinic::RiskFlagRow;
using clinic::RiskModelRow;

namespace {

constexpr std::string_view kModelCols =
    "id, clinic_id, name, version, label, status, trained_us, silent_until_us, model_json, card_markdown, "
    "changed_by, changed_us";
constexpr std::string_view kFlagCols =
    "id, clinic_id, patient_id, kind, subject_type, subject_id, method, model, model_version, probability, "
    "level, need, body, inputs_hash, status, shown, decided_by, decided_us, decision_reason, computed_us, "
    "created_us, updated_us";
constexpr std::string_view kDriftCols = "clinic_id, model, month, figures, alert, computed_us";

RiskModelRow model_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .name = r.text(2),
          .version = r.i64(3),
          .label = r.text(4),
          .status = r.text(5),
          .trained_us = r.i64(6),
          .silent_until_us = r.i64(7),
          .model_json = r.text(8),
          .card_markdown = r.text(9),
          .changed_by = r.text(10),
          .changed_us = r.i64(11)};
}

RiskFlagRow flag_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .kind = r.text(3),
          .subject_type = r.text(4),
          .subject_id = r.text(5),
          .method = r.text(6),
          .model = r.text(7),
          .model_version = r.text(8),
          .probability = r.is_null(9) ? std::nullopt : std::optional<double>(r.f64(9)),
          .level = r.text(10),
          .need = r.f64(11),
          .body = r.text(12),
          .inputs_hash = r.text(13),
          .status = r.text(14),
          .shown = r.boolean(15),
          .decided_by = r.text(16),
          .decided_us = r.i64(17),
          .decision_reason = r.text(18),
          .computed_us = r.i64(19),
          .created_us = r.i64(20),
          .updated_us = r.i64(21)};
}

RiskDriftRow drift_from(const sql::Row& r) {
  return {.clinic_id = r.text(0),
          .model = r.text(1),
          .month = r.text(2),
          .figures = r.text(3),
          .alert = r.boolean(4),
          .computed_us = r.i64(5)};
}

bool known_model_status(std::string_view s) {
  return s == "silent" || s == "active" || s == "retired";
}
bool known_flag_status(std::string_view s) {
  return s == "open" || s == "accepted" || s == "dismissed" || s == "resolved";
}

sql::Value probability_value(const std::optional<double>& p) {
  return p ? sql::Value(*p) : sql::Value();
}

}  // namespace

Result<std::vector<std::string>> Tx::list_clinic_ids() {
  return rows::all(conn_.query("SELECT id FROM clinics ORDER BY created_us, id", {}),
                   [](const sql::Row& r) { return r.text(0); });
}

Result<std::vector<clinic::Appointment>> Tx::list_clinic_appointments(std::string_view clinic_id,
                                                                      TimeUs from_us, TimeUs to_us) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM appointments WHERE clinic_id = ? AND start_us >= ? "
                              "AND start_us < ? ORDER BY start_us, id",
                              rows::kAppointmentCols),
                  {clinic_id, from_us, to_us}),
      rows::appointment_from);
}

Result<RiskModelRow> Tx::insert_risk_model(RiskModelRow m) {
  if (!known_model_status(m.status))
    return fail(ErrorCode::kInvalidArgument, "risk model: status '{}' is not silent, active or retired",
                m.status);
  auto last = PHYSIO_TRY(
      conn_.query("SELECT COALESCE(MAX(version), 0) FROM risk_models WHERE clinic_id = ? AND name = ?",
                  {m.clinic_id, m.name}));
  m.version = last.rows.empty() ? 1 : last.rows.front().i64(0) + 1;
  m.id = random_id();
  if (m.changed_us == 0) m.changed_us = now_us();
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO risk_models ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kModelCols),
      {m.id, m.clinic_id, m.name, m.version, m.label, m.status, m.trained_us, m.silent_until_us, m.model_json,
       m.card_markdown, m.changed_by, m.changed_us}));
  return m;
}

Result<std::vector<RiskModelRow>> Tx::list_risk_models(std::string_view clinic_id, std::string_view name) {
  if (name.empty())
    return rows::all(conn_.query(fmt::format("SELECT {} FROM risk_models WHERE clinic_id = ? "
                                             "ORDER BY name, version DESC",
                                             kModelCols),
                                 {clinic_id}),
                     model_from);
  return rows::all(conn_.query(fmt::format("SELECT {} FROM risk_models WHERE clinic_id = ? AND name = ? "
                                           "ORDER BY version DESC",
                                           kModelCols),
                               {clinic_id, name}),
                   model_from);
}

Result<RiskModelRow> Tx::set_risk_model_status(std::string_view clinic_id, std::string_view id,
                                               std::string_view status, std::string_view by,
                                               TimeUs silent_until_us) {
  if (!known_model_status(status))
    return fail(ErrorCode::kInvalidArgument, "risk model: status '{}' is not silent, active or retired",
                status);
  return rows::single(
      conn_.query(fmt::format("UPDATE risk_models SET status = ?, changed_by = ?, changed_us = ?, "
                              "silent_until_us = ? WHERE clinic_id = ? AND id = ? RETURNING {}",
                              kModelCols),
                  {status, by, now_us(), silent_until_us, clinic_id, id}),
      "risk model", id, model_from);
}

Result<RiskFlagRow> Tx::put_risk_flag(RiskFlagRow f) {
  if (!known_flag_status(f.status))
    return fail(ErrorCode::kInvalidArgument,
                "risk flag: status '{}' is not open, accepted, dismissed or resolved", f.status);
  const TimeUs now = now_us();
  f.updated_us = now;
  auto existing = PHYSIO_TRY(
      conn_.query("SELECT id, created_us FROM risk_flags WHERE clinic_id = ? AND kind = ? AND subject_id = ?",
                  {f.clinic_id, f.kind, f.subject_id}));
  if (!existing.rows.empty()) {
    f.id = existing.rows.front().text(0);
    f.created_us = existing.rows.front().i64(1);
    return rows::single(
        conn_.query(
            fmt::format("UPDATE risk_flags SET patient_id = ?, subject_type = ?, method = ?, model = ?, "
                        "model_version = ?, probability = ?, level = ?, need = ?, body = ?, inputs_hash = ?, "
                        "status = ?, shown = ?, decided_by = ?, decided_us = ?, decision_reason = ?, "
                        "computed_us = ?, updated_us = ? WHERE clinic_id = ? AND id = ? RETURNING {}",
                        kFlagCols),
            {f.patient_id, f.subject_type, f.method, f.model, f.model_version,
             probability_value(f.probability), f.level, f.need, f.body, f.inputs_hash, f.status, f.shown,
             f.decided_by, f.decided_us, f.decision_reason, f.computed_us, f.updated_us, f.clinic_id, f.id}),
        "risk flag", f.id, flag_from);
  }
  f.id = random_id();
  f.created_us = now;
  PHYSIO_TRY(conn_.query(
      fmt::format(
          "INSERT INTO risk_flags ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?)",
          kFlagCols),
      {f.id,
       f.clinic_id,
       f.patient_id,
       f.kind,
       f.subject_type,
       f.subject_id,
       f.method,
       f.model,
       f.model_version,
       probability_value(f.probability),
       f.level,
       f.need,
       f.body,
       f.inputs_hash,
       f.status,
       f.shown,
       f.decided_by,
       f.decided_us,
       f.decision_reason,
       f.computed_us,
       f.created_us,
       f.updated_us}));
  return f;
}

Result<RiskFlagRow> Tx::get_risk_flag(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM risk_flags WHERE clinic_id = ? AND id = ?", kFlagCols),
                  {clinic_id, id}),
      "risk flag", id, flag_from);
}

Result<std::vector<RiskFlagRow>> Tx::list_risk_flags(std::string_view clinic_id, const RiskFlagQuery& q) {
  std::string where = "clinic_id = ?";
  std::vector<sql::Value> args{clinic_id};
  if (q.patient_id) {
    where += " AND patient_id = ?";
    args.emplace_back(*q.patient_id);
  }
  if (q.kind) {
    where += " AND kind = ?";
    args.emplace_back(*q.kind);
  }
  if (q.subject_id) {
    where += " AND subject_id = ?";
    args.emplace_back(*q.subject_id);
  }
  if (!q.statuses.empty()) {
    where += " AND status IN (";
    for (std::size_t i = 0; i < q.statuses.size(); ++i) {
      where += i == 0 ? "?" : ", ?";
      args.emplace_back(q.statuses[i]);
    }
    where += ")";
  }
  if (q.shown_only) where += " AND shown = 1";
  args.emplace_back(std::int64_t{std::clamp(q.limit, 1, 100000)});
  return rows::all(
      conn_.query(
          fmt::format("SELECT {} FROM risk_flags WHERE {} ORDER BY need DESC, id LIMIT ?", kFlagCols, where),
          args),
      flag_from);
}

Result<RiskFlagRow> Tx::decide_risk_flag(std::string_view clinic_id, std::string_view id,
                                         std::string_view status, std::string_view by,
                                         std::string_view reason) {
  if (status != "accepted" && status != "dismissed")
    return fail(ErrorCode::kInvalidArgument, "risk flag decision: '{}' is not accepted or dismissed", status);
  const TimeUs now = now_us();
  return rows::single(
      conn_.query(
          fmt::format("UPDATE risk_flags SET status = ?, decided_by = ?, decided_us = ?, "
                      "decision_reason = ?, updated_us = ? WHERE clinic_id = ? AND id = ? RETURNING {}",
                      kFlagCols),
          {status, by, now, reason, now, clinic_id, id}),
      "risk flag", id, flag_from);
}

Result<RiskDriftRow> Tx::put_risk_drift(RiskDriftRow d) {
  d.computed_us = now_us();
  PHYSIO_TRY(conn_.query("DELETE FROM risk_drift WHERE clinic_id = ? AND model = ? AND month = ?",
                         {d.clinic_id, d.model, d.month}));
  PHYSIO_TRY(conn_.query(fmt::format("INSERT INTO risk_drift ({}) VALUES (?, ?, ?, ?, ?, ?)", kDriftCols),
                         {d.clinic_id, d.model, d.month, d.figures, d.alert, d.computed_us}));
  return d;
}

Result<std::vector<RiskDriftRow>> Tx::list_risk_drift(std::string_view clinic_id, std::string_view model) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM risk_drift WHERE clinic_id = ? AND model = ? "
                                           "ORDER BY month DESC",
                                           kDriftCols),
                               {clinic_id, model}),
                   drift_from);
}

}  // namespace physio::store
