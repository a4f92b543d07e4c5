#pragma once
/// What the FHIR routes and the privacy export share: the base URL, FHIR responses and OperationOutcome
/// errors (also for the app's answers on /fhir paths), and loading the rows of a patient's compartment.
/// Which rows make which resources, and who sees what, is the fhir module's (fhir/compartment.hpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/access.hpp"
#include "clinic/records.hpp"
#include "core/error.hpp"
#include "fhir/compartment.hpp"
#include "fhir/outcome.hpp"
#include "fhir/search.hpp"
#include "server/http/context.hpp"
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

/// Every resource of `type` in patient `p`'s compartment that `who` may read: the rows loaded, then
/// fhir::compartment_resources. `p` must already be authorized for `who`. `without_fhir_reads`: the
/// audit events of reads made through the FHIR API are left out by the store's query
/// (fhir::records_a_fhir_read), so the newest 10,000 events a patient's compartment holds are the others.
Result<std::vector<fhir::SearchItem>> load_compartment(store::Tx& tx, const clinic::Patient& p,
                                                       std::string_view type, const clinic::Principal& who,
                                                       bool without_fhir_reads = false);

}  // namespace physio::server
