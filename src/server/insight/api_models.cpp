// The clinic's prediction models (docs/server/risk.md): every version with its status and the figures it had
// on the later period it was checked on, the monthly drift figures with their alerts, the rules used without
// a model, the model cards, training now and activating a version (go-live or rollback).
#include <cmath>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "insight/insight.hpp"
#include "predict/pipeline.hpp"
#include "risk/rules_card.hpp"
#include "server/http/body_fields.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/insight/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

/// The headline figures of a version's check on its later period (from the stored validation report).
json figures_of(const clinic::RiskModelRow& v) {
  auto m = json::parse(v.model_json, nullptr, false);
  if (m.is_discarded() || !m.is_object()) return nullptr;
  json training = m.value("training", json::object());
  json out = {
      {"trained_on_rows", training.value("rows", 0)},    {"trained_on_events", training.value("events", 0)},
      {"first_day", training.value("first_day", "")},    {"last_day", training.value("last_day", "")},
      {"synthetic", training.value("synthetic", false)}, {"threshold", m.value("threshold", 0.0)}};
  json val = m.value("validation", json(nullptr));
  if (val.is_string()) val = json::parse(val.get<std::string>(), nullptr, false);
  if (val.is_object() && val.contains("risk")) {
    const json& o = val["risk"]["overall"];
    out["checked"] = {{"first_day", val.value("first_day", "")},
                      {"last_day", val.value("last_day", "")},
                      {"cases", o.value("n", 0)},
                      {"events", o.value("events", 0)},
                      {"auc", o.value("auc", json(nullptr))},
                      {"auc_ci95", o.value("auc_ci95", json(nullptr))},
                      {"brier", o.value("brier", json(nullptr))},
                      {"calibration_intercept", o.value("calibration_intercept", json(nullptr))},
                      {"calibration_slope", o.value("calibration_slope", json(nullptr))}};
  } else {
    out["checked"] = nullptr;
  }
  return out;
}

/// One clinic model as the models page shows it: its state in words, the history it needs, its versions
/// with their figures and its monthly drift.
Result<json> model_entry(RequestContext& ctx, std::string_view name, TimeUs now) {
  const auto& who = ctx.principal();
  auto history = PHYSIO_TRY(insight::model_history(ctx.services.store(), who.clinic_id, name, now));
  struct Loaded {
    std::vector<clinic::RiskModelRow> versions;
    std::vector<clinic::RiskDriftRow> drift;
  };
  auto loaded = PHYSIO_TRY(ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    return Loaded{PHYSIO_TRY(tx.list_risk_models(who.clinic_id, name)),
                  PHYSIO_TRY(tx.list_risk_drift(who.clinic_id, name))};
  }));
  json versions = json::array();
  for (const auto& v : loaded.versions)
    versions.push_back(
        {{"id", v.id},
         {"version", v.version},
         {"label", v.label},
         {"status", v.status},
         {"trained", iso_time(v.trained_us)},
         {"silent_until", v.silent_until_us == 0 ? json(nullptr) : json(iso_time(v.silent_until_us))},
         {"changed_by", v.changed_by},
         {"changed", iso_time(v.changed_us)},
         {"figures", figures_of(v)}});
  json drift = json::array();
  for (const auto& d : loaded.drift) {
    json f = json::parse(d.figures, nullptr, false);
    drift.push_back(f.is_discarded() ? json{{"month", d.month}} : f);
  }
  const auto def = predict::find_model_def(name);
  const auto scoring = insight::scoring_version(loaded.versions);
  const bool programs = name == insight::kDropoutModel;
  return json{
      {"name", name},
      {"title", def ? (*def)->title : std::string(name)},
      {"outcome", def ? (*def)->outcome : ""},
      {"method", "model"},
      {"state", scoring                  ? (scoring->status == "active"
                                                ? fmt::format("version {} active", scoring->version)
                                                : fmt::format("version {} in its silent period until {}", scoring->version,
                                                              iso_time(scoring->silent_until_us).substr(0, 10)))
                : history.reason.empty() ? "ready to train"
                                         : history.reason},
      {"history",
       {{"cases", history.cases},
        {"case_kind", programs ? "program-weeks" : "appointments"},
        {"events", history.events},
        {"event_kind", programs ? "followed by two weeks without exercise" : "missed"},
        // The no-show page's own names, kept for its readers.
        {"appointments", programs ? json(nullptr) : json(history.cases)},
        {"missed", programs ? json(nullptr) : json(history.events)},
        {"needed", history.needed},
        {"ready", history.ready},
        {"reason", history.reason}}},
      {"versions", versions},
      {"drift", drift}};
}

net::Response list_models(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "risk_model", "")) return *d;
  const TimeUs now = now_us();
  json models = json::array();
  for (std::string_view name : {insight::kNoShowModel, insight::kDropoutModel}) {
    auto entry = model_entry(ctx, name, now);
    if (!entry) return store_error(entry.error());
    models.push_back(std::move(*entry));
  }
  json rules = json::array({
      {{"name", "no_exercise_14d"},
       {"title", "Drop-out: no exercise logged for 14 days or more"},
       {"method", "rule"},
       {"card", "rules"}},
      {{"name", "steadi"},
       {"title", "Fall risk: CDC STEADI rules (65 or older)"},
       {"method", "rule"},
       {"card", "rules"}},
  });
  return json_ok({{"models", models}, {"rules", rules}, {"as_of", iso_time(now)}});
}

net::Response model_card(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "risk_model", "")) return *d;
  const std::string name = ctx.query("name").value_or("");
  if (name == "rules")
    return json_ok({{"name", "rules"}, {"version", nullptr}, {"markdown", risk::rules_card_markdown()}});
  if (!insight::is_clinic_model(name))
    return api_error(400, "invalid_query", "name must be noshow, dropout or rules", "name");
  std::optional<std::int64_t> version;
  if (auto v = ctx.query("version")) {
    char* end = nullptr;
    const long long n = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || n < 1)
      return api_error(400, "invalid_query", "version must be a number", "version");
    version = n;
  }
  auto versions =
      ctx.services.store().read([&](store::Tx& tx) { return tx.list_risk_models(who.clinic_id, name); });
  if (!versions) return store_error(versions.error());
  std::optional<clinic::RiskModelRow> v;
  if (version) {
    for (const auto& x : *versions)
      if (x.version == *version) v = x;
  } else {
    v = insight::scoring_version(*versions);
  }
  if (!v) return api_error(404, "not_found", "the clinic has no such version of this model");
  return json_ok(
      {{"name", v->name}, {"version", v->version}, {"status", v->status}, {"markdown", v->card_markdown}});
}

insight::RefreshOptions options_for(const RequestContext& ctx) {
  const auto& s = ctx.services.settings();
  insight::RefreshOptions o;
  o.silent_days = static_cast<int>(s.risk_silent_days);
  o.retrain_days = static_cast<int>(s.risk_retrain_days);
  o.synthetic_data = s.synthetic_data;
  o.by = ctx.principal().user_id;
  o.by_role = std::string(clinic::to_string(ctx.principal().role));
  return o;
}

net::Response train_now(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "risk_model", "")) return *d;
  const std::string name = ctx.body.value("name", std::string(insight::kNoShowModel));
  auto v = insight::train_clinic_model(ctx.services.store(), who.clinic_id, name, now_us(), options_for(ctx));
  if (!v) {
    if (v.error().code() == ErrorCode::kMissingData || v.error().code() == ErrorCode::kInvalidArgument)
      return api_error(422, "not_assessed", v.error().message());
    return store_error(v.error());
  }
  return json_ok({{"id", v->id},
                  {"version", v->version},
                  {"status", v->status},
                  {"silent_until", iso_time(v->silent_until_us)},
                  {"figures", figures_of(*v)}},
                 201);
}

net::Response activate(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "risk_model", "")) return *d;
  const std::int64_t number = ctx.body.value("version", std::int64_t{0});
  const std::string name = ctx.body.value("name", std::string(insight::kNoShowModel));
  auto versions =
      ctx.services.store().read([&](store::Tx& tx) { return tx.list_risk_models(who.clinic_id, name); });
  if (!versions) return store_error(versions.error());
  std::string id;
  for (const auto& x : *versions)
    if (x.version == number) id = x.id;
  if (id.empty())
    return api_error(404, "not_found", fmt::format("the clinic has no version {} of this model", number));
  auto v = insight::activate_version(ctx.services.store(), who.clinic_id, id, who.user_id);
  if (!v) return store_error(v.error());
  auto audited = ctx.services.store().write([&](store::Tx& tx) -> Status {
    auto e = ctx.audit_event("risk_model", v->id, "");
    e.detail = json{{"model", v->name}, {"version", v->version}, {"label", v->label}}.dump();
    PHYSIO_TRY(tx.append_audit({e}));
    return ok();
  });
  if (!audited) return store_error(audited.error());
  // The flags follow the active version at once (the nightly job would otherwise wait until tonight).
  auto o = options_for(ctx);
  o.train = false;
  auto refreshed = insight::refresh_clinic(ctx.services.store(), who.clinic_id, now_us(), o);
  return json_ok({{"id", v->id},
                  {"version", v->version},
                  {"status", v->status},
                  {"refresh", refreshed ? json{{"open_flags", refreshed->flags_open},
                                               {"state", name == insight::kDropoutModel ? refreshed->dropout
                                                                                        : refreshed->noshow}}
                                        : json{{"error", refreshed.error().message()}}}});
}

/// The coming weeks per clinician: bookings, expected missed with its 80 % interval, expected attended.
net::Response capacity(RequestContext& ctx) {
  const auto& who = ctx.principal();
  if (auto d = ctx.authorize({who.clinic_id, std::nullopt}, "appointment", "")) return *d;
  int weeks = 4;
  if (auto q = ctx.query("weeks")) {
    char* end = nullptr;
    const long n = std::strtol(q->c_str(), &end, 10);
    if (q->empty() || *end != '\0' || n < 1 || n > 12)
      return api_error(400, "invalid_query", "weeks must be a whole number from 1 to 12", "weeks");
    weeks = static_cast<int>(n);
  }
  auto report = insight::capacity(ctx.services.store(), who.clinic_id, now_us(), weeks);
  if (!report) return store_error(report.error());
  auto users = ctx.services.store().read([&](store::Tx& tx) { return tx.list_users(who.clinic_id); });
  if (!users) return store_error(users.error());
  std::map<std::string, std::string> names;
  for (const auto& u : *users) names[u.id] = u.display_name;
  json cells = json::array();
  for (const auto& c : report->cells)
    cells.push_back({{"practitioner_id", c.practitioner_id},
                     {"practitioner", names.contains(c.practitioner_id) ? names[c.practitioner_id] : ""},
                     {"week_start", iso_date_from_days(c.week_start_day)},
                     {"booked", c.booked},
                     {"scored", c.scored},
                     {"unassessed", c.unassessed},
                     {"expected_missed", std::round(c.expected_missed * 10) / 10},
                     {"missed_interval80", {c.missed_low, c.missed_high}},
                     {"expected_attended", std::round(c.expected_attended * 10) / 10}});
  return json_ok(
      {{"weeks", weeks},
       {"cells", cells},
       {"base_rate", report->base_rate ? json(std::round(*report->base_rate * 1000) / 1000) : json(nullptr)},
       {"base_outcomes", report->base_outcomes},
       {"model", report->model}});
}

}  // namespace

void add_model_routes(RouteTable& routes) {
  routes.push_back(with_query(
      make_route("GET", "/api/capacity",
                 "The coming weeks per clinician (weeks=1..12, default 4; weeks from Monday, UTC): "
                 "bookings, the number expected to be missed (sum of the no-show risks) with its 80 % "
                 "interval, and the number expected to be attended",
                 Action::kReadSchedule, Target::kClinic, "", capacity),
      {{"weeks", "weeks ahead, 1-12 (default 4)", "integer"}}));
  routes.push_back(
      make_route("GET", "/api/models",
                 "The clinic's prediction models: each version with its status and the figures it "
                 "had on its later check period, monthly drift with alerts, the history it needs, "
                 "and the rules used without a model",
                 Action::kReadModels, Target::kClinic, "", list_models));
  routes.push_back(with_query(
      make_route("GET", "/api/model-card",
                 "A model card (name=noshow|dropout [&version=N], generated from its training run) or the "
                 "rules' card (name=rules), as Markdown",
                 Action::kReadModels, Target::kClinic, "", model_card),
      {{"name", "noshow, dropout or rules", "string", true},
       {"version", "a model version (default the active one)", "integer"}}));
  FieldSpec name = text_field("name", true, "the model: noshow or dropout", 20);
  name.one_of = {"noshow", "dropout"};
  routes.push_back(
      with_body(make_route("POST", "/api/models/train",
                           "Train the clinic's model now on its own history; the new version starts its "
                           "silent period (422 \"not assessed\" while the history is too short)",
                           Action::kManageModels, Target::kClinic, "risk_model.train", train_now),
                {name}, 1024));
  routes.push_back(with_body(
      make_route("POST", "/api/models/activate",
                 "Make a version the active one (go-live before its silent period ends, or "
                 "a rollback to an earlier version); the flags follow at once",
                 Action::kManageModels, Target::kClinic, "risk_model.activate", activate),
      {name, number_field("version", "the version number", 1, 1e9, FieldType::kInteger, true)}, 1024));
}

}  // namespace physio::server
