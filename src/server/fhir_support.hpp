#pragma once
/// What the FHIR routes (api_fhir*.cpp) share: the base URL, FHIR responses and OperationOutcome errors,
/// which permission reads each resource type, and loading a patient's compartment as FHIR resources.
/// The mapping itself is the fhir module; this file only loads records and asks clinic::decide.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/access.hpp"
#include "clinic/records.hpp"
#include "core/error.hpp"
#include "fhir/outcome.hpp"
#include "fhir/search.hpp"
#include "server/context.hpp"
#include "store/tx.hpp"

namespace physio::server {

/// "http(s)://<host>/fhir" of this request (https unless the server runs without secure cookies).
std::string fhir_base(const RequestContext& ctx);

/// A FHIR JSON answer (application/fhir+json).
net::Response fhir_ok(const nlohmann::json& body, int status = 200);
net::Response fhir_problem(const fhir::Problem& p);
/// An API error answer ({"error","message","field"}) rewritten as an OperationOutcome for /fhir paths;
/// other answers are returned unchanged.
net::Response as_fhir_error(net::Response r);

/// The permission that reads resources of `type`; nullopt for types that hold no clinic data
/// (Questionnaire, Device, CodeSystem).
std::optional<clinic::Action> read_action(std::string_view type);

/// Every resource of `type` in patient `p`'s compartment that `who` may read (Patient: the patient; a
/// Provenance only when its target may be read). `p` must already be authorized for `who`.
Result<std::vector<fhir::SearchItem>> load_compartment(store::Tx& tx, const clinic::Patient& p,
                                                       std::string_view type, const clinic::Principal& who);

/// The compartment types, in the order $everything and bulk export list them.
const std::vector<std::string>& compartment_types();

/// The Provenance resources whose target is one of `targets`, from their patients' compartments.
std::vector<nlohmann::json> provenance_for(const std::vector<fhir::SearchItem>& provenance,
                                           const std::vector<const nlohmann::json*>& targets);

}  // namespace physio::server
