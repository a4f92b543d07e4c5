#pragma once
/// The resources an output of the FHIR API references besides the patient's compartment: the Practitioners,
/// the Organization, the Device and the Locations that $everything and bulk export add so that every
/// reference resolves inside the output (docs/server/fhir.md, "Self-contained outputs").

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "store/tx.hpp"

namespace physio::server {

/// The resources `refs` ("Practitioner/<id>", "Organization/<id>", "Device/physiokit", "Location/<id>")
/// name in clinic `clinic_id`, for the types in `types`: a clinician of that clinic, the clinic itself, the
/// analysis software, the clinic's site or one of its rooms (with the site and the Organization a room
/// references, unless `have` lists them: the output holds them already). A reference to anything else, or
/// to a user who is not a clinician of the clinic, is skipped. `follow` false: only what `refs` name (a
/// search's _include), not what those reference in turn.
Result<std::vector<nlohmann::json>> supporting_resources(store::Tx& tx, const std::string& clinic_id,
                                                         const std::vector<std::string>& refs,
                                                         const std::vector<std::string>& types,
                                                         const std::vector<std::string>& have = {},
                                                         bool follow = true);

/// The clinic's Locations: its site (the clinic's id) and one per room its appointments name.
Result<std::vector<nlohmann::json>> clinic_locations(store::Tx& tx, const std::string& clinic_id);

}  // namespace physio::server
