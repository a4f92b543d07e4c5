#include "jobs/job_runner.hpp"

#include <chrono>
#include <ctime>

#include <spdlog/spdlog.h>

#include "analysis/recording_analysis.hpp"
#include "core/file_io.hpp"
#include "core/wall_clock.hpp"
#include "hl7/oru.hpp"
#include "hl7/serializer.hpp"
#include "security/random.hpp"

namespace physio::jobs {
namespace {

namespace fs = std::filesystem;

/// An analysis error as the people who uploaded the recording read it (the patient among them): the
/// server's folders never appear; the recording is named as it was uploaded, the models by what they are.
std::string readable_error(std::string text, const fs::path& input, const std::string& original_name,
                           const fs::path& files_dir, const fs::path& models_dir) {
  auto replace_all = [&](const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  };
  replace_all(input.string(), original_name.empty() ? "the recording" : original_name);
  if (!models_dir.empty()) replace_all(models_dir.string(), "the pose models");
  if (!files_dir.empty()) {
    replace_all(files_dir.string() + "/", "");
    replace_all(files_dir.string(), "the clinic's files");
  }
  return text;
}

std::string today() {
  const std::time_t now = static_cast<std::time_t>(wall_clock::now_us() / kUsPerSecond);
  char buf[32];
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The results of one analysed recording as ORU^R01 for the clinic's EHR (docs/server/hl7.md): one OBR for
// the recording, one OBX per measure, the patient's demographics in PID.
Result<clinic::Hl7Outgoing> results_message(store::Tx& tx, const clinic::Recording& rec,
                                            const std::vector<clinic::Observation>& stored, TimeUs now,
                                            const hl7::OutboundSettings& settings) {
  const auto patient = PHYSIO_TRY(tx.get_patient(rec.clinic_id, rec.patient_id));
  const auto clinic = PHYSIO_TRY(tx.get_clinic(rec.clinic_id));
  hl7::ResultReport r;
  r.header = hl7::outbound_header(settings, clinic.name, security::random_id(), now);
  r.patient = hl7::demographics_from(patient, settings.mrn_authority);
  r.report_id = rec.id;
  const std::string what = !rec.test.empty() ? rec.test : rec.exercise_id;
  r.panel = {"movement-analysis", "Movement analysis" + (what.empty() ? "" : ": " + what),
             std::string(hl7::kLocalSystem)};
  r.observed_us = rec.created_us;
  r.reported_us = now;
  for (const auto& o : stored) r.observations.push_back(hl7::result_from(o));
  const auto msg = PHYSIO_TRY(hl7::build_oru_r01(r));
  clinic::Hl7Outgoing out;
  out.clinic_id = rec.clinic_id;
  out.record_type = "recording";
  out.record_id = rec.id;
  out.message_type = "ORU^R01";
  out.control_id = r.header.control_id;
  out.message = hl7::serialize(msg);
  return out;
}

/// The live set stored as `rec`, rejected by the analysis: its session and logs keep the reason.
Status reject_live_set(store::Tx& tx, const clinic::Recording& rec, const std::string& reason,
                       const std::string& actor) {
  auto session = PHYSIO_TRY(tx.find_live_session_by_recording(rec.clinic_id, rec.id));
  if (!session) return ok();
  const auto logs = PHYSIO_TRY(tx.mark_live_set_not_counted(rec.clinic_id, session->id, reason));
  std::vector<store::AuditEventInput> events;
  for (const auto& id : logs) {
    store::AuditEventInput a;
    a.clinic_id = rec.clinic_id;
    a.actor_id = actor;
    a.role = "system";
    a.action = "exercise_log.not_counted";
    a.record_type = "exercise_log";
    a.record_id = id;
    a.patient_id = rec.patient_id;
    a.detail = "live session " + session->id;
    events.push_back(std::move(a));
  }
  if (!events.empty()) PHYSIO_CHECK(tx.append_audit(events));
  return ok();
}

// A failure that another attempt cannot cure: the recording is not what it claims, or names nothing
// the engine knows.
bool permanent(const Error& e) {
  switch (e.code()) {
    case ErrorCode::kParse:
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kMissingData:
    case ErrorCode::kUnsupported:
    case ErrorCode::kCorrupt:
    case ErrorCode::kOutOfRange:
    case ErrorCode::kNotFound:
      return true;
    default:
      return false;
  }
}

}  // namespace

JobRunner::JobRunner(store::Store& store, JobRunnerOptions options)
    : store_(store), options_(std::move(options)) {
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this, i] { worker_loop(i); });
}

JobRunner::~JobRunner() {
  stop();
}

void JobRunner::notify() {
  {
    std::lock_guard lk(mu_);
    ++wakeups_;
  }
  cv_.notify_all();
}

void JobRunner::stop() {
  {
    std::lock_guard lk(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void JobRunner::worker_loop(int index) {
  (void)index;
  for (;;) {
    // The wake-ups seen before looking at the queue: one arriving while the claim found nothing (a job
    // queued just after it looked) keeps the worker from sleeping past that job.
    std::uint64_t seen = 0;
    {
      std::lock_guard lk(mu_);
      if (stopping_) return;
      seen = wakeups_;
    }
    bool ran = false;
    try {
      ran = run_one();
    } catch (const std::exception& e) {
      spdlog::error("job worker: internal error: {}", e.what());
    }
    if (!ran) {
      std::unique_lock lk(mu_);
      // Until a job is queued here (notify), the runner stops, or the poll interval passes (jobs queued by
      // other servers sharing the store). A wait on stopping_ alone slept through notify().
      cv_.wait_for(lk, options_.idle_poll, [&] { return stopping_ || wakeups_ != seen; });
    }
  }
}

bool JobRunner::run_one() {
  const TimeUs lease_us = options_.lease_seconds * kUsPerSecond;
  auto claimed = store_.write([&](store::Tx& tx) { return tx.claim_next_job(options_.owner, lease_us); });
  if (!claimed) {
    spdlog::warn("job queue: {}", claimed.error().to_string());
    return false;
  }
  if (!*claimed) return false;
  const clinic::Job job = **claimed;
  spdlog::info("job {}: attempt {} of {} for recording {}", job.id, job.attempts, job.max_attempts,
               job.recording_id);

  std::int64_t recorded_height_cm = 0;  // the patient's, the scale of a walk uploaded without one
  auto loaded = store_.read([&](store::Tx& tx) -> Result<std::pair<clinic::Recording, clinic::Clinic>> {
    auto rec = PHYSIO_TRY(tx.get_recording(job.clinic_id, job.recording_id));
    auto cl = PHYSIO_TRY(tx.get_clinic(job.clinic_id));
    if (rec.test == "gait" && rec.height_cm == 0)
      recorded_height_cm = PHYSIO_TRY(tx.get_patient(rec.clinic_id, rec.patient_id)).height_cm;
    return std::make_pair(std::move(rec), std::move(cl));
  });
  if (!loaded) {
    (void)store_.write([&](store::Tx& tx) {
      return tx.fail_job(
          job.id, job.lease_token,
          readable_error(loaded.error().to_string(), {}, "", options_.files_dir, options_.models_dir), false);
    });
    ++finished_;
    return true;
  }
  const clinic::Recording& rec = loaded->first;
  const bool delete_video = loaded->second.delete_video_after_analysis;

  analysis::AnalysisRequest req;
  req.input = options_.files_dir / rec.file_path;
  req.kind = analysis::recording_kind_from_string(rec.kind).value_or(analysis::RecordingKind::kLandmarks);
  req.exercise_id = rec.exercise_id;
  req.side = rec.side;
  req.test = rec.test;
  if (rec.height_cm > 0) {
    req.height_m = static_cast<double>(rec.height_cm) / 100.0;
    req.height_source = "given with the upload";
  } else if (recorded_height_cm > 0) {
    req.height_m = static_cast<double>(recorded_height_cm) / 100.0;
    req.height_source = "on the patient's record";
  }
  req.models_dir = options_.models_dir;
  req.source_label = rec.original_name;
  req.generated_label = today();
  const fs::path rec_dir = fs::path(rec.clinic_id) / rec.id;
  std::error_code ec;
  fs::create_directories(options_.files_dir / rec_dir, ec);
  if (req.kind == analysis::RecordingKind::kVideo)
    req.landmarks_out = options_.files_dir / rec_dir / "landmarks.plmk";
  // Heartbeats at most once a second: progress for the page, and the lease kept alive.
  auto last_beat = std::chrono::steady_clock::now() - std::chrono::seconds(10);
  req.progress = [&](double p, const std::string& what) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_beat < std::chrono::seconds(1)) return;
    last_beat = now;
    auto st = store_.write([&](store::Tx& tx) { return tx.heartbeat_job(job.id, job.lease_token, p, what); });
    if (!st) spdlog::warn("job {}: heartbeat: {}", job.id, st.error().to_string());
  };

  auto result = analysis::analyse_recording(req);
  if (!result) {
    const Error& e = result.error();
    const bool retry = !permanent(e);
    spdlog::info("job {}: failed ({}): {}", job.id, retry ? "will retry" : "final", e.to_string());
    auto st = store_.write([&](store::Tx& tx) -> Status {
      PHYSIO_CHECK(tx.fail_job(job.id, job.lease_token,
                               readable_error(e.to_string(), req.input, rec.original_name, options_.files_dir,
                                              options_.models_dir),
                               retry));
      store::AuditEventInput a;
      a.clinic_id = job.clinic_id;
      a.actor_id = "system:" + options_.owner;
      a.role = "system";
      a.action = "recording.analyse";
      a.record_type = "recording";
      a.record_id = rec.id;
      a.patient_id = rec.patient_id;
      a.outcome = "failure";
      a.detail =
          readable_error(e.to_string(), req.input, rec.original_name, options_.files_dir, options_.models_dir)
              .substr(0, 500);
      PHYSIO_CHECK(tx.append_audit({a}));
      // A live set the engine rejects (someone else in view, another movement) is kept with the reason and
      // counted nowhere; a failure that may pass on retry rejects nothing.
      if (!retry) PHYSIO_CHECK(reject_live_set(tx, rec, a.detail, a.actor_id));
      return ok();
    });
    if (!st) spdlog::warn("job {}: could not record the failure: {}", job.id, st.error().to_string());
    ++finished_;
    return true;
  }

  std::string report_rel;
  if (!result->report_html.empty()) {
    report_rel = (rec_dir / "report.html").string();
    if (auto st = save_file_atomic(options_.files_dir / report_rel, result->report_html); !st) {
      (void)store_.write([&](store::Tx& tx) {
        return tx.fail_job(
            job.id, job.lease_token,
            readable_error(st.error().to_string(), {}, "", options_.files_dir, options_.models_dir), true);
      });
      return true;
    }
  }
  const TimeUs effective = rec.created_us;
  auto st = store_.write([&](store::Tx& tx) -> Status {
    std::vector<clinic::Observation> stored;
    for (const auto& m : result->measures) {
      clinic::Observation o;
      o.clinic_id = rec.clinic_id;
      o.patient_id = rec.patient_id;
      o.recording_id = rec.id;
      o.code_system = m.code_system;
      o.code = m.code;
      o.display = m.display;
      o.value = m.value;
      o.unit = m.unit;
      o.method = m.method;
      o.body_site = m.body_site;
      o.side = m.side;
      o.effective_us = effective;
      o.source = "recording:" + rec.id;
      stored.push_back(PHYSIO_TRY(tx.insert_observation(o)));
    }
    // The measures go to the clinic's EHR as ORU^R01 (delivered by the server's HL7 sender when one is set).
    // A message that cannot be built never costs the analysis its results: it is logged and not queued.
    if (!stored.empty()) {
      auto oru = results_message(tx, rec, stored, store_.now_us(), options_.hl7);
      if (oru)
        PHYSIO_CHECK(tx.queue_hl7(std::move(*oru)));
      else
        spdlog::warn("job {}: results not queued for the EHR: {}", job.id, oru.error().to_string());
    }
    PHYSIO_CHECK(tx.update_recording_result(rec.clinic_id, rec.id, report_rel, result->summary_json));
    PHYSIO_CHECK(tx.complete_job(job.id, job.lease_token));
    store::AuditEventInput a;
    a.clinic_id = job.clinic_id;
    a.actor_id = "system:" + options_.owner;
    a.role = "system";
    a.action = "recording.analyse";
    a.record_type = "recording";
    a.record_id = rec.id;
    a.patient_id = rec.patient_id;
    a.detail = std::to_string(result->measures.size()) + " observations";
    PHYSIO_CHECK(tx.append_audit({a}));
    if (delete_video && req.kind == analysis::RecordingKind::kVideo && result->landmarks_written)
      PHYSIO_CHECK(tx.mark_video_deleted(rec.clinic_id, rec.id));
    return ok();
  });
  if (!st) {
    // The lease was lost (another worker took the job over) or the store failed: this run's result is
    // dropped; the run holding the lease decides.
    spdlog::warn("job {}: result not stored: {}", job.id, st.error().to_string());
    return true;
  }
  if (delete_video && req.kind == analysis::RecordingKind::kVideo && result->landmarks_written)
    fs::remove(options_.files_dir / rec.file_path, ec);
  ++finished_;
  spdlog::info("job {}: done, {} observations", job.id, result->measures.size());
  return true;
}

}  // namespace physio::jobs
