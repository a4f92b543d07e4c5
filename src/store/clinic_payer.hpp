#pragma once
/// A clinic's payer rules (migration 0026, docs/server/notes.md "The clinic's payer rules"): which billing
/// and re-certification rules its notes follow. "" (none, the default) or "us_medicare" (a clinic in the
/// United States billing Medicare: progress-report and plan-of-care re-certification reminders).

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/tx.hpp"

namespace physio::store {

/// The payer rules a clinic may have: "" and "us_medicare".
inline constexpr std::string_view kPayerRules[] = {"", "us_medicare"};

/// What is wrong with `payer` in words ("" when it is one of kPayerRules).
std::string payer_problem(std::string_view payer);

/// The clinic's payer rules; kNotFound for no such clinic.
Result<std::string> get_clinic_payer(Tx& tx, std::string_view clinic_id);
/// Sets them (kInvalidArgument for a value not in kPayerRules, kNotFound for no such clinic).
Status set_clinic_payer(Tx& tx, std::string_view clinic_id, std::string_view payer);

}  // namespace physio::store
