// physio angles <file>: joint and segment angles from a landmark file.
#include <cstdio>
#include <sstream>
#include <string>

#include "cli/angles_job.hpp"
#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "cli/pose_job.hpp"
#include "core/interrupt_cleanup.hpp"
#include "core/progress.hpp"
#include "core/text.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/formats/mot.hpp"

namespace physio::cli {
namespace {

struct AnglesCliOptions {
  std::string input;
  std::string output;
  std::string filter = "auto";
  std::string skeleton = "auto";
  std::string angles;
  std::string mode = "auto";
  std::string facing = "auto";
  bool no_swap_repair = false;
  bool unwrap = false;
  double max_gap_s = 0.5;
  double rate_hz = 0;
  std::string pose_model = "full";
  std::string models_dir;
  std::string follow = "auto";
};

int run_angles(const AnglesCliOptions& o) {
  AnglesJob job;
  job.filter = o.filter;
  job.max_gap_s = o.max_gap_s;
  auto mode = kin::parse_angle_mode(o.mode);
  if (!mode) return report_error(mode.error());
  auto facing = kin::parse_facing(o.facing);
  if (!facing) return report_error(facing.error());
  job.angles.mode = *mode;
  job.angles.facing = *facing;
  job.angles.repair_swaps = !o.no_swap_repair;
  job.angles.unwrap = o.unwrap;
  if (!o.angles.empty() && o.angles != "all") {
    std::vector<std::string_view> parts;
    split(o.angles, ',', parts);
    for (auto p : parts)
      if (!trim(p).empty()) job.angles.angles.emplace_back(trim(p));
  }
  if (!o.filter.empty() && o.filter != "auto") {
    if (auto f = kin::parse_filter_spec(o.filter); !f) return report_error(f.error());
  }
  if (o.max_gap_s < 0)
    return report_error(Error(ErrorCode::kInvalidArgument, "--max-gap must be >= 0 seconds"));

  if (auto st = check_follow(o.follow); !st) return report_error(st.error());

  kin::LoadOptions lo;
  if (o.skeleton != "auto") lo.skeleton_name = o.skeleton;
  lo.rate_hz = o.rate_hz;
  // A video, an image or an image folder goes through pose first.
  PoseJob pose_job;
  pose_job.model = o.pose_model;
  pose_job.models_dir = o.models_dir;
  pose_job.follow = o.follow;
  if (o.rate_hz > 0) pose_job.rate_hz = o.rate_hz;
  auto file = load_or_estimate_landmarks(o.input, lo, pose_job);
  if (!file) return report_error(file.error());
  Progress progress("angles", 3, "steps");
  progress.update(1);
  const auto& seq = pick_sequence(*file, *mode);
  auto result = run_angles_job(seq, job);
  if (!result) return report_error(Error(result.error()).with_context(o.input));
  progress.update(2);
  if (!o.output.empty()) {
    if (auto st = kin::save_angle_table(kin::to_angle_table(result->series), o.output); !st)
      return report_error(st.error());
  }
  progress.update(3);
  progress.finish();

  const auto& rep = result->series.report;
  std::printf("%s: %zu frames at %.2f frames/s, %s skeleton, %s angles", o.input.c_str(), seq.n_frames(),
              seq.rate_hz(), seq.skeleton().name.c_str(),
              std::string(kin::angle_mode_name(rep.mode)).c_str());
  if (rep.mode == kin::AngleMode::k2d)
    std::printf(", facing %s (%s)", std::string(kin::facing_name(rep.facing)).c_str(),
                rep.facing_basis.c_str());
  std::printf("\nfilter %s; %zu landmark-frames filled (gaps up to %.2f s)\n", result->filter_used.c_str(),
              result->preprocess.samples_filled, o.max_gap_s);
  if (!rep.swapped_leg_frames.empty())
    std::printf("left/right legs swapped by the pose estimator in %zu frame(s): repaired\n",
                rep.swapped_leg_frames.size());
  if (!rep.swapped_arm_frames.empty())
    std::printf("left/right arms swapped by the pose estimator in %zu frame(s): repaired\n",
                rep.swapped_arm_frames.size());
  for (const auto& n : result->notes) std::printf("note: %s\n", n.c_str());
  for (const auto& w : file->warnings) std::printf("warning: %s\n", w.c_str());
  for (const auto& w : rep.warnings) std::printf("warning: %s\n", w.c_str());
  for (const auto& m : rep.omitted) std::printf("not computed: %s\n", m.c_str());
  std::printf("\n%s", summarise_angles(result->series).c_str());
  if (!o.output.empty()) std::printf("\nwrote %s\n", o.output.c_str());
  return 0;
}

}  // namespace

void add_angles_command(CLI::App& app) {
  auto o = std::make_shared<AnglesCliOptions>();
  auto* sub = app.add_subcommand("angles",
                                 "Joint and segment angles from a landmark file (degrees, flexion positive)");
  sub->add_option("file", o->input,
                  "Landmark file or OpenPose folder; or a video, image or image folder (pose runs first)")
      ->required();
  sub->add_option("-o,--output", o->output, "Write the angles: .mot (OpenSim), .csv or .json");
  sub->add_option("--filter", o->filter,
                  "none | butterworth:ORDER:HZ | one-euro[:MIN_CUTOFF:BETA] | gaussian:SIGMA | median:K; "
                  "auto = butterworth:4:6 (zero-phase 4th order, 6 Hz) when the frame rate allows")
      ->capture_default_str();
  sub->add_option("--skeleton", o->skeleton, "auto|blazepose33|coco17|halpe26|body25|body25b")
      ->capture_default_str();
  sub->add_option("--angles", o->angles, "Comma-separated angle names (default: all the skeleton supports)");
  sub->add_option("--mode", o->mode, "auto (3D for metres, 2D for image coordinates) | 2d | 3d")
      ->capture_default_str();
  sub->add_option("--facing", o->facing, "2D: auto | left | right (the way the person faces in the image)")
      ->capture_default_str();
  sub->add_flag("--no-swap-repair", o->no_swap_repair,
                "Do not repair left/right swaps of the pose estimator");
  sub->add_flag("--unwrap", o->unwrap,
                "Segment angles: remove 360-degree jumps (a circling forearm keeps counting, so values may "
                "leave the segment's range); joint angles always stay in their documented range");
  sub->add_option("--max-gap", o->max_gap_s, "Fill gaps up to this long (seconds)")->capture_default_str();
  sub->add_option("--rate", o->rate_hz, "Frame rate for files without times (Hz; default 30)")
      ->check(rate_hz_check());
  sub->add_option("--pose-model", o->pose_model, "Video/image input: BlazePose model lite | full | heavy")
      ->capture_default_str();
  sub->add_option("--models", o->models_dir, "Video/image input: folder of the .tflite models");
  sub->add_option("--follow", o->follow, kFollowHelp)->capture_default_str();
  sub->callback([o] {
    install_interrupt_cleanup();
    set_exit(run_angles(*o));
  });
}

}  // namespace physio::cli
