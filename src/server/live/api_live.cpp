// Live exercise sessions: create one (the device then opens its WebSocket with the token), list a
// patient's, read one with its stored analysis. The sockets (device and viewers) open here too; the app
// checks their session and origin first.
#include <cctype>
#include <limits>
#include <map>

#include <spdlog/spdlog.h>

#include "exercise/library.hpp"
#include "rehab/pain_advice.hpp"
#include "rehab/program.hpp"
#include "rehab/program_rows.hpp"
#include "rehab/set_feedback.hpp"
#include "rehab/today.hpp"
#include "server/http/body_fields.hpp"
#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/pain_alert.hpp"
#include "server/http/record_json.hpp"
#include "server/http/services.hpp"
#include "server/live/live_hub.hpp"
#include "server/live/routes.hpp"

namespace physio::server {
namespace {

using clinic::Action;

/// How long a stop-level pain report withholds rewards (rehab/set_feedback.hpp).
constexpr TimeUs kDayUs = 24 * 3600 * kUsPerSecond;

std::optional<kin::Axis> axis_from(std::string_view s) {
  using kin::Axis;
  if (s == "x") return Axis::kX;
  if (s == "y") return Axis::kY;
  if (s == "z") return Axis::kZ;
  if (s == "-x") return Axis::kNegX;
  if (s == "-y") return Axis::kNegY;
  if (s == "-z") return Axis::kNegZ;
  return std::nullopt;
}

std::vector<std::string> split_names(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    const std::size_t j = std::min(s.find(',', i), s.size());
    std::string name(s.substr(i, j - i));
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!name.empty()) out.push_back(std::move(name));
    i = j + 1;
  }
  return out;
}

nlohmann::json live_session_json(const clinic::LiveSession& s) {
  nlohmann::json j = {
      {"id", s.id},
      {"patient_id", s.patient_id},
      {"exercise_id", s.exercise_id},
      {"side", s.side.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.side)},
      {"practice", s.program_id.empty()},
      {"state", s.state},
      {"frames", s.frames},
      {"repetitions_live", s.repetitions_live},
      {"recording_id", s.recording_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.recording_id)},
      {"created", iso_time(s.created_us)},
      {"finished", s.finished_us ? nlohmann::json(iso_time(s.finished_us)) : nlohmann::json(nullptr)},
      {"counted", s.not_counted_reason.empty()},
      {"not_counted_reason",
       s.not_counted_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.not_counted_reason)}};
  return j;
}

net::Response create_live_session(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  if (auto r = refuse_if_restricted(ctx, p, "a new live session")) return *r;
  const std::string exercise_id = str(ctx.body, "exercise");
  auto ex = exercise::find_exercise(exercise_id);
  if (!ex && is_clinic_exercise_id(exercise_id)) {
    // The clinic's own exercise, measured like the library exercise it names
    // (docs/server/clinic-exercises.md).
    auto row = load_clinic_exercise(ctx.services.store(), p.clinic_id, exercise_id);
    if (!row) return store_error(row.error());
    if (!*row) return api_error(400, "invalid_body", "no such exercise", "/exercise");
    const exercise::Exercise* measured = measured_definition(**row);
    if (measured == nullptr)
      return api_error(400, "invalid_body",
                       (*row)->name + " is not measured by the camera: log it without the camera",
                       "/exercise");
    ex = measured;
  }
  if (!ex) return api_error(400, "invalid_body", ex.error().message(), "/exercise");
  live::RoomSpec spec;
  spec.exercise = *ex;
  spec.side = str(ctx.body, "side");
  if ((*ex)->laterality == exercise::Laterality::kUnilateral && spec.side.empty())
    return api_error(400, "invalid_body", (*ex)->name + " is done on one side: choose left or right",
                     "/side");
  if ((*ex)->laterality != exercise::Laterality::kUnilateral && !spec.side.empty())
    return api_error(400, "invalid_body", (*ex)->name + " is not a one-sided exercise: leave side out",
                     "/side");
  const std::string skeleton = str(ctx.body, "skeleton", "blazepose33");
  if (skeleton == "markers") {
    auto names = split_names(str(ctx.body, "landmark_names"));
    auto sk = kin::skeleton_from_names(std::move(names));
    if (!sk) return api_error(400, "invalid_body", sk.error().message(), "/landmark_names");
    spec.skeleton = *sk;
  } else {
    auto sk = kin::find_skeleton(skeleton);
    if (!sk) return api_error(400, "invalid_body", sk.error().message(), "/skeleton");
    spec.skeleton = *sk;
  }
  const std::string space = str(ctx.body, "space", "image+world");
  spec.paired = space == "image+world";
  spec.space = space == "world"    ? kin::CoordSpace::kWorldMetres
               : space == "pixels" ? kin::CoordSpace::kImagePixels
                                   : kin::CoordSpace::kImageNormalized;
  spec.up_axis = *axis_from(str(ctx.body, "up_axis", "-y"));
  spec.image_width = ctx.body.value("image_width", 0);
  spec.image_height = ctx.body.value("image_height", 0);
  spec.rate_hz = ctx.body.value("rate_hz", 30.0);

  clinic::LiveSession row;
  row.clinic_id = p.clinic_id;
  row.patient_id = p.id;
  row.exercise_id = (*ex)->id;
  row.side = spec.side;
  row.started_by = ctx.principal().user_id;
  // A prescribed exercise: the set belongs to the patient's active program that prescribes it (its log then
  // feeds the program's progression); without a program it is a practice session.
  if (const std::string program_id = str(ctx.body, "program_id"); !program_id.empty()) {
    auto program =
        ctx.services.store().read([&](store::Tx& tx) { return tx.get_program(p.clinic_id, program_id); });
    if (!program || program->patient_id != p.id)
      return api_error(400, "invalid_body", "no such program for this patient", "/program_id");
    if (program->status != "active")
      return api_error(400, "invalid_body", "this program has ended", "/program_id");
    auto parsed = rehab::program_from_json(nlohmann::json::parse(program->program_json, nullptr, false));
    if (!parsed || parsed->find((*ex)->id) == nullptr)
      return api_error(400, "invalid_body", "the program does not prescribe " + (*ex)->name, "/program_id");
    row.program_id = program_id;
  }
  // Checked before anything is stored: the analyser must accept this skeleton and exercise.
  if (auto probe = live::LiveRoom::create(row, spec, {}, ""); !probe)
    return api_error(422, "not_analysable", probe.error().message());
  auto created = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::LiveSession> {
    auto s = PHYSIO_TRY(tx.create_live_session(row));
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("live_session", s.id, p.id)}));
    return s;
  });
  if (!created) return store_error(created.error());
  auto token = ctx.services.get<live::LiveHub>().open(*created, spec);
  if (!token) {
    clinic::LiveSession ended = *created;
    ended.state = "interrupted";
    ended.finished_us = now_us();
    (void)ctx.services.store().write([&](store::Tx& tx) { return tx.finish_live_session(ended); });
    return api_error(503, "stopping", "the server is stopping; start the session again");
  }
  nlohmann::json out = live_session_json(*created);
  out["token"] = *token;
  out["device_url"] = "/api/live-sessions/" + created->id + "/device";
  out["watch_url"] = "/api/live-sessions/" + created->id + "/watch";
  return json_ok(out, 201);
}

net::Response list_live_sessions(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto list =
      ctx.services.store().read([&](store::Tx& tx) { return tx.list_live_sessions(p.clinic_id, p.id); });
  if (!list) return store_error(list.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : *list) items.push_back(live_session_json(s));
  ctx.audit_read("live_session", "", p.id);
  return json_ok({{"items", items}});
}

/// Game-like feedback over the set's repetitions and, for a prescribed exercise, the next set once the
/// patient has said how hard it was (the rules: rehab/set_feedback.hpp).
template <class Loaded>
nlohmann::json set_feedback(const nlohmann::json& live, const Loaded& l) {
  if (!live.is_object() || !live.contains("events") || !live["events"].is_array()) return nullptr;
  rehab::SetFeedbackInput in;
  for (const auto& e : l.earlier)
    in.earlier.push_back({e.exercise_id, e.done_us, rehab::reps_done(e), e.mean_quality, e.rom_deg,
                          static_cast<int>(e.severe_cues), e.pain_during_nprs});
  std::map<std::int64_t, int> severe_by_rep;
  for (const auto& e : live["events"])
    if (e.value("type", "") == "cue" && e.value("severity", "") == "high")
      ++severe_by_rep[e.value("rep", std::int64_t{-1})];
  for (const auto& e : live["events"]) {
    if (e.value("type", "") != "rep" || e.value("partial", false)) continue;
    in.reps.push_back(
        {e.value("score", 0.0), severe_by_rep[e.value("index", std::int64_t{-2})], e.value("rom_deg", 0.0)});
  }
  if (l.rx) {
    in.prescribed_reps = l.rx->dosage.reps;
    in.prescribed_rom_deg = l.rx->target_rom_deg;
    if (l.rx->dosage.load.kind == rehab::LoadKind::kRir) in.target_rir = l.rx->dosage.load.rir;
  }
  in.rir = l.rir;
  in.rpe = l.rpe;
  in.pain_nprs = l.pain;
  in.stop_pain_before = l.stop_pain_before;
  const auto f = rehab::set_feedback(in);
  nlohmann::json out = {{"messages", f.messages},
                        {"best_good_rep_streak", f.best_good_rep_streak},
                        {"clean_reps", f.clean_reps},
                        {"personal_best", f.personal_best},
                        {"rewards_withheld", f.rewards_withheld},
                        {"awaiting_effort", f.awaiting_effort},
                        {"next_set", nullptr}};
  if (f.next_set)
    out["next_set"] = {{"reps_target", f.next_set->plan.reps_target},
                       {"zone_low_deg", f.next_set->plan.zone_low_deg},
                       {"zone_high_deg", f.next_set->plan.zone_high_deg},
                       {"reason", f.next_set->reason}};
  return out;
}

net::Response get_live_session(RequestContext& ctx) {
  const auto& who = ctx.principal();
  struct Loaded {
    clinic::LiveSession s;
    std::optional<clinic::Recording> rec;
    std::optional<clinic::Job> job;
    std::optional<rehab::Prescription> rx;
    std::vector<clinic::ExerciseLog> earlier;  ///< the patient's other sessions of the exercise
    std::optional<double> rir, rpe, pain;      ///< the patient's answers after the set
    bool stop_pain_before = false;             ///< a stop-level pain report in the 24 h before the set
  };
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<Loaded> {
    Loaded l;
    l.s = PHYSIO_TRY(tx.get_live_session(who.clinic_id, ctx.param("id")));
    if (!l.s.recording_id.empty()) {
      l.rec = PHYSIO_TRY(tx.get_recording(l.s.clinic_id, l.s.recording_id));
      auto jobs = PHYSIO_TRY(tx.list_jobs(l.s.clinic_id, l.s.patient_id));
      for (auto& j : jobs)
        if (j.recording_id == l.s.recording_id) l.job = j;
    }
    if (!l.s.program_id.empty()) {
      auto row = PHYSIO_TRY(tx.get_program(l.s.clinic_id, l.s.program_id));
      if (auto p = rehab::program_of(row))
        if (const auto* rx = p->find(l.s.exercise_id)) l.rx = *rx;
    }
    for (auto& log : PHYSIO_TRY(
             tx.list_exercise_logs(l.s.clinic_id, l.s.patient_id, {}, std::numeric_limits<TimeUs>::min(),
                                   std::numeric_limits<TimeUs>::max(), store::Tx::Logs::kWithNotCounted))) {
      if (log.live_session_id != l.s.id && log.pain_during_nprs &&
          *log.pain_during_nprs >= rehab::kPainStopNprs && log.done_us < l.s.created_us &&
          l.s.created_us - log.done_us <= kDayUs)
        l.stop_pain_before = true;
      if (log.exercise_id != l.s.exercise_id) continue;
      if (log.live_session_id == l.s.id) {
        l.rir = log.rir;
        l.rpe = log.rpe;
        l.pain = log.pain_during_nprs;
      } else if (log.done_us < l.s.created_us && log.not_counted_reason.empty()) {
        // Personal bests and streaks only from sets that count.
        l.earlier.push_back(std::move(log));
      }
    }
    return l;
  });
  if (!loaded) {
    if (loaded.error().code() != ErrorCode::kNotFound) return store_error(loaded.error());
    ctx.pending_reads.push_back(ctx.audit_event("live_session", "", "", "denied"));
    return api_error(404, "not_found", "no such live session");
  }
  const auto& s = loaded->s;
  if (auto d = ctx.authorize({s.clinic_id, s.patient_id}, "live_session", s.id)) return *d;
  ctx.audit_read("live_session", s.id, s.patient_id);
  nlohmann::json out = live_session_json(s);
  auto result = nlohmann::json::parse(s.result_json.empty() ? "{}" : s.result_json, nullptr, false);
  out["live"] = result.is_object() && result.contains("live") ? result["live"] : nlohmann::json(nullptr);
  // The stored analysis of the whole set (the batch path) and how it differs from what was shown live.
  nlohmann::json stored = nullptr;
  if (loaded->rec) {
    const auto rj = recording_json(*loaded->rec, loaded->job ? &*loaded->job : nullptr);
    stored = {{"state", loaded->job ? loaded->job->state : "queued"},
              {"recording", rj},
              {"valid", nullptr},
              {"repetitions", nullptr}};
    if (rj.contains("result") && rj["result"].is_object()) {
      stored["valid"] = rj["result"].value("valid", false);
      if (rj["summary"].contains("repetitions")) {
        const auto n = rj["summary"]["repetitions"].get<std::int64_t>();
        stored["repetitions"] = n;
        stored["difference"] = n - s.repetitions_live;
      }
    } else if (loaded->job && loaded->job->state == "failed") {
      stored["valid"] = false;
      stored["reason"] = loaded->job->error;
    }
  }
  out["stored"] = stored;
  // A set the engine rejected is counted nowhere and earns no streak or personal best.
  const bool rejected = !s.not_counted_reason.empty();
  out["counted"] = !rejected;
  out["not_counted_reason"] =
      s.not_counted_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.not_counted_reason);
  out["feedback"] = rejected ? nlohmann::json(nullptr) : set_feedback(out["live"], *loaded);
  return json_ok(out);
}

/// The patient's answers after a set: pain during (NPRS), effort (RPE or RIR) and a comment, written onto
/// the set's exercise log (a practice set gets its log now; a later answer corrects it, each audited).
net::Response report_live_set(RequestContext& ctx) {
  const auto& who = ctx.principal();
  auto s = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.get_live_session(who.clinic_id, ctx.param("id")); });
  if (!s) {
    if (s.error().code() != ErrorCode::kNotFound) return store_error(s.error());
    ctx.pending_reads.push_back(ctx.audit_event("live_session", "", "", "denied"));
    return api_error(404, "not_found", "no such live session");
  }
  if (auto d = ctx.authorize({s->clinic_id, s->patient_id}, "live_session", s->id)) return *d;
  if (s->state == "open") return api_error(409, "conflict", "the set has not ended yet; end it first");
  const auto& b = ctx.body;
  auto num = [&](const char* k) -> std::optional<double> {
    auto it = b.find(k);
    return it == b.end() || it->is_null() ? std::nullopt : std::optional<double>(it->get<double>());
  };
  const std::string comment = b.value("comment", "");
  nlohmann::json advice = nullptr;
  const std::string exercise_display_name = exercise_name(ctx.services.store(), s->clinic_id, s->exercise_id);
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<clinic::ExerciseLog> {
    auto l = tx.set_live_log_report(s->clinic_id, s->patient_id, s->id, num("pain_during_nprs"), num("rpe"),
                                    num("rir"), comment);
    if (!l && l.error().code() == ErrorCode::kNotFound && s->program_id.empty()) {
      // A practice set: its log is made with the answers.
      clinic::ExerciseLog log;
      log.clinic_id = s->clinic_id;
      log.patient_id = s->patient_id;
      log.exercise_id = s->exercise_id;
      log.done_us = s->finished_us != 0 ? s->finished_us : s->created_us;
      log.reps_per_set = nlohmann::json::array({s->repetitions_live}).dump();
      log.pain_during_nprs = num("pain_during_nprs");
      log.rpe = num("rpe");
      log.rir = num("rir");
      log.comment = comment;
      log.source = "live";
      log.live_session_id = s->id;
      log.logged_by = who.user_id;
      log.not_counted_reason = PHYSIO_TRY(tx.get_live_session(s->clinic_id, s->id, true)).not_counted_reason;
      l = tx.insert_exercise_log(log);
    }
    if (!l) return l;
    PHYSIO_CHECK(tx.append_audit({ctx.audit_event("exercise_log", l->id, s->patient_id)}));
    clinic::Patient patient;
    patient.clinic_id = s->clinic_id;
    patient.id = s->patient_id;
    std::string name = exercise_display_name;
    if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
    advice = PHYSIO_TRY(
        pain_response(tx, ctx, patient, num("pain_during_nprs"), rehab::PainWhen::kDuringExercise, name));
    return l;
  });
  if (!stored) return store_error(stored.error());
  return json_ok(
      {{"exercise_log_id", stored->id},
       {"pain_during_nprs", stored->pain_during_nprs ? nlohmann::json(*stored->pain_during_nprs) : nullptr},
       {"rpe", stored->rpe ? nlohmann::json(*stored->rpe) : nullptr},
       {"rir", stored->rir ? nlohmann::json(*stored->rir) : nullptr},
       {"comment", stored->comment},
       {"advice", advice}});
}

/// The device's landmark stream (only whoever started the session) or a viewer's socket of an open
/// live session held by this server.
WsAnswer open_live_socket(RequestContext& ctx, bool device) {
  const std::string id = ctx.param("id");
  auto s = ctx.services.store().read(
      [&](store::Tx& tx) { return tx.get_live_session(ctx.principal().clinic_id, id); });
  if (!s) {
    ctx.pending_reads.push_back(ctx.audit_event("live_session", id, "", "denied"));
    return api_error(404, "not_found", "no such live session");
  }
  if (auto denied = ctx.authorize({s->clinic_id, s->patient_id}, "live_session", s->id)) return *denied;
  if (device && s->started_by != ctx.principal().user_id) {
    ctx.pending_reads.push_back(ctx.audit_event("live_session", s->id, s->patient_id, "denied"));
    return api_error(403, "forbidden", "only whoever started this session streams to it");
  }
  if (s->state != "open")
    return api_error(409, "session_ended", "this live session has ended (" + s->state + ")");
  auto& hub = ctx.services.get<live::LiveHub>();
  auto session = device ? hub.device_session(s->id) : hub.viewer_session(s->id);
  if (!session) return api_error(409, "not_here", "this live session is not open on this server");
  ctx.audit_read("live_session", s->id, s->patient_id);
  return session;
}

Route route(std::string method, std::string pattern, std::string summary, Action action, Target target,
            std::string audit, std::function<net::Response(RequestContext&)> fn) {
  return make_route(std::move(method), std::move(pattern), std::move(summary), action, target,
                    std::move(audit), std::move(fn));
}

}  // namespace

void add_live_routes(RouteTable& routes) {
  auto create =
      route("POST", "/api/patients/{id}/live-sessions",
            "Start a live exercise session (practice, or an exercise of the patient's program); 201 "
            "with the device's token and WebSocket paths",
            Action::kRecordSession, Target::kPatient, "live_session.create", create_live_session);
  create.body = BodyKind::kJson;
  create.max_body = 16 * 1024;
  create.schema.fields = {
      {"exercise", FieldType::kString, true, "exercise id from the library", 64, {}, nullptr},
      {"side", FieldType::kString, false, "side of a one-sided exercise", 5, {"left", "right"}, nullptr},
      {"skeleton",
       FieldType::kString,
       false,
       "blazepose33 (default), coco17, halpe26, body25, body25b or markers",
       16,
       {},
       nullptr},
      {"landmark_names",
       FieldType::kString,
       false,
       "skeleton markers: the landmark names, comma-separated",
       8000,
       {},
       nullptr},
      {"space",
       FieldType::kString,
       false,
       "what each frame holds (default image+world)",
       11,
       {"image", "pixels", "world", "image+world"},
       nullptr},
      {"up_axis",
       FieldType::kString,
       false,
       "up in world coordinates (default -y, MediaPipe's)",
       2,
       {"x", "y", "z", "-x", "-y", "-z"},
       nullptr},
      {"image_width", FieldType::kInteger, false, "camera image width, pixels", 0, {}, nullptr, 0, 20000},
      {"image_height", FieldType::kInteger, false, "camera image height, pixels", 0, {}, nullptr, 0, 20000},
      {"rate_hz",
       FieldType::kNumber,
       false,
       "nominal frame rate, frames/s (default 30)",
       0,
       {},
       nullptr,
       5,
       240},
      {"program_id",
       FieldType::kString,
       false,
       "the home program prescribing the exercise (none: practice)",
       32,
       {},
       nullptr},
  };
  routes.push_back(create);
  add_live_framing_route(routes);
  routes.push_back(route("GET", "/api/patients/{id}/live-sessions", "A patient's live sessions, newest first",
                         Action::kReadClinical, Target::kPatient, "live_session.read", list_live_sessions));
  routes.push_back(route("GET", "/api/live-sessions/{id}",
                         "One live session: what was shown live, the stored analysis and their difference",
                         Action::kReadClinical, Target::kLiveSession, "live_session.read", get_live_session));
  routes.push_back(
      with_body(route("POST", "/api/live-sessions/{id}/report",
                      "After a set: the patient's pain during (NPRS 0-10), effort (RPE or RIR) and comment",
                      Action::kRecordSession, Target::kLiveSession, "exercise_log.update", report_live_set),
                {number_field("pain_during_nprs", "highest pain during or right after the set, 0-10", 0, 10),
                 number_field("rpe", "effort, CR-10 0-10", 0, 10),
                 number_field("rir", "repetitions in reserve, 0-10", 0, 10),
                 text_field("comment", false, "the patient's words", 1000)},
                4 * 1024));
  routes.push_back(ws_route("/api/live-sessions/{id}/device",
                            "the device's landmark stream of a live session", Action::kRecordSession,
                            Target::kLiveSession, "live_session.connect",
                            [](RequestContext& ctx) { return open_live_socket(ctx, true); }));
  routes.push_back(ws_route("/api/live-sessions/{id}/watch", "watch a live session", Action::kReadClinical,
                            Target::kLiveSession, "live_session.watch",
                            [](RequestContext& ctx) { return open_live_socket(ctx, false); }));
}

}  // namespace physio::server
