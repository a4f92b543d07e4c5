#pragma once
/// The clinic's contact as its patients read it (migration 0030, docs/server/clinic-contact.md): the name is
/// the clinic's own (table clinics), the address, telephone and emergency numbers are one row per clinic.

#include <string>
#include <string_view>

#include "clinic/clinic_contact.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct ClinicContactRow {
  clinic::ClinicContact contact;
  std::string updated_by{};  ///< user id; "" when never set
  TimeUs updated_us = 0;     ///< 0 when never set
};

/// The clinic's name with its contact row (empty fields when none was set).
Result<ClinicContactRow> get_clinic_contact(Tx& tx, std::string_view clinic_id);

/// Sets the clinic's name and contact, by `user_id`, at the transaction's time.
Status put_clinic_contact(Tx& tx, std::string_view clinic_id, const clinic::ClinicContact& c,
                          std::string_view user_id);

}  // namespace physio::store
