// The framing check before a live set, by the engine: the page sends the last pose results it had from the
// camera (before any session exists) and gets back whether the set can be judged from this picture, and if
// not, what to change. The browser's pose estimator (MediaPipe Pose) follows one person and cannot say how
// many are in view; the engine's check (exercise/framing.hpp) finds a second person when the landmarks
// switch between people, a body partly out of the picture and a view the exercise is not assessed from;
// the page counts the people it sees itself (a second estimate with the followed person covered) and
// sends the count. Nothing is stored but the audit event.
#include "server/live/routes.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "exercise/framing.hpp"
#include "exercise/library.hpp"
#include "kinematics/skeleton.hpp"
#include "server/http/clinic_exercise_lookup.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server {
namespace {

constexpr std::size_t kMaxFrames = 90;    // 3 s at 30 frames/s; the page sends its last 30
constexpr std::size_t kLandmarks = 33;    // BlazePose
constexpr double kMaxFrameTimeMs = 1e12;  // any epoch, but finite
constexpr double kMaxCoordinate = 100.0;  // normalised: the picture is 0..1

bool is_number(const nlohmann::json& v) {
  return v.is_number() && std::isfinite(v.get<double>());
}

// frames: [{"t_ms": number, "landmarks": [[x, y, visibility] x 33] or null (nobody found)}, ...]
std::optional<BodyProblem> check_frames(const nlohmann::json& frames) {
  if (frames.empty()) return BodyProblem{"", "give at least one frame"};
  if (frames.size() > kMaxFrames)
    return BodyProblem{
        "", "at most " + std::to_string(kMaxFrames) + " frames, not " + std::to_string(frames.size())};
  double last = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const std::string at = "/" + std::to_string(i);
    const auto& f = frames[i];
    if (!f.is_object()) return BodyProblem{at, "a frame is an object with t_ms and landmarks"};
    if (!f.contains("t_ms") || !is_number(f["t_ms"]) || std::abs(f["t_ms"].get<double>()) > kMaxFrameTimeMs)
      return BodyProblem{at + "/t_ms", "the frame's time in milliseconds, a number"};
    const double t = f["t_ms"].get<double>();
    if (t <= last) return BodyProblem{at + "/t_ms", "frame times must increase"};
    last = t;
    if (!f.contains("landmarks") || f["landmarks"].is_null()) continue;
    const auto& lm = f["landmarks"];
    if (!lm.is_array() || lm.size() != kLandmarks)
      return BodyProblem{at + "/landmarks", "33 landmarks (BlazePose), or null when no one was found"};
    for (std::size_t k = 0; k < lm.size(); ++k) {
      const auto& p = lm[k];
      // Normalised to the picture (a landmark the model places outside it is a little below 0 or above 1).
      if (!p.is_array() || p.size() != 3 || !is_number(p[0]) || !is_number(p[1]) || !is_number(p[2]) ||
          std::abs(p[0].get<double>()) > kMaxCoordinate || std::abs(p[1].get<double>()) > kMaxCoordinate ||
          p[2].get<double>() < 0.0 || p[2].get<double>() > 1.0)
        return BodyProblem{at + "/landmarks/" + std::to_string(k),
                           "a landmark is [x, y, visibility]: x and y normalised to the picture (within "
                           "-100..100), visibility 0-1"};
    }
  }
  return std::nullopt;
}

net::Response check_live_framing(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const std::string exercise_id = ctx.body.value("exercise", std::string());
  auto ex = exercise::find_exercise(exercise_id);
  if (!ex && is_clinic_exercise_id(exercise_id)) {
    // The clinic's own exercise is framed like the library exercise it is measured like.
    auto row = load_clinic_exercise(ctx.services.store(), p.clinic_id, exercise_id);
    if (!row) return store_error(row.error());
    if (*row && measured_definition(**row) != nullptr) ex = measured_definition(**row);
  }
  if (!ex) return api_error(400, "invalid_body", ex.error().message(), "/exercise");
  auto sk = kin::find_skeleton("blazepose33");
  if (!sk) return api_error(503, "unavailable", sk.error().message());
  std::vector<exercise::FramingFrame> frames;
  const auto& in = ctx.body["frames"];
  for (std::size_t i = 0; i < in.size(); ++i) {
    exercise::FramingFrame f;
    f.t_us = static_cast<TimeUs>(std::llround(in[i]["t_ms"].get<double>() * 1000.0));
    if (in[i].contains("landmarks") && in[i]["landmarks"].is_array()) {
      const auto& lm = in[i]["landmarks"];
      f.landmarks.resize(lm.size());
      for (std::size_t k = 0; k < lm.size(); ++k) {
        f.landmarks[k].x = lm[k][0].get<float>();
        f.landmarks[k].y = lm[k][1].get<float>();
        f.landmarks[k].visibility = lm[k][2].get<float>();
      }
    }
    frames.push_back(std::move(f));
  }
  const auto verdict =
      exercise::check_framing(**ex, frames, **sk, ctx.body.value("image_width", 0),
                              ctx.body.value("image_height", 0), ctx.body.value("people_in_view", 0));
  if (auto r = refuse_if_restricted(ctx, p, "a live set's framing check")) return *r;
  ctx.audit_read("live_session", "", p.id);
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& r : verdict.reasons) reasons.push_back(r);
  return json_ok({{"ok", verdict.valid}, {"reasons", reasons}});
}

}  // namespace

void add_live_framing_route(RouteTable& routes) {
  auto r = make_route("POST", "/api/patients/{id}/live-framing",
                      "The framing check before a live set: the last pose results from the camera; whether "
                      "the set can be judged from this picture, and if not what to change",
                      clinic::Action::kRecordSession, Target::kPatient, "live_session.framing",
                      check_live_framing);
  r.body = BodyKind::kJson;
  r.max_body = 512 * 1024;
  r.schema.fields = {
      {"exercise", FieldType::kString, true, "exercise id from the library", 64, {}, nullptr},
      {"image_width", FieldType::kInteger, false, "camera image width, pixels", 0, {}, nullptr, 0, 20000},
      {"image_height", FieldType::kInteger, false, "camera image height, pixels", 0, {}, nullptr, 0, 20000},
      {"people_in_view",
       FieldType::kInteger,
       false,
       "the most people the device saw in one picture just now (0: it cannot say)",
       0,
       {},
       nullptr,
       0,
       100},
  };
  FieldSpec frames;
  frames.name = "frames";
  frames.type = FieldType::kJson;
  frames.required = true;
  frames.description =
      "the last pose results, oldest first: {t_ms, landmarks: 33 x [x, y, visibility] normalised to the "
      "picture, or null when no one was found}; at most 90";
  frames.json_type = "array";
  frames.json_check = check_frames;
  r.schema.fields.push_back(frames);
  routes.push_back(r);
}

}  // namespace physio::server
