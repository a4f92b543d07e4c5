// The scheduling records: appointments by time, types, working hours, settings and the waiting list.
#include "store/schedule_store.hpp"

#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"

namespace physio::store {
namespace {

constexpr TimeUs kLongestAppointmentUs = 480LL * 60 * kUsPerSecond;

constexpr std::string_view kWaitlistCols =
    "id, clinic_id, patient_id, clinician_id, type_code, earliest_date, latest_date, note, status, "
    "created_by, "
    "created_us, closed_us";

WaitlistEntry waitlist_from(const sql::Row& r) {
  return {.id = r.text(0),
          .clinic_id = r.text(1),
          .patient_id = r.text(2),
          .clinician_id = r.text(3),
          .type_code = r.text(4),
          .earliest_date = r.text(5),
          .latest_date = r.text(6),
          .note = r.text(7),
          .status = r.text(8),
          .created_by = r.text(9),
          .created_us = r.i64(10),
          .closed_us = r.i64(11)};
}

}  // namespace

Result<std::vector<clinic::Appointment>> appointments_near(Tx& tx, std::string_view clinic_id,
                                                           std::string_view clinician_id,
                                                           std::string_view patient_id, TimeUs from_us,
                                                           TimeUs to_us) {
  return rows::all(
      tx.connection().query(
          fmt::format("SELECT {} FROM appointments WHERE clinic_id = ? AND start_us >= ? AND "
                      "start_us < ? AND (practitioner_id = ? OR patient_id = ?) ORDER BY start_us, id",
                      rows::kAppointmentCols),
          {clinic_id, from_us - kLongestAppointmentUs, to_us, clinician_id, patient_id}),
      rows::appointment_from);
}

Result<std::vector<clinic::Appointment>> appointments_between(Tx& tx, std::string_view clinic_id,
                                                              TimeUs from_us, TimeUs to_us,
                                                              std::string_view clinician_id) {
  if (clinician_id.empty()) return tx.list_clinic_appointments(clinic_id, from_us, to_us);
  return rows::all(
      tx.connection().query(
          fmt::format("SELECT {} FROM appointments WHERE clinic_id = ? AND practitioner_id = ? AND "
                      "start_us >= ? AND start_us < ? ORDER BY start_us, id",
                      rows::kAppointmentCols),
          {clinic_id, clinician_id, from_us, to_us}),
      rows::appointment_from);
}

Result<std::vector<clinic::Appointment>> clinician_appointments(Tx& tx, std::string_view clinic_id,
                                                                std::string_view clinician_id,
                                                                TimeUs from_us) {
  return rows::all(
      tx.connection().query(
          fmt::format("SELECT {} FROM appointments WHERE clinic_id = ? AND practitioner_id = ? AND "
                      "start_us >= ? ORDER BY start_us, id LIMIT 2000",
                      rows::kAppointmentCols),
          {clinic_id, clinician_id, from_us}),
      rows::appointment_from);
}

Result<std::vector<std::pair<std::string, TimeUs>>> clinic_rooms(Tx& tx, std::string_view clinic_id) {
  return rows::all(tx.connection().query("SELECT room, MIN(created_us) FROM appointments WHERE clinic_id = ? "
                                         "AND room <> '' GROUP BY room ORDER BY room",
                                         {clinic_id}),
                   [](const sql::Row& r) {
                     return std::pair{r.text(0), r.i64(1)};
                   });
}

Status lock_for_booking(Tx& tx, std::string_view clinic_id, std::string_view clinician_id,
                        std::string_view patient_id) {
  if (tx.connection().dialect() != sql::Dialect::kPostgres) return ok();
  PHYSIO_TRY(tx.connection().query("SELECT id FROM users WHERE clinic_id = ? AND id = ? FOR UPDATE",
                                   {clinic_id, clinician_id}));
  PHYSIO_TRY(tx.connection().query("SELECT id FROM patients WHERE clinic_id = ? AND id = ? FOR UPDATE",
                                   {clinic_id, patient_id}));
  return ok();
}

Result<std::vector<clinic::Appointment>> create_appointments(Tx& tx, std::vector<clinic::Appointment> list) {
  std::vector<clinic::Appointment> out;
  out.reserve(list.size());
  for (auto& a : list) out.push_back(PHYSIO_TRY(tx.create_appointment(std::move(a))));
  return out;
}

Result<std::vector<AppointmentTypeRow>> list_appointment_types(Tx& tx, std::string_view clinic_id) {
  auto rs =
      PHYSIO_TRY(tx.connection().query("SELECT code, name, duration_min, active FROM appointment_types WHERE "
                                       "clinic_id = ? ORDER BY position, code",
                                       {clinic_id}));
  std::vector<AppointmentTypeRow> out;
  for (const auto& r : rs.rows) out.push_back({r.text(0), r.text(1), r.i64(2), r.i64(3) != 0});
  return out;
}

Status replace_appointment_types(Tx& tx, std::string_view clinic_id,
                                 const std::vector<AppointmentTypeRow>& types) {
  PHYSIO_TRY(tx.connection().query("DELETE FROM appointment_types WHERE clinic_id = ?", {clinic_id}));
  std::int64_t position = 0;
  for (const auto& t : types) {
    PHYSIO_TRY(tx.connection().query(
        "INSERT INTO appointment_types (clinic_id, code, name, duration_min, active, position) VALUES (?, ?, "
        "?, ?, "
        "?, ?)",
        {clinic_id, t.code, t.name, t.duration_min, std::int64_t{t.active ? 1 : 0}, position++}));
  }
  return ok();
}

Result<std::vector<WorkingSpanRow>> list_working_hours(Tx& tx, std::string_view clinic_id,
                                                       std::string_view user_id) {
  auto rs =
      PHYSIO_TRY(user_id.empty()
                     ? tx.connection().query(
                           "SELECT user_id, weekday, start_min, end_min FROM working_hours WHERE clinic_id = "
                           "? ORDER BY user_id, weekday, start_min",
                           {clinic_id})
                     : tx.connection().query(
                           "SELECT user_id, weekday, start_min, end_min FROM working_hours WHERE clinic_id = "
                           "? AND user_id = ? ORDER BY weekday, start_min",
                           {clinic_id, user_id}));
  std::vector<WorkingSpanRow> out;
  for (const auto& r : rs.rows)
    out.push_back(
        {r.text(0), static_cast<int>(r.i64(1)), static_cast<int>(r.i64(2)), static_cast<int>(r.i64(3))});
  return out;
}

Status replace_working_hours(Tx& tx, std::string_view clinic_id, std::string_view user_id,
                             const std::vector<WorkingSpanRow>& week) {
  PHYSIO_TRY(tx.connection().query("DELETE FROM working_hours WHERE clinic_id = ? AND user_id = ?",
                                   {clinic_id, user_id}));
  for (const auto& s : week) {
    PHYSIO_TRY(tx.connection().query(
        "INSERT INTO working_hours (clinic_id, user_id, weekday, start_min, end_min) VALUES (?, ?, ?, ?, ?)",
        {clinic_id, user_id, std::int64_t{s.weekday}, std::int64_t{s.start_min}, std::int64_t{s.end_min}}));
  }
  return ok();
}

Result<ScheduleSettings> get_schedule_settings(Tx& tx, std::string_view clinic_id) {
  auto rs = PHYSIO_TRY(
      tx.connection().query("SELECT time_zone, cancel_notice_min, updated_by, updated_us, online_booking, "
                            "online_notice_min FROM schedule_settings WHERE clinic_id = ?",
                            {clinic_id}));
  ScheduleSettings s;
  if (!rs.rows.empty()) {
    const auto& r = rs.rows.front();
    s = {r.text(0), r.i64(1), r.text(2), r.i64(3), r.i64(4) != 0, r.i64(5)};
  }
  return s;
}

Status put_schedule_settings(Tx& tx, std::string_view clinic_id, const ScheduleSettings& s) {
  PHYSIO_TRY(tx.connection().query(
      "INSERT INTO schedule_settings (clinic_id, time_zone, cancel_notice_min, updated_by, updated_us, "
      "online_booking, online_notice_min) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (clinic_id) DO UPDATE SET "
      "time_zone = excluded.time_zone, cancel_notice_min = excluded.cancel_notice_min, updated_by = "
      "excluded.updated_by, updated_us = excluded.updated_us, online_booking = excluded.online_booking, "
      "online_notice_min = excluded.online_notice_min",
      {clinic_id, s.time_zone, s.cancel_notice_min, s.updated_by, tx.now_us(),
       std::int64_t{s.online_booking ? 1 : 0}, s.online_notice_min}));
  return ok();
}

Result<WaitlistEntry> put_waitlist_entry(Tx& tx, WaitlistEntry e) {
  PHYSIO_TRY(close_waitlist_entry(tx, e.clinic_id, e.patient_id, "removed"));
  e.id = random_id();
  e.status = "waiting";
  e.created_us = tx.now_us();
  e.closed_us = 0;
  PHYSIO_TRY(tx.connection().query(
      fmt::format("INSERT INTO waiting_list ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kWaitlistCols),
      {e.id, e.clinic_id, e.patient_id, e.clinician_id, e.type_code, e.earliest_date, e.latest_date, e.note,
       e.status, e.created_by, e.created_us, e.closed_us}));
  return e;
}

Result<std::optional<WaitlistEntry>> close_waitlist_entry(Tx& tx, std::string_view clinic_id,
                                                          std::string_view patient_id,
                                                          std::string_view status) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format(
          "UPDATE waiting_list SET status = ?, closed_us = ? WHERE clinic_id = ? AND patient_id = ? AND "
          "status = 'waiting' RETURNING {}",
          kWaitlistCols),
      {status, tx.now_us(), clinic_id, patient_id}));
  if (rs.rows.empty()) return std::optional<WaitlistEntry>();
  return std::optional<WaitlistEntry>(waitlist_from(rs.rows.front()));
}

Result<std::vector<WaitlistEntry>> list_waitlist(Tx& tx, std::string_view clinic_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format(
          "SELECT {} FROM waiting_list WHERE clinic_id = ? AND status = 'waiting' ORDER BY created_us, id",
          kWaitlistCols),
      {clinic_id}));
  std::vector<WaitlistEntry> out;
  for (const auto& r : rs.rows) out.push_back(waitlist_from(r));
  return out;
}

Result<std::optional<WaitlistEntry>> patient_waitlist_entry(Tx& tx, std::string_view clinic_id,
                                                            std::string_view patient_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM waiting_list WHERE clinic_id = ? AND patient_id = ? AND status = 'waiting'",
                  kWaitlistCols),
      {clinic_id, patient_id}));
  if (rs.rows.empty()) return std::optional<WaitlistEntry>();
  return std::optional<WaitlistEntry>(waitlist_from(rs.rows.front()));
}

}  // namespace physio::store
