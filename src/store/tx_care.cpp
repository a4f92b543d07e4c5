// Tx: episodes of care, consents and appointments.
#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::Appointment;
using clinic::Consent;
using clinic::Episode;

Result<Episode> Tx::create_episode(Episode e) {
  e.id = random_id();
  e.created_us = now_us();
  e.updated_us = e.created_us;
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO episodes ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  rows::kEpisodeCols),
      {e.id, e.clinic_id, e.patient_id, e.status, e.referral_source, e.referral_date, e.icd10_code,
       e.condition_text, e.side, e.onset_date, e.surgery_date, e.goals, e.created_us, e.updated_us}));
  return e;
}

Result<Episode> Tx::get_episode(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM episodes WHERE clinic_id = ? AND id = ?", rows::kEpisodeCols),
                  {clinic_id, id}),
      "episode", id, rows::episode_from);
}

Result<std::vector<Episode>> Tx::list_episodes(std::string_view clinic_id, std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM episodes WHERE clinic_id = ? AND patient_id = ? "
                                           "ORDER BY created_us, id",
                                           rows::kEpisodeCols),
                               {clinic_id, patient_id}),
                   rows::episode_from);
}

Result<std::vector<Episode>> Tx::list_clinic_episodes(std::string_view clinic_id) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM episodes WHERE clinic_id = ? ORDER BY created_us, id",
                              rows::kEpisodeCols),
                  {clinic_id}),
      rows::episode_from);
}

Result<Episode> Tx::update_episode(const Episode& e) {
  return rows::single(
      conn_.query(
          fmt::format(
              "UPDATE episodes SET status = ?, referral_source = ?, referral_date = ?, icd10_code = ?, "
              "condition_text = ?, side = ?, onset_date = ?, surgery_date = ?, goals = ?, "
              "updated_us = ? WHERE clinic_id = ? AND id = ? RETURNING {}",
              rows::kEpisodeCols),
          {e.status, e.referral_source, e.referral_date, e.icd10_code, e.condition_text, e.side, e.onset_date,
           e.surgery_date, e.goals, now_us(), e.clinic_id, e.id}),
      "episode", e.id, rows::episode_from);
}

Result<Consent> Tx::create_consent(Consent c) {
  c.id = random_id();
  if (c.recorded_us == 0) c.recorded_us = now_us();
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO consents ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows::kConsentCols),
      {c.id, c.clinic_id, c.patient_id, c.kind, c.status, c.recorded_by, c.recorded_us, c.note, c.method,
       c.text_version}));
  return c;
}

Result<Consent> Tx::get_consent(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM consents WHERE clinic_id = ? AND id = ?", rows::kConsentCols),
                  {clinic_id, id}),
      "consent", id, rows::consent_from);
}

Result<std::vector<Consent>> Tx::list_consents(std::string_view clinic_id, std::string_view patient_id) {
  return rows::all(conn_.query(fmt::format("SELECT {} FROM consents WHERE clinic_id = ? AND patient_id = ? "
                                           "ORDER BY recorded_us, id",
                                           rows::kConsentCols),
                               {clinic_id, patient_id}),
                   rows::consent_from);
}

Result<Consent> Tx::update_consent(const Consent& c) {
  return rows::single(
      conn_.query(fmt::format("UPDATE consents SET status = ?, note = ?, recorded_by = ?, recorded_us = ? "
                              "WHERE clinic_id = ? AND id = ? RETURNING {}",
                              rows::kConsentCols),
                  {c.status, c.note, c.recorded_by, c.recorded_us == 0 ? now_us() : c.recorded_us,
                   c.clinic_id, c.id}),
      "consent", c.id, rows::consent_from);
}

namespace {

Status insert_appointment_row(sql::Connection& conn, const Appointment& a) {
  PHYSIO_TRY(conn.query(
      fmt::format("INSERT INTO appointments ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  rows::kAppointmentCols),
      {a.id, a.clinic_id, a.patient_id, a.practitioner_id, a.start_us, a.duration_min, a.status, a.reason,
       a.created_us, a.updated_us, a.room, a.type_code, a.cancel_reason, a.series_id, a.booked_by,
       std::int64_t{a.back_entry ? 1 : 0}}));
  return ok();
}

}  // namespace

Result<Appointment> Tx::create_appointment(Appointment a) {
  a.id = random_id();
  a.created_us = now_us();
  a.updated_us = a.created_us;
  PHYSIO_CHECK(insert_appointment_row(conn_, a));
  return a;
}

Result<Appointment> Tx::import_appointment(Appointment a) {
  a.id = random_id();
  if (a.created_us == 0) a.created_us = now_us();
  if (a.updated_us < a.created_us) a.updated_us = a.created_us;
  PHYSIO_CHECK(insert_appointment_row(conn_, a));
  return a;
}

Result<Appointment> Tx::get_appointment(std::string_view clinic_id, std::string_view id) {
  return rows::single(conn_.query(fmt::format("SELECT {} FROM appointments WHERE clinic_id = ? AND id = ?",
                                              rows::kAppointmentCols),
                                  {clinic_id, id}),
                      "appointment", id, rows::appointment_from);
}

Result<std::vector<Appointment>> Tx::list_appointments(std::string_view clinic_id,
                                                       std::string_view patient_id) {
  return rows::all(
      conn_.query(fmt::format("SELECT {} FROM appointments WHERE clinic_id = ? AND patient_id = ? "
                              "ORDER BY start_us, id",
                              rows::kAppointmentCols),
                  {clinic_id, patient_id}),
      rows::appointment_from);
}

Result<Appointment> Tx::update_appointment(const Appointment& a) {
  return rows::single(
      conn_.query(
          fmt::format(
              "UPDATE appointments SET practitioner_id = ?, start_us = ?, duration_min = ?, status = ?, "
              "reason = ?, updated_us = ?, room = ?, type_code = ?, cancel_reason = ?, back_entry = ? "
              "WHERE clinic_id = ? AND id = ? RETURNING {}",
              rows::kAppointmentCols),
          {a.practitioner_id, a.start_us, a.duration_min, a.status, a.reason, now_us(), a.room, a.type_code,
           a.cancel_reason, std::int64_t{a.back_entry ? 1 : 0}, a.clinic_id, a.id}),
      "appointment", a.id, rows::appointment_from);
}

}  // namespace physio::store
