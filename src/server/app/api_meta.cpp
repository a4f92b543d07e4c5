// The API about itself: its OpenAPI document and the exercise library a recording can name.
#include <cmath>
#include <set>

#include "exercise/framing.hpp"
#include "exercise/library.hpp"
#include "exercise/patient_words.hpp"
#include "illustrate/figure_svg.hpp"
#include "rehab/program.hpp"
#include "rehab/program_diff.hpp"
#include "rehab/program_rows.hpp"
#include "server/app/openapi.hpp"
#include "server/app/openapi_responses.hpp"
#include "server/app/route_table.hpp"
#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/rehab/clinic_exercise_json.hpp"
#include "store/clinic_exercises.hpp"
#include "store/exercise_videos.hpp"

namespace physio::server {
namespace {

// Joints by their common names (GET /api/exercises: `joints`, `framing`, `framing_required`).
nlohmann::json joint_names(const std::vector<kin::Joint>& joints) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto j : joints) out.push_back(kin::joint_name(j));
  return out;
}

std::string openapi_path(const std::string& pattern) {
  return pattern;  // OpenAPI uses the same {name} templates
}

std::string operation_id(const Route& r) {
  std::string id = r.method;
  for (char c : r.pattern) id.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return id;
}

std::filesystem::path figures_dir() {
  auto dir = exercise::default_library_dir();
  return dir ? illustrate::figures_dir_beside(*dir) : std::filesystem::path();
}

bool has_figure(const std::string& id) {
  std::error_code ec;
  return std::filesystem::is_regular_file(figures_dir() / (id + ".json"), ec);
}

// GET /api/exercises/{id}/figure.svg: the exercise's figure (docs/metrics/figures.md), start and end postures
// or, with animated=true, one repetition moving; side=left draws a one-sided exercise worked on the left.
net::Response exercise_figure(RequestContext& ctx) {
  auto ex = exercise::find_exercise(ctx.param("id"));
  if (!ex) return api_error(404, "not_found", "no such exercise");
  const exercise::Exercise& e = **ex;
  auto spec = illustrate::load_figure_spec(figures_dir(), e.id);
  if (!spec) return api_error(404, "not_found", "this exercise has no figure");
  const std::string animated = ctx.query("animated").value_or("false");
  const std::string side = ctx.query("side").value_or("");
  if (animated != "true" && animated != "false")
    return api_error(400, "invalid_query", "animated must be true or false", "animated");
  if (!side.empty() && side != "left" && side != "right")
    return api_error(400, "invalid_query", "side must be left or right", "side");
  if (e.laterality == exercise::Laterality::kUnilateral && !side.empty() &&
      (side == "left") != spec->working_left)
    *spec = illustrate::mirrored(*spec);
  const double rep_s = std::sqrt(e.tempo_min_s * e.tempo_max_s) + e.hold_s;
  net::Response resp;
  resp.body = animated == "true" ? illustrate::figure_svg_animation(*spec, e.name, rep_s)
                                 : illustrate::figure_svg_frames(*spec, e.name);
  resp.headers.push_back({"content-type", "image/svg+xml; charset=utf-8"});
  resp.headers.push_back({"cache-control", "private, max-age=3600"});
  return resp;
}

net::Response exercises(RequestContext& ctx) {
  auto lib = exercise::default_library();
  if (!lib) return api_error(503, "unavailable", "the exercise library could not be loaded");
  // The clinic's own demonstration videos (docs/server/exercise-videos.md).
  auto videos = ctx.services.store().read(
      [&](store::Tx& tx) { return store::list_exercise_videos(tx, ctx.principal().clinic_id); });
  if (!videos) return store_error(videos.error());
  auto has_video = [&](const std::string& id) {
    return std::any_of(videos->begin(), videos->end(), [&](const auto& v) { return v.exercise_id == id; });
  };
  auto media_of = [&](const std::string& id) {
    for (const auto& v : *videos)
      if (v.exercise_id == id) return v.media_type;
    return std::string();
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& ex : (*lib)->exercises) {
    nlohmann::json joints = nlohmann::json::array();
    for (const auto j : ex.joints) joints.push_back(kin::joint_name(j));
    const nlohmann::json framing = joint_names(exercise::framing_joints(ex));
    const nlohmann::json framing_required = joint_names(exercise::framing_required_joints(ex));
    // The exercise's own form cues, as the patient hears them (each once).
    // Every camera view the exercise is assessed from (the preferred first) and why.
    nlohmann::json views = nlohmann::json::array();
    for (const auto v : ex.views) views.push_back(exercise::view_name(v));
    if (views.empty()) views.push_back(exercise::view_name(ex.view));
    nlohmann::json cues = nlohmann::json::array();
    for (const auto& r : ex.rules) {
      bool seen = false;
      for (const auto& c : cues) seen |= c["text"] == r.cue;
      if (!seen && !r.cue.empty())
        cues.push_back({{"text", r.cue}, {"severity", exercise::severity_name(r.severity)}});
    }
    const rehab::Dosage dose = rehab::default_dosage(ex.kind == exercise::ExerciseKind::kHold, ex.hold_s);
    out.push_back({{"id", ex.id},
                   {"name", ex.name},
                   {"description", ex.description},
                   {"body_region", ex.body_region},
                   {"position", ex.position},
                   {"position_words", std::string(exercise::position_words(ex.position))},
                   {"default_dosage", rehab::to_json(dose)},
                   {"clinic", false},
                   {"retired", false},
                   {"equipment", ex.equipment},
                   {"view", exercise::view_name(ex.view)},
                   {"views", views},
                   {"views_reason", ex.views_reason},
                   {"laterality", exercise::laterality_name(ex.laterality)},
                   {"kind", exercise::kind_name(ex.kind)},
                   {"hold_s", ex.hold_s},
                   {"joints", joints},
                   {"framing", framing},
                   {"framing_required", framing_required},
                   {"primary_angle", ex.primary_angle},
                   {"cues", cues},
                   {"contraindications", ex.contraindications},
                   {"figure", has_figure(ex.id)},
                   {"video", has_video(ex.id)},
                   {"media_type", media_of(ex.id)}});
  }
  // The clinic's own exercises (docs/server/clinic-exercises.md), beside the library's: for staff all of them
  // (retired ones marked, for the programs that still name them); for a patient those prescribed to them.
  auto own = ctx.services.store().read([&](store::Tx& tx) -> Result<std::vector<store::ClinicExerciseRow>> {
    auto rows = PHYSIO_TRY(store::list_clinic_exercises(tx, ctx.principal().clinic_id));
    const auto& patient = ctx.principal().patient_id;
    if (ctx.principal().role != clinic::Role::kPatient) return rows;
    std::set<std::string> prescribed;
    if (patient)
      for (const auto& p : PHYSIO_TRY(tx.list_programs(ctx.principal().clinic_id, *patient)))
        if (auto program = rehab::program_of(p))
          for (const auto& rx : program->prescriptions) prescribed.insert(rx.exercise_id);
    std::erase_if(rows, [&](const auto& r) { return !prescribed.contains(r.id); });
    return rows;
  });
  if (!own) return store_error(own.error());
  for (const auto& r : *own) {
    nlohmann::json j = clinic_exercise_json(r);
    const exercise::Exercise* measured = measured_definition(r);
    nlohmann::json cues = nlohmann::json::array();
    if (measured)
      for (const auto& rule : measured->rules) {
        bool seen = false;
        for (const auto& c : cues) seen |= c["text"] == rule.cue;
        if (!seen && !rule.cue.empty())
          cues.push_back({{"text", rule.cue}, {"severity", exercise::severity_name(rule.severity)}});
      }
    j["description"] = steps_text(r);
    j["body_region"] = measured ? measured->body_region : "";
    j["equipment"] = nlohmann::json::array();
    j["view"] = measured ? std::string(exercise::view_name(measured->view)) : "any";
    j["views"] = nlohmann::json::array({j["view"]});
    j["views_reason"] = measured ? measured->views_reason : "";
    j["laterality"] = measured ? std::string(exercise::laterality_name(measured->laterality)) : "central";
    j["hold_s"] = r.kind == "hold" ? r.hold_s : 0.0;
    j["joints"] = nlohmann::json::array();
    j["framing"] = measured ? joint_names(exercise::framing_joints(*measured)) : nlohmann::json::array();
    j["framing_required"] =
        measured ? joint_names(exercise::framing_required_joints(*measured)) : nlohmann::json::array();
    j["primary_angle"] = measured ? measured->primary_angle : "";
    j["measured"] = measured != nullptr;
    j["cues"] = cues;
    j["contraindications"] = r.cautions;
    j["figure"] = false;
    j["clinic"] = true;
    j["video"] = has_video(r.id);
    j["media_type"] = media_of(r.id);
    out.push_back(std::move(j));
  }
  return json_ok(out);
}

}  // namespace

nlohmann::json openapi_document() {
  using json = nlohmann::json;
  json paths = json::object();
  for (const auto& r : api_routes()) {
    // Errors: {error, message, field} (api_error), or an OperationOutcome on the FHIR routes.
    const bool fhir = r.produces == "application/fhir+json" ||
                      (r.pattern.starts_with("/fhir/") && r.produces != "application/json");
    auto error_response = [&](const char* description) {
      const json schema = {
          {"$ref", fhir ? "#/components/schemas/OperationOutcome" : "#/components/schemas/Error"}};
      return json{{"description", description},
                  {"content", {{fhir ? "application/fhir+json" : "application/json", {{"schema", schema}}}}}};
    };
    // OpenAPI 3.1 has no WebSocket operations: a socket is its upgrading GET, answered 101.
    const bool ws = r.method == "WS";
    std::string method = ws ? "GET" : r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json op = {{"summary", r.summary}, {"operationId", operation_id(r)}};
    json params = json::array();
    for (std::size_t i = r.pattern.find('{'); i != std::string::npos; i = r.pattern.find('{', i + 1)) {
      const auto j = r.pattern.find('}', i);
      params.push_back({{"name", r.pattern.substr(i + 1, j - i - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    for (const auto& q : r.query)
      params.push_back({{"name", q.name},
                        {"in", "query"},
                        {"required", q.required},
                        {"description", q.description},
                        {"schema", {{"type", q.type}}}});
    if (!params.empty()) op["parameters"] = params;
    if (r.body == BodyKind::kJson)
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", to_json_schema(r.schema)}}}}}};
    if (r.body == BodyKind::kForm)
      op["requestBody"] = {
          {"required", true},
          {"content", {{"application/x-www-form-urlencoded", {{"schema", to_json_schema(r.schema)}}}}}};
    if (r.body == BodyKind::kUpload)
      op["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    // Success: the route's media type; a JSON answer's schema comes from openapi_responses*.cpp (a route
    // without one is a test failure; it is then only "an object or an array").
    const bool json_answer = r.produces == "application/json" || r.produces == "application/fhir+json";
    const auto declared = json_answer ? response_schema(r.method, r.pattern) : std::nullopt;
    json ok_schema = declared      ? *declared
                     : json_answer ? json{{"type", json::array({"object", "array"})}}
                                   : json{{"type", "string"}};
    json responses = {{"200", {{"description", "OK"}, {"content", {{r.produces, {{"schema", ok_schema}}}}}}},
                      {"400", error_response("a field or parameter is wrong; `field` names it")}};
    if (r.auth == AuthMode::kSession) {
      // /fhir/ takes the session or a SMART access token (docs/server/smart.md); /api/ the session only.
      op["security"] = r.pattern.starts_with("/fhir/")
                           ? json::array({json{{"session", json::array()}}, json{{"smart", json::array()}}})
                           : json::array({{{"session", json::array()}}});
      responses["401"] = error_response(
          r.pattern.starts_with("/fhir/") ? "not signed in, or no valid access token" : "not signed in");
      responses["404"] = error_response("no such record, or outside your reach");
      if (r.action) responses["403"] = error_response("your role may not do this");
    } else {
      op["security"] = json::array();  // public: no session needed
    }
    // The OAuth endpoints answer 401 invalid_client to a client that does not authenticate (RFC 6749 5.2).
    if (r.pattern == "/oauth/token" || r.pattern == "/oauth/introspect" || r.pattern == "/oauth/revoke") {
      json oauth_error_schema = {
          {"type", "object"},
          {"required", json::array({"error"})},
          {"properties", {{"error", {{"type", "string"}}}, {"error_description", {{"type", "string"}}}}}};
      responses["401"] = {
          {"description", "invalid_client: the client did not authenticate (RFC 6749 section 5.2)"},
          {"content", {{"application/json", {{"schema", oauth_error_schema}}}}}};
    }
    // A bulk export is accepted (202 with an OperationOutcome, Content-Location: the status URL); its
    // status is 202 without a body while it runs.
    if (r.pattern.ends_with("$export"))
      responses["202"] = {
          {"description",
           "Accepted: the export runs; Content-Location names its status (Bulk Data Access IG)"},
          {"content",
           {{"application/fhir+json", {{"schema", {{"$ref", "#/components/schemas/OperationOutcome"}}}}}}}};
    if (r.pattern.starts_with("/fhir/$export-status"))
      responses["202"] = {{"description", "the export is still running (X-Progress); no body"}};
    if (ws) {
      responses.erase("200");
      responses["101"] = {{"description", "Switching Protocols: a WebSocket (RFC 6455) on the same origin"}};
      op["x-physio-websocket"] = true;
    }
    op["responses"] = responses;
    if (r.action) op["x-physio-permission"] = clinic::to_string(*r.action);
    if (!r.audit_event.empty()) op["x-physio-audit-event"] = r.audit_event;
    paths[openapi_path(r.pattern)][method] = op;
  }
  json schemas = response_components();
  schemas["Error"] = {
      {"type", "object"},
      {"required", json::array({"error", "message"})},
      {"properties",
       {{"error",
         {{"type", "string"}, {"description", "a stable code: invalid_body, not_found, conflict, ..."}}},
        {"message", {{"type", "string"}, {"description", "what is wrong, in words"}}},
        {"field", {{"type", "string"}, {"description", "the JSON pointer or parameter at fault"}}}}}};
  schemas["OperationOutcome"] = {
      {"type", "object"},
      {"description", "a FHIR R4 OperationOutcome (https://hl7.org/fhir/R4/operationoutcome.html)"},
      {"required", json::array({"resourceType", "issue"})},
      {"properties",
       {{"resourceType", {{"const", "OperationOutcome"}}},
        {"issue", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "physiokit clinic API"},
            {"version", "0.1.0"},
            {"description",
             "Patient records, recordings and their analysis. Writes need the "
             "X-CSRF-Token header from the sign-in answer."}}},
          {"servers", json::array({{{"url", "/"}, {"description", "the server that serves this document"}}})},
          {"paths", paths},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "physio_session"}}},
              {"smart",
               {{"type", "http"},
                {"scheme", "bearer"},
                {"description", "a SMART on FHIR access token (/oauth/token), on /fhir/ routes only"}}}}}}}};
}

void add_meta_routes(RouteTable& routes) {
  Route spec;
  spec.method = "GET";
  spec.pattern = "/api/openapi.json";
  spec.summary = "This API's OpenAPI 3.1 document";
  spec.auth = AuthMode::kPublic;
  spec.handler = [](RequestContext&) { return json_ok(openapi_document()); };
  routes.push_back(spec);
  Route ex;
  ex.method = "GET";
  ex.pattern = "/api/exercises";
  ex.summary =
      "The exercise library: ids, names, instructions, the camera views it is assessed from and why, form "
      "cues";
  ex.handler = exercises;
  routes.push_back(ex);
  Route fig;
  fig.method = "GET";
  fig.pattern = "/api/exercises/{id}/figure.svg";
  fig.summary =
      "The exercise's figure as SVG: its start and end postures, or one repetition moving (animated=true); "
      "side=left shows a one-sided exercise worked on the left";
  fig.handler = exercise_figure;
  routes.push_back(
      answering(with_query(fig, {{"animated", "true: one repetition moving, repeated", "boolean", false},
                                 {"side", "left or right: the working side drawn", "string", false}}),
                "image/svg+xml"));
}

}  // namespace physio::server
