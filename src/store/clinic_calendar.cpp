// A clinic's closed days, the dates a series left out, and the freed times offered to the waiting list.
#include "store/clinic_calendar.hpp"

#include <map>

#include <fmt/format.h>

#include "store/rows.hpp"

namespace physio::store {
namespace {

constexpr std::string_view kOfferCols =
    "clinic_id, appointment_id, entry_id, patient_id, clinician_id, start_us, duration_min, status, "
    "created_us";

WaitlistOffer offer_from(const sql::Row& r) {
  return {.clinic_id = r.text(0),
          .appointment_id = r.text(1),
          .entry_id = r.text(2),
          .patient_id = r.text(3),
          .clinician_id = r.text(4),
          .start_us = r.i64(5),
          .duration_min = r.i64(6),
          .status = r.text(7),
          .created_us = r.i64(8)};
}

}  // namespace

Result<std::vector<ClosureRow>> list_closures(Tx& tx, std::string_view clinic_id, std::int64_t from_day,
                                              std::int64_t to_day) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT day, reason, created_by, created_us FROM clinic_closures WHERE clinic_id = ? AND day >= ? AND "
      "day <= ? ORDER BY day",
      {clinic_id, from_day, to_day}));
  std::vector<ClosureRow> out;
  for (const auto& r : rs.rows) out.push_back({r.i64(0), r.text(1), r.text(2), r.i64(3)});
  return out;
}

Status replace_closures(Tx& tx, std::string_view clinic_id, const std::vector<ClosureRow>& days,
                        std::string_view by_user) {
  std::map<std::int64_t, ClosureRow> before;
  for (auto& c : PHYSIO_TRY(list_closures(tx, clinic_id))) before.emplace(c.day, std::move(c));
  PHYSIO_TRY(tx.connection().query("DELETE FROM clinic_closures WHERE clinic_id = ?", {clinic_id}));
  for (const auto& c : days) {
    ClosureRow row{c.day, c.reason, std::string(by_user), tx.now_us()};
    if (auto it = before.find(c.day); it != before.end() && it->second.reason == c.reason) row = it->second;
    PHYSIO_TRY(tx.connection().query(
        "INSERT INTO clinic_closures (clinic_id, day, reason, created_by, created_us) VALUES (?, ?, ?, ?, ?)",
        {clinic_id, row.day, row.reason, row.created_by, row.created_us}));
  }
  return ok();
}

Status put_series(Tx& tx, SeriesRow s) {
  if (s.created_us == 0) s.created_us = tx.now_us();
  PHYSIO_TRY(tx.connection().query(
      "INSERT INTO appointment_series (clinic_id, id, patient_id, skipped, created_by, created_us) VALUES "
      "(?, ?, ?, ?, ?, ?)",
      {s.clinic_id, s.id, s.patient_id, s.skipped_json, s.created_by, s.created_us}));
  return ok();
}

Result<std::optional<SeriesRow>> get_series(Tx& tx, std::string_view clinic_id, std::string_view series_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT clinic_id, id, patient_id, skipped, created_by, created_us FROM appointment_series WHERE "
      "clinic_id = ? AND id = ?",
      {clinic_id, series_id}));
  if (rs.rows.empty()) return std::optional<SeriesRow>();
  const auto& r = rs.rows.front();
  return std::optional<SeriesRow>(SeriesRow{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.i64(5)});
}

Result<std::vector<clinic::Appointment>> series_appointments(Tx& tx, std::string_view clinic_id,
                                                             std::string_view series_id) {
  return rows::all(
      tx.connection().query(fmt::format("SELECT {} FROM appointments WHERE clinic_id = ? AND series_id = ? "
                                        "ORDER BY start_us, id",
                                        rows::kAppointmentCols),
                            {clinic_id, series_id}),
      rows::appointment_from);
}

Result<bool> create_waitlist_offer(Tx& tx, WaitlistOffer o) {
  o.created_us = tx.now_us();
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("INSERT INTO waitlist_offers ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                  "(clinic_id, appointment_id) DO NOTHING RETURNING appointment_id",
                  kOfferCols),
      {o.clinic_id, o.appointment_id, o.entry_id, o.patient_id, o.clinician_id, o.start_us, o.duration_min,
       o.status, o.created_us}));
  return !rs.rows.empty();
}

Result<std::vector<WaitlistOffer>> pending_waitlist_offers(Tx& tx, int limit) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format(
          "SELECT {} FROM waitlist_offers WHERE status = 'pending' ORDER BY created_us, appointment_id "
          "LIMIT ?",
          kOfferCols),
      {std::int64_t{limit}}));
  std::vector<WaitlistOffer> out;
  for (const auto& r : rs.rows) out.push_back(offer_from(r));
  return out;
}

Result<bool> set_waitlist_offer_status(Tx& tx, std::string_view clinic_id, std::string_view appointment_id,
                                       std::string_view from, std::string_view to) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE waitlist_offers SET status = ? WHERE clinic_id = ? AND appointment_id = ? AND status = ? "
      "RETURNING appointment_id",
      {to, clinic_id, appointment_id, from}));
  return !rs.rows.empty();
}

Result<std::vector<WaitlistOffer>> patient_waitlist_offers(Tx& tx, std::string_view clinic_id,
                                                           std::string_view patient_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM waitlist_offers WHERE clinic_id = ? AND patient_id = ? ORDER BY created_us "
                  "DESC, appointment_id",
                  kOfferCols),
      {clinic_id, patient_id}));
  std::vector<WaitlistOffer> out;
  for (const auto& r : rs.rows) out.push_back(offer_from(r));
  return out;
}

}  // namespace physio::store
