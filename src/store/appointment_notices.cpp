#include "store/appointment_notices.hpp"

#include <fmt/format.h>

#include "store/rows.hpp"

namespace physio::store {

Result<std::vector<clinic::Appointment>> appointments_changed_since(Tx& tx, TimeUs since_us, int limit) {
  return rows::all(
      tx.connection().query(
          fmt::format("SELECT {} FROM appointments a WHERE a.updated_us >= ? AND NOT EXISTS (SELECT 1 FROM "
                      "appointment_notices n WHERE n.clinic_id = a.clinic_id AND n.appointment_id = a.id AND "
                      "n.kind = 'change' AND n.about_us = a.updated_us) ORDER BY a.updated_us, a.id LIMIT ?",
                      rows::kAppointmentCols),
          {since_us, std::int64_t{limit}}),
      rows::appointment_from);
}

Result<std::vector<clinic::Appointment>> appointments_due_reminder(Tx& tx, TimeUs from_us, TimeUs to_us,
                                                                   int limit) {
  return rows::all(
      tx.connection().query(
          fmt::format(
              "SELECT {} FROM appointments a WHERE a.status = 'booked' AND a.start_us >= ? AND a.start_us < "
              "? AND NOT EXISTS (SELECT 1 FROM appointment_notices n WHERE n.clinic_id = a.clinic_id AND "
              "n.appointment_id = a.id AND n.kind = 'reminder' AND n.about_us = a.start_us) ORDER BY "
              "a.start_us, a.id LIMIT ?",
              rows::kAppointmentCols),
          {from_us, to_us, std::int64_t{limit}}),
      rows::appointment_from);
}

Result<bool> claim_appointment_notice(Tx& tx, const clinic::Appointment& a, std::string_view kind,
                                      TimeUs about_us, std::string_view status, TimeUs now_us) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "INSERT INTO appointment_notices (clinic_id, appointment_id, kind, about_us, status, decided_us) "
      "VALUES "
      "(?, ?, ?, ?, ?, ?) ON CONFLICT (clinic_id, appointment_id, kind, about_us) DO NOTHING RETURNING "
      "appointment_id",
      {a.clinic_id, a.id, kind, about_us, status, now_us}));
  return !rs.rows.empty();
}

Status finish_appointment_notice(Tx& tx, const clinic::Appointment& a, std::string_view kind, TimeUs about_us,
                                 std::string_view status) {
  PHYSIO_TRY(tx.connection().query(
      "UPDATE appointment_notices SET status = ? WHERE clinic_id = ? AND appointment_id = ? AND kind = ? AND "
      "about_us = ?",
      {status, a.clinic_id, a.id, kind, about_us}));
  return ok();
}

Result<std::string> appointment_notice_status(Tx& tx, std::string_view clinic_id,
                                              std::string_view appointment_id, std::string_view kind,
                                              TimeUs about_us) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT status FROM appointment_notices WHERE clinic_id = ? AND appointment_id = ? AND kind = ? AND "
      "about_us = ?",
      {clinic_id, appointment_id, kind, about_us}));
  return rs.rows.empty() ? std::string() : rs.rows.front().text(0);
}

}  // namespace physio::store
