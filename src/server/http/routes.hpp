#pragma once
/// The route table's entries: every API route declares its method, path, body schema and size limit, whether
/// it needs a session, the permission it checks on the record it loads, what record its {id} names and the
/// audit event it writes. The OpenAPI document and the authorization matrix test are generated from it,
/// so a route cannot exist without its rows there.
///
/// A handler is short: parse -> load -> authorize the loaded record -> call clinic logic -> store ->
/// respond (RequestContext::authorize does the third step and audits a denial).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clinic/access.hpp"
#include "server/http/body_schema.hpp"
#include "server/net/http.hpp"

namespace physio::server {

class RequestContext;

enum class AuthMode {
  kPublic,   ///< no session needed (login, health)
  kSession,  ///< a valid session; writes also need the CSRF header
};

/// What record the route acts on. For routes with an {id}, the authorization matrix makes one of each for
/// "own", "another patient of the same clinic" and "another clinic".
enum class Target {
  kNone,                   ///< nothing of the clinic's (the caller themself, the API description)
  kClinic,                 ///< a clinic-wide record or collection (register a patient, the staff list)
  kPatientList,            ///< the patient list: the whole clinic for staff, their own record for a patient
  kPatient,                ///< {id} is a patient
  kRecording,              ///< {id} is a recording
  kJob,                    ///< {id} is an analysis job
  kAppointment,            ///< {id} is an appointment
  kStaff,                  ///< {id} is a staff login
  kLiveSession,            ///< {id} is a live exercise session
  kProgram,                ///< {id} is a home exercise program
  kProposal,               ///< {id} is a progression proposal
  kOrganization,           ///< {id} is a clinic (FHIR Organization, the Group of its patients)
  kEpisode,                ///< {id} is an episode of care (FHIR Condition, Goal)
  kObservation,            ///< {id} is an observation
  kConsent,                ///< {id} is a consent
  kQuestionnaireResponse,  ///< {id} is a filled-in outcome measure
  kAuditEvent,             ///< {id} is an audit trail sequence number
  kProvenance,             ///< {id} is a FHIR Provenance id ("cs-<consent>", "ob-<observation>",
                           ///< "cp-<program>-<version>")
  kFhirStatic,   ///< {id} names what the server publishes to every signed-in user (Questionnaire, Device)
  kExportJob,    ///< {id} is the caller's own bulk export ("<job>" or "<job>-<file>")
  kNote,         ///< {id} is a SOAP note
  kBodySubject,  ///< no {id}: the body's subject names the patient (FHIR create)
  kRiskFlag,     ///< {id} is a risk flag
  kSmartApp,     ///< {id} is a registered SMART app (client id)
};

/// kForm: application/x-www-form-urlencoded (the OAuth endpoints), read into RequestContext::body as an
/// object of strings; a repeated field is refused; the schema only documents the fields (OAuth ignores
/// unknown ones, RFC 6749 3.1).
enum class BodyKind { kNone, kJson, kUpload, kForm };

/// A query parameter a route's handler reads; the OpenAPI document lists it.
struct QueryParam {
  std::string name;
  std::string description;
  std::string type = "string";  ///< JSON schema type: "string", "integer", "boolean"
  bool required = false;
};

/// What a WebSocket route answers: the session that takes the socket, or the refusal.
using WsAnswer = std::variant<std::shared_ptr<net::WsSession>, net::Response>;

struct Route {
  std::string method;   ///< "GET", "POST", "PATCH", "DELETE"; "WS" for a WebSocket
  std::string pattern;  ///< "/api/patients/{id}"
  std::string summary;  ///< one line for the OpenAPI document
  AuthMode auth = AuthMode::kSession;
  /// The permission checked on the loaded record; nullopt for routes about the caller themself.
  std::optional<clinic::Action> action;
  Target target = Target::kNone;
  BodyKind body = BodyKind::kNone;
  BodySchema schema;           ///< kJson
  std::uint64_t max_body = 0;  ///< 0: the server's max-json-bytes (kJson) or max-upload-bytes (kUpload)
  std::string audit_event;     ///< "patient.read"; "" for routes that touch no patient data
  std::function<net::Response(RequestContext&)> handler;  ///< HTTP routes
  /// An upload's check on its head, before any byte of the body is written under <data>/tmp: loads the
  /// record the upload is for and authorizes it as the handler will, answering what the handler would
  /// (a record out of reach: the same 404 or 403). Unset: only the session and CSRF token are checked.
  std::function<std::optional<net::Response>(RequestContext&)> head_check;
  /// "WS" routes: opens the socket once the session and same-origin checks passed.
  std::function<WsAnswer(RequestContext&)> ws_handler;
  std::vector<QueryParam> query;  ///< the query parameters the handler reads
  /// "application/json" (default), "application/fhir+json", "text/calendar", "text/html", ...: the
  /// media type of a successful answer, for the OpenAPI document.
  std::string produces = "application/json";
};

/// The routes of one clinical context, added by its `add_*_routes` (server/<context>/routes.hpp); the app
/// (server/app/route_table.cpp) puts the contexts' tables together in documentation order.
using RouteTable = std::vector<Route>;

/// Matches `path` against `pattern`; fills {name} parameters. Segments are compared exactly.
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<std::pair<std::string, std::string>>& params);

}  // namespace physio::server
