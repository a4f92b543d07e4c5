// A patient's recovery course (docs/server/risk.md, "Recovery course"): the clinic's visits and weeks to the
// goal for the patient's condition, the visits expected to remain, and each outcome measure against its
// expected track. For clinicians; every figure says what it rests on.
#include <cmath>

#include "insight/recovery.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/insight/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

json opt(const std::optional<double>& v, double scale = 10) {
  return v ? json(std::round(*v * scale) / scale) : json(nullptr);
}

json quantile_json(const risk::SurvivalQuantile& q) {
  return {{"value", opt(q.time)}, {"ci95", {opt(q.lower), opt(q.upper)}}, {"reason", q.reason}};
}

json figures_json(const risk::CourseFigures& f) {
  return {{"median", quantile_json(f.median)}, {"q25", quantile_json(f.q25)}, {"q75", quantile_json(f.q75)}};
}

json course_json(const risk::GroupCourse& g) {
  json j = {{"condition", g.group},   {"episodes", g.episodes},         {"events", g.events},
            {"censored", g.censored}, {"ongoing", g.ongoing},           {"cancelled", g.cancelled},
            {"assessed", g.assessed}, {"not_assessed", g.not_assessed}, {"text", g.text}};
  if (g.assessed) {
    j["visits"] = figures_json(g.by_visits);
    j["weeks"] = figures_json(g.by_weeks);
  }
  return j;
}

json remaining_json(const risk::RemainingVisits& r) {
  return {{"attended", r.attended}, {"median", opt(r.median)}, {"ci95", {opt(r.lower), opt(r.upper)}},
          {"q25", opt(r.q25)},      {"q75", opt(r.q75)},       {"reason", r.reason},
          {"text", r.text}};
}

json track_json(const insight::InstrumentTrack& t) {
  json measures = json::array();
  for (const auto& m : t.track.measures)
    measures.push_back({{"at", iso_time(m.at_us)},
                        {"score", std::round(m.score * 100) / 100},
                        {"week", m.week},
                        {"improvement", std::round(m.improvement * 100) / 100},
                        {"status", m.status},
                        {"band_source", m.source},
                        {"band", {opt(m.band_low, 100), opt(m.band_high, 100)}},
                        {"band_episodes", m.band_episodes}});
  json expected = json::array();
  for (const auto& b : t.track.expected)
    expected.push_back({{"week", b.week},
                        {"low", std::round(b.low * 100) / 100},
                        {"median", std::round(b.median * 100) / 100},
                        {"high", std::round(b.high * 100) / 100},
                        {"episodes", b.episodes}});
  return {{"instrument_id", t.instrument_id},
          {"instrument", t.instrument},
          {"score", t.score},
          {"unit", t.unit},
          {"higher_is_better", t.higher_is_better},
          {"mic", t.mic},
          {"mic_source", t.mic_source},
          {"off_track", t.track.off_track},
          {"kind", t.track.kind},
          {"clinic_band", t.track.clinic_band},
          {"clinic_episodes", t.track.clinic_episodes},
          {"summary", t.track.summary},
          {"reason", t.track.reason},
          {"measures", measures},
          {"expected", expected},
          {"rule_from_week", risk::TrackOptions{}.rule_from_week}};
}

net::Response patient_recovery(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  auto r = insight::patient_recovery(ctx.services.store(), patient.clinic_id, patient.id, now_us());
  if (!r) return store_error(r.error());
  json tracks = json::array();
  for (const auto& t : r->tracks) tracks.push_back(track_json(t));
  return json_ok({{"episode_id", r->episode_id.empty() ? json(nullptr) : json(r->episode_id)},
                  {"condition", r->condition},
                  {"course", r->course ? course_json(*r->course) : json(nullptr)},
                  {"remaining", r->remaining ? remaining_json(*r->remaining) : json(nullptr)},
                  {"tracks", tracks},
                  {"reason", r->reason}});
}

}  // namespace

void add_recovery_routes(RouteTable& routes) {
  routes.push_back(
      make_route("GET", "/api/patients/{id}/recovery",
                 "The patient's recovery course: the clinic's visits and weeks to the goal for "
                 "the condition of the open episode (Kaplan-Meier, open episodes censored), the "
                 "visits expected to remain, and each outcome measure against its expected track",
                 Action::kReadRecovery, Target::kPatient, "recovery.read", patient_recovery));
}

}  // namespace physio::server
