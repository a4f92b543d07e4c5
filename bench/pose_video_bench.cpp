// Pose on video, end to end (a timed tool; medians of repeated runs):
//   1. decode-only throughput of the Sports2D demo (FFmpeg decode + RGB conversion, one thread),
//   2. decode + pose (tracking mode, full model, 2 threads) with decoding overlapped on its own thread,
//   3. per-frame tracking-mode pipeline latency, lite and full at 1 and 2 threads (frames preloaded), and
//      the crop's share of it (landmark crop and detector letterbox alone),
//   4. peak RSS analysing a generated 10-minute 1080p video (ffmpeg CLI -> /tmp; removed afterwards),
//   5. (--only versus) the whole video end to end (decode on its own thread, full model, the landmark file
//      written) against bare inference on the same frames decoded beforehand (the same tracker settings,
//      frames in order), alternated in one process so both see the same machine load; 1 and 2 inference
//      threads.
//
//   bench_pose_video [--models DIR] [--video demo.mp4] [--repeats 3] [--long-seconds 600 | --skip-long]
//                    [--only decode|e2e|crop|latency|long|versus]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kinematics/formats/load.hpp"
#include "pose/pipeline/image_to_tensor.hpp"
#include "pose/pipeline/pose_tracker.hpp"
#include "pose/video/frame_source.hpp"
#include "pose/video/pose_run.hpp"

namespace {

namespace fs = std::filesystem;
using namespace physio;
using namespace physio::pose;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(k, v.size() - 1)];
}

long rss_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size());
  }
  return -1;
}

struct Args {
  fs::path models = "";
  fs::path video;
  int repeats = 3;
  int long_seconds = 600;
  bool skip_long = false;
  std::string only;  // decode | e2e | crop | latency | long (empty: all)
};

Args parse(int argc, char** argv) {
  Args a;
  const char* env = std::getenv("PHYSIO_MODELS_DIR");
  a.models = env != nullptr && *env != 0 ? fs::path(env) : fs::path(PHYSIO_SOURCE_DIR) / "models";
  a.video = fs::path(PHYSIO_SOURCE_DIR) / ".." / "shared" / "data" / "sports2d-demo" / "demo.mp4";
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    const bool has = i + 1 < argc;
    if (k == "--models" && has)
      a.models = argv[++i];
    else if (k == "--video" && has)
      a.video = argv[++i];
    else if (k == "--repeats" && has)
      a.repeats = std::max(1, std::atoi(argv[++i]));
    else if (k == "--long-seconds" && has)
      a.long_seconds = std::max(1, std::atoi(argv[++i]));
    else if (k == "--skip-long")
      a.skip_long = true;
    else if (k == "--only" && has)
      a.only = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: bench_pose_video [--models DIR] [--video F] [--repeats N] [--long-seconds S | "
                   "--skip-long] [--only decode|e2e|crop|latency|long|versus]\n");
      std::exit(2);
    }
  }
  return a;
}

[[noreturn]] void die(const Error& e) {
  std::fprintf(stderr, "bench_pose_video: %s\n", e.to_string().c_str());
  std::exit(1);
}

void decode_only(const Args& a) {
  std::vector<double> fps;
  std::int64_t frames = 0;
  for (int r = 0; r < a.repeats; ++r) {
    auto source = FrameSource::open(a.video);
    if (!source) die(source.error());
    const auto t0 = Clock::now();
    frames = 0;
    for (;;) {
      auto f = (*source)->next();
      if (!f) die(f.error());
      if (!f->has_value()) break;
      ++frames;
    }
    fps.push_back(static_cast<double>(frames) / seconds_since(t0));
  }
  std::printf("| decode only (FFmpeg + RGB, 1 thread) | %lld | %.1f frames/s | %.2f ms/frame |\n",
              static_cast<long long>(frames), median(fps), 1000.0 / median(fps));
}

void end_to_end(const Args& a, PoseModelKind model, int threads) {
  std::vector<double> fps, steady_fps, wait_s;
  PoseRunStats last;
  for (int r = 0; r < a.repeats; ++r) {
    PoseRunOptions o;
    o.tracker.model = model;
    o.tracker.models_dir = a.models;
    o.tracker.threads = threads;
    o.tracker.smooth_landmarks = false;
    Clock::time_point first{}, end{};
    auto progress = [&](std::int64_t done, std::int64_t) {
      end = Clock::now();
      if (done == 1) first = end;
    };
    const auto t0 = Clock::now();
    auto run = run_pose(a.video, o, progress);
    if (!run) die(run.error());
    const double s = seconds_since(t0);
    last = run->stats;
    fps.push_back(static_cast<double>(last.frames) / s);
    // Frames 2..n over the time between the first and the last frame: model loading and the first
    // decode left out.
    steady_fps.push_back(static_cast<double>(last.frames - 1) /
                         std::chrono::duration<double>(end - first).count());
    wait_s.push_back(last.wait_s);
  }
  std::printf(
      "| decode + pose, %s, %d inference thread%s + decode thread, tracking | %lld | %.1f frames/s "
      "(%.1f with model loading) | pose thread waited %.2f s for frames; detector on %lld frames |\n",
      std::string(pose_model_name(model)).c_str(), threads, threads == 1 ? "" : "s",
      static_cast<long long>(last.frames), median(steady_fps), median(fps), median(wait_s),
      static_cast<long long>(last.detector_runs));
}

std::vector<Image> preload(const Args& a, int n) {
  std::vector<Image> frames;
  auto source = FrameSource::open(a.video);
  if (!source) die(source.error());
  while (static_cast<int>(frames.size()) < n) {
    auto f = (*source)->next();
    if (!f) die(f.error());
    if (!f->has_value()) break;
    frames.push_back(std::move(**f));
  }
  return frames;
}

void tracking_latency(const Args& a, const std::vector<Image>& frames, PoseModelKind model, int threads) {
  PoseTrackerOptions o;
  o.model = model;
  o.models_dir = a.models;
  o.threads = threads;
  o.smooth_landmarks = false;
  auto tracker = PoseTracker::create(o);
  if (!tracker) die(tracker.error());
  // Frames in ping-pong order (0..n-1, n-2..1, ...) so motion stays continuous and tracking holds.
  const int n = static_cast<int>(frames.size());
  const int passes = std::max(4, 6 * a.repeats);
  std::vector<double> ms;
  std::int64_t detector = 0, calls = 0;
  TimeUs t = 0;
  for (int p = 0; p < passes; ++p) {
    for (int k = 0; k < n - 1; ++k) {
      const int i = p % 2 == 0 ? k : n - 1 - k;
      Image frame = frames[static_cast<std::size_t>(i)];
      frame.timestamp_us = (t += 33'333);
      const auto t0 = Clock::now();
      auto pose = (*tracker)->process(frame);
      const double dt = seconds_since(t0) * 1e3;
      if (!pose) die(pose.error());
      if (p == 0) continue;  // warm-up pass
      ++calls;
      if (pose->detector_ran) {
        ++detector;
        continue;  // tracking-mode latency: frames where the detector did not run
      }
      ms.push_back(dt);
    }
  }
  std::printf(
      "| tracking frame, %s, %d thread%s | %zu | median %.2f ms | p90 %.2f ms; detector re-ran on %lld of "
      "%lld |\n",
      std::string(pose_model_name(model)).c_str(), threads, threads == 1 ? "" : "s", ms.size(), median(ms),
      percentile(ms, 0.9), static_cast<long long>(detector), static_cast<long long>(calls));
}

// The pre-processing of a frame on the inference thread: the 256x256 landmark crop of a rotated ROI and
// the 224x224 detector letterbox, from frames in cache ("warm") and after 64 MB of other writes ("cold",
// as a frame handed over by the decode thread).
void crop_cost(const std::vector<Image>& frames) {
  NormalizedRect roi;  // a person-sized rotated ROI of the demo frames
  roi.x_center = 0.45f;
  roi.y_center = 0.55f;
  roi.width = 0.35f;
  roi.height = 0.6f;
  roi.rotation_rad = 0.3f;
  std::vector<float> crop(256 * 256 * 3), letterbox(224 * 224 * 3);
  std::vector<char> evict(64 << 20);
  std::vector<double> crop_cold, crop_warm, letterbox_warm;
  for (int r = 0; r < 5; ++r) {
    for (const Image& f : frames) {
      std::fill(evict.begin(), evict.end(), static_cast<char>(r));
      auto t0 = Clock::now();
      if (auto p = image_to_tensor(f, roi, landmark_input_options(), crop); !p) die(p.error());
      crop_cold.push_back(seconds_since(t0) * 1e3);
      t0 = Clock::now();
      if (auto p = image_to_tensor(f, roi, landmark_input_options(), crop); !p) die(p.error());
      crop_warm.push_back(seconds_since(t0) * 1e3);
      t0 = Clock::now();
      if (auto p = image_to_tensor(f, NormalizedRect{}, detector_input_options(), letterbox); !p)
        die(p.error());
      letterbox_warm.push_back(seconds_since(t0) * 1e3);
    }
  }
  std::printf(
      "| landmark crop 256x256 (rotated ROI, 1768x994 frame) | %zu | cold %.3f ms, warm %.3f ms | |\n",
      crop_cold.size(), median(crop_cold), median(crop_warm));
  std::printf("| detector letterbox 224x224 | %zu | %.3f ms | |\n", letterbox_warm.size(),
              median(letterbox_warm));
}

void long_video(const Args& a) {
  const fs::path clip = fs::temp_directory_path() / "physio_bench_long_1080p.mp4";
  const std::string cmd = "ffmpeg -v error -y -stream_loop -1 -i '" + a.video.string() + "' -t " +
                          std::to_string(a.long_seconds) +
                          " -an -vf scale=1920:1080 -c:v libx264 -preset ultrafast -pix_fmt yuv420p '" +
                          clip.string() + "'";
  const auto g0 = Clock::now();
  if (std::system(cmd.c_str()) != 0) {
    std::printf("| long video | - | ffmpeg CLI failed: not measured | |\n");
    return;
  }
  const double gen_s = seconds_since(g0);
  const long rss_before = rss_kib("VmRSS:");
  PoseRunOptions o;
  o.tracker.model = PoseModelKind::kFull;
  o.tracker.models_dir = a.models;
  o.tracker.threads = 1;  // + the decode thread: one core each (see end_to_end)
  o.tracker.smooth_landmarks = false;
  std::vector<long> rss_samples;
  auto progress = [&](std::int64_t done, std::int64_t) {
    if (done % 1000 == 0) rss_samples.push_back(rss_kib("VmRSS:"));
  };
  const auto t0 = Clock::now();
  auto run = run_pose(clip, o, progress);
  const double s = seconds_since(t0);
  std::error_code ec;
  fs::remove(clip, ec);
  if (!run) die(run.error());
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const long first = rss_samples.empty() ? -1 : rss_samples.front();
  const long last = rss_samples.empty() ? -1 : rss_samples.back();
  std::printf(
      "| %d s 1920x1080 video (generated in %.0f s), full, 1 inference thread + decode thread | %lld | %.1f "
      "frames/s | "
      "peak RSS %.0f MiB (process; before the run %.0f MiB); RSS at 1000 frames %.0f MiB, at the end %.0f "
      "MiB; "
      "queue high water %zu |\n",
      a.long_seconds, gen_s, static_cast<long long>(run->stats.frames),
      static_cast<double>(run->stats.frames) / s, static_cast<double>(ru.ru_maxrss) / 1024.0,
      static_cast<double>(rss_before) / 1024.0, static_cast<double>(first) / 1024.0,
      static_cast<double>(last) / 1024.0, run->stats.queue_high_water);
}

// Whole video, end to end: decode (its own thread), pose (full model), and the landmark file written; frames
// per second over the wall time after start-up (model loading and opening the input reported apart).
struct E2e {
  double fps = 0.0, fps_all = 0.0, setup_s = 0.0;
  std::int64_t frames = 0;
};
E2e run_e2e_once(const Args& a, int threads, const fs::path& out) {
  PoseRunOptions o;
  o.tracker.model = PoseModelKind::kFull;
  o.tracker.models_dir = a.models;
  o.tracker.threads = threads;
  o.tracker.smooth_landmarks = false;
  const auto t0 = Clock::now();
  auto run = run_pose(a.video, o);
  if (!run) die(run.error());
  if (auto st = kin::save_landmark_file(run->landmarks, out); !st) die(st.error());
  const double s = seconds_since(t0);
  E2e e;
  e.frames = run->stats.frames;
  e.setup_s = run->stats.setup_s;
  e.fps_all = static_cast<double>(e.frames) / s;
  e.fps = static_cast<double>(e.frames) / (s - e.setup_s);
  return e;
}

// Bare inference: the same frames decoded beforehand, one tracker (loaded outside the timing), frames in
// order with the video's times: what the pose stage alone sustains on this machine now.
double run_bare_once(const Args& a, const std::vector<Image>& frames, int threads) {
  PoseTrackerOptions o;
  o.model = PoseModelKind::kFull;
  o.models_dir = a.models;
  o.threads = threads;
  o.smooth_landmarks = false;
  auto tracker = PoseTracker::create(o);
  if (!tracker) die(tracker.error());
  const auto t0 = Clock::now();
  for (const Image& f : frames) {
    auto pose = (*tracker)->process(f);
    if (!pose) die(pose.error());
  }
  return static_cast<double>(frames.size()) / seconds_since(t0);
}

void versus_bare(const Args& a) {
  std::vector<Image> frames;
  {
    auto source = FrameSource::open(a.video);
    if (!source) die(source.error());
    for (;;) {
      auto f = (*source)->next();
      if (!f) die(f.error());
      if (!f->has_value()) break;
      frames.push_back(std::move(**f));
    }
  }
  const fs::path out = fs::temp_directory_path() / "bench_pose_video_versus.json";
  for (int threads : {1, 2}) {
    std::vector<double> e2e, e2e_all, bare, ratio, setup;
    std::int64_t n = 0;
    for (int r = 0; r < a.repeats; ++r) {
      const E2e e = run_e2e_once(a, threads, out);
      const double b = run_bare_once(a, frames, threads);
      n = e.frames;
      e2e.push_back(e.fps);
      e2e_all.push_back(e.fps_all);
      setup.push_back(e.setup_s);
      bare.push_back(b);
      ratio.push_back(e.fps / b);
    }
    std::printf(
        "| end to end (decode thread + full model + landmark JSON written) vs bare inference, %d inference "
        "thread%s | %lld | %.1f vs %.1f frames/s (end to end / bare %.2f; %.1f frames/s with start-up, "
        "start-up %.2f s) | min-max end to end %.1f-%.1f, bare %.1f-%.1f over %d alternated runs |\n",
        threads, threads == 1 ? "" : "s", static_cast<long long>(n), median(e2e), median(bare), median(ratio),
        median(e2e_all), median(setup), *std::min_element(e2e.begin(), e2e.end()),
        *std::max_element(e2e.begin(), e2e.end()), *std::min_element(bare.begin(), bare.end()),
        *std::max_element(bare.begin(), bare.end()), a.repeats);
  }
  std::error_code ec;
  fs::remove(out, ec);
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  std::error_code ec;
  if (!fs::is_regular_file(a.video, ec)) {
    std::fprintf(stderr, "bench_pose_video: %s is absent\n", a.video.string().c_str());
    return 1;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::printf("| measurement | frames | median | notes |\n|---|---|---|---|\n");
  const auto want = [&](const char* part) { return a.only.empty() || a.only == part; };
  if (want("decode")) decode_only(a);
  if (want("e2e")) {
    // 1 inference thread + the decode thread (one core each) and 2 inference threads + the decode thread.
    end_to_end(a, PoseModelKind::kFull, 1);
    end_to_end(a, PoseModelKind::kFull, 2);
    end_to_end(a, PoseModelKind::kLite, 1);
  }
  if (want("crop")) crop_cost(preload(a, 24));
  if (want("latency")) {
    const auto frames = preload(a, 24);
    for (auto model : {PoseModelKind::kLite, PoseModelKind::kFull}) {
      for (int threads : {1, 2}) tracking_latency(a, frames, model, threads);
    }
  }
  if (want("long") && !a.skip_long) long_video(a);
  if (want("versus")) versus_bare(a);
  return 0;
}
