#pragma once
/// A risk flag as the API shows it: the stored row with its body (title, reasons, action, basis, card) and
/// the decision, the patient's name, and the subject in words (the appointment's time, the program's title).

#include <string>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"

namespace physio::server {

nlohmann::json flag_json(const clinic::RiskFlagRow& f, const clinic::Patient* patient);

}  // namespace physio::server
