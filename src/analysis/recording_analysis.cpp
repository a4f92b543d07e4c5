#include "analysis/recording_analysis.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exercise/analyse.hpp"
#include "exercise/applicability.hpp"
#include "exercise/library.hpp"
#include "exercise/report_html.hpp"
#include "exercise/shipped_models.hpp"
#include "gait/gait_json.hpp"
#include "gait/gait_report_html.hpp"
#include "gait/gait_video.hpp"
#include "imu/csv_loader.hpp"
#include "imu/functional/applicability.hpp"
#include "imu/functional/chair_stand.hpp"
#include "imu/functional/sit_to_stand.hpp"
#include "imu/functional/sway.hpp"
#include "imu/functional/tug.hpp"
#include "imu/gait_foot/foot_gait.hpp"
#include "imu/gait_lowback/lowback_gait.hpp"
#include "imu/gait_lowback/lowback_gait_json.hpp"
#include "kinematics/formats/load.hpp"
#include "pose/pipeline/ffmpeg_decoder.hpp"
#include "pose/pipeline/pose_models.hpp"
#include "pose/video/pose_run.hpp"

namespace physio::analysis {
namespace {

namespace fs = std::filesystem;

void report(const AnalysisRequest& r, double p, const std::string& what) {
  if (r.progress) r.progress(p, what);
}

MeasureOut local(std::string code, std::string display, double value, std::string unit, std::string method) {
  return {kLocalCodeSystem,
          std::move(code),
          std::move(display),
          value,
          std::move(unit),
          std::move(method),
          "",
          ""};
}

std::unexpected<Error> not_applicable(const std::string& what, const Applicability& a) {
  std::string reasons;
  for (const auto& r : a.reasons) reasons += (reasons.empty() ? "" : "; ") + r;
  return std::unexpected(
      Error(ErrorCode::kMissingData, fmt::format("not a recording of {}: {}", what, reasons)));
}

void add_if_finite(std::vector<MeasureOut>& out, MeasureOut m) {
  if (std::isfinite(m.value)) out.push_back(std::move(m));
}

Result<pose::PoseRunOptions> pose_options(const AnalysisRequest& r) {
  pose::PoseRunOptions o;
  o.tracker.model = PHYSIO_TRY(pose::parse_pose_model("full"));
  o.tracker.models_dir = r.models_dir.empty() ? pose::default_models_dir() : r.models_dir;
  o.tracker.threads = std::max(1, r.pose_threads);
  // Follow one person: frames where only someone else is in view are left empty and reported.
  o.tracker.follow_identity = true;
  // The file was uploaded: read only as the containers a clinic sends, with the probe bounded.
  o.source.uploaded = true;
  return o;
}

// `follow`: the person to follow, from a people scan (none: whom the tracker chooses).
Result<kin::LandmarkFile> landmarks_of(const AnalysisRequest& r, RecordingAnalysis& out,
                                       const std::optional<pose::PeopleScan>& scan = std::nullopt,
                                       int follow = 0) {
  if (r.kind == RecordingKind::kLandmarks) {
    report(r, 0.1, "reading landmarks");
    return kin::load_landmarks(r.input);
  }
  report(r, 0.02, "loading pose models");
  pose::PoseRunOptions o = PHYSIO_TRY(pose_options(r));
  if (scan && follow > 0) {
    o.follow_id = follow;
    o.people = scan->people;
    o.follow_name = std::to_string(follow);
  }
  auto on_frame = [&](std::int64_t done, std::int64_t expected) {
    if (expected > 0 && done % 10 == 0)
      report(r, 0.05 + 0.8 * static_cast<double>(done) / static_cast<double>(expected), "finding the person");
  };
  auto run = pose::run_pose(r.input, o, on_frame);
  if (!run) return std::unexpected(std::move(run).error().with_context("pose estimation"));
  if (!r.landmarks_out.empty()) {
    PHYSIO_CHECK(kin::save_landmark_file(run->landmarks, r.landmarks_out));
    out.landmarks_written = true;
  }
  return std::move(run->landmarks);
}

Result<RecordingAnalysis> analyse_exercise_recording(const AnalysisRequest& r) {
  RecordingAnalysis out;
  const exercise::Exercise& ex = *PHYSIO_TRY(exercise::find_exercise(r.exercise_id));
  kin::LandmarkFile file = PHYSIO_TRY(landmarks_of(r, out));
  report(r, 0.9, "measuring repetitions");
  const kin::LandmarkSequence& seq = file.world ? *file.world : file.landmarks;
  exercise::AnalysisOptions options;
  if (!r.side.empty()) options.side = PHYSIO_TRY(exercise::parse_side_choice(r.side));
  options.uncertain_spans = exercise::identity_uncertain_spans(file);
  auto result = exercise::analyse_exercise(file, ex, options);
  if (!result) return std::unexpected(std::move(result).error().with_context("analysing as " + ex.id));
  for (const auto& w : file.warnings) result->warnings.push_back(w);
  // The shipped movement model scores the repetitions when one applies (as `physio analyze` does).
  PHYSIO_CHECK(exercise::score_with_shipped_model(*result, seq, ex));
  // Which repetitions count, then the preconditions before any count or score (the same checks as
  // `physio analyze`): a recording of something else gets no numbers, and the job fails with the reasons.
  exercise::count_repetitions(ex, *result, file.landmarks);
  if (auto applies = exercise::check_exercise_applicability(ex, *result, file.landmarks); !applies.valid)
    return not_applicable(ex.name, applies);
  nlohmann::json j = exercise::exercise_result_to_json(*result);
  j["valid"] = true;
  out.summary_json = j.dump();
  out.report_html = exercise::render_exercise_report(*result, ex, {r.source_label, r.generated_label});
  out.warnings = result->warnings;
  const auto& s = result->summary;
  const std::string method =
      r.kind == RecordingKind::kVideo ? "video pose estimation (BlazePose)" : "uploaded motion capture";
  // The side measured: a bilateral exercise counted on the side the camera sees (exercise/seen_side.hpp)
  // was measured on that side alone, its primary angle named so.
  std::string measured_side = result->side;
  if (measured_side == "both" && result->primary_angle.starts_with("left_")) measured_side = "left";
  if (measured_side == "both" && result->primary_angle.starts_with("right_")) measured_side = "right";
  auto with_side = [&](MeasureOut m) {
    m.body_site = ex.body_region;
    m.side = measured_side;
    return m;
  };
  out.measures.push_back(with_side(
      local("exercise-repetitions", ex.name + ": complete repetitions", s.count, "{repetitions}", method)));
  if (s.count > 0) {
    out.measures.push_back(
        with_side(local("exercise-rom-mean",
                        ex.name + ": mean range of motion (" + angle_in_words(result->primary_angle) + ")",
                        s.mean_rom_deg, "deg", method)));
    out.measures.push_back(
        with_side(local("exercise-rom-best",
                        ex.name + ": best range of motion (" + angle_in_words(result->primary_angle) + ")",
                        s.best_rom_deg, "deg", method)));
    out.measures.push_back(
        with_side(local("exercise-quality-score", ex.name + ": quality score", s.score, "{score}", method)));
  }
  return out;
}

// Which scale the lengths and speed came from, or why there are none (docs/metrics/gait-video.md, "Scale").
std::string scale_in_words(const AnalysisRequest& r, const gait::VideoGait& g) {
  const std::string from = r.height_source.empty() ? "" : ", " + r.height_source;
  if (!g.scale_basis.empty()) {
    if (!r.calibration.empty()) return "scale from the camera calibration: " + g.scale_basis;
    return fmt::format("scale from the patient's height {:.0f} cm{}", r.height_m * 100, from);
  }
  for (const auto& w : g.withheld)
    if (w.measure == "speed_mps" && !w.reason.starts_with("no scale"))
      return "no scale: step length and speed not given: " + w.reason;
  return "no scale: step length and speed not given (no height with the upload or on the patient's record)";
}

// Gait from a video (or its landmarks) of the patient walking across the view: the engine's video gait
// analysis (the same code as `physio gait`); a recording that is not a walk across the view fails with its
// reasons. Without a scale (no calibration or height with the upload) lengths and speed are withheld.
Result<RecordingAnalysis> analyse_gait_recording(const AnalysisRequest& r) {
  RecordingAnalysis out;
  kin::LandmarkFile file = PHYSIO_TRY(landmarks_of(r, out));
  report(r, 0.8, "finding the steps");
  gait::GaitOptions go;
  if (!r.calibration.empty()) {
    auto cal = gait::load_calibration(r.calibration);
    if (!cal) return std::unexpected(std::move(cal).error().with_context("the camera calibration"));
    go.calibration = std::move(*cal);
  } else if (r.height_m > 0) {
    go.height_m = r.height_m;
  }
  auto g = gait::compute_video_gait(file.landmarks, go);
  if (!g) return std::unexpected(std::move(g).error().with_context("gait"));
  // Several people and the one followed is not walking across: follow the one who is.
  if (!g->applicability.valid && r.kind == RecordingKind::kVideo && file.identity &&
      file.identity->people_seen > 1) {
    report(r, 0.82, "finding the person walking");
    auto scan = pose::scan_people(r.input, PHYSIO_TRY(pose_options(r)));
    if (!scan) return std::unexpected(std::move(scan).error().with_context("finding the people in view"));
    if (const int walker = pose::walking_person(*scan).id; walker > 0) {
      file = PHYSIO_TRY(landmarks_of(r, out, *scan, walker));
      g = gait::compute_video_gait(file.landmarks, go);
      if (!g) return std::unexpected(std::move(g).error().with_context("gait"));
    }
  }
  if (!g->applicability.valid) return not_applicable("walking across the view", g->applicability);
  nlohmann::json j = gait::gait_to_json(*g);
  out.warnings = file.warnings;
  for (const auto& n : g->notes) out.warnings.push_back(n);
  // Lengths and speed need a scale (the camera's calibration or the patient's height) an upload does not
  // carry: said once, in the clinic's words rather than the command line's.
  bool no_scale = false;
  for (const auto& w : g->withheld) {
    if (w.reason.starts_with("no scale")) {
      no_scale = true;
      continue;
    }
    out.warnings.push_back(w.measure + " not given: " + w.reason);
  }
  if (no_scale)
    out.warnings.push_back(
        "step length, stride length and walking speed are not given: they need a scale (the patient's "
        "height, given with the upload or recorded on the patient's record), and there was none");
  j["warnings"] = out.warnings;  // shown with the result, as an exercise's are
  j["scale"] = scale_in_words(r, *g);
  out.summary_json = j.dump();
  out.report_html = gait::render_gait_report(*g, {r.source_label, r.generated_label});
  const std::string method = r.kind == RecordingKind::kVideo
                                 ? "video pose estimation (BlazePose), Zeni foot-pelvis gait events"
                                 : "uploaded motion capture, Zeni foot-pelvis gait events";
  add_if_finite(out.measures,
                local("gait-cadence", "Cadence (video)", g->cadence_steps_per_min, "/min", method));
  add_if_finite(out.measures, local("gait-step-time-asymmetry", "Step-time asymmetry (video)",
                                    g->step_time_asymmetry_pct, "%", method));
  add_if_finite(out.measures, local("gait-speed", "Walking speed (video)", g->speed_mps, "m/s", method));
  for (const gait::LegSide side : {gait::LegSide::kLeft, gait::LegSide::kRight}) {
    const gait::SideSummary& s = g->side(side);
    const std::string name(gait::leg_side_name(side));
    for (MeasureOut m : {local("gait-stride-time", "Stride time (video)", s.stride_time_s, "s", method),
                         local("gait-step-time", "Step time (video)", s.step_time_s, "s", method),
                         local("gait-stance", "Stance, % of the stride (video)", s.stance_pct, "%", method),
                         local("gait-stride-length", "Stride length (video)", s.stride_length_m, "m", method),
                         local("gait-step-length", "Step length (video)", s.step_length_m, "m", method)}) {
      m.side = name;
      add_if_finite(out.measures, std::move(m));
    }
  }
  return out;
}

const imu::ImuRecording* pick_sensor(const imu::ImuSession& s, imu::Placement want) {
  for (const auto& rec : s.sensors)
    if (rec.placement == want) return &rec;
  return s.sensors.size() == 1 ? &s.sensors.front() : nullptr;
}

Result<RecordingAnalysis> analyse_imu_recording(const AnalysisRequest& r) {
  RecordingAnalysis out;
  report(r, 0.1, "reading the sensor file");
  imu::ImuSession session = PHYSIO_TRY(imu::load_imu_csv(r.input, {}));
  out.warnings = session.warnings;
  report(r, 0.4, "analysing");
  const std::string method = "wearable IMU";
  bool feet = false;
  for (const auto& s : session.sensors)
    feet |= s.placement == imu::Placement::kLeftFoot || s.placement == imu::Placement::kRightFoot;
  if (r.test == "gait" && feet) {
    auto g = PHYSIO_TRY(imu::analyse_foot_gait(session, {}));
    out.summary_json = imu::foot_gait_to_json(g).dump();
    for (const auto& f : g.feet) {
      const std::string side(imu::foot_side_name(f.side));
      auto m1 = local("gait-stride-length", "Stride length (foot sensor)", f.summary.stride_length_m.mean,
                      "m", method);
      auto m2 = local("gait-speed", "Walking speed (foot sensor)", f.summary.speed_mps.mean, "m/s", method);
      auto m3 = local("gait-cadence", "Cadence (foot sensor)", f.summary.cadence_spm.mean, "/min", method);
      for (auto* m : {&m1, &m2, &m3}) {
        m->side = side;
        add_if_finite(out.measures, *m);
      }
    }
    return out;
  }
  const imu::ImuRecording* rec = pick_sensor(session, imu::Placement::kLowerBack);
  if (rec == nullptr)
    return fail(ErrorCode::kInvalidArgument, "{}: several sensors and none is on the lower back{}",
                r.input.filename().string(), r.test == "gait" ? " or a foot" : "");
  if (r.test == "gait") {
    auto g = PHYSIO_TRY(imu::analyse_lowback_gait(*rec, {}));
    out.summary_json = imu::lowback_gait_to_json(g).dump();
    const auto& a = g.aggregates;
    add_if_finite(out.measures, local("gait-speed", "Walking speed (median of bouts)",
                                      a.walking_speed_median_mps, "m/s", method));
    add_if_finite(out.measures,
                  local("gait-cadence", "Cadence (median of bouts)", a.cadence_median_spm, "/min", method));
    add_if_finite(out.measures, local("gait-stride-length", "Stride length (median of bouts)",
                                      a.stride_length_median_m, "m", method));
    out.warnings.insert(out.warnings.end(), g.warnings.begin(), g.warnings.end());
  } else if (r.test == "tug") {
    auto t = PHYSIO_TRY(imu::compute_tug(*rec, {}));
    if (auto a = imu::check_tug(t); !a.valid) return not_applicable("a Timed Up and Go", a);
    out.summary_json = imu::tug_to_json(t).dump();
    add_if_finite(out.measures, {kLoinc, "89423-8", "Timed Up and Go", t.total_s, "s", method, "", ""});
  } else if (r.test == "sts") {
    imu::SitToStandOptions so;
    auto s = PHYSIO_TRY(imu::detect_sit_to_stand(*rec, so));
    nlohmann::json j = imu::sit_to_stand_to_json(s);
    out.measures.push_back(local("sit-to-stand-transfers", "Sit-to-stand transfers",
                                 static_cast<double>(s.transfers.size()), "{transfers}", method));
    const double rec_end_s = us_to_seconds(rec->t_us.back() - rec->t_us.front());
    if (auto five = imu::time_five_times_sit_to_stand(s.transfers);
        five && imu::check_five_times_sit_to_stand(s.transfers, rec_end_s).valid) {
      j["five_times_sit_to_stand"] = imu::five_times_sit_to_stand_to_json(*five);
      out.measures.push_back(
          local("five-times-sit-to-stand", "Five times sit-to-stand", five->time_s, "s", method));
    }
    if (auto chair = imu::count_chair_stands_30s(s.transfers)) {
      j["chair_stand_30s"] = imu::chair_stand_30s_to_json(*chair);
      out.measures.push_back({kLoinc, "66247-8", "30-second chair stand", static_cast<double>(chair->stands),
                              "{#}", method, "", ""});
    }
    out.summary_json = j.dump();
  } else if (r.test == "sway") {
    auto m = PHYSIO_TRY(imu::compute_sway(*rec, {}));
    if (auto a = imu::check_sway(m); !a.valid) return not_applicable("quiet standing", a);
    out.summary_json = imu::sway_to_json(m).dump();
    add_if_finite(out.measures, local("sway-rms-acceleration", "Postural sway, RMS trunk acceleration",
                                      m.rms_mps2, "m/s2", method));
  } else {
    return fail(ErrorCode::kInvalidArgument, "test '{}': expected gait, tug, sts or sway", r.test);
  }
  return out;
}

}  // namespace

std::optional<RecordingKind> recording_kind_from_string(std::string_view s) {
  if (s == "video") return RecordingKind::kVideo;
  if (s == "landmarks") return RecordingKind::kLandmarks;
  if (s == "imu") return RecordingKind::kImu;
  return std::nullopt;
}

bool is_imu_test(std::string_view s) {
  return s == "gait" || s == "tug" || s == "sts" || s == "sway";
}

Status check_upload(const AnalysisRequest& r) {
  switch (r.kind) {
    case RecordingKind::kVideo:
    case RecordingKind::kLandmarks: {
      if (!r.test.empty() && r.test != "gait")
        return fail(ErrorCode::kInvalidArgument,
                    "test '{}': a video or landmark file is of an exercise or of walking (test=gait)",
                    r.test);
      if (r.test == "gait" && !r.exercise_id.empty())
        return fail(ErrorCode::kInvalidArgument, "a recording of walking (test=gait) names no exercise");
      if (r.test.empty() && r.exercise_id.empty())
        return fail(ErrorCode::kInvalidArgument,
                    "exercise: name the exercise the recording shows (or test=gait for walking)");
      if (r.test.empty()) PHYSIO_TRY(exercise::find_exercise(r.exercise_id));
      if (r.kind == RecordingKind::kLandmarks) {
        auto file = kin::load_landmarks(r.input);
        if (!file)
          return std::unexpected(std::move(file).error().with_context("not a landmark file physiokit reads"));
        if (file->landmarks.n_frames() == 0)
          return fail(ErrorCode::kMissingData, "the landmark file has no frames");
      } else {
        // Only the containers a clinic's cameras write, the probe bounded in bytes and time: FFmpeg would
        // otherwise try every demuxer it has, and one (libgme's) inflates a 2 MiB file to gigabytes.
        auto dec = pose::FrameDecoder::open(r.input, 1, pose::upload_video_limits());
        if (!dec)
          return std::unexpected(
              std::move(dec).error().with_context("not a video or image FFmpeg can decode"));
      }
      return ok();
    }
    case RecordingKind::kImu: {
      if (!is_imu_test(r.test))
        return fail(ErrorCode::kInvalidArgument, "test '{}': expected gait, tug, sts or sway", r.test);
      auto s = imu::load_imu_csv(r.input, {});
      if (!s)
        return std::unexpected(std::move(s).error().with_context("not an IMU recording physiokit reads"));
      return ok();
    }
  }
  return ok();
}

std::string angle_in_words(std::string_view resolved_angle) {
  std::string text(resolved_angle);
  for (char& c : text)
    if (c == '_') c = ' ';
  // "mean of left X and right X" -> "mean of left and right X"
  constexpr std::string_view kMean = "mean of left ";
  if (text.starts_with(kMean)) {
    const auto and_at = text.find(" and right ");
    if (and_at != std::string::npos) {
      const std::string left = text.substr(kMean.size(), and_at - kMean.size());
      const std::string right = text.substr(and_at + std::string_view(" and right ").size());
      if (left == right) return "mean of left and right " + left;
    }
  }
  return text;
}

Result<RecordingAnalysis> analyse_recording(const AnalysisRequest& request) {
  auto r = request.kind == RecordingKind::kImu ? analyse_imu_recording(request)
           : request.test == "gait"            ? analyse_gait_recording(request)
                                               : analyse_exercise_recording(request);
  if (r) report(request, 1.0, "done");
  return r;
}

}  // namespace physio::analysis
