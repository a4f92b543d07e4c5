// The days the clinic is closed (holidays, its own closures): read by every member of staff, set by the front
// desk and the administrator. A booking on one is refused and a series leaves it out (schedule/closures).
#include "clinic/validation.hpp"
#include "core/civil_date.hpp"
#include "schedule/closures.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/schedule/routes.hpp"
#include "server/schedule/schedule_support.hpp"
#include "store/clinic_calendar.hpp"

namespace physio::server {
namespace {

using clinic::Action;

nlohmann::json closures_json(const std::vector<store::ClosureRow>& rows) {
  nlohmann::json days = nlohmann::json::array();
  for (const auto& c : rows)
    days.push_back({{"date", iso_date_from_days(c.day)},
                    {"weekday", schedule::weekday_name(schedule::weekday(c.day))},
                    {"reason", c.reason}});
  return {{"days", days}};
}

/// The body's list as rows, or the first problem naming the entry.
std::optional<BodyProblem> parse_days(const nlohmann::json& list, std::vector<store::ClosureRow>* out) {
  std::vector<schedule::Closure> days;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& e = list[i];
    const std::string at = "/" + std::to_string(i);
    if (!e.is_object()) return BodyProblem{at, "must be an object with date and reason"};
    for (const auto& [k, v] : e.items())
      if (k != "date" && k != "reason") return BodyProblem{at + "/" + k, "unknown field"};
    if (!e.contains("date") || !e["date"].is_string())
      return BodyProblem{at + "/date", "must be a date like 2026-12-25"};
    const auto day = days_from_iso_date(e["date"].get<std::string>());
    if (!day) return BodyProblem{at + "/date", "must be a date like 2026-12-25"};
    if (!e.contains("reason") || !e["reason"].is_string())
      return BodyProblem{at + "/reason", "say why the clinic is closed"};
    if (auto p = clinic::text_problem(e["reason"].get<std::string>(), 100); !p.empty())
      return BodyProblem{at + "/reason", p};
    days.push_back({*day, e["reason"].get<std::string>()});
  }
  if (auto p = schedule::closures_problem(days); !p.empty()) return BodyProblem{"", p};
  if (out)
    for (const auto& d : days) out->push_back({d.day, d.reason, "", 0});
  return std::nullopt;
}

net::Response get_closures(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "closure", "")) return *d;
  auto rows =
      ctx.services.store().read([&](store::Tx& tx) { return store::list_closures(tx, who.clinic_id); });
  if (!rows) return store_error(rows.error());
  return json_ok(closures_json(*rows));
}

net::Response put_closures(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "closure", "")) return *d;
  std::vector<store::ClosureRow> rows;
  if (auto p = parse_days(ctx.body["days"], &rows))
    return api_error(400, "invalid_body", p->message, "/days" + p->field);
  auto st = ctx.services.store().write([&](store::Tx& tx) -> Result<std::vector<store::ClosureRow>> {
    PHYSIO_CHECK(store::replace_closures(tx, who.clinic_id, rows, who.user_id));
    auto ev = ctx.audit_event("closure", who.clinic_id, "");
    ev.detail = std::to_string(rows.size()) + " closed days";
    PHYSIO_CHECK(tx.append_audit({ev}));
    return store::list_closures(tx, who.clinic_id);
  });
  if (!st) return store_error(st.error());
  return json_ok(closures_json(*st));
}

}  // namespace

void add_closure_routes(RouteTable& routes) {
  routes.push_back(make_route("GET", "/api/closures", "The days the clinic is closed, with the reason",
                              Action::kReadSchedule, Target::kClinic, "closure.read", get_closures));
  FieldSpec days =
      json_field("days", "array", "[{date \"2026-12-25\", reason \"Christmas Day\"}] (at most 400)",
                 [](const nlohmann::json& v) { return parse_days(v, nullptr); });
  days.required = true;
  routes.push_back(with_body(
      make_route(
          "PUT", "/api/closures",
          "Replace the days the clinic is closed (bookings on them are refused; a series leaves them out)",
          Action::kManageSchedule, Target::kClinic, "closure.update", put_closures),
      {days}, 32768));
}

}  // namespace physio::server
