#include "server/live/live_hub.hpp"

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "kinematics/formats/load.hpp"
#include "security/hash.hpp"
#include "security/random.hpp"
#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/http_util.hpp"

namespace physio::server::live {
namespace {

namespace fs = std::filesystem;

/// The device's socket: a hello with the session's token, then frames, then {"type":"end"}.
class DeviceSession final : public net::WsSession {
 public:
  DeviceSession(std::shared_ptr<LiveRoom> room, std::function<void()> wake)
      : room_(std::move(room)), wake_(std::move(wake)) {}

  void on_open(std::shared_ptr<net::WsConnection> conn) override { conn_ = std::move(conn); }

  void on_text(std::string_view msg) override {
    nlohmann::json j = nlohmann::json::parse(msg, nullptr, false);
    const std::string type = j.is_object() && j.contains("type") && j["type"].is_string() ? j["type"] : "";
    if (!attached_) {
      if (type != "hello" || !j.contains("token") || !j["token"].is_string()) {
        conn_->close(1008, "the first message must be {\"type\":\"hello\",\"token\":...}");
        return;
      }
      if (!room_->token_matches(j["token"].get<std::string>())) {
        conn_->close(1008, "this token is not the token of this session");
        return;
      }
      attached_ = true;
      room_->attach_device(conn_);
      return;
    }
    if (type == "end") {
      room_->request_end();
      wake_();
      return;
    }
    if (type == "pain") {
      const auto it = j.find("nprs");
      std::string refused;
      if (it == j.end() || !it->is_number_integer()) {
        refused = "pain needs \"nprs\": a whole number 0-10";
      } else if (const auto v = it->get<std::int64_t>(); v < 0 || v > 10) {
        refused = fmt::format("pain {} is outside the 0-10 scale", v);
      } else if (auto st = room_->report_pain(static_cast<int>(v)); !st) {
        refused = st.error().message();
      }
      if (!refused.empty())
        conn_->send_text(nlohmann::json{{"type", "refused"}, {"reason", std::move(refused)}}.dump());
      return;
    }
    conn_->send_text(nlohmann::json{{"type", "refused"},
                                    {"reason",
                                     "unknown message; expected a landmark frame (binary), "
                                     "{\"type\":\"pain\",\"nprs\":0-10} or {\"type\":\"end\"}"}}
                         .dump());
  }

  void on_binary(std::string_view msg) override {
    if (!attached_) {
      conn_->close(1008, "send {\"type\":\"hello\",\"token\":...} before any frame");
      return;
    }
    room_->on_frame(msg);
  }

  void on_close() override {
    if (attached_) room_->detach_device(conn_.get());
    conn_.reset();
  }

 private:
  std::shared_ptr<LiveRoom> room_;
  std::function<void()> wake_;
  std::shared_ptr<net::WsConnection> conn_;
  bool attached_ = false;
};

class ViewerSession final : public net::WsSession {
 public:
  explicit ViewerSession(std::shared_ptr<LiveRoom> room) : room_(std::move(room)) {}
  void on_open(std::shared_ptr<net::WsConnection> conn) override {
    conn_ = conn;
    room_->add_viewer(std::move(conn));
  }
  void on_text(std::string_view) override {}
  void on_binary(std::string_view) override {}
  void on_close() override {
    room_->remove_viewer(conn_.get());
    conn_.reset();
  }

 private:
  std::shared_ptr<LiveRoom> room_;
  std::shared_ptr<net::WsConnection> conn_;
};

/// The exercise log of a stored live set: one set of the complete repetitions shown, their mean score and
/// range of motion, and the severe form cues.
clinic::ExerciseLog live_exercise_log(const clinic::LiveSession& row, std::int64_t program_version,
                                      const nlohmann::json& events) {
  clinic::ExerciseLog log;
  log.clinic_id = row.clinic_id;
  log.patient_id = row.patient_id;
  log.program_id = row.program_id;
  log.program_version = program_version;
  log.exercise_id = row.exercise_id;
  log.done_us = row.finished_us;
  log.reps_per_set = fmt::format("[{}]", row.repetitions_live);
  log.source = "live";
  log.live_session_id = row.id;
  log.logged_by = row.started_by;
  double score = 0.0, rom = 0.0;
  int reps = 0;
  for (const auto& e : events) {
    const std::string type = e.value("type", "");
    if (type == "rep" && !e.value("partial", false)) {
      score += e.value("score", 0.0);
      rom += e.value("rom_deg", 0.0);
      ++reps;
    } else if (type == "cue" && e.value("severity", "") == "high") {
      ++log.severe_cues;
    } else if (type == "pain") {  // the highest pain the patient reported during the set
      const double p = e.value("nprs", 0.0);
      log.pain_during_nprs = std::max(log.pain_during_nprs.value_or(p), p);
    }
  }
  if (reps > 0) {
    log.mean_quality = score / reps;
    log.rom_deg = rom / reps;
  }
  return log;
}

}  // namespace

LiveHub::LiveHub(store::Store& store, HubOptions options)
    : store_(store), options_(std::move(options)), thread_([this] { run(); }) {}

LiveHub::~LiveHub() {
  stop();
}

Result<std::string> LiveHub::open(const clinic::LiveSession& row, RoomSpec spec) {
  std::string token = security::random_token();
  const auto spill =
      options_.spill_dir.empty() ? std::filesystem::path() : options_.spill_dir / (row.id + ".frames");
  auto room = PHYSIO_TRY(LiveRoom::create(row, std::move(spec), options_.limits, token, spill));
  const std::lock_guard lock(mu_);
  if (stopping_) return fail(ErrorCode::kIo, "the server is stopping");
  rooms_[row.id] = std::move(room);
  return token;
}

std::shared_ptr<LiveRoom> LiveHub::find(const std::string& id) const {
  const std::lock_guard lock(mu_);
  auto it = rooms_.find(id);
  return it == rooms_.end() ? nullptr : it->second;
}

bool LiveHub::holds(const std::string& id) const {
  return find(id) != nullptr;
}

std::size_t LiveHub::open_rooms() const {
  const std::lock_guard lock(mu_);
  return rooms_.size();
}

std::shared_ptr<net::WsSession> LiveHub::device_session(const std::string& id) {
  auto room = find(id);
  if (!room) return nullptr;
  return std::make_shared<DeviceSession>(std::move(room), [this] { cv_.notify_all(); });
}

std::shared_ptr<net::WsSession> LiveHub::viewer_session(const std::string& id) {
  auto room = find(id);
  if (!room) return nullptr;
  return std::make_shared<ViewerSession>(std::move(room));
}

void LiveHub::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, options_.tick);
    if (stopping_) break;
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::pair<std::shared_ptr<LiveRoom>, std::string>> due;
    for (const auto& [id, room] : rooms_)
      if (auto state = room->due(now, options_.resume_window)) due.emplace_back(room, *state);
    lock.unlock();
    for (const auto& [room, state] : due) finish(room, state);
    lock.lock();
  }
}

void LiveHub::stop() {
  std::map<std::string, std::shared_ptr<LiveRoom>> rooms;
  {
    const std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    const std::lock_guard lock(mu_);
    rooms = rooms_;
  }
  for (const auto& [id, room] : rooms) finish(room, "interrupted");
}

void LiveHub::finish(const std::shared_ptr<LiveRoom>& room, const std::string& state) {
  FinishedSet set = room->take_set(state);
  {
    const std::lock_guard lock(mu_);
    rooms_.erase(room->row().id);
  }
  if (set.row.id.empty()) return;  // taken already
  auto stored = store_set(set);
  if (!stored) {
    spdlog::error("live session {}: the set could not be stored: {}", set.row.id, stored.error().to_string());
    room->send_final({{"type", "error"}, {"reason", "the set could not be stored; it was not saved"}});
    return;
  }
  room->send_final(*stored);
  if (!set.spill.empty()) {
    std::error_code ec;
    fs::remove(set.spill, ec);
  }
  if (on_job_queued && !set.row.recording_id.empty()) on_job_queued();
}

std::size_t LiveHub::recover() {
  std::size_t n = 0;
  std::error_code ec;
  if (options_.spill_dir.empty() || !fs::is_directory(options_.spill_dir, ec)) return 0;
  for (const auto& entry : fs::directory_iterator(options_.spill_dir, ec)) {
    if (entry.path().extension() != ".frames") continue;
    auto contents = read_spill(entry.path());
    if (!contents) {
      spdlog::error("live sets: {} is unreadable and kept for inspection: {}", entry.path().string(),
                    contents.error().to_string());
      continue;
    }
    FinishedSet set;
    set.row = session_from_header(contents->header["session"]);
    set.row.state = "interrupted";
    set.row.frames = static_cast<std::int64_t>(contents->landmarks.landmarks.n_frames());
    set.events = nlohmann::json::array(
        {{{"type", "recovered"},
          {"reason", "the server stopped during the set; what it had received is kept"}}});
    set.landmarks = std::move(contents->landmarks);
    auto stored = store_set(set);
    if (!stored && stored.error().code() != ErrorCode::kNotFound) {
      spdlog::error("live session {}: recovering its set: {}", set.row.id, stored.error().to_string());
      continue;  // try again at the next start
    }
    // Stored now, or stored already before the crash (the row is no longer open): the file is done.
    fs::remove(entry.path(), ec);
    if (stored) ++n;
  }
  if (n > 0 && on_job_queued) on_job_queued();
  return n;
}

Result<nlohmann::json> LiveHub::store_set(FinishedSet& set) {
  clinic::LiveSession& row = set.row;
  row.finished_us = now_us();
  nlohmann::json result = {{"live",
                            {{"repetitions", row.repetitions_live},
                             {"partial", set.partial},
                             {"rate_hz", std::round(set.rate_hz * 100.0) / 100.0},
                             {"events", set.events}}}};
  std::optional<clinic::Recording> rec;
  if (row.frames > 0 && set.landmarks.landmarks.n_frames() > 0) {
    // The frames, as a landmark file the batch analysis reads (same folder layout as uploads).
    const fs::path rel = fs::path(row.clinic_id) / (security::random_id() + ".plmk");
    const fs::path abs = options_.files_dir / rel;
    std::error_code ec;
    fs::create_directories(abs.parent_path(), ec);
    PHYSIO_CHECK(kin::save_landmark_file(set.landmarks, abs));
    auto sha = PHYSIO_TRY(security::sha256_file_hex(abs));
    clinic::Recording r;
    r.clinic_id = row.clinic_id;
    r.patient_id = row.patient_id;
    r.kind = "landmarks";
    r.exercise_id = row.exercise_id;
    // A clinic's own exercise is analysed as the library exercise it is measured like
    // (docs/server/clinic-exercises.md); the set's log keeps the clinic exercise's id.
    if (is_clinic_exercise_id(row.exercise_id))
      if (auto own = load_clinic_exercise(store_, row.clinic_id, row.exercise_id);
          own && *own && !(*own)->measured_like.empty())
        r.exercise_id = (*own)->measured_like;
    r.side = row.side;
    r.original_name = fmt::format("live {} {}.plmk", row.exercise_id, iso_time(row.created_us).substr(0, 10));
    r.size_bytes = static_cast<std::int64_t>(fs::file_size(abs, ec));
    r.sha256 = std::move(sha);
    r.file_path = rel.string();
    r.uploaded_by = row.started_by;
    rec = std::move(r);
  }
  std::string job_id;
  auto st = store_.write([&](store::Tx& tx) -> Status {
    if (rec) {
      *rec = PHYSIO_TRY(tx.create_recording(*rec));
      auto job = PHYSIO_TRY(tx.enqueue_job(rec->clinic_id, rec->id));
      job_id = job.id;
      row.recording_id = rec->id;
    }
    result["job_id"] = job_id;
    row.result_json = result.dump();
    PHYSIO_CHECK(tx.finish_live_session(row));
    if (!row.program_id.empty() && row.frames > 0) {
      // The set is one session of the prescribed exercise for the program's progression rules, with what
      // was shown live (pain and effort come from the patient's answers afterwards).
      auto program = PHYSIO_TRY(tx.get_program(row.clinic_id, row.program_id));
      PHYSIO_TRY(tx.insert_exercise_log(live_exercise_log(row, program.version, set.events)));
    }
    // The live analyser rejected the set as it went (two people, the wrong view, walking instead of the
    // exercise, nothing counted): the set is stored as not counted at once, with its reasons; the
    // whole-set analysis may give its own reason later.
    if (!set.verdict.valid) {
      const std::string why = fmt::format("{}", fmt::join(set.verdict.reasons, "; "));
      for (const auto& log_id : PHYSIO_TRY(tx.mark_live_set_not_counted(row.clinic_id, row.id, why))) {
        store::AuditEventInput n;
        n.clinic_id = row.clinic_id;
        n.actor_id = row.started_by;
        n.role = "system";
        n.action = "exercise_log.not_counted";
        n.record_type = "exercise_log";
        n.record_id = log_id;
        n.patient_id = row.patient_id;
        n.detail = "live session " + row.id;
        PHYSIO_CHECK(tx.append_audit({n}));
      }
    }
    store::AuditEventInput a;
    a.clinic_id = row.clinic_id;
    a.actor_id = row.started_by;
    a.role = "device";
    a.action = "live_session.store";
    a.record_type = "live_session";
    a.record_id = row.id;
    a.patient_id = row.patient_id;
    a.detail =
        fmt::format("{} frames, {} repetitions shown, {}", row.frames, row.repetitions_live, row.state);
    PHYSIO_TRY(tx.append_audit({a}));
    return ok();
  });
  if (!st) return std::unexpected(std::move(st).error());
  return nlohmann::json{
      {"type", "set_complete"}, {"state", row.state},   {"repetitions", row.repetitions_live},
      {"partial", set.partial}, {"frames", row.frames}, {"recording_id", row.recording_id},
      {"job_id", job_id}};
}

}  // namespace physio::server::live
