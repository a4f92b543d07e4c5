#pragma once
/// Everything a handler sees of one request: the caller, the path parameters, the checked body, the
/// services, and the two duties every handler has: authorize the record it loaded, audit what it did.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/access.hpp"
#include "server/http/routes.hpp"
#include "server/http/services.hpp"
#include "server/net/http.hpp"
#include "store/tx.hpp"

namespace physio::server {

class RequestContext {
 public:
  RequestContext(Services& s, net::Request& r, const Route& rt) : services(s), req(r), route(rt) {}

  Services& services;
  net::Request& req;
  const Route& route;
  std::optional<clinic::Principal> who;  ///< set for kSession routes
  std::string session_hash;
  std::string csrf_token;
  std::vector<std::pair<std::string, std::string>> params;
  nlohmann::json body;  ///< kJson routes: checked against the schema; kForm routes: the fields as strings
  /// Set when the request came with a SMART access token (only /fhir/ routes take one;
  /// docs/server/smart.md): the app, its granted scopes and the launch patient ("" when none).
  struct SmartAccess {
    std::string client_id;
    std::string scope;
    std::string patient_id;
  };
  std::optional<SmartAccess> smart;

  /// The path parameter `name` ("" if absent).
  std::string param(std::string_view name) const;
  /// The query parameter `name` (nullopt if absent). The route must declare it (`Route::query`, listed in
  /// the OpenAPI document): reading an undeclared one is a bug and throws std::logic_error.
  std::optional<std::string> query(std::string_view name) const;
  /// The caller's principal (kSession routes only).
  const clinic::Principal& principal() const { return *who; }

  /// Checks the route's action (or `action`) on the loaded record's scope. On a denial returns the
  /// 404/403 response and queues an audit event with outcome "denied"; nullopt when allowed.
  std::optional<net::Response> authorize(const clinic::RecordScope& scope, std::string_view record_type,
                                         std::string_view record_id);
  std::optional<net::Response> authorize(clinic::Action action, const clinic::RecordScope& scope,
                                         std::string_view record_type, std::string_view record_id);

  /// An audit event describing this request (actor, role, client, the route's event name).
  store::AuditEventInput audit_event(std::string_view record_type, std::string_view record_id,
                                     std::string_view patient_id, std::string_view outcome = "success") const;
  /// Queues a read event: it is written (group commit) before the response leaves.
  void audit_read(std::string_view record_type, std::string_view record_id, std::string_view patient_id);

  std::vector<store::AuditEventInput> pending_reads;
};

}  // namespace physio::server
