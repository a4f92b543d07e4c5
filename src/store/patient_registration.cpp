#include "store/patient_registration.hpp"

#include <fmt/format.h>

namespace physio::store {
namespace {

std::string column_list() {
  std::string out;
  for (const auto& f : clinic::registration_fields())
    out += std::string(out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

}  // namespace

Result<RegistrationRow> get_patient_registration(Tx& tx, std::string_view clinic_id,
                                                 std::string_view patient_id) {
  RegistrationRow out;
  const auto fields = clinic::registration_fields();
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {}, updated_by, updated_us FROM patient_registration WHERE clinic_id = ? AND "
                  "patient_id = ?",
                  column_list()),
      {clinic_id, patient_id}));
  if (rs.rows.empty()) return out;
  const auto& r = rs.rows.front();
  for (std::size_t i = 0; i < fields.size(); ++i) out.details.*(fields[i].member) = r.text(i);
  out.updated_by = r.text(fields.size());
  out.updated_us = r.i64(fields.size() + 1);
  return out;
}

Status put_patient_registration(Tx& tx, std::string_view clinic_id, std::string_view patient_id,
                                const clinic::Registration& r, std::string_view user_id) {
  const auto fields = clinic::registration_fields();
  std::string marks, updates;
  std::vector<sql::Value> params{std::string(clinic_id), std::string(patient_id)};
  for (const auto& f : fields) {
    marks += ", ?";
    updates += fmt::format("{} = excluded.{}, ", f.name, f.name);
    params.emplace_back(r.*(f.member));
  }
  params.emplace_back(std::string(user_id));
  params.emplace_back(tx.now_us());
  PHYSIO_TRY(tx.connection().query(
      fmt::format(
          "INSERT INTO patient_registration (clinic_id, patient_id, {}, updated_by, updated_us) VALUES "
          "(?, ?{}, ?, ?) ON CONFLICT (clinic_id, patient_id) DO UPDATE SET {}updated_by = "
          "excluded.updated_by, updated_us = excluded.updated_us",
          column_list(), marks, updates),
      params));
  return ok();
}

}  // namespace physio::store
