#pragma once
/// A patient's registration details (migration 0034, clinic/registration.hpp): one row per patient, none
/// until something is recorded. Erased with the record (tx_privacy.cpp).

#include <string>
#include <string_view>

#include "clinic/registration.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct RegistrationRow {
  clinic::Registration details;
  std::string updated_by{};  ///< user id; "" when nothing was recorded
  TimeUs updated_us = 0;     ///< 0 when nothing was recorded
};

/// The patient's details (every field "" when none were recorded).
Result<RegistrationRow> get_patient_registration(Tx& tx, std::string_view clinic_id,
                                                 std::string_view patient_id);

/// Replaces the patient's details, by `user_id`, at the transaction's time.
Status put_patient_registration(Tx& tx, std::string_view clinic_id, std::string_view patient_id,
                                const clinic::Registration& r, std::string_view user_id);

}  // namespace physio::store
