// Tx: patients, with search and keyset paging.
#include <algorithm>

#include <fmt/format.h>

#include "store/crypto.hpp"
#include "store/cursor.hpp"
#include "store/rows.hpp"
#include "store/tx.hpp"

namespace physio::store {

using clinic::Patient;

namespace {

constexpr std::string_view kCursorKind = "patients-v1";
constexpr int kMaxPageSize = 500;

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
      "time_zone, created_us, updated_us, version, sort_name, search_text) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.id, p.clinic_id, p.given_name, p.family_name, p.birth_date, p.sex, p.mrn, p.email, p.phone,
       p.language, p.time_zone, p.created_us, p.updated_us, p.version, sort_name(p), search_text(p)}));
  return p;
}

Result<Patient> Tx::get_patient(std::string_view clinic_id, std::string_view id) {
  return rows::single(
      conn_.query(fmt::format("SELECT {} FROM patients WHERE clinic_id = ? AND id = ?", rows::kPatientCols),
                  {clinic_id, id}),
      "patient", id, rows::patient_from);
}

Result<Patient> Tx::update_patient(const Patient& p) {
  auto rs = PHYSIO_TRY(conn_.query(
      fmt::format(
          "UPDATE patients SET given_name = ?, family_name = ?, birth_date = ?, sex = ?, mrn = ?, email = ?, "
          "phone = ?, language = ?, time_zone = ?, sort_name = ?, search_text = ?, updated_us = ?, "
          "version = version + 1 WHERE clinic_id = ? AND id = ? AND version = ? RETURNING {}",
          rows::kPatientCols),
      {p.given_name, p.family_name, p.birth_date, p.sex, p.mrn, p.email, p.phone, p.language, p.time_zone,
       sort_name(p), search_text(p), now_us(), p.clinic_id, p.id, p.version}));
  if (!rs.rows.empty()) return rows::patient_from(rs.rows.front());
  const auto current = PHYSIO_TRY(get_patient(p.clinic_id, p.id));
  return fail(ErrorCode::kInvalidArgument, "patient {} was changed since it was read (version {}, now {})",
              p.id, p.version, current.version);
}

Result<Page<Patient>> Tx::list_patients(std::string_view clinic_id, const PatientQuery& q) {
  const int limit = std::clamp(q.limit, 1, kMaxPageSize);
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
    auto pos = PHYSIO_TRY(decode_cursor(q.cursor, kCursorKind, 4));
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
        encode_cursor(kCursorKind, {std::string(clinic_id), search, last.text(14), last.text(0)});
  }
  return page;
}

Result<std::int64_t> Tx::count_patients(std::string_view clinic_id, std::string_view search) {
  auto rs = PHYSIO_TRY(
      conn_.query("SELECT COUNT(*) FROM patients WHERE clinic_id = ? AND search_text LIKE ? ESCAPE '\\'",
                  {clinic_id, rows::like_contains(rows::ascii_lower(search))}));
  return rs.rows.front().i64(0);
}

}  // namespace physio::store
