// physio gait <video|landmarks> [--calibration FILE | --height-cm H] [-o out.json]
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/imu_common.hpp"
#include "cli/option_checks.hpp"
#include "cli/pose_job.hpp"
#include "core/applicability.hpp"
#include "core/interrupt_cleanup.hpp"
#include "gait/gait_json.hpp"
#include "gait/gait_video.hpp"
#include "kinematics/formats/load.hpp"

namespace physio::cli {
namespace {

struct GaitCliOptions {
  std::string input;
  std::string calibration;
  double height_cm = 0;
  std::string output;
  std::string skeleton = "auto";
  double rate_hz = 0;
  std::string pose_model = "full";
  std::string models_dir;
  std::string follow = "auto";
};

std::string value_or_dash(double v, const char* fmt_spec) {
  return std::isfinite(v) ? fmt::format(fmt::runtime(fmt_spec), v) : "-";
}

void print_result(const gait::VideoGait& g) {
  const gait::WalkTrack& w = g.walk;
  std::printf("gait: walking %s, frames %zu-%zu (%.2f s), near side %s\n",
              w.direction < 0 ? "right to left" : "left to right", w.first_frame,
              w.first_frame + w.size() - 1, w.t_s.back() - w.t_s.front(),
              std::string(gait::leg_side_name(w.near_side)).c_str());
  for (const gait::SideEvents& se : g.events.sides)
    std::printf("  %s foot (%s): %zu initial contacts, %zu toe-offs kept, %zu withheld; confidence %s\n",
                std::string(gait::leg_side_name(se.side)).c_str(), se.near ? "near" : "far",
                se.contacts.size(), se.toe_offs.size(), se.withheld.size(), se.confidence.c_str());
  std::printf("  cadence %.1f steps/min (%s)\n", g.cadence_steps_per_min, g.cadence_basis.c_str());
  for (gait::LegSide s : {gait::LegSide::kLeft, gait::LegSide::kRight}) {
    const gait::SideSummary& x = g.side(s);
    if (x.strides == 0 && x.steps == 0) continue;
    std::printf(
        "  %-5s stride %s s, step %s s, stance %s %%, swing %s %%, stride length %s m, step length %s m\n",
        std::string(gait::leg_side_name(s)).c_str(), value_or_dash(x.stride_time_s, "{:.2f}").c_str(),
        value_or_dash(x.step_time_s, "{:.2f}").c_str(), value_or_dash(x.stance_pct, "{:.0f}").c_str(),
        value_or_dash(x.swing_pct, "{:.0f}").c_str(), value_or_dash(x.stride_length_m, "{:.2f}").c_str(),
        value_or_dash(x.step_length_m, "{:.2f}").c_str());
  }
  if (std::isfinite(g.step_time_asymmetry_pct))
    std::printf("  step-time asymmetry %.1f %% (%s steps longer)\n", g.step_time_asymmetry_pct,
                g.longer_step_side.c_str());
  if (std::isfinite(g.speed_mps)) std::printf("  speed %.2f m/s (%s)\n", g.speed_mps, g.scale_basis.c_str());
  for (const gait::AngleCurve& c : g.curves) {
    if (c.side != w.near_side) continue;
    std::printf("  %s %s over %zu cycles: max %.0f deg at %.0f %%, min %.0f deg at %.0f %%\n",
                std::string(gait::leg_side_name(c.side)).c_str(), c.angle.c_str(), c.cycles,
                c.peaks[0].value_deg, c.peaks[0].at_pct, c.peaks[1].value_deg, c.peaks[1].at_pct);
  }
  for (const gait::WithheldMeasure& m : g.withheld)
    std::printf("  withheld %s: %s\n", m.measure.c_str(), m.reason.c_str());
}

// With several people in a video, "auto" follows the person walking across the view (pose::walking_person).
// Returns the --follow value, and sets job.people to the scan it was chosen from (so the run that follows
// that person does not scan the video again).
Result<std::string> choose_walker(PoseJob& job, const std::string& input) {
  PoseJob scan_job = job;
  scan_job.input = input;
  auto scan = PHYSIO_TRY(scan_people_job(scan_job));
  if (scan.people.size() < 2) return std::string("auto");
  const pose::Walker walker = pose::walking_person(scan);
  if (walker.id == 0) return std::string("auto");
  std::fprintf(
      stderr,
      "gait: %zu people in view; following person %d, who walks furthest across it (%.1f body heights); "
      "choose another with --follow ID (`physio pose %s --list-people`)\n",
      scan.people.size(), walker.id, walker.travel_sizes, input.c_str());
  job.people = std::move(scan.people);
  return std::to_string(walker.id);
}

int run_gait(const GaitCliOptions& o) {
  if (auto st = check_follow(o.follow); !st) return report_error(st.error());
  gait::GaitOptions go;
  if (!o.calibration.empty()) {
    auto cal = gait::load_calibration(o.calibration);
    if (!cal) return report_error(cal.error());
    go.calibration = *cal;
  }
  if (o.height_cm > 0) go.height_m = o.height_cm / 100.0;

  kin::LoadOptions lo;
  if (o.skeleton != "auto") lo.skeleton_name = o.skeleton;
  lo.rate_hz = o.rate_hz;
  PoseJob job;
  job.model = o.pose_model;
  job.models_dir = o.models_dir;
  job.follow = o.follow;
  bool ran_pose = false;
  auto file = load_or_estimate_landmarks(o.input, lo, job, &ran_pose);
  if (!file) return report_error(file.error());
  auto result = gait::compute_video_gait(file->landmarks, go);
  if (!result) return report_error(result.error().with_context("gait from " + o.input));
  // Several people in a video and the detector's choice is not walking across: follow the one who is.
  if (!result->applicability.valid && ran_pose && o.follow == "auto" && file->identity &&
      file->identity->people_seen > 1 && std::filesystem::is_regular_file(o.input)) {
    auto walker = choose_walker(job, o.input);
    if (!walker) return report_error(walker.error());
    if (*walker != "auto") {
      job.follow = *walker;
      file = load_or_estimate_landmarks(o.input, lo, job, &ran_pose);
      if (!file) return report_error(file.error());
      result = gait::compute_video_gait(file->landmarks, go);
      if (!result) return report_error(result.error().with_context("gait from " + o.input));
    }
  }
  for (const auto& w : file->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  gait::VideoGait& g = *result;
  if (!g.applicability.valid && file->identity && file->identity->people_seen > 1)
    g.applicability.reasons.push_back(
        ran_pose
            ? fmt::format(
                  "{} people are in view and the series follows '{}': if that is not the person walking, "
                  "list them with `physio pose {} --list-people` and choose with --follow ID",
                  file->identity->people_seen, file->identity->follow, o.input)
            : fmt::format("{} people were in view when these landmarks were made, following '{}': if that is "
                          "not the person walking, make them again with `physio pose <video> --follow ID`",
                          file->identity->people_seen, file->identity->follow));

  nlohmann::json j = gait::gait_to_json(g);
  j["source"] = o.input;
  if (file->identity) j["identity"] = identity_json(*file->identity);
  if (!o.output.empty()) {
    if (auto st = write_output(o.output, j.dump(2) + "\n", "gait JSON"); !st) return report_error(st.error());
  }
  if (!g.applicability.valid) {
    std::printf("gait: not measured: %s is not a walk across the view that gait can be measured on\n",
                o.input.c_str());
    for (const auto& r : g.applicability.reasons) std::printf("  - %s\n", r.c_str());
    return kExitNotApplicable;
  }
  print_result(g);
  for (const auto& n : g.notes) std::fprintf(stderr, "note: %s\n", n.c_str());
  return 0;
}

}  // namespace

void add_gait_command(CLI::App& app) {
  auto o = std::make_shared<GaitCliOptions>();
  auto* sub = app.add_subcommand(
      "gait",
      "Gait from a side-view video or its landmarks: initial contacts and toe-offs, cadence, step and "
      "stride time, stance and swing, step-time asymmetry, hip/knee/ankle angle cycles; step length and "
      "speed with a scale");
  sub->add_option(
         "input", o->input,
         "Video, or landmark file (physio JSON/CSV/.plmk, TRC in pixels, MediaPipe, COCO, OpenPose) of a "
         "person walking across the view, filmed from the side")
      ->required();
  auto* cal =
      sub->add_option("--calibration", o->calibration,
                      "Camera calibration (Pose2Sim TOML, floor at Z = 0): gives step length and speed");
  auto* h = sub->add_option("--height-cm", o->height_cm,
                            "The patient's standing height (cm): gives step length and speed (about +/-5 %)")
                ->check(number_between(50.0, 250.0, "cm"));
  cal->excludes(h);
  h->excludes(cal);
  sub->add_option("-o,--output", o->output, "Write the result as JSON");
  sub->add_option("--skeleton", o->skeleton, "auto|blazepose33|coco17|halpe26|body25|body25b")
      ->capture_default_str();
  sub->add_option("--rate", o->rate_hz, "Frame rate for files without times (Hz; default 30)")
      ->check(rate_hz_check());
  sub->add_option("--pose-model", o->pose_model, "Video input: lite|full|heavy")->capture_default_str();
  sub->add_option("--models", o->models_dir, "Video input: folder with the BlazePose models");
  sub->add_option("--follow", o->follow, kFollowHelp)->capture_default_str();
  sub->callback([o] {
    install_interrupt_cleanup();
    set_exit(run_gait(*o));
  });
}

}  // namespace physio::cli
