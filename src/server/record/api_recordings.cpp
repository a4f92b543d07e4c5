// Recordings: upload (raw body streamed to a temporary file by net/, checked, then moved into place and
// recorded with its analysis job in one transaction), the timeline's list, reports, and job state.
#include <spdlog/spdlog.h>

#include "analysis/recording_analysis.hpp"
#include "clinic/validation.hpp"
#include "security/hash.hpp"
#include "security/random.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/record_json.hpp"
#include "server/http/services.hpp"
#include "server/record/job_watch.hpp"
#include "server/record/keep_upload.hpp"
#include "server/record/routes.hpp"

namespace physio::server {
namespace {

namespace fs = std::filesystem;
using clinic::Action;

std::string safe_name(std::string name) {
  if (name.size() > 200) name.resize(200);
  for (char& c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == '/' || c == '\\' || c == 0x7F) c = '_';
  return name;
}

net::Response upload(RequestContext& ctx) {
  const auto& who = ctx.principal();
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  if (auto r = refuse_if_restricted(ctx, patient, "a new recording for analysis")) return *r;
  const std::string kind_s = ctx.query("kind").value_or("");
  const auto kind = analysis::recording_kind_from_string(kind_s);
  if (!kind) return api_error(400, "invalid_query", "kind must be video, landmarks or imu", "kind");
  analysis::AnalysisRequest check;
  check.input = ctx.req.body_file;
  check.kind = *kind;
  check.exercise_id = ctx.query("exercise").value_or("");
  check.test = ctx.query("test").value_or("");
  if (*kind == analysis::RecordingKind::kImu && !check.exercise_id.empty())
    return api_error(400, "invalid_query", "an IMU recording names a test, not an exercise", "exercise");
  if (*kind != analysis::RecordingKind::kImu && !check.test.empty() && check.test != "gait")
    return api_error(
        400, "invalid_query",
        "a video or landmark file names an exercise, or test=gait for walking; not test=" + check.test,
        "test");
  // A walk's scale: the person's height with this upload (else the analysis uses the patient's record).
  std::int64_t height_cm = 0;
  if (const auto h = ctx.query("height_cm")) {
    if (auto problem = clinic::height_cm_problem(*h, height_cm); !problem.empty())
      return api_error(400, "invalid_query", "height_cm " + problem, "height_cm");
    if (*kind == analysis::RecordingKind::kImu || check.test != "gait")
      return api_error(400, "invalid_query",
                       "height_cm is the scale of a walk: give it with a video or landmarks and test=gait",
                       "height_cm");
  }
  std::string name = safe_name(ctx.query("name").value_or(""));
  if (ctx.req.body_file.empty() || ctx.req.body_size == 0)
    return api_error(400, "empty_upload", "send the file as the request body");
  if (auto st = analysis::check_upload(check); !st) {
    const bool query_problem =
        st.error().code() == ErrorCode::kInvalidArgument || st.error().code() == ErrorCode::kNotFound;
    // The upload's temporary file is named as the person sent it, never by the server's path.
    std::string message = st.error().to_string();
    const std::string temp = ctx.req.body_file.string();
    for (auto at = message.find(temp); !temp.empty() && at != std::string::npos; at = message.find(temp, at))
      message.replace(at, temp.size(), name.empty() ? "the upload" : name);
    return api_error(
        query_problem ? 400 : 422, query_problem ? "invalid_query" : "not_what_kind_says", message,
        query_problem ? (*kind == analysis::RecordingKind::kImu || !check.test.empty() ? "test" : "exercise")
                      : "");
  }
  auto sha = security::sha256_file_hex(ctx.req.body_file);
  if (!sha) return api_error(500, "internal", "could not read the upload");

  // Into place: <data>/files/<clinic>/<random>.<ext>, flushed before the row that names it commits.
  std::string ext = fs::path(name).extension().string();
  if (ext.size() > 10 ||
      ext.find_first_not_of(".abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
          std::string::npos)
    ext.clear();
  fs::path rel;
  if (auto failed = keep_upload(ctx, "", ext, rel)) return *failed;
  const fs::path dest = ctx.services.files_dir() / rel;
  std::error_code ec;

  clinic::Recording r;
  r.clinic_id = patient.clinic_id;
  r.patient_id = patient.id;
  r.kind = kind_s;
  r.exercise_id = check.exercise_id;
  r.test = check.test;
  r.original_name = name.empty() ? "upload" + ext : name;
  r.size_bytes = static_cast<std::int64_t>(ctx.req.body_size);
  r.sha256 = *sha;
  r.file_path = rel.string();
  r.uploaded_by = who.user_id;
  r.height_cm = height_cm;
  struct Created {
    clinic::Recording rec;
    clinic::Job job;
  };
  const auto attempts = ctx.services.settings().job_max_attempts;
  auto created = ctx.services.store().write([&](store::Tx& tx) -> Result<Created> {
    auto rec = PHYSIO_TRY(tx.create_recording(r));
    auto job = PHYSIO_TRY(tx.enqueue_job(rec.clinic_id, rec.id, attempts));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("recording", rec.id, rec.patient_id)}));
    return Created{std::move(rec), std::move(job)};
  });
  if (!created) {
    fs::remove(dest, ec);
    return store_error(created.error());
  }
  ctx.services.notify_job_queued();
  return json_ok(
      {{"recording_id", created->rec.id}, {"job_id", created->job.id}, {"state", created->job.state}}, 202);
}

net::Response list_recordings(RequestContext& ctx) {
  clinic::Patient patient;
  if (auto d = load_patient(ctx, patient)) return *d;
  auto data = ctx.services.store().read(
      [&](store::Tx& tx) -> Result<std::pair<std::vector<clinic::Recording>, std::vector<clinic::Job>>> {
        auto recs = PHYSIO_TRY(tx.list_recordings(patient.clinic_id, patient.id));
        auto jobs = PHYSIO_TRY(tx.list_jobs(patient.clinic_id, patient.id));
        return std::make_pair(std::move(recs), std::move(jobs));
      });
  if (!data) return store_error(data.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& rec : data->first) {
    const clinic::Job* job = nullptr;
    for (const auto& j : data->second)  // newest first: the first match is the newest job
      if (j.recording_id == rec.id) {
        job = &j;
        break;
      }
    auto j = recording_json(rec, job);
    j.erase("result");  // the timeline needs the summary; the full result is on the recording route
    out.push_back(std::move(j));
  }
  ctx.audit_read("recording", "", patient.id);
  return json_ok(out);
}

// Loads the recording named by {id} and authorizes the route's action on its patient.
std::optional<net::Response> load_recording(RequestContext& ctx, clinic::Recording& out) {
  const auto& who = ctx.principal();
  auto r = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.get_recording(who.clinic_id, ctx.param("id")); });
  if (!r) {
    if (r.error().code() != ErrorCode::kNotFound) return store_error(r.error());
    ctx.pending_reads.push_back(ctx.audit_event("recording", "", "", "denied"));
    return api_error(404, "not_found", "no such recording");
  }
  if (auto d = ctx.authorize({r->clinic_id, r->patient_id}, "recording", r->id)) return d;
  out = std::move(*r);
  return std::nullopt;
}

net::Response get_recording(RequestContext& ctx) {
  clinic::Recording r;
  if (auto d = load_recording(ctx, r)) return *d;
  auto jobs =
      ctx.services.store().read([&](store::Tx& tx) { return tx.list_jobs(r.clinic_id, r.patient_id); });
  const clinic::Job* job = nullptr;
  if (jobs)
    for (const auto& j : *jobs)
      if (j.recording_id == r.id) {
        job = &j;
        break;
      }
  ctx.audit_read("recording", r.id, r.patient_id);
  return json_ok(recording_json(r, job));
}

net::Response get_report(RequestContext& ctx) {
  clinic::Recording r;
  if (auto d = load_recording(ctx, r)) return *d;
  if (r.report_path.empty()) return api_error(404, "not_found", "this recording has no report (yet)");
  ctx.audit_read("report", r.id, r.patient_id);
  net::Response resp;
  resp.file = ctx.services.files_dir() / r.report_path;
  resp.headers.push_back({"content-type", "text/html; charset=utf-8"});
  // Reports are self-contained HTML with inline CSS and no scripts: a sandboxed page of their own.
  resp.headers.push_back(
      {"content-security-policy",
       "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'"});
  resp.headers.push_back({"cache-control", "no-store"});
  return resp;
}

net::Response get_job(RequestContext& ctx) {
  const auto& who = ctx.principal();
  auto j =
      ctx.services.store().read([&](store::Tx& tx) { return tx.get_job(who.clinic_id, ctx.param("id")); });
  if (!j) {
    if (j.error().code() != ErrorCode::kNotFound) return store_error(j.error());
    ctx.pending_reads.push_back(ctx.audit_event("job", "", "", "denied"));
    return api_error(404, "not_found", "no such job");
  }
  if (auto d = ctx.authorize({j->clinic_id, j->patient_id}, "job", j->id)) return *d;
  ctx.audit_read("job", j->id, j->patient_id);
  return json_ok(job_json(*j));
}

/// The job-progress socket: the job loaded in the caller's clinic and authorized, then watched.
WsAnswer open_job_events(RequestContext& ctx) {
  const std::string job_id = ctx.param("id");
  auto job =
      ctx.services.store().read([&](store::Tx& tx) { return tx.get_job(ctx.principal().clinic_id, job_id); });
  if (!job) {
    ctx.pending_reads.push_back(ctx.audit_event("job", job_id, "", "denied"));
    return api_error(404, "not_found", "no such job");
  }
  if (auto denied = ctx.authorize({job->clinic_id, job->patient_id}, "job", job->id)) return *denied;
  ctx.audit_read("job", job->id, job->patient_id);
  return ctx.services.get<JobWatch>().subscribe(job->clinic_id, job->id);
}

/// The newest job of a recording, if any (jobs are listed newest first).
std::optional<clinic::Job> newest_job(const std::vector<clinic::Job>& jobs, const std::string& recording_id) {
  for (const auto& j : jobs)
    if (j.recording_id == recording_id) return j;
  return std::nullopt;
}

/// A failed analysis tried again: a new job for the same file (after the cause was fixed, or a passing
/// fault). Only a failed one; a queued, running or finished one answers 409.
net::Response retry_recording(RequestContext& ctx) {
  clinic::Recording r;
  if (auto d = load_recording(ctx, r)) return *d;
  if (r.video_deleted)
    return api_error(409, "conflict", "the video was deleted after its analysis; upload it again");
  const auto attempts = ctx.services.settings().job_max_attempts;
  std::string refused;
  auto job = ctx.services.store().write([&](store::Tx& tx) -> Result<std::optional<clinic::Job>> {
    auto last = newest_job(PHYSIO_TRY(tx.list_jobs(r.clinic_id, r.patient_id)), r.id);
    if (last && last->state != "failed") {
      refused = last->state;
      return std::optional<clinic::Job>();
    }
    auto j = PHYSIO_TRY(tx.enqueue_job(r.clinic_id, r.id, attempts));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("recording", r.id, r.patient_id)}));
    return std::optional<clinic::Job>(std::move(j));
  });
  if (!job) return store_error(job.error());
  if (!*job)
    return api_error(409, "conflict",
                     fmt::format("only a failed analysis is tried again; this one is {}",
                                 refused == "done" ? "finished" : refused));
  ctx.services.notify_job_queued();
  return json_ok({{"recording_id", r.id}, {"job_id", (*job)->id}, {"state", (*job)->state}}, 202);
}

/// A recording deleted with its analysis (a wrong file, the wrong patient): its measures leave the record,
/// its files are deleted after the commit. Kept as evidence when a live set or a note refers to it (409).
net::Response delete_recording(RequestContext& ctx) {
  clinic::Recording r;
  if (auto d = load_recording(ctx, r)) return *d;
  auto files = ctx.services.store().write([&](store::Tx& tx) -> Result<std::vector<store::ErasureFile>> {
    auto f = PHYSIO_TRY(tx.delete_recording(r.clinic_id, r.id));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("recording", r.id, r.patient_id)}));
    return f;
  });
  if (!files) {
    if (files.error().code() == ErrorCode::kInvalidArgument)
      return api_error(409, "conflict", files.error().message());
    return store_error(files.error());
  }
  // The files now; each queue row is marked done once its file is gone (a crash before leaves it for the
  // sweep at start).
  for (const auto& f : *files) {
    std::error_code ec;
    fs::remove(ctx.services.settings().data_dir / f.path, ec);
    if (ec) {
      spdlog::warn("recording {}: cannot delete a file: {}", r.id, ec.message());
      continue;
    }
    auto done = ctx.services.store().write([&](store::Tx& tx) { return tx.mark_erasure_file_done(f.id); });
    if (!done) spdlog::warn("recording {}: {}", r.id, done.error().to_string());
  }
  return json_ok({{"deleted", r.id}});
}

Route route(std::string method, std::string pattern, std::string summary, Action action, Target target,
            std::string audit, std::function<net::Response(RequestContext&)> fn) {
  return make_route(std::move(method), std::move(pattern), std::move(summary), action, target,
                    std::move(audit), std::move(fn));
}

}  // namespace

void add_recording_routes(RouteTable& routes) {
  auto up = route("POST", "/api/patients/{id}/recordings",
                  "Upload a recording as the raw body (kind=video|landmarks|imu, exercise=ID or "
                  "test=gait|tug|sts|sway (a video or landmarks: test=gait, walking across the view), "
                  "name=FILE, height_cm=H for a walk's scale); 202 with the analysis job",
                  Action::kUploadRecording, Target::kPatient, "recording.upload", upload);
  up.body = BodyKind::kUpload;
  up.head_check = [](RequestContext& ctx) -> std::optional<net::Response> {
    clinic::Patient patient;
    if (auto d = load_patient(ctx, patient)) return d;
    return refuse_if_restricted(ctx, patient, "a new recording for analysis");
  };
  up.query = {{"kind", "video, landmarks or imu", "string", true},
              {"exercise", "the exercise recorded (an id of GET /api/exercises)"},
              {"test", "or the performance test recorded: gait, tug, sts or sway (a video: gait)"},
              {"name", "the file's name, kept for display"},
              {"height_cm",
               "a walk (test=gait): the person's standing height in whole centimetres, 50-250, the scale of "
               "step length and speed; without it the patient's recorded height is used",
               "integer", false}};
  routes.push_back(up);
  routes.push_back(route("GET", "/api/patients/{id}/recordings",
                         "A patient's recordings with job state and results", Action::kReadClinical,
                         Target::kPatient, "recording.read", list_recordings));
  routes.push_back(route("GET", "/api/recordings/{id}", "One recording with its full analysis result",
                         Action::kReadClinical, Target::kRecording, "recording.read", get_recording));
  routes.push_back(answering(route("GET", "/api/recordings/{id}/report", "The recording's HTML report",
                                   Action::kReadClinical, Target::kRecording, "report.read", get_report),
                             "text/html"));
  add_clinician_report_routes(routes);
  routes.push_back(
      route("POST", "/api/recordings/{id}/retry",
            "Try a failed analysis again (a new job for the same file); 409 unless the last failed",
            Action::kUploadRecording, Target::kRecording, "recording.retry", retry_recording));
  routes.push_back(route("DELETE", "/api/recordings/{id}",
                         "Delete a recording with its analysis and measures (409 when a live set or a note "
                         "refers to it)",
                         Action::kUploadRecording, Target::kRecording, "recording.delete", delete_recording));
  routes.push_back(route("GET", "/api/jobs/{id}", "An analysis job's state, progress and error",
                         Action::kReadClinical, Target::kJob, "job.read", get_job));
  routes.push_back(ws_route("/api/jobs/{id}/events", "job progress", Action::kReadClinical, Target::kJob,
                            "job.read", open_job_events));
}

}  // namespace physio::server
