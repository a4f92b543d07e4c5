// The clinician's report of an analysed exercise recording (docs/server/recordings.md, "Clinician
// report"): rendered on request from the stored analysis result by report::render_clinician_report, with the
// patient's earlier recordings of the same exercise for the comparison. Clinicians only (physiotherapists
// and assistants, the action of a patient's recovery course); the patient keeps their own report.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "exercise/library.hpp"
#include "report/clinician.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/record/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

std::optional<double> number_at(const json& j, const char* section, const char* key) {
  if (!j.is_object() || !j.contains(section) || !j[section].is_object()) return std::nullopt;
  const json& s = j[section];
  if (!s.contains(key) || !s[key].is_number()) return std::nullopt;
  return s[key].get<double>();
}

report::PriorRecording prior_of(const clinic::Recording& r, bool current) {
  report::PriorRecording p;
  p.date = iso_time(r.created_us).substr(0, 10);
  p.current = current;
  const json j = json::parse(r.result_json, nullptr, false);
  if (auto c = number_at(j, "summary", "count")) p.count = static_cast<int>(*c);
  p.mean_rom_deg = number_at(j, "summary", "mean_rom_deg");
  p.best_rom_deg = number_at(j, "summary", "best_rom_deg");
  p.score = number_at(j, "summary", "score");
  return p;
}

net::Response get_clinician_report(RequestContext& ctx) {
  const auto& who = ctx.principal();
  auto rec = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.get_recording(who.clinic_id, ctx.param("id")); });
  if (!rec) {
    if (rec.error().code() != ErrorCode::kNotFound) return store_error(rec.error());
    ctx.pending_reads.push_back(ctx.audit_event("recording", "", "", "denied"));
    return api_error(404, "not_found", "no such recording");
  }
  if (auto d = ctx.authorize({rec->clinic_id, rec->patient_id}, "recording", rec->id)) return *d;
  const clinic::Recording& r = *rec;
  if (r.result_json.empty() || r.exercise_id.empty())
    return api_error(404, "not_found", "this recording has no exercise analysis (yet)");
  auto loaded = ctx.services.store().read(
      [&](store::Tx& tx) -> Result<std::pair<clinic::Patient, std::vector<clinic::Recording>>> {
        auto p = PHYSIO_TRY(tx.get_patient(r.clinic_id, r.patient_id));
        auto list = PHYSIO_TRY(tx.list_recordings(r.clinic_id, r.patient_id));
        return std::pair{std::move(p), std::move(list)};
      });
  if (!loaded) return store_error(loaded.error());
  const auto& [patient, recordings] = *loaded;

  report::ClinicianReportContext c;
  c.patient_name = patient.given_name + " " + patient.family_name;
  c.recorded = iso_time(r.created_us).substr(0, 16);
  std::replace(c.recorded.begin(), c.recorded.end(), 'T', ' ');
  c.recorded += " UTC";
  c.exercise_name = r.exercise_id;
  if (auto ex = exercise::find_exercise(r.exercise_id)) {
    c.exercise_name = (*ex)->name;
    c.view = exercise::views_words((*ex)->views);
  }
  if (r.kind == "video") {
    c.source = "video";
    c.model = "BlazePose full (video pose estimation)";
    c.person =
        "one person followed through the video; frames where only someone else was in view are left out";
  } else {
    c.source = "landmark file";
    c.person = "as in the uploaded landmark file";
  }
  c.scale = "none needed: angles do not depend on the camera's distance";
  c.patient_page_url = "/patients/" + r.patient_id;
  if (!r.report_path.empty()) c.patient_report_url = "/api/recordings/" + r.id + "/report";
  // The same exercise's analysed recordings up to this one, oldest first.
  std::vector<const clinic::Recording*> same;
  for (const auto& o : recordings)
    if (o.exercise_id == r.exercise_id && !o.result_json.empty() && o.created_us <= r.created_us)
      same.push_back(&o);
  std::sort(same.begin(), same.end(), [](auto* a, auto* b) { return a->created_us < b->created_us; });
  for (const auto* o : same) c.history.push_back(prior_of(*o, o->id == r.id));

  ctx.audit_read("clinician_report", r.id, r.patient_id);
  net::Response resp;
  resp.status = 200;
  resp.body = report::render_clinician_report(c, json::parse(r.result_json, nullptr, false));
  resp.headers.push_back({"content-type", "text/html; charset=utf-8"});
  // Self-contained HTML with inline CSS and no scripts, as the patient's report: a sandboxed page of its own.
  resp.headers.push_back(
      {"content-security-policy",
       "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'"});
  resp.headers.push_back({"cache-control", "no-store"});
  return resp;
}

}  // namespace

void add_clinician_report_routes(RouteTable& routes) {
  routes.push_back(answering(
      make_route(
          "GET", "/api/recordings/{id}/clinician-report",
          "The clinician's HTML report of an analysed exercise recording: every measure with its unit and "
          "definition, each repetition, what was not counted and why, the analysis settings, quality "
          "flags and the previous recordings of the exercise (clinicians only)",
          Action::kReadRecovery, Target::kRecording, "clinician_report.read", get_clinician_report),
      "text/html"));
}

}  // namespace physio::server
