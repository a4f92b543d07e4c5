#include "store/clinic_contact.hpp"

namespace physio::store {

Result<ClinicContactRow> get_clinic_contact(Tx& tx, std::string_view clinic_id) {
  ClinicContactRow out;
  out.contact.name = PHYSIO_TRY(tx.get_clinic(clinic_id)).name;
  auto rs = PHYSIO_TRY(tx.connection().query(
      "SELECT address, phone, emergency_number, updated_by, updated_us FROM clinic_contact WHERE clinic_id = ?",
      {clinic_id}));
  if (!rs.rows.empty()) {
    const auto& r = rs.rows.front();
    out.contact.address = r.text(0);
    out.contact.phone = r.text(1);
    out.contact.emergency_number = r.text(2);
    out.updated_by = r.text(3);
    out.updated_us = r.i64(4);
  }
  return out;
}

Status put_clinic_contact(Tx& tx, std::string_view clinic_id, const clinic::ClinicContact& c,
                          std::string_view user_id) {
  auto clinic = PHYSIO_TRY(tx.get_clinic(clinic_id));
  if (!c.name.empty() && c.name != clinic.name) {
    clinic.name = c.name;
    PHYSIO_TRY(tx.update_clinic_settings(clinic));
  }
  PHYSIO_TRY(tx.connection().query(
      "INSERT INTO clinic_contact (clinic_id, address, phone, emergency_number, updated_by, updated_us) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (clinic_id) DO UPDATE SET address = excluded.address, phone = "
      "excluded.phone, emergency_number = excluded.emergency_number, updated_by = excluded.updated_by, "
      "updated_us = excluded.updated_us",
      {clinic_id, c.address, c.phone, c.emergency_number, user_id, tx.now_us()}));
  return ok();
}

}  // namespace physio::store
