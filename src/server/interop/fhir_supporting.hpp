#pragma once
/// The resources an output of the FHIR API references besides the patient's compartment: the Practitioners,
/// the Organization and the Device that $everything and bulk export add so that every reference resolves
/// inside the output (docs/server/fhir.md, "Self-contained outputs").

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "store/tx.hpp"

namespace physio::server {

/// The resources `refs` ("Practitioner/<id>", "Organization/<id>", "Device/physiokit") name in clinic
/// `clinic_id`, for the types in `types`: a clinician of that clinic, the clinic itself, the analysis
/// software. A reference to anything else, or to a user who is not a clinician of the clinic, is skipped.
Result<std::vector<nlohmann::json>> supporting_resources(store::Tx& tx, const std::string& clinic_id,
                                                         const std::vector<std::string>& refs,
                                                         const std::vector<std::string>& types);

}  // namespace physio::server
