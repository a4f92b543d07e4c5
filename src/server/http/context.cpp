#include "server/http/context.hpp"

#include <stdexcept>

#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server {

std::string RequestContext::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return {};
}

std::optional<std::string> RequestContext::query(std::string_view name) const {
  bool declared = false;
  for (const auto& q : route.query) declared |= q.name == name;
  if (!declared)
    throw std::logic_error(std::string(route.method) + " " + route.pattern + " reads the query parameter '" +
                           std::string(name) + "' without declaring it in the route table");
  return query_param(req, name);
}

std::optional<net::Response> RequestContext::authorize(const clinic::RecordScope& scope,
                                                       std::string_view record_type,
                                                       std::string_view record_id) {
  return authorize(route.action.value_or(clinic::Action::kReadClinical), scope, record_type, record_id);
}

std::optional<net::Response> RequestContext::authorize(clinic::Action action,
                                                       const clinic::RecordScope& scope,
                                                       std::string_view record_type,
                                                       std::string_view record_id) {
  const std::string route_key = route.method + " " + route.pattern;
  if (!services.hooks().skip_authorization_for.empty() &&
      services.hooks().skip_authorization_for == route_key)
    return std::nullopt;
  const auto d = clinic::decide(*who, action, scope);
  if (d == clinic::Decision::kAllow) return std::nullopt;
  // The denial is audited against the record's patient only when the caller may know it exists.
  const bool hidden = d == clinic::Decision::kNotFound;
  pending_reads.push_back(audit_event(record_type, hidden ? "" : record_id,
                                      hidden ? "" : scope.patient_id.value_or(""), "denied"));
  if (hidden) return not_found_answer(record_type);
  return api_error(403, "forbidden",
                   std::string("your role (") + std::string(clinic::to_string(who->role)) + ") may not " +
                       std::string(clinic::to_string(action)));
}

store::AuditEventInput RequestContext::audit_event(std::string_view record_type, std::string_view record_id,
                                                   std::string_view patient_id,
                                                   std::string_view outcome) const {
  store::AuditEventInput e;
  e.time_us = now_us();
  if (who) {
    e.clinic_id = who->clinic_id;
    e.actor_id = who->user_id;
    e.role = std::string(clinic::to_string(who->role));
  }
  e.action = route.audit_event.empty() ? route.method + " " + route.pattern : route.audit_event;
  e.record_type = std::string(record_type);
  e.record_id = std::string(record_id);
  e.patient_id = std::string(patient_id);
  e.client = req.client_address;
  e.outcome = std::string(outcome);
  if (smart) e.detail = "app " + smart->client_id;
  return e;
}

void RequestContext::audit_read(std::string_view record_type, std::string_view record_id,
                                std::string_view patient_id) {
  pending_reads.push_back(audit_event(record_type, record_id, patient_id));
}

}  // namespace physio::server
