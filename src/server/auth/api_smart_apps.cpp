// SMART apps registered by the clinic's administrator (docs/server/smart.md, "Registering an app"): list,
// register, disable or enable, delete, revoke every token; the EHR launch a clinician starts from a patient's
// page; and the apps a user allowed, which they can revoke.

#include "fhir/smart_scopes.hpp"
#include "security/jose.hpp"
#include "security/random.hpp"
#include "server/auth/jwks_source.hpp"
#include "server/auth/routes.hpp"
#include "server/auth/smart_tokens.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/net/url_fetch.hpp"
#include "store/smart.hpp"

namespace physio::server {
namespace {

using json = nlohmann::json;
using clinic::Action;

constexpr TimeUs kAppLaunchLifetimeUs = 5LL * 60 * kUsPerSecond;

Status app_audit(store::Tx& tx, store::AuditEventInput e) {
  PHYSIO_TRY(tx.append_audit({std::move(e)}));
  return ok();
}

FieldSpec smart_bool_field(std::string name, std::string description) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kBoolean;
  f.required = true;
  f.description = std::move(description);
  return f;
}

json app_json(const store::SmartClientRow& c) {
  json jwks = c.jwks.empty() ? json(nullptr) : json::parse(c.jwks, nullptr, false);
  return {{"client_id", c.id},
          {"name", c.name},
          {"kind", c.kind},
          {"redirect_uris", json::parse(c.redirect_uris, nullptr, false)},
          {"launch_url", c.launch_url},
          {"scopes", c.scopes},
          {"jwks", jwks},
          {"jwks_uri", c.jwks_uri.empty() ? json(nullptr) : json(c.jwks_uri)},
          {"disabled", c.disabled},
          {"created_us", c.created_us}};
}

net::Response list_apps(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "smart_app", "")) return *d;
  auto rows =
      ctx.services.store().read([&](store::Tx& tx) { return store::list_smart_clients(tx, who.clinic_id); });
  if (!rows) return store_error(rows.error());
  json out = json::array();
  for (const auto& c : *rows) out.push_back(app_json(c));
  return json_ok({{"apps", out}});
}

/// A URL an app may be sent to: https with a host name or address, or http on a literal loopback host
/// (127.0.0.1, [::1], localhost; development), an optional port, no user part and no fragment. The host
/// is read to its end: `http://127.0.0.1.evil.example/cb` and `http://localhost@evil.example/cb` are not
/// loopback.
bool acceptable_url(const std::string& u) {
  std::string_view rest(u);
  bool https = false;
  if (rest.starts_with("https://"))
    https = true;
  else if (!rest.starts_with("http://"))
    return false;
  rest.remove_prefix(https ? 8 : 7);
  for (const char c : u)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '\\' || c == '#') return false;
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;
  std::string_view host = authority, port;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(0, close + 1);
    port = authority.substr(close + 1);
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon);
  }
  if (!port.empty()) {
    if (port.size() < 2 || port.size() > 6 || port.front() != ':' ||
        port.substr(1).find_first_not_of("0123456789") != std::string_view::npos)
      return false;
  }
  if (host.empty()) return false;
  if (!https) return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
  if (host.front() == '[')
    return host.substr(1, host.size() - 2).find_first_not_of("0123456789abcdefABCDEF:.") ==
           std::string_view::npos;
  return host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
             std::string_view::npos &&
         host.front() != '.' && host.front() != '-';
}

net::Response register_app(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "smart_app", "")) return *d;
  const auto& b = ctx.body;
  store::SmartClientRow c;
  c.id = security::random_token().substr(0, 32);
  c.clinic_id = who.clinic_id;
  c.name = b["name"].get<std::string>();
  c.kind = b["kind"].get<std::string>();
  c.launch_url = b.value("launch_url", "");
  c.created_by = who.user_id;
  c.created_us = now_us();
  json uris = b.value("redirect_uris", json::array());
  for (std::size_t i = 0; i < uris.size(); ++i)
    if (!uris[i].is_string() || !acceptable_url(uris[i].get<std::string>()) ||
        uris[i].get<std::string>().size() > 500)
      return api_error(400, "invalid_body",
                       "a redirect URI must be https (or http on 127.0.0.1 or localhost)",
                       "/redirect_uris/" + std::to_string(i));
  if (c.kind != "backend" && uris.empty())
    return api_error(400, "invalid_body", "an app that users sign in to needs at least one redirect URI",
                     "/redirect_uris");
  if (!c.launch_url.empty() && !acceptable_url(c.launch_url))
    return api_error(400, "invalid_body", "the launch URL must be https (or http on 127.0.0.1 or localhost)",
                     "/launch_url");
  c.redirect_uris = uris.dump();
  // The scopes the app may be granted: each must be understood.
  std::string scopes;
  for (const auto& s : [&] {
         std::vector<std::string> v;
         std::string text = b.value("scopes", "");
         std::size_t i = 0;
         while (i < text.size()) {
           auto j = text.find(' ', i);
           if (j == std::string::npos) j = text.size();
           if (j > i) v.push_back(text.substr(i, j - i));
           i = j + 1;
         }
         return v;
       }()) {
    const auto r = fhir::parse_resource_scope(s);
    const bool word = s == "openid" || s == "fhirUser" || s == "launch" || s == "launch/patient" ||
                      s == "offline_access" || s == "online_access" || s == "profile";
    if (!r && !word)
      return api_error(400, "invalid_body", "'" + s + "' is not a SMART scope this server knows", "/scopes");
    if (r && (c.kind == "backend") != (r->context == fhir::ScopeContext::kSystem))
      return api_error(400, "invalid_body",
                       c.kind == "backend" ? "a backend service is granted system/ scopes only"
                                           : "system/ scopes are for backend services only",
                       "/scopes");
    scopes += (scopes.empty() ? "" : " ") + (r ? fhir::to_string(*r) : s);
  }
  if (scopes.empty()) return api_error(400, "invalid_body", "name at least one scope", "/scopes");
  c.scopes = scopes;
  const bool has_jwks = b.contains("jwks") && !b["jwks"].is_null();
  const std::string jwks_uri = b.value("jwks_uri", "");
  if (c.kind == "public" && (has_jwks || !jwks_uri.empty()))
    return api_error(400, "invalid_body", "a public app has no keys: register it without jwks or jwks_uri",
                     has_jwks ? "/jwks" : "/jwks_uri");
  if (c.kind != "public") {
    if (has_jwks == !jwks_uri.empty())
      return api_error(400, "invalid_body",
                       "an asymmetric or backend app needs its public keys: either the key set as jwks "
                       "{\"keys\": [...]} or the URL it is served at as jwks_uri, not both",
                       has_jwks ? "/jwks_uri" : "/jwks");
    if (has_jwks) {
      if (auto p = key_set_problem(b["jwks"]))
        return api_error(400, "invalid_body", p->message, "/jwks" + p->pointer);
      c.jwks = b["jwks"].dump();
    } else {
      if (auto u = net::parse_fetch_url(jwks_uri); !u)
        return api_error(400, "invalid_body", u.error().message(), "/jwks_uri");
      // Read once now, so a wrong URL is told to the administrator rather than to the app's first request.
      if (auto keys = app_key_sets(ctx.services.settings()).refresh(jwks_uri); !keys)
        return api_error(400, "invalid_body", keys.error().message(), "/jwks_uri");
      c.jwks_uri = jwks_uri;
    }
  }
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::insert_smart_client(tx, c));
    return app_audit(tx,
                     smart_audit(ctx, "smart.app.register", who.clinic_id, who.user_id, "", c.id, c.scopes));
  });
  if (!st) return store_error(st.error());
  return json_ok(app_json(c), 201);
}

/// The app {id} of the caller's clinic (404 like a missing one when it is another clinic's).
std::optional<net::Response> load_app(RequestContext& ctx, store::SmartClientRow& out) {
  const std::string id = ctx.param("id");
  auto c = ctx.services.store().read([&](store::Tx& tx) { return store::get_smart_client(tx, id); });
  if (!c) {
    if (c.error().code() != ErrorCode::kNotFound) return store_error(c.error());
    ctx.pending_reads.push_back(ctx.audit_event("smart_app", "", "", "denied"));
    return not_found_answer("smart_app");
  }
  if (auto d = ctx.authorize({c->clinic_id, std::nullopt}, "smart_app",
                             c->clinic_id == ctx.principal().clinic_id ? id : ""))
    return d;
  out = *c;
  return std::nullopt;
}

net::Response update_app(RequestContext& ctx) {
  store::SmartClientRow c;
  if (auto d = load_app(ctx, c)) return *d;
  const bool disabled = ctx.body["disabled"].get<bool>();
  const auto& who = ctx.principal();
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::set_smart_client_disabled(tx, who.clinic_id, c.id, disabled));
    // Disabling revokes every token the app holds: enabling it again never revives them.
    if (disabled) PHYSIO_TRY(store::revoke_smart_client_tokens(tx, c.id, ""));
    return app_audit(tx, smart_audit(ctx, disabled ? "smart.app.disable" : "smart.app.enable", who.clinic_id,
                                     who.user_id, "", c.id, ""));
  });
  if (!st) return store_error(st.error());
  c.disabled = disabled;
  return json_ok(app_json(c));
}

net::Response delete_app(RequestContext& ctx) {
  store::SmartClientRow c;
  if (auto d = load_app(ctx, c)) return *d;
  const auto& who = ctx.principal();
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::delete_smart_client(tx, who.clinic_id, c.id));
    return app_audit(tx, smart_audit(ctx, "smart.app.delete", who.clinic_id, who.user_id, "", c.id, ""));
  });
  if (!st) return store_error(st.error());
  return json_ok({{"deleted", c.id}});
}

net::Response revoke_app_tokens(RequestContext& ctx) {
  store::SmartClientRow c;
  if (auto d = load_app(ctx, c)) return *d;
  const auto& who = ctx.principal();
  auto n = ctx.services.store().write([&](store::Tx& tx) -> Result<std::int64_t> {
    auto revoked = PHYSIO_TRY(store::revoke_smart_client_tokens(tx, c.id, ""));
    auto e = smart_audit(ctx, "smart.revoke", who.clinic_id, who.user_id, "", c.id, "");
    e.detail += "; every token of the app (" + std::to_string(revoked) + ")";
    PHYSIO_TRY(app_audit(tx, std::move(e)));
    return revoked;
  });
  if (!n) return store_error(n.error());
  return json_ok({{"revoked", *n}});
}

net::Response launchable_apps(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto rows =
      ctx.services.store().read([&](store::Tx& tx) { return store::list_smart_clients(tx, p.clinic_id); });
  if (!rows) return store_error(rows.error());
  json out = json::array();
  for (const auto& c : *rows)
    if (!c.disabled && c.kind != "backend" && !c.launch_url.empty())
      out.push_back({{"client_id", c.id}, {"name", c.name}, {"scopes", c.scopes}});
  ctx.audit_read("patient", p.id, p.id);
  return json_ok({{"apps", out}});
}

net::Response launch(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const std::string client_id = ctx.body["client_id"].get<std::string>();
  auto c = ctx.services.store().read([&](store::Tx& tx) { return store::get_smart_client(tx, client_id); });
  if (!c || c->clinic_id != p.clinic_id || c->disabled || c->launch_url.empty() || c->kind == "backend")
    return api_error(404, "not_found", "no such app to launch", "/client_id");
  const auto& who = ctx.principal();
  store::SmartLaunchRow l{.id = security::random_token(),
                          .client_id = c->id,
                          .clinic_id = p.clinic_id,
                          .user_id = who.user_id,
                          .patient_id = p.id,
                          .expires_us = now_us() + kAppLaunchLifetimeUs};
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_TRY(store::insert_smart_launch(tx, l));
    return app_audit(tx, smart_audit(ctx, "smart.launch", p.clinic_id, who.user_id, p.id, c->id, ""));
  });
  if (!st) return store_error(st.error());
  const std::string sep = c->launch_url.find('?') == std::string::npos ? "?" : "&";
  auto enc = [](const std::string& v) {
    std::string out;
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char ch : v) {
      if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
        out += static_cast<char>(ch);
      } else {
        out += '%';
        out += hex[ch >> 4];
        out += hex[ch & 15];
      }
    }
    return out;
  };
  return json_ok({{"url", c->launch_url + sep + "iss=" + enc(fhir_base(ctx)) + "&launch=" + enc(l.id)},
                  {"launch", l.id}});
}

net::Response my_grants(RequestContext& ctx) {
  const auto& who = ctx.principal();
  auto rows = ctx.services.store().read([&](store::Tx& tx) -> Result<json> {
    json out = json::array();
    for (const auto& g : PHYSIO_TRY(store::list_smart_grants(tx, who.user_id, now_us()))) {
      auto c = store::get_smart_client(tx, g.client_id);
      out.push_back({{"client_id", g.client_id},
                     {"name", c ? c->name : g.client_id},
                     {"scope", g.scope},
                     {"granted", iso_time(g.granted_us)}});
    }
    return out;
  });
  if (!rows) return store_error(rows.error());
  return json_ok({{"apps", *rows}});
}

net::Response revoke_my_grant(RequestContext& ctx) {
  const auto& who = ctx.principal();
  const std::string client_id = ctx.body["client_id"].get<std::string>();
  auto n = ctx.services.store().write([&](store::Tx& tx) -> Result<std::int64_t> {
    auto revoked = PHYSIO_TRY(store::revoke_smart_client_tokens(tx, client_id, who.user_id));
    PHYSIO_TRY(
        app_audit(tx, smart_audit(ctx, "smart.revoke", who.clinic_id, who.user_id, "", client_id, "")));
    return revoked;
  });
  if (!n) return store_error(n.error());
  return json_ok({{"revoked", *n}});
}

}  // namespace

void add_smart_app_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/smart/apps", "The clinic's registered SMART apps",
                              Action::kManageStaff, Target::kClinic, "", list_apps));
  routes.push_back(with_body(
      make_route("POST", "/api/smart/apps", "Register a SMART app (client id returned)", Action::kManageStaff,
                 Target::kClinic, "smart.app.register", register_app),
      {text_field("name", true, "the app's name as users see it", 100),
       [] {
         auto f = text_field("kind", true, "public, confidential-asymmetric or backend", 40);
         f.one_of = {"public", "confidential-asymmetric", "backend"};
         return f;
       }(),
       json_field("redirect_uris", "array", "exact redirect URIs (https, or http on 127.0.0.1)",
                  [](const json& v) -> std::optional<BodyProblem> {
                    if (v.size() > 10) return BodyProblem{"", "at most 10 redirect URIs"};
                    return std::nullopt;
                  }),
       text_field("launch_url", false, "where an EHR launch opens the app", 500),
       text_field("scopes", true, "the scopes the app may be granted, space-separated", 2000),
       json_field("jwks", "object", "the app's public key set (asymmetric and backend apps; or jwks_uri)",
                  [](const json&) { return std::optional<BodyProblem>(); }),
       text_field("jwks_uri", false,
                  "where the app serves its public key set (https; read at registration, cached, "
                  "read again when the app rotates its keys; or jwks)",
                  500)},
      32768));
  routes.push_back(
      with_body(make_route("PATCH", "/api/smart/apps/{id}", "Disable or enable a SMART app",
                           Action::kManageStaff, Target::kSmartApp, "smart.app.disable", update_app),
                {smart_bool_field("disabled", "true: no new authorizations or token use")}, 1024));
  routes.push_back(make_route("DELETE", "/api/smart/apps/{id}", "Delete a SMART app and its tokens",
                              Action::kManageStaff, Target::kSmartApp, "smart.app.delete", delete_app));
  routes.push_back(make_route("POST", "/api/smart/apps/{id}/revoke", "Revoke every token of a SMART app",
                              Action::kManageStaff, Target::kSmartApp, "smart.revoke", revoke_app_tokens));
  routes.push_back(make_route("GET", "/api/patients/{id}/smart-apps",
                              "The apps a clinician can open for a patient", Action::kReadClinical,
                              Target::kPatient, "smart.launch.list", launchable_apps));
  routes.push_back(with_body(
      make_route(
          "POST", "/api/patients/{id}/smart-launch",
          "EHR launch: a short-lived launch bound to the caller and the patient; the app's URL to open",
          Action::kReadClinical, Target::kPatient, "smart.launch", launch),
      {text_field("client_id", true, "the app to open", 100)}, 1024));
  routes.push_back(make_route("GET", "/api/smart/grants", "The apps the caller allowed (live tokens)",
                              std::nullopt, Target::kNone, "", my_grants));
  routes.push_back(
      with_body(make_route("POST", "/api/smart/grants/revoke", "Revoke the caller's tokens of an app",
                           std::nullopt, Target::kNone, "smart.revoke", revoke_my_grant),
                {text_field("client_id", true, "the app", 100)}, 1024));
}

}  // namespace physio::server
