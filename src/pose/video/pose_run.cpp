#include "pose/video/pose_run.hpp"

#include <cmath>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "pose/pipeline/pose_sequence.hpp"
#include "pose/video/pose_cache.hpp"
#include "pose/video/streaming_reader.hpp"
#include "pose/video/video_writer.hpp"

namespace physio::pose {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Frames converted to landmark sequences at a time: bounds the PoseFrames held (~1.5 KB each).
constexpr std::size_t kChunkFrames = 256;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void append_sequence(kin::LandmarkSequence& dst, const kin::LandmarkSequence& src) {
  for (std::size_t f = 0; f < src.n_frames(); ++f) {
    auto out = dst.add_frame(src.times()[f]);
    auto in = src.frame(f);
    std::copy(in.begin(), in.end(), out.begin());
  }
}

// Accumulates PoseFrames into the output LandmarkFile a chunk at a time.
class LandmarkAccumulator {
 public:
  explicit LandmarkAccumulator(std::string source) : source_(std::move(source)) {
    chunk_.reserve(kChunkFrames);
  }

  Status add(const PoseFrame& frame) {
    chunk_.push_back(frame);
    if (chunk_.size() >= kChunkFrames) return flush();
    return ok();
  }

  Status flush() {
    if (chunk_.empty()) return ok();
    auto part = PHYSIO_TRY(pose_frames_to_landmarks(chunk_, source_));
    chunk_.clear();
    if (!file_) {
      file_ = std::move(part);
      return ok();
    }
    append_sequence(file_->landmarks, part.landmarks);
    if (file_->world && part.world) append_sequence(*file_->world, *part.world);
    return ok();
  }

  std::optional<kin::LandmarkFile>& file() { return file_; }

 private:
  std::string source_;
  std::vector<PoseFrame> chunk_;
  std::optional<kin::LandmarkFile> file_;
};

}  // namespace

void IdentitySpans::add(const PoseFrame& frame) {
  const TimeUs t = frame.timestamp_us;
  if (identity_uncertain(frame.identity)) {
    if (open_ == frame.identity && !spans_.empty()) {
      spans_.back().end_us = t;
      ++spans_.back().frames;
      span_people_.back() = std::max(span_people_.back(), frame.people_detected);
    } else {
      std::string reason;
      if (frame.identity == IdentityStatus::kReacquired) {
        const double gap_s = last_found_us_ ? static_cast<double>(t - *last_found_us_) * 1e-6 : 0.0;
        reason = fmt::format("found again after {:.1f} s out of view: probably, not surely, the same person",
                             gap_s);
      }
      spans_.push_back(kin::IdentitySpan{.start_us = t,
                                         .end_us = t,
                                         .frames = 1,
                                         .kind = std::string(identity_status_name(frame.identity)),
                                         .reason = std::move(reason)});
      span_people_.push_back(frame.people_detected);
    }
    // A reacquisition is one frame; the frames after it are the person followed again.
    open_ = frame.identity == IdentityStatus::kReacquired ? IdentityStatus::kUnchecked : frame.identity;
  } else if (frame.found) {
    open_ = IdentityStatus::kUnchecked;
  }  // a frame with nobody in view neither ends nor extends a span
  if (frame.found) last_found_us_ = t;
}

std::vector<kin::IdentitySpan> IdentitySpans::finish() {
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    kin::IdentitySpan& s = spans_[i];
    if (s.kind == identity_status_name(IdentityStatus::kOtherPerson)) {
      s.reason = fmt::format(
          "the followed person was not found; {} other {} in view {} not followed, so these frames are "
          "left empty",
          span_people_[i], span_people_[i] == 1 ? "person" : "people", span_people_[i] == 1 ? "was" : "were");
    } else if (s.kind == identity_status_name(IdentityStatus::kJump)) {
      s.reason =
          "the landmarks moved further than a person can between two frames (someone else was picked up), so "
          "these frames are left empty";
    }
  }
  open_ = IdentityStatus::kUnchecked;
  span_people_.clear();
  return std::move(spans_);
}

std::vector<std::string> identity_warnings(const kin::IdentityInfo& identity) {
  constexpr std::size_t kListed = 5;
  std::vector<std::string> out;
  const auto& spans = identity.uncertain;
  for (std::size_t i = 0; i < spans.size() && i < kListed; ++i) {
    const kin::IdentitySpan& s = spans[i];
    out.push_back(fmt::format("identity uncertain {:.2f}-{:.2f} s ({} frame{}): {}",
                              static_cast<double>(s.start_us) * 1e-6, static_cast<double>(s.end_us) * 1e-6,
                              s.frames, s.frames == 1 ? "" : "s", s.reason));
  }
  if (spans.size() > kListed) {
    std::int64_t frames = 0;
    for (std::size_t i = kListed; i < spans.size(); ++i) frames += spans[i].frames;
    out.push_back(
        fmt::format("identity uncertain in {} more spans ({} frames): see \"identity\" in the "
                    "landmark JSON",
                    spans.size() - kListed, frames));
  }
  return out;
}

bool is_png_path(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".png";
}

Walker walking_person(const PeopleScan& scan) {
  Walker best;
  for (const auto& person : scan.people) {
    if (person.sightings.size() < 2 || !(person.mean_size > 0)) continue;
    const double size_px = static_cast<double>(person.mean_size) * scan.image_height;
    const double travel = std::abs(static_cast<double>(person.sightings.back().body.x_px) -
                                   static_cast<double>(person.sightings.front().body.x_px)) /
                          size_px;
    if (travel > best.travel_sizes) best = {person.id, travel};
  }
  if (best.travel_sizes < kMinWalkerTravelSizes) best.id = 0;
  return best;
}

namespace {

Result<PeopleScan> scan_people_uncached(const fs::path& input, const PoseRunOptions& options,
                                        const PoseProgressFn& progress) {
  auto source = PHYSIO_TRY(FrameSource::open(input, options.source));
  StreamingReaderOptions reader_options;
  reader_options.queue_frames = options.queue_frames;
  reader_options.max_frames = options.max_frames;
  StreamingReader reader(std::move(source), reader_options);
  PoseTrackerOptions tracker_options = options.tracker;
  tracker_options.track = false;
  auto tracker = PHYSIO_TRY(PoseTracker::create(tracker_options));
  const std::int64_t expected = reader.source().expected_frames();
  PeopleTracker people(options.tracker.identity_limits);  // the tracking's limits: the same points
  PeopleScan scan;
  std::vector<NormalizedRect> tracked;  // where the people of the frame before are looked for first
  std::optional<TimeUs> last_t;
  for (;;) {
    auto next = reader.next();
    if (!next) return std::unexpected(std::move(next.error()));
    if (!next->has_value()) break;
    Image& frame = **next;
    // The same frames as run_pose: a timestamp that does not increase is skipped there too.
    if (last_t && frame.timestamp_us <= *last_t) {
      reader.recycle(std::move(frame));
      continue;
    }
    last_t = frame.timestamp_us;
    Image rotated;
    if (frame.rotation_deg % 360 != 0) rotated = rotate_upright(frame);
    const Image& upright = frame.rotation_deg % 360 != 0 ? rotated : frame;
    auto sightings = tracker->sight_people(upright, tracked);
    if (!sightings)
      return std::unexpected(std::move(sightings.error())
                                 .with_context(fmt::format("{}: frame {}", input.string(), scan.frames)));
    people.add_frame(upright.timestamp_us, *sightings, upright.width, upright.height);
    tracked.clear();
    for (const PersonSighting& p : *sightings) tracked.push_back(p.next_roi);
    scan.image_width = upright.width;
    scan.image_height = upright.height;
    ++scan.frames;
    reader.recycle(std::move(frame));
    if (progress) progress(scan.frames, expected);
  }
  if (scan.frames == 0) return fail(ErrorCode::kMissingData, "{}: no frame could be read", input.string());
  // A still image or a clip shorter than the confirmation holds its people in fewer frames.
  scan.people = people.people(std::min<std::int64_t>(PeopleTracker::kConfirmFrames, scan.frames));
  return scan;
}

Result<PoseRunResult> run_pose_uncached(const fs::path& input, const PoseRunOptions& options,
                                        const PoseProgressFn& progress) {
  const auto t0 = Clock::now();
  // Following a person of the listing: find them in every frame first.
  std::optional<PersonTrack> target;
  std::vector<PersonTrack> scanned;
  double result_scan_s = 0.0;
  if (options.follow_id > 0) {
    if (options.people) {
      scanned = *options.people;
    } else {
      PeopleScan scan = PHYSIO_TRY(scan_people(input, options));
      scanned = std::move(scan.people);
      result_scan_s = seconds_since(t0);
    }
    for (const PersonTrack& p : scanned)
      if (p.id == options.follow_id) target = p;
    if (!target) {
      return fail(ErrorCode::kInvalidArgument,
                  "--follow {}: no person {} in {}; {} (physio pose {} --list-people lists them)",
                  options.follow_id, options.follow_id, input.string(),
                  scanned.empty() ? std::string("nobody was found")
                                  : fmt::format("the people found are 1 to {}", scanned.size()),
                  input.string());
    }
  }
  auto source = PHYSIO_TRY(FrameSource::open(input, options.source));
  const SourceKind kind = source->kind();
  const bool want_overlay = !options.overlay.empty();
  const bool png_overlay = want_overlay && is_png_path(options.overlay);
  if (png_overlay && kind != SourceKind::kImage) {
    return fail(ErrorCode::kInvalidArgument,
                "--overlay {}: a PNG overlay needs a single image input; {} is a {} (use .mp4)",
                options.overlay.string(), input.string(), source_kind_name(kind));
  }
  VideoWriterOptions writer_options;
  writer_options.rate_num = source->rate_num();
  writer_options.rate_den = source->rate_den();

  // The decode thread starts before the models load, so the first frames (and their buffers' first
  // touch) can be ready when the tracker is; if loading fails, the reader's destructor stops the thread.
  StreamingReaderOptions reader_options;
  reader_options.queue_frames = options.queue_frames;
  reader_options.max_frames = options.max_frames;
  StreamingReader reader(std::move(source), reader_options);

  PoseTrackerOptions tracker_options = options.tracker;
  if (kind == SourceKind::kImage) {
    // A still image is MediaPipe's static_image_mode: the detector, no ROI tracking and no smoothing
    // (MediaPipe ignores smooth_landmarks there; on one frame the filters' start-up would only add rounding).
    // With --follow auto the person is the detector's first detection after weighted NMS, as MediaPipe's.
    tracker_options.track = false;
    tracker_options.smooth_landmarks = false;
  }
  auto tracker = PHYSIO_TRY(PoseTracker::create(tracker_options));
  const std::int64_t expected =
      options.max_frames > 0 && reader.source().expected_frames() > 0
          ? std::min(options.max_frames, reader.source().expected_frames())
          : (options.max_frames > 0 ? options.max_frames : reader.source().expected_frames());

  PoseRunResult result;
  PoseRunStats& st = result.stats;
  st.setup_s = seconds_since(t0);
  st.scan_s = result_scan_s;
  st.kind = kind;
  st.inference_threads = tracker_options.threads;
  LandmarkAccumulator landmarks(input.string());
  IdentitySpans spans;
  std::unique_ptr<VideoWriter> writer;
  std::optional<Image> png_frame;
  std::optional<TimeUs> last_t;
  int width = 0, height = 0;

  for (;;) {
    const auto wait0 = Clock::now();
    auto next = reader.next();
    st.wait_s += seconds_since(wait0);
    if (!next) return std::unexpected(std::move(next.error()));
    if (!next->has_value()) break;
    Image& frame = **next;
    if (st.frames + st.frames_skipped == 0) {
      width = frame.width;
      height = frame.height;
    } else if (frame.width != width || frame.height != height) {
      return fail(ErrorCode::kInvalidArgument, "{}: frame {} is {}x{}, the first frame is {}x{}",
                  input.string(), st.frames + st.frames_skipped, frame.width, frame.height, width, height);
    }
    if (last_t && frame.timestamp_us <= *last_t) {
      ++st.frames_skipped;
      reader.recycle(std::move(frame));
      continue;
    }
    last_t = frame.timestamp_us;
    if (target) tracker->set_target(follow_target(scanned, target->id, frame.timestamp_us));
    auto pose = tracker->process(frame);
    if (!pose)
      return std::unexpected(
          std::move(pose.error()).with_context(fmt::format("{}: frame {}", input.string(), st.frames)));
    ++st.frames;
    if (pose->found) ++st.frames_with_person;
    if (pose->detector_ran) ++st.detector_runs;
    st.people_seen = std::max<std::int64_t>(st.people_seen, pose->people_detected);
    spans.add(*pose);
    PHYSIO_CHECK(landmarks.add(*pose));
    if (want_overlay) {
      draw_pose(frame, *pose, options.overlay_style);
      if (png_overlay) {
        png_frame = std::move(frame);
      } else {
        if (!writer) writer = PHYSIO_TRY(VideoWriter::open(options.overlay, width, height, writer_options));
        PHYSIO_CHECK(writer->write(frame));
      }
    }
    if (!png_overlay) reader.recycle(std::move(frame));  // its buffer decodes a later frame
    if (progress) progress(st.frames, expected);
  }
  st.queue_high_water = reader.queue_high_water();
  st.truncation = reader.source().truncation();  // the decode thread has ended with the stream
  if (st.frames == 0) return fail(ErrorCode::kMissingData, "{}: no frame could be read", input.string());
  if (st.frames_with_person == 0)
    return fail(ErrorCode::kMissingData, "no person found in {}", input.string());
  PHYSIO_CHECK(landmarks.flush());
  if (writer) {
    PHYSIO_CHECK(writer->finish());
    st.overlay_encoder = writer->encoder_name();
  } else if (png_frame) {
    PHYSIO_CHECK(save_png(*png_frame, options.overlay));
    st.overlay_encoder = "png";
  }
  st.elapsed_s = seconds_since(t0);
  result.landmarks = std::move(*landmarks.file());
  if (tracker_options.follow_identity && kind != SourceKind::kImage) {
    kin::IdentityInfo info;
    info.follow = options.follow_name;
    info.people_seen = st.people_seen;
    info.uncertain = spans.finish();
    for (const auto& span : info.uncertain) st.identity_uncertain_frames += span.frames;
    for (auto& w : identity_warnings(info)) result.landmarks.warnings.push_back(std::move(w));
    result.landmarks.identity = std::move(info);
  }
  result.people = std::move(scanned);
  return result;
}

}  // namespace

namespace {

// `compute` through the pose cache when PHYSIO_POSE_CACHE names one (pose_cache.hpp): an entry of the same
// work is read back; a computed success is stored, the key locked while it is computed.
template <class T, class Compute, class Load, class Save>
Result<T> through_cache(std::string_view kind, const fs::path& input, const PoseRunOptions& options,
                        Compute compute, Load load, Save save) {
  const auto dir = pose_cache_dir();
  const auto key = dir ? pose_cache_key(kind, input, options) : std::nullopt;
  std::optional<PoseCacheLock> lock;
  if (key) {
    if (auto bytes = read_pose_cache(*dir, *key)) {
      if (std::optional<T> cached = load(*bytes)) return std::move(*cached);
    }
    // The same work under way elsewhere: wait for it, then read what it stored.
    lock = lock_pose_cache(*dir, *key);
    if (auto bytes = lock ? read_pose_cache(*dir, *key) : std::nullopt) {
      if (std::optional<T> cached = load(*bytes)) return std::move(*cached);
    }
  }
  Result<T> computed = compute();
  if (key && computed) write_pose_cache(*dir, *key, save(*computed));
  return computed;
}

// The options a people scan reads: the models, backend and threads, the confidences, the identity limits,
// the source, the frame limit and the queue. Whom a run then follows (follow_id, its name and scan, the
// first-person choice, follow_identity), tracking and smoothing (a scan runs the landmark model afresh in
// each region) and an overlay are not read, and are reset: `--list-people` and a `--follow 2` that scans
// first compute the same scan once (one cache entry), and the ids a listing gives are the ids a run follows.
PoseRunOptions scan_options(const PoseRunOptions& o) {
  PoseRunOptions s = o;
  const PoseTrackerOptions tracker_defaults;
  const PoseRunOptions run_defaults;
  s.tracker.track = false;
  s.tracker.smooth_landmarks = tracker_defaults.smooth_landmarks;
  s.tracker.follow_identity = tracker_defaults.follow_identity;
  s.tracker.first_person = tracker_defaults.first_person;
  s.overlay.clear();
  s.overlay_style = run_defaults.overlay_style;
  s.follow_id = run_defaults.follow_id;
  s.people.reset();
  s.follow_name = run_defaults.follow_name;
  return s;
}

}  // namespace

Result<PeopleScan> scan_people(const fs::path& input, const PoseRunOptions& options,
                               const PoseProgressFn& progress) {
  const PoseRunOptions read = scan_options(options);
  return through_cache<PeopleScan>(
      "scan", input, read, [&] { return scan_people_uncached(input, read, progress); },
      [](std::string_view bytes) { return deserialize_people_scan(bytes); },
      [](const PeopleScan& scan) { return serialize_people_scan(scan); });
}

Result<PoseRunResult> run_pose(const fs::path& input, const PoseRunOptions& options,
                               const PoseProgressFn& progress) {
  // With the cache, following an id without its scan scans first (an entry of its own, shared with a
  // listing), then runs keyed by the people found, as a caller passing that scan does: the CLI's `--follow 2`
  // and the server's run of the same person share one entry.
  if (options.follow_id > 0 && !options.people && pose_cache_dir()) {
    const auto t0 = Clock::now();
    PoseRunOptions given = options;
    given.people = PHYSIO_TRY(scan_people(input, options)).people;
    const double scan_s = seconds_since(t0);
    auto result = run_pose(input, given, progress);
    if (result && !result->stats.from_cache) {
      result->stats.scan_s = scan_s;
      result->stats.setup_s += scan_s;
      result->stats.elapsed_s += scan_s;
    }
    return result;
  }
  return through_cache<PoseRunResult>(
      "run", input, options, [&] { return run_pose_uncached(input, options, progress); },
      [&](std::string_view bytes) { return deserialize_pose_run(bytes, input.string()); },
      [](const PoseRunResult& result) { return serialize_pose_run(result); });
}

}  // namespace physio::pose
