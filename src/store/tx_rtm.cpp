// Tx: remote therapeutic monitoring: set-ups, staff time entries and timers, month locks.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::RtmMonthLock;
using clinic::RtmSetup;
using clinic::RtmTimeEntry;

namespace {

constexpr std::string_view kSetupCols =
    "id, clinic_id, patient_id, at_us, staff_id, device, note, created_us";
constexpr std::string_view kEntryCols =
    "id, clinic_id, patient_id, staff_id, start_us, minutes, activity, interactive, mode, note, source, "
    "created_by, created_us";

RtmSetup setup_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .at_us = r.i64(3),
          .staff_id = r.text(4),
          .device = r.text(5),
          .note = r.text(6),
          .created_us = r.i64(7)};
}

RtmTimeEntry entry_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .staff_id = r.text(3),
          .start_us = r.i64(4),
          .minutes = r.is_null(5) ? std::nullopt : std::optional<std::int64_t>(r.i64(5)),
          .activity = r.text(6),
          .interactive = r.boolean(7),
          .mode = r.text(8),
          .note = r.text(9),
          .source = r.text(10),
          .created_by = r.text(11),
          .created_us = r.i64(12)};
}

}  // namespace

Result<RtmSetup> Tx::create_rtm_setup(RtmSetup s) {
  s.id = random_id();
  s.created_us = now_us();
  if (s.at_us == 0) s.at_us = s.created_us;
  PHYSIO_TRY(
      conn_.query(fmt::format("INSERT INTO rtm_setups ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kSetupCols),
                  {s.id, s.clinic_id, s.patient_id, s.at_us, s.staff_id, s.device, s.note, s.created_us}));
  return s;
}

Result<std::vector<RtmSetup>> Tx::list_rtm_setups(std::string_view clinic_id, std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM rtm_setups WHERE clinic_id = ? AND patient_id = ? "
                                           "ORDER BY at_us, id",
                                           kSetupCols),
                               {clinic_id, patient_id}),
                   setup_from);
}

Result<std::vector<std::string>> Tx::list_rtm_patient_ids(std::string_view clinic_id) {
  return rows::all(
      conn_.query("SELECT DISTINCT patient_id FROM rtm_setups WHERE clinic_id = ? ORDER BY patient_id",
                  {clinic_id}),
      [](const sql::Row& r) { return r.text(0); });
}

Result<RtmTimeEntry> Tx::insert_rtm_time_entry(RtmTimeEntry e) {
  if (e.source != "manual" && e.source != "timer")
    return fail(ErrorCode::kInvalidArgument, "RTM time entry: source '{}' is not manual or timer", e.source);
  if (e.minutes && *e.minutes < 0)
    return fail(ErrorCode::kInvalidArgument, "RTM time entry: negative minutes");
  if (!e.minutes) {
    auto running = PHYSIO_TRY(running_rtm_timer(e.clinic_id, e.patient_id, e.staff_id));
    if (running)
      return fail(ErrorCode::kInvalidArgument, "a timer for this patient is already running since its start");
  }
  e.id = random_id();
  e.created_us = now_us();
  const sql::Value minutes = e.minutes ? sql::Value(*e.minutes) : sql::Value(nullptr);
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO rtm_time_entries ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  kEntryCols),
      {e.id, e.clinic_id, e.patient_id, e.staff_id, e.start_us, minutes, e.activity, e.interactive, e.mode,
       e.note, e.source, e.created_by, e.created_us}));
  return e;
}

Result<std::optional<RtmTimeEntry>> Tx::running_rtm_timer(std::string_view clinic_id,
                                                          std::string_view patient_id,
                                                          std::string_view staff_id) {
  auto rows = PHYSIO_TRY(rows::all(
      conn_.query(fmt::format("SELECT {} FROM rtm_time_entries WHERE clinic_id = ? AND patient_id = ? AND "
                              "staff_id = ? AND minutes IS NULL",
                              kEntryCols),
                  {clinic_id, patient_id, staff_id}),
      entry_from));
  if (rows.empty()) return std::optional<RtmTimeEntry>{};
  return std::optional<RtmTimeEntry>{std::move(rows.front())};
}

Result<RtmTimeEntry> Tx::stop_rtm_timer(std::string_view clinic_id, std::string_view id,
                                        std::int64_t minutes) {
  if (minutes < 0) return fail(ErrorCode::kInvalidArgument, "RTM timer: negative minutes");
  return rows::single(
      conn_.query(fmt::format("UPDATE rtm_time_entries SET minutes = ? WHERE clinic_id = ? AND id = ? AND "
                              "minutes IS NULL RETURNING {}",
                              kEntryCols),
                  {minutes, clinic_id, id}),
      "running RTM timer", id, entry_from);
}

Result<std::vector<RtmTimeEntry>> Tx::list_rtm_time_entries(std::string_view clinic_id,
                                                            std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM rtm_time_entries WHERE clinic_id = ? AND "
                                           "patient_id = ? ORDER BY start_us, id",
                                           kEntryCols),
                               {clinic_id, patient_id}),
                   entry_from);
}

Result<std::optional<RtmMonthLock>> Tx::get_rtm_month_lock(std::string_view clinic_id,
                                                           std::string_view month) {
  auto rows = PHYSIO_TRY(rows::all(
      conn_.query(
          "SELECT clinic_id, month, locked_by, locked_us FROM rtm_month_locks WHERE clinic_id = ? AND "
          "month = ?",
          {clinic_id, month}),
      [](const sql::Row& r) {
        return RtmMonthLock{
            .clinic_id = r.text(0), .month = r.text(1), .locked_by = r.text(2), .locked_us = r.i64(3)};
      }));
  if (rows.empty()) return std::optional<RtmMonthLock>{};
  return std::optional<RtmMonthLock>{std::move(rows.front())};
}

Status Tx::lock_rtm_month(const RtmMonthLock& lock,
                          const std::vector<std::pair<std::string, std::string>>& results) {
  auto inserted = PHYSIO_TRY(
      conn_.query("INSERT INTO rtm_month_locks (clinic_id, month, locked_by, locked_us) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (clinic_id, month) DO NOTHING RETURNING month",
                  {lock.clinic_id, lock.month, lock.locked_by, lock.locked_us}));
  if (inserted.rows.empty()) return fail(ErrorCode::kInvalidArgument, "{} is locked already", lock.month);
  for (const auto& [patient_id, json] : results)
    PHYSIO_TRY(conn_.query(
        "INSERT INTO rtm_month_results (clinic_id, month, patient_id, result_json) VALUES (?, ?, ?, ?)",
        {lock.clinic_id, lock.month, patient_id, json}));
  return ok();
}

Result<std::vector<std::pair<std::string, std::string>>> Tx::list_rtm_month_results(
    std::string_view clinic_id, std::string_view month) {
  return rows::all(
      conn_.query("SELECT patient_id, result_json FROM rtm_month_results WHERE clinic_id = ? AND "
                  "month = ? ORDER BY patient_id",
                  {clinic_id, month}),
      [](const sql::Row& r) { return std::make_pair(r.text(0), r.text(1)); });
}

}  // namespace physio::store
