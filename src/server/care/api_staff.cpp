// Staff administration: the clinic's administrator lists, adds, resets and disables logins. A staff
// record is a clinic-wide record (no patient), so reach is the clinic and the role must manage staff.
#include <spdlog/spdlog.h>

#include "clinic/validation.hpp"
#include "security/password.hpp"
#include "server/care/routes.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/record_json.hpp"
#include "server/http/services.hpp"
#include "server/http/socket_registry.hpp"

namespace physio::server {
namespace {

using clinic::Action;

store::AuditEventInput staff_event(RequestContext& ctx, const std::string& user_id) {
  return ctx.audit_event("user", user_id, "");
}

net::Response list_staff(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "user", "")) return *d;
  auto users = ctx.services.store().read([&](store::Tx& tx) { return tx.list_users(who.clinic_id); });
  if (!users) return store_error(users.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : *users)
    if (u.role != clinic::Role::kPatient) out.push_back(user_json(u));
  return json_ok(out);
}

net::Response add_staff(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "user", "")) return *d;
  const std::string password = ctx.body["password"].get<std::string>();
  if (auto p = security::password_problem(password); !p.empty())
    return api_error(400, "invalid_body", "password " + p, "/password");
  auto hash = security::hash_password(password);
  if (!hash) return api_error(500, "internal", "could not hash the password");
  clinic::User u;
  u.clinic_id = who.clinic_id;
  u.email = ctx.body["email"].get<std::string>();
  u.role = *clinic::role_from_string(ctx.body["role"].get<std::string>());
  u.display_name = ctx.body.value("display_name", std::string());
  u.password_hash = *hash;
  u.mfa_required = true;  // staff always sign in with a second factor
  auto created = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::User> {
    auto nu = PHYSIO_TRY(tx.create_user(u));
    PHYSIO_CHECK(tx.append_audit({staff_event(ctx, nu.id)}));
    return nu;
  });
  if (!created) return store_error(created.error());
  return json_ok(user_json(*created), 201);
}

// Loads the staff login named by {id} in the caller's clinic.
std::optional<net::Response> load_staff(RequestContext& ctx, clinic::User& out) {
  auto u = ctx.services.store().read([&](store::Tx& tx) { return tx.get_user(ctx.param("id")); });
  if (!u || u->role == clinic::Role::kPatient) {
    if (!u && u.error().code() != ErrorCode::kNotFound) return store_error(u.error());
    return not_found_answer("user");
  }
  if (auto d = ctx.authorize({u->clinic_id, std::nullopt}, "user", u->id)) return d;
  out = std::move(*u);
  return std::nullopt;
}

net::Response reset_password(RequestContext& ctx) {
  clinic::User u;
  if (auto d = load_staff(ctx, u)) return *d;
  const std::string password = ctx.body["password"].get<std::string>();
  if (auto p = security::password_problem(password); !p.empty())
    return api_error(400, "invalid_body", "password " + p, "/password");
  auto hash = security::hash_password(password);
  if (!hash) return api_error(500, "internal", "could not hash the password");
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_CHECK(tx.update_password(u.id, *hash));
    PHYSIO_CHECK(tx.reset_failures(u.id));
    PHYSIO_CHECK(tx.revoke_sessions_for_user(u.id));
    // The second factor is enrolled again at the next sign-in.
    PHYSIO_CHECK(tx.set_totp(u.id, std::nullopt, true));
    PHYSIO_CHECK(tx.append_audit({staff_event(ctx, u.id)}));
    return ok();
  });
  if (!st) return store_error(st.error());
  ctx.services.get<SocketRegistry>().close_user(u.id);  // their open sockets end with their sessions
  return json_ok({{"status", "password reset; the second factor is set up again at the next sign-in"}});
}

net::Response disable_staff(RequestContext& ctx) {
  clinic::User u;
  if (auto d = load_staff(ctx, u)) return *d;
  if (u.id == ctx.principal().user_id) return api_error(409, "conflict", "you cannot disable your own login");
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    PHYSIO_CHECK(tx.set_disabled(u.id, true));
    PHYSIO_CHECK(tx.revoke_sessions_for_user(u.id));
    PHYSIO_CHECK(tx.append_audit({staff_event(ctx, u.id)}));
    return ok();
  });
  if (!st) return store_error(st.error());
  ctx.services.get<SocketRegistry>().close_user(u.id);  // their open sockets end with their sessions
  return json_ok({{"status", "disabled"}});
}

Route route(std::string method, std::string pattern, std::string summary, Target target, std::string audit,
            std::function<net::Response(RequestContext&)> fn) {
  return make_route(std::move(method), std::move(pattern), std::move(summary), Action::kManageStaff, target,
                    std::move(audit), std::move(fn));
}

}  // namespace

void add_staff_routes(RouteTable& routes) {
  routes.push_back(route("GET", "/api/staff", "The clinic's staff logins", Target::kClinic, "", list_staff));
  auto add = route("POST", "/api/staff", "Add a staff login (second factor set up at first sign-in)",
                   Target::kClinic, "user.create", add_staff);
  add.body = BodyKind::kJson;
  add.schema.fields = {
      {"email", FieldType::kString, true, "e-mail (the login name)", 254, {}, clinic::email_problem},
      {"role",
       FieldType::kString,
       true,
       "role",
       20,
       {"admin", "physiotherapist", "assistant", "front_desk"},
       nullptr},
      {"display_name",
       FieldType::kString,
       false,
       "name shown to others",
       100,
       {},
       [](std::string_view v) { return clinic::text_problem(v, 100); }},
      {"password", FieldType::kString, true, "initial password (12-256 characters)", 256, {}, nullptr},
  };
  routes.push_back(add);
  auto reset =
      route("POST", "/api/staff/{id}/reset-password", "Set a new password; signs the person out everywhere",
            Target::kStaff, "user.reset_password", reset_password);
  reset.body = BodyKind::kJson;
  reset.schema.fields = {{"password", FieldType::kString, true, "new password", 256, {}, nullptr}};
  routes.push_back(reset);
  routes.push_back(route("POST", "/api/staff/{id}/disable", "Disable a staff login and end its sessions",
                         Target::kStaff, "user.disable", disable_staff));
}

}  // namespace physio::server
