#include "server/http/handler_util.hpp"

#include <spdlog/spdlog.h>

#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server {

net::Response store_error(const Error& e) {
  // The database's own words (its SQL, table and column names, the value that clashed, possibly another
  // clinic's) stay in the server's log (security finding: they reached the caller).
  const std::string& m = e.message();
  const bool from_database = m.starts_with("sqlite:") || m.starts_with("postgresql:");
  if (from_database && e.code() == ErrorCode::kInvalidArgument) {
    spdlog::warn("store: {}", e.to_string());
    return api_error(409, "conflict",
                     "this clashes with a record already stored (a value that must be unique)");
  }
  if (from_database && e.code() == ErrorCode::kNotFound) {
    spdlog::warn("store: {}", e.to_string());
    return api_error(404, "not_found", "no such record");
  }
  if (e.code() == ErrorCode::kNotFound) return api_error(404, "not_found", e.message());
  if (e.code() == ErrorCode::kInvalidArgument) return api_error(409, "conflict", e.message());
  spdlog::error("store: {}", e.to_string());
  return api_error(503, "store_unavailable", "the record store is not available; try again");
}

Route make_route(std::string method, std::string pattern, std::string summary,
                 std::optional<clinic::Action> action, Target target, std::string audit_event,
                 std::function<net::Response(RequestContext&)> handler) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.summary = std::move(summary);
  r.action = action;
  r.target = target;
  r.audit_event = std::move(audit_event);
  r.handler = std::move(handler);
  return r;
}

Route ws_route(std::string pattern, std::string summary, clinic::Action action, Target target,
               std::string audit_event, std::function<WsAnswer(RequestContext&)> open) {
  Route r;
  r.method = "WS";
  r.pattern = std::move(pattern);
  r.summary = std::move(summary);
  r.auth = AuthMode::kSession;
  r.action = action;
  r.target = target;
  r.audit_event = std::move(audit_event);
  r.ws_handler = std::move(open);
  return r;
}

Route with_query(Route r, std::vector<QueryParam> query) {
  r.query = std::move(query);
  return r;
}

Route answering(Route r, std::string media_type) {
  r.produces = std::move(media_type);
  return r;
}

Route with_body(Route r, std::vector<FieldSpec> fields, std::uint64_t max_body) {
  r.body = BodyKind::kJson;
  r.schema.fields = std::move(fields);
  r.max_body = max_body;
  return r;
}

std::optional<net::Response> load_patient(RequestContext& ctx, clinic::Patient& out,
                                          std::optional<clinic::Action> action) {
  return load_patient_id(ctx, ctx.param("id"), out, action);
}

std::optional<net::Response> load_patient_id(RequestContext& ctx, const std::string& id, clinic::Patient& out,
                                             std::optional<clinic::Action> action) {
  std::optional<store::PatientTombstone> tombstone;
  auto p = ctx.services.store().read([&](store::Tx& tx) -> Result<clinic::Patient> {
    auto found = PHYSIO_TRY(tx.get_patient(ctx.principal().clinic_id, id));
    tombstone = PHYSIO_TRY(tx.get_tombstone(found.clinic_id, found.id));
    return found;
  });
  if (!p) {
    if (p.error().code() != ErrorCode::kNotFound) return store_error(p.error());
    ctx.pending_reads.push_back(ctx.audit_event("patient", "", "", "denied"));
    return api_error(404, "not_found", "no such patient");
  }
  const clinic::RecordScope scope{p->clinic_id, p->id};
  auto denied =
      action ? ctx.authorize(*action, scope, "patient", p->id) : ctx.authorize(scope, "patient", p->id);
  if (denied) return denied;
  // An erased patient: the id stays known (the audit trail names it) but the record is gone for good.
  if (tombstone) {
    ctx.pending_reads.push_back(ctx.audit_event("patient", p->id, p->id, "gone"));
    return api_error(410, "gone",
                     "this patient's record was erased on " + iso_time(tombstone->erased_us).substr(0, 10));
  }
  out = std::move(*p);
  return std::nullopt;
}

std::string restriction_words(const store::PatientRestriction& r) {
  return "processing of this patient's record is restricted since " +
         iso_time(r.restricted_us).substr(0, 10) + " (" + r.reason + ")";
}

std::optional<net::Response> refuse_if_restricted(RequestContext& ctx, const clinic::Patient& patient,
                                                  std::string_view what) {
  auto r = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.get_restriction(patient.clinic_id, patient.id); });
  if (!r) return store_error(r.error());
  if (!*r) return std::nullopt;
  return api_error(409, "restricted",
                   restriction_words(**r) + "; " + std::string(what) + " is refused while it lasts");
}

}  // namespace physio::server
