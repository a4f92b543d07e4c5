// Tx: patients, with search and keyset paging.
#include <algorithm>

#include <fmt/format.h>

#include "clinic/duplicates.hpp"
#include "store/crypto.hpp"
#include "store/cursor.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::Patient;

namespace {

constexpr std::string_view kPatientCursorKind = "patients-v1";
constexpr int kMaxPatientPageSize = 500;

/// "%2%0%3%0": a LIKE pattern for the key's last 4 digits in order, whatever is written between them.
std::string last_digits_pattern(const std::string& key) {
  std::string out = "%";
  for (char c : key.substr(key.size() - 4)) {
    out += c;
    out += '%';
  }
  return out;
}

// Byte order of this key is the list order on both back ends (the column is COLLATE "C"/BINARY).
std::string sort_name(const Patient& p) {
  return rows::ascii_lower(p.family_name) + '\x1f' + rows::ascii_lower(p.given_name);
}

std::string search_text(const Patient& p) {
  return rows::ascii_lower(p.given_name + ' ' + p.family_name + '\n' + p.mrn);
}

}  // namespace

Result<Patient> Tx::create_patient(Patient p) {
  p.id = random_id();
  p.created_us = now_us();
  p.updated_us = p.created_us;
  p.version = 1;
  PHYSIO_TRY(conn_.query(
      "INSERT INTO patients (id, clinic_id, given_name, family_name, birth_date, sex, mrn, email, phone, "
      "language, "
      "time_zone, created_us, updated_us, version, sort_name, search_text, preferred_contact, email_ok, "
      "height_cm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.id, p.clinic_id, p.given_name, p.family_name, p.birth_date, p.sex, p.mrn, p.email, p.phone,
       p.language, p.time_zone, p.created_us, p.updated_us, p.version, sort_name(p), search_text(p),
       p.preferred_contact, std::int64_t{p.email_ok ? 1 : 0}, p.height_cm}));
  return p;
}

Result<Patient> Tx::get_patient(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM patients WHERE clinic_id = ? AND id = ?", rows::kPatientCols),
                  {clinic_id, id}),
      "patient", id, rows::patient_from);
}

Result<Patient> Tx::update_patient(const Patient& p) {
  // The version being replaced is kept (FHIR vread and _history); nothing is copied when `p.version` is
  // not the stored one, and the update below then fails.
  PHYSIO_TRY(conn_.query(
      fmt::format("INSERT INTO patient_versions (patient_id, clinic_id, given_name, family_name, birth_date, "
                  "sex, mrn, email, phone, language, time_zone, created_us, updated_us, version, sort_name, "
                  "preferred_contact, email_ok, height_cm) SELECT {} FROM patients WHERE clinic_id = ? AND "
                  "id = ? AND "
                  "version = ?",
                  rows::kPatientCols),
      {p.clinic_id, p.id, p.version}));
  auto rs = PHYSIO_TRY(conn_.query(
      fmt::format(
          "UPDATE patients SET given_name = ?, family_name = ?, birth_date = ?, sex = ?, mrn = ?, email = ?, "
          "phone = ?, language = ?, time_zone = ?, preferred_contact = ?, email_ok = ?, height_cm = ?, "
          "sort_name = ?, "
          "search_text = ?, updated_us = ?, version = version + 1 WHERE clinic_id = ? AND id = ? AND version "
          "= ? "
          "RETURNING {}",
          rows::kPatientCols),
      {p.given_name, p.family_name, p.birth_date, p.sex, p.mrn, p.email, p.phone, p.language, p.time_zone,
       p.preferred_contact, std::int64_t{p.email_ok ? 1 : 0}, p.height_cm, sort_name(p), search_text(p),
       now_us(), p.clinic_id, p.id, p.version}));
  if (!rs.rows.empty()) return rows::patient_from(rs.rows.front());
  const auto current = PHYSIO_TRY(get_patient(p.clinic_id, p.id));
  return fail(ErrorCode::kInvalidArgument, "patient {} was changed since it was read (version {}, now {})",
              p.id, p.version, current.version);
}

Result<std::vector<Patient>> Tx::list_patient_versions(std::string_view clinic_id, std::string_view id) {
  auto rs = PHYSIO_TRY(conn_.query(
      "SELECT patient_id, clinic_id, given_name, family_name, birth_date, sex, mrn, email, phone, language, "
      "time_zone, created_us, updated_us, version, sort_name, preferred_contact, email_ok, height_cm FROM "
      "patient_versions WHERE clinic_id = ? AND patient_id = ? ORDER BY version DESC",
      {clinic_id, id}));
  std::vector<Patient> out;
  for (const auto& r : rs.rows) out.push_back(rows::patient_from(r));
  return out;
}

Result<Page<Patient>> Tx::list_patients(std::string_view clinic_id, const PatientQuery& q) {
  const int limit = std::clamp(q.limit, 1, kMaxPatientPageSize);
  const std::string search = rows::ascii_lower(q.search);
  const std::string pattern = rows::like_contains(search);
  Result<sql::QueryResult> rs;
  if (q.cursor.empty()) {
    rs = conn_.query(
        fmt::format(
            "SELECT {} FROM patients WHERE clinic_id = ? AND search_text LIKE ? ESCAPE '\\' "
            "AND NOT EXISTS (SELECT 1 FROM patient_tombstones t WHERE t.clinic_id = patients.clinic_id "
            "AND t.patient_id = patients.id) ORDER BY sort_name, id LIMIT ?",
            rows::kPatientCols),
        {clinic_id, pattern, limit + 1});
  } else {
    auto pos = PHYSIO_TRY(decode_cursor(q.cursor, kPatientCursorKind, 4));
    // A cursor made for another clinic or another search is refused, never reinterpreted.
    if (pos[0] != clinic_id || pos[1] != search) {
      return fail(ErrorCode::kInvalidArgument, "invalid paging cursor: it belongs to another query");
    }
    rs = conn_.query(
        fmt::format(
            "SELECT {} FROM patients WHERE clinic_id = ? AND search_text LIKE ? ESCAPE '\\' "
            "AND NOT EXISTS (SELECT 1 FROM patient_tombstones t WHERE t.clinic_id = patients.clinic_id "
            "AND t.patient_id = patients.id) AND (sort_name > ? OR (sort_name = ? AND id > ?)) "
            "ORDER BY sort_name, id LIMIT ?",
            rows::kPatientCols),
        {clinic_id, pattern, pos[2], pos[2], pos[3], limit + 1});
  }
  if (!rs) return std::unexpected(std::move(rs).error());
  Page<Patient> page;
  const auto n = std::min(rs->rows.size(), static_cast<std::size_t>(limit));
  for (std::size_t i = 0; i < n; ++i) page.items.push_back(rows::patient_from(rs->rows[i]));
  if (rs->rows.size() > n) {
    const auto& last = rs->rows[n - 1];
    page.next_cursor =
        encode_cursor(kPatientCursorKind, {std::string(clinic_id), search, last.text(14), last.text(0)});
  }
  return page;
}

Result<std::int64_t> Tx::count_patients(std::string_view clinic_id, std::string_view search) {
  auto rs = PHYSIO_TRY(
      conn_.query("SELECT COUNT(*) FROM patients WHERE clinic_id = ? AND search_text LIKE ? ESCAPE '\\'",
                  {clinic_id, rows::like_contains(rows::ascii_lower(search))}));
  return rs.rows.front().i64(0);
}

Result<std::vector<Patient>> Tx::patients_like(std::string_view clinic_id, const Patient& p) {
  // Empty values match nothing ('' is excluded per field). Phone numbers written the same way match here;
  // written differently they are found below by their last digits and compared by the rule's key.
  const std::string swapped = clinic::swapped_day_month(p.birth_date);
  auto rows = PHYSIO_TRY(rows::all(
      conn_.query(
          fmt::format("SELECT {} FROM patients WHERE clinic_id = ? AND NOT EXISTS (SELECT 1 FROM "
                      "patient_tombstones t WHERE t.clinic_id = patients.clinic_id AND t.patient_id = "
                      "patients.id) AND ((birth_date <> '' AND birth_date IN (?, ?)) OR (mrn <> '' AND "
                      "mrn = ?) OR (email <> '' AND LOWER(email) = ?) OR (phone <> '' AND phone = ?)) "
                      "ORDER BY created_us, id LIMIT 200",
                      rows::kPatientCols),
          {clinic_id, p.birth_date, swapped.empty() ? p.birth_date : swapped, p.mrn,
           rows::ascii_lower(p.email), p.phone}),
      rows::patient_from));
  // Phone numbers written differently ("+44 7700 900123", "07700 900123") are found by their key.
  const std::string key = clinic::phone_key(p.phone);
  if (!key.empty()) {
    auto with_phone = PHYSIO_TRY(rows::all(
        conn_.query(
            fmt::format("SELECT {} FROM patients WHERE clinic_id = ? AND phone LIKE ? ESCAPE '\\' AND "
                        "NOT EXISTS (SELECT 1 FROM patient_tombstones t WHERE t.clinic_id = "
                        "patients.clinic_id AND t.patient_id = patients.id) ORDER BY created_us, id "
                        "LIMIT 200",
                        rows::kPatientCols),
            {clinic_id, last_digits_pattern(key)}),
        rows::patient_from));
    for (auto& q : with_phone) {
      if (clinic::phone_key(q.phone) != key) continue;
      bool seen = false;
      for (const auto& r : rows) seen = seen || r.id == q.id;
      if (!seen) rows.push_back(std::move(q));
    }
  }
  return rows;
}

}  // namespace physio::store
