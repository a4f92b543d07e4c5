// physio pose <video|image|dir>: BlazePose landmarks from a video, an image or a folder of images.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "cli/pose_job.hpp"
#include "core/interrupt_cleanup.hpp"
#include "kinematics/formats/load.hpp"
#include "pose/video/video_writer.hpp"

namespace physio::cli {
namespace {

namespace fs = std::filesystem;

struct PoseCliOptions {
  PoseJob job;
  std::string output;
  bool world = false;
  bool list_people = false;
};

Status check_outputs(const PoseCliOptions& o) {
  if (o.list_people) {
    if (!o.output.empty())
      return fail(ErrorCode::kInvalidArgument,
                  "--list-people prints the people found and writes no landmarks: leave out -o {}", o.output);
    return ok();
  }
  if (o.output.empty())
    return fail(ErrorCode::kInvalidArgument,
                "-o is required: the landmark file to write (.json, .csv, .trc or .plmk), or --list-people");
  const std::string ext = fs::path(o.output).extension().string();
  if (ext != ".json" && ext != ".csv" && ext != ".trc" && ext != ".plmk") {
    return fail(ErrorCode::kInvalidArgument, "-o {}: expected a .json, .csv, .trc or .plmk landmark file",
                o.output);
  }
  if (!o.job.overlay.empty() && !pose::is_png_path(o.job.overlay)) {
    PHYSIO_CHECK(pose::check_video_path(o.job.overlay));
  }
  return ok();
}

int run_pose_command(const PoseCliOptions& o) {
  if (auto st = check_outputs(o); !st) return report_error(st.error());
  if (auto st = check_follow(o.job.follow); !st) return report_error(st.error());
  if (o.list_people) {
    auto scan = scan_people_job(o.job);
    if (!scan) return report_error(scan.error());
    std::fputs(people_listing(o.job.input, *scan).c_str(), stdout);
    return 0;
  }
  auto run = run_pose_job(o.job);
  if (!run) return report_error(run.error());
  kin::LandmarkFile& file = run->landmarks;
  // A TRC: the image landmarks in pixels (as Sports2D's pixel TRC); with --world the metric TRC goes to
  // the file asked for and the pixel one beside it, "<name>_px.trc".
  std::string pixel_trc;
  if (fs::path(o.output).extension() == ".trc") {
    pixel_trc = o.output;
    if (o.world) {
      fs::path p(o.output);
      pixel_trc = (p.parent_path() / (p.stem().string() + "_px.trc")).string();
      if (auto st = kin::save_landmarks(file.landmarks, pixel_trc); !st) return report_error(st.error());
    }
  }
  if (o.world) {
    // The world landmarks (metres, hip-centred) become the file's landmarks.
    kin::LandmarkFile world;
    world.landmarks = std::move(*file.world);
    world.format = file.format;
    world.warnings = std::move(file.warnings);
    world.identity = std::move(file.identity);
    file = std::move(world);
  }
  if (auto st = kin::save_landmark_file(file, o.output); !st) return report_error(st.error());
  std::fprintf(stderr, "%s\n", pose_summary(o.job, run->stats).c_str());
  for (const auto& w : file.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  std::fprintf(stderr, "wrote %s (%s landmarks%s)\n", o.output.c_str(), o.world ? "world" : "image",
               !o.world && file.world && (o.output.ends_with(".json") || o.output.ends_with(".plmk"))
                   ? " + world"
               : pixel_trc == o.output ? " in pixels"
                                       : "");
  if (!pixel_trc.empty() && pixel_trc != o.output)
    std::fprintf(stderr, "wrote %s (image landmarks in pixels)\n", pixel_trc.c_str());
  if (file.identity && !file.identity->uncertain.empty()) {
    const auto ext = fs::path(o.output).extension();
    if (ext == ".trc" || ext == ".plmk")
      std::fprintf(
          stderr,
          "note: %s cannot hold whom the series follows: the %zu span(s) where identity was uncertain "
          "(warnings above) are kept in .json and .csv outputs only, so an analysis of this file "
          "cannot leave them out\n",
          o.output.c_str(), file.identity->uncertain.size());
  }
  if (!run->stats.overlay_encoder.empty()) {
    std::fprintf(stderr, "wrote %s (%s)\n", o.job.overlay.c_str(), run->stats.overlay_encoder.c_str());
  }
  return 0;
}

}  // namespace

void add_pose_command(CLI::App& app) {
  auto o = std::make_shared<PoseCliOptions>();
  auto* sub = app.add_subcommand(
      "pose", "BlazePose landmarks (33 per frame) from a video, an image or a folder of images");
  sub->add_option("input", o->job.input, "Video file, image (PNG/JPEG) or folder of images")->required();
  sub->add_option(
      "-o,--output", o->output,
      "Landmark file: .json (image + world landmarks), .csv, .trc (pixels, as Sports2D's pixel TRC; "
      "metres with --world) or .plmk (required unless --list-people)");
  sub->add_option("--model", o->job.model, "lite | full | heavy")->capture_default_str();
  sub->add_option("--threads", o->job.threads,
                  "Inference threads. 0 (default): the fastest on this machine: for a video or folder one "
                  "core fewer than the machine has (at most 4), because decoding needs a core and the "
                  "inference threads wait for each other at every layer, so one more thread than free "
                  "cores runs many times slower; for a single image all cores (at most 4)")
      ->capture_default_str();
  sub->add_flag("--smooth", o->job.smooth, "MediaPipe's landmark smoothing (One Euro) between frames");
  sub->add_flag("--world", o->world,
                "Write the world landmarks (metres, hip-centred) as the file's landmarks (a .trc: the pixel "
                "TRC is written beside it as <name>_px.trc)");
  sub->add_option("--overlay", o->job.overlay,
                  "Draw the skeleton: a video (.mp4, .mkv) or, for an image input, a .png");
  sub->add_option("--models", o->job.models_dir,
                  "Folder of the .tflite models (default: $PHYSIO_MODELS_DIR, next to the binary, the "
                  "install prefix, ./models)");
  sub->add_option("--follow", o->job.follow, kFollowHelp)->capture_default_str();
  sub->add_flag(
      "--list-people", o->list_people,
      "List the people in the video (id, first and last time seen, frames, mean hip centre and body "
      "size) for --follow, and "
      "write nothing else");
  sub->add_option("--max-frames", o->job.max_frames, "Stop after this many frames (0: all)");
  auto* rate =
      sub->add_option("--rate", o->job.rate_hz,
                      "Frame rate of an image folder (Hz); for a video, when given, its frames are timed at "
                      "i / RATE s instead of the stream's times (MediaPipe's Python solution times every "
                      "frame 1/30 s after the one before, whatever the video's rate; --smooth depends on the "
                      "times)")
          ->capture_default_str()
          ->check(rate_hz_check());
  sub->callback([o, rate] {
    if (rate->count() > 0) o->job.video_rate_hz = o->job.rate_hz;
    install_interrupt_cleanup();
    set_exit(run_pose_command(*o));
  });
}

}  // namespace physio::cli
