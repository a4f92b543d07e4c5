// Single-use expiring questionnaire links that need no account (docs/server/questionnaires.md): made by
// staff for one instrument, listed without their token, opened and submitted once by whoever holds the
// token. Scoring is the measures module's; this file loads, authorizes, stores and audits.
#include <algorithm>
#include <charconv>
#include <map>
#include <variant>

#include <spdlog/spdlog.h>

#include "measures/change.hpp"
#include "measures/library.hpp"
#include "measures/score.hpp"
#include "security/hash.hpp"
#include "security/random.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/record/questionnaire_forms.hpp"
#include "server/record/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;
using namespace questionnaire;

std::string link_status(const clinic::QuestionnaireLink& l, TimeUs now) {
  if (l.used_us != 0) return "used";
  if (l.expires_us <= now) return "expired";
  return "open";
}

json link_json(const clinic::QuestionnaireLink& l, TimeUs now) {
  const auto* in = find_instrument(l.instrument_id);
  return {{"id", l.id},
          {"instrument", l.instrument_id},
          {"instrument_name", in ? in->name : l.instrument_id},
          {"episode_id", l.episode_id ? json(*l.episode_id) : json(nullptr)},
          {"created", iso_time(l.created_us)},
          {"created_by", l.created_by},
          {"expires", iso_time(l.expires_us)},
          {"used", l.used_us ? json(iso_time(l.used_us)) : json(nullptr)},
          {"status", link_status(l, now)}};
}

net::Response create_link(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "a new questionnaire link")) return *r;
  const std::string instrument = ctx.body["instrument"].get<std::string>();
  const std::int64_t max_days = ctx.services.settings().questionnaire_link_days;
  const std::int64_t days = ctx.body.value("expires_days", max_days);
  if (days > max_days)
    return api_error(400, "invalid_body",
                     fmt::format("at most {} days (the server's questionnaire-link-days)", max_days),
                     "/expires_days");
  clinic::QuestionnaireLink l;
  l.clinic_id = p.clinic_id;
  l.patient_id = p.id;
  if (auto bad = check_episode(ctx, p, l.episode_id)) return *bad;
  l.instrument_id = instrument;
  l.created_by = ctx.principal().user_id;
  l.expires_us = now_us() + days * kDayUs;
  const std::string token = security::random_token();
  l.token_sha256 = security::sha256_hex(token);
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::QuestionnaireLink> {
    auto row = PHYSIO_TRY(tx.create_questionnaire_link(l));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("questionnaire_link", row.id, p.id)}));
    return row;
  });
  if (!stored) return store_error(stored.error());
  json j = link_json(*stored, now_us());
  const std::string path = "/q/" + token;
  j["token"] = token;
  j["path"] = path;
  // The server's own address, never the request's Host header.
  if (const std::string origin = ctx.services.public_origin(); !origin.empty()) j["url"] = origin + path;
  return json_ok(j, 201);
}

net::Response list_links(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto links = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.list_questionnaire_links(p.clinic_id, p.id); });
  if (!links) return store_error(links.error());
  ctx.audit_read("questionnaire_link", "", p.id);
  const TimeUs now = now_us();
  json out = json::array();
  for (const auto& l : *links) out.push_back(link_json(l, now));
  return json_ok({{"links", out}});
}

// ---- The public link ------------------------------------------------------------------------------------

/// An audit event with the link as the actor.
store::AuditEventInput link_event(const RequestContext& ctx, const clinic::QuestionnaireLink& l,
                                  std::string_view record_type, std::string_view record_id,
                                  std::string_view outcome = "success") {
  auto e = ctx.audit_event(record_type, record_id, l.patient_id, outcome);
  e.clinic_id = l.clinic_id;
  e.actor_id = l.id;
  e.role = "questionnaire_link";
  return e;
}

/// The link named by {token} and still usable; otherwise the answer: 429 while the address is throttled,
/// 404 for a token that names no link (counted against the address like a failed sign-in), 410 for a used
/// or expired one (the same answer for both).
std::variant<clinic::QuestionnaireLink, net::Response> open_link(RequestContext& ctx) {
  double retry = 0;
  if (!ctx.services.throttle().allow(ctx.req.client_address, retry))
    return api_error(429, "too_many_attempts", fmt::format("too many attempts; wait {:.0f} s", retry + 0.5));
  const std::string token = ctx.param("token");
  auto l = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.get_questionnaire_link_by_token(security::sha256_hex(token)); });
  if (!l) {
    if (l.error().code() != ErrorCode::kNotFound) return store_error(l.error());
    ctx.services.throttle().failed(ctx.req.client_address);
    return api_error(404, "not_found", "this link does not exist; check it or ask your clinic for a new one");
  }
  if (l->used_us != 0 || l->expires_us <= now_us()) {
    ctx.pending_reads.push_back(link_event(ctx, *l, "questionnaire_link", l->id, "denied"));
    return api_error(410, "gone", "this link has been used or has expired; ask your clinic for a new one");
  }
  return std::move(*l);
}

net::Response public_form(RequestContext& ctx) {
  auto opened = open_link(ctx);
  if (auto* refusal = std::get_if<net::Response>(&opened)) return *refusal;
  const auto& l = std::get<clinic::QuestionnaireLink>(opened);
  const auto* in = find_instrument(l.instrument_id);
  if (in == nullptr) return api_error(503, "unavailable", "the instrument library is not available");
  auto clinic = ctx.services.store().read([&](store::Tx& tx) { return tx.get_clinic(l.clinic_id); });
  if (!clinic) return store_error(clinic.error());
  ctx.pending_reads.push_back(link_event(ctx, l, "questionnaire_link", l.id));
  // Nothing that identifies the patient: whoever holds the link learns the clinic and the form only.
  return json_ok(
      {{"clinic", clinic->name}, {"expires", iso_time(l.expires_us)}, {"instrument", instrument_json(*in)}});
}

net::Response public_submit(RequestContext& ctx) {
  auto opened = open_link(ctx);
  if (auto* refusal = std::get_if<net::Response>(&opened)) return *refusal;
  const auto& l = std::get<clinic::QuestionnaireLink>(opened);
  {
    clinic::Patient owner;
    owner.clinic_id = l.clinic_id;
    owner.id = l.patient_id;
    if (auto r = refuse_if_restricted(ctx, owner, "answering a questionnaire link")) return *r;
  }
  const auto* in = find_instrument(l.instrument_id);
  if (in == nullptr) return api_error(503, "unavailable", "the instrument library is not available");
  const auto answers = answers_of(ctx.body["answers"]);
  auto scored = score_answers(*in, answers);
  if (auto* refusal = std::get_if<net::Response>(&scored)) return *refusal;
  const auto& s = std::get<measures::Score>(scored);
  clinic::QuestionnaireResponse r;
  r.instrument_version = in->version;
  r.answers_json = measures::answers_to_json(answers);
  r.scores_json = measures::score_to_json(s);
  r.valid = s.valid;
  r.source = "link";
  auto stored =
      ctx.services.store().write([&](store::Tx& tx) -> Result<std::optional<clinic::QuestionnaireResponse>> {
        auto row = PHYSIO_TRY(tx.use_questionnaire_link(l.id, r));
        if (row) PHYSIO_CHECK(tx.append_audit({link_event(ctx, l, "questionnaire_response", row->id)}));
        return row;
      });
  if (!stored) return store_error(stored.error());
  if (!*stored) {
    ctx.pending_reads.push_back(link_event(ctx, l, "questionnaire_link", l.id, "denied"));
    return api_error(410, "gone", "this link has been used or has expired; ask your clinic for a new one");
  }
  // The patient sees that it arrived, not the scores: those are for the clinician to explain.
  return json_ok({{"received", true}, {"completed", iso_time((*stored)->completed_us)}}, 201);
}

Route public_route(std::string method, std::string summary, std::string audit,
                   std::function<net::Response(RequestContext&)> handler) {
  Route r = make_route(std::move(method), "/api/q/{token}", std::move(summary), std::nullopt, Target::kNone,
                       std::move(audit), std::move(handler));
  r.auth = AuthMode::kPublic;
  return r;
}

}  // namespace

void add_questionnaire_link_routes(RouteTable& routes) {
  {
    FieldSpec days;
    days.name = "expires_days";
    days.type = FieldType::kInteger;
    days.description = "days the link works (default and most: the questionnaire-link-days setting)";
    days.min = 1;
    days.max = 90;
    routes.push_back(with_body(
        make_route("POST", "/api/patients/{id}/questionnaire-links",
                   "Make a single-use link to fill in one instrument without an account (the token is "
                   "returned once)",
                   Action::kSendQuestionnaire, Target::kPatient, "questionnaire_link.create", create_link),
        {instrument_field(), episode_field(), days}, kMaxLinkBody));
  }
  routes.push_back(
      make_route("GET", "/api/patients/{id}/questionnaire-links",
                 "A patient's questionnaire links: instrument, expiry, used or not (never the token)",
                 Action::kSendQuestionnaire, Target::kPatient, "questionnaire_link.read", list_links));
  routes.push_back(public_route("GET",
                                "A questionnaire link's form (no account; the token is the credential)",
                                "questionnaire_link.open", public_form));
  routes.push_back(with_body(public_route("POST", "Submit a questionnaire link's answers, once",
                                          "questionnaire_link.submit", public_submit),
                             {answers_field()}, kMaxResponseBody));
}

}  // namespace physio::server