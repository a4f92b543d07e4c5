#include "server/handler_util.hpp"

#include <spdlog/spdlog.h>

#include "server/app.hpp"
#include "server/http_util.hpp"

namespace physio::server {

net::Response store_error(const Error& e) {
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

Route with_body(Route r, std::vector<FieldSpec> fields, std::uint64_t max_body) {
  r.body = BodyKind::kJson;
  r.schema.fields = std::move(fields);
  r.max_body = max_body;
  return r;
}

std::optional<net::Response> load_patient(RequestContext& ctx, clinic::Patient& out,
                                          std::optional<clinic::Action> action) {
  const std::string id = ctx.param("id");
  auto p = ctx.app.store().read([&](store::Tx& tx) { return tx.get_patient(ctx.principal().clinic_id, id); });
  if (!p) {
    if (p.error().code() != ErrorCode::kNotFound) return store_error(p.error());
    ctx.pending_reads.push_back(ctx.audit_event("patient", "", "", "denied"));
    return api_error(404, "not_found", "no such patient");
  }
  const clinic::RecordScope scope{p->clinic_id, p->id};
  auto denied =
      action ? ctx.authorize(*action, scope, "patient", p->id) : ctx.authorize(scope, "patient", p->id);
  if (denied) return denied;
  out = std::move(*p);
  return std::nullopt;
}

}  // namespace physio::server
