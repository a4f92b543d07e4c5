#include "pose/video/pose_cache.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <span>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace physio::pose {
namespace {

namespace fs = std::filesystem;

// Bumped whenever the serialised layout or what the key covers changes.
constexpr std::string_view kFormat = "physio-pose-cache 3\n";

// Two 64-bit FNV-1a style hashes with different bases and multipliers: a 128-bit key.
class Hasher {
 public:
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
      a_ = (a_ ^ p[i]) * 0x100000001b3ULL;
      b_ = (b_ ^ p[i]) * 0x9e3779b97f4a7c15ULL;
    }
  }
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes(&v, sizeof v);
  }
  void text(std::string_view s) {
    pod(static_cast<std::uint64_t>(s.size()));
    bytes(s.data(), s.size());
  }
  std::string hex() const { return fmt::format("{:016x}{:016x}", a_, b_); }

 private:
  std::uint64_t a_ = 0xcbf29ce484222325ULL;
  std::uint64_t b_ = 0x84222325cbf29ce4ULL;
};

// A file's identity without reading it: size and modification time.
bool hash_file_stamp(Hasher& h, const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return false;
  const auto mtime = fs::last_write_time(path, ec);
  if (ec) return false;
  h.pod(static_cast<std::uint64_t>(size));
  h.pod(static_cast<std::int64_t>(mtime.time_since_epoch().count()));
  return true;
}

bool hash_file_bytes(Hasher& h, const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::vector<char> buf(1 << 20);
  std::uint64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    h.bytes(buf.data(), n);
    total += n;
  }
  if (in.bad()) return false;
  h.pod(total);
  return true;
}

bool hash_models(Hasher& h, const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return false;
  std::sort(files.begin(), files.end());
  h.text(dir.string());
  for (const fs::path& f : files) {
    h.text(f.lexically_relative(dir).string());
    if (!hash_file_stamp(h, f)) return false;
  }
  return true;
}

void hash_options(Hasher& h, const PoseRunOptions& o) {
  const PoseTrackerOptions& t = o.tracker;
  h.pod(static_cast<int>(t.model));
  h.pod(static_cast<int>(t.backend));
  h.pod(t.threads);
  h.pod(t.track);
  h.pod(t.smooth_landmarks);
  h.pod(t.min_detection_confidence);
  h.pod(t.min_tracking_confidence);
  h.pod(t.follow_identity);
  h.pod(static_cast<int>(t.first_person));
  h.pod(t.identity_limits.jump_sizes);
  h.pod(t.identity_limits.speed_sizes_per_s);
  h.pod(t.identity_limits.scale_ratio);
  h.pod(t.identity_limits.scale_ratio_per_s);
  h.pod(t.identity_limits.reacquire_s);
  const FrameSourceOptions& s = o.source;
  h.pod(s.folder_rate_hz);
  h.pod(s.video_rate_hz);
  h.pod(s.decoder_threads);
  h.pod(s.uploaded);
  h.text(s.camera_size);
  h.pod(s.camera_rate);
  h.pod(o.max_frames);
  h.pod(static_cast<std::uint64_t>(o.queue_frames));
  h.pod(o.follow_id);
  h.text(o.follow_name);
  h.pod(o.people.has_value());
  if (o.people) h.text(serialize_people_scan(PeopleScan{*o.people, 0, 0, 0}));
}

// ---- the byte layout ----

class Writer {
 public:
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void text(std::string_view s) {
    pod(static_cast<std::uint64_t>(s.size()));
    out_.append(s);
  }
  template <class T>
  void array(std::span<const T> v) {
    static_assert(std::is_trivially_copyable_v<T>);
    pod(static_cast<std::uint64_t>(v.size()));
    out_.append(reinterpret_cast<const char*>(v.data()), v.size_bytes());
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  bool pod(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (in_.size() < sizeof v) return false;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return true;
  }
  bool text(std::string& s) {
    std::uint64_t n = 0;
    if (!pod(n) || n > in_.size()) return false;
    s.assign(in_.substr(0, n));
    in_.remove_prefix(n);
    return true;
  }
  // Reads an array of exactly dst.size() elements into `dst`; false when the stored count differs.
  template <class T>
  bool array_into(std::span<T> dst) {
    std::uint64_t n = 0;
    return pod(n) && n == dst.size() && raw(dst.data(), dst.size_bytes());
  }
  bool done() const { return in_.empty(); }
  std::size_t left() const { return in_.size(); }

 private:
  template <class T>
  bool raw(T* dst, std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (n > in_.size()) return false;
    if (n > 0) std::memcpy(dst, in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }

  std::string_view in_;
};

void write_sequence(Writer& w, const kin::LandmarkSequence& seq) {
  w.text(seq.n_landmarks() > 0 ? seq.skeleton().name : std::string());
  w.pod(static_cast<std::uint8_t>(seq.space()));
  w.pod(static_cast<std::uint64_t>(seq.n_frames()));
  w.array(seq.times());
  w.array(seq.data());
  w.pod(seq.image_width);
  w.pod(seq.image_height);
  w.pod(static_cast<std::uint8_t>(seq.up_axis));
}

std::optional<kin::LandmarkSequence> read_sequence(Reader& r, const std::string& source) {
  std::string skeleton_name;
  std::uint8_t space = 0, up = 0;
  std::uint64_t frames = 0;
  if (!r.text(skeleton_name) || !r.pod(space) || !r.pod(frames)) return std::nullopt;
  auto skeleton = kin::find_skeleton(skeleton_name);
  if (!skeleton || space > static_cast<std::uint8_t>(kin::CoordSpace::kWorldMetres) || frames > (1ULL << 32))
    return std::nullopt;
  kin::LandmarkSequence seq(*skeleton, static_cast<kin::CoordSpace>(space), frames);
  if (!r.array_into(seq.times()) || !r.array_into(seq.data()) || !r.pod(seq.image_width) ||
      !r.pod(seq.image_height) || !r.pod(up) || up > static_cast<std::uint8_t>(kin::Axis::kNegZ))
    return std::nullopt;
  seq.up_axis = static_cast<kin::Axis>(up);
  seq.source = source;
  return seq;
}

// A sighting field by field: its structs have padding, whose bytes are not the value's (written raw, two
// equal scans would differ, and so would the keys of runs given them).
void write_rect(Writer& w, const NormalizedRect& r) {
  for (float v : {r.x_center, r.y_center, r.width, r.height, r.rotation_rad}) w.pod(v);
}

bool read_rect(Reader& r, NormalizedRect& rect) {
  return r.pod(rect.x_center) && r.pod(rect.y_center) && r.pod(rect.width) && r.pod(rect.height) &&
         r.pod(rect.rotation_rad);
}

constexpr std::size_t kSightingBytes = 17 * sizeof(float) + sizeof(TimeUs);

void write_sighting(Writer& w, const PersonSighting& s) {
  for (float v : {s.body.x_px, s.body.y_px, s.body.size_px}) w.pod(v);
  w.pod(s.body.t_us);
  for (float v : {s.centre.x, s.centre.y, s.box.x0, s.box.y0, s.box.x1, s.box.y1}) w.pod(v);
  write_rect(w, s.roi);
  write_rect(w, s.next_roi);
}

bool read_sighting(Reader& r, PersonSighting& s) {
  return r.pod(s.body.x_px) && r.pod(s.body.y_px) && r.pod(s.body.size_px) && r.pod(s.body.t_us) &&
         r.pod(s.centre.x) && r.pod(s.centre.y) && r.pod(s.box.x0) && r.pod(s.box.y0) && r.pod(s.box.x1) &&
         r.pod(s.box.y1) && read_rect(r, s.roi) && read_rect(r, s.next_roi);
}

void write_people(Writer& w, const std::vector<PersonTrack>& people) {
  w.pod(static_cast<std::uint64_t>(people.size()));
  for (const PersonTrack& p : people) {
    w.pod(p.id);
    w.pod(p.first_us);
    w.pod(p.last_us);
    w.pod(p.frames);
    w.pod(p.mean_x);
    w.pod(p.mean_y);
    w.pod(p.mean_size);
    w.pod(static_cast<std::uint64_t>(p.sightings.size()));
    for (const PersonSighting& x : p.sightings) write_sighting(w, x);
  }
}

bool read_people(Reader& r, std::vector<PersonTrack>& people) {
  std::uint64_t n = 0;
  if (!r.pod(n) || n > (1U << 20)) return false;
  people.resize(n);
  for (PersonTrack& p : people) {
    if (!r.pod(p.id) || !r.pod(p.first_us) || !r.pod(p.last_us) || !r.pod(p.frames) || !r.pod(p.mean_x) ||
        !r.pod(p.mean_y) || !r.pod(p.mean_size))
      return false;
    std::uint64_t sightings = 0;
    // A count beyond what is left is a damaged entry, not an allocation.
    if (!r.pod(sightings) || sightings > r.left() / kSightingBytes) return false;
    p.sightings.resize(sightings);
    for (PersonSighting& x : p.sightings)
      if (!read_sighting(r, x)) return false;
  }
  return true;
}

std::atomic<unsigned> g_temp_counter{0};

}  // namespace

std::optional<fs::path> pose_cache_dir() {
  const char* dir = std::getenv(kPoseCacheEnv);
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  return fs::path(dir);
}

std::optional<std::string> pose_cache_build_id(const fs::path& dir, const fs::path& executable) {
  std::ifstream in(dir / kPoseCacheBuildIdFile);
  std::string id;
  long long newest = 0;
  if (!(in >> id >> newest) || id.empty() || id.size() > 128) return std::nullopt;
  struct stat st {};
  if (::stat(executable.c_str(), &st) != 0) return std::nullopt;
  // Linked before the newest library was written: it may hold older pose code than the identity names.
  if (static_cast<long long>(st.st_mtime) < newest) return std::nullopt;
  return id;
}

std::optional<std::string> pose_cache_key(std::string_view kind, const fs::path& input,
                                          const PoseRunOptions& options) {
  std::error_code ec;
  if (!options.overlay.empty() || is_camera_path(input) || !fs::is_regular_file(input, ec))
    return std::nullopt;
  Hasher h;
  h.text(kFormat);
  h.text(kind);
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  const auto dir = pose_cache_dir();
  if (const auto build = dir ? pose_cache_build_id(*dir, exe) : std::nullopt) {
    h.text("build");
    h.text(*build);
  } else {
    h.text("executable");
    h.text(exe.string());
    if (!hash_file_stamp(h, exe)) return std::nullopt;
  }
  if (!hash_file_bytes(h, input) || !hash_models(h, options.tracker.models_dir)) return std::nullopt;
  hash_options(h, options);
  return fmt::format("{}-{}.bin", kind, h.hex());
}

std::string serialize_pose_run(const PoseRunResult& result) {
  Writer w;
  w.text(kFormat);
  w.text("run");
  const kin::LandmarkFile& f = result.landmarks;
  write_sequence(w, f.landmarks);
  w.pod(f.world.has_value());
  if (f.world) write_sequence(w, *f.world);
  w.text(f.format);
  w.pod(static_cast<std::uint64_t>(f.warnings.size()));
  for (const std::string& s : f.warnings) w.text(s);
  w.pod(f.identity.has_value());
  if (f.identity) {
    w.text(f.identity->follow);
    w.pod(f.identity->people_seen);
    w.pod(static_cast<std::uint64_t>(f.identity->uncertain.size()));
    for (const kin::IdentitySpan& s : f.identity->uncertain) {
      w.pod(s.start_us);
      w.pod(s.end_us);
      w.pod(s.frames);
      w.text(s.kind);
      w.text(s.reason);
    }
  }
  const PoseRunStats& st = result.stats;
  w.pod(static_cast<int>(st.kind));
  w.pod(st.frames);
  w.pod(st.frames_with_person);
  w.pod(st.frames_skipped);
  w.text(st.truncation);
  w.pod(st.detector_runs);
  w.pod(st.inference_threads);
  w.pod(st.elapsed_s);
  w.pod(st.setup_s);
  w.pod(st.scan_s);
  w.pod(st.wait_s);
  w.pod(static_cast<std::uint64_t>(st.queue_high_water));
  w.text(st.overlay_encoder);
  w.pod(st.identity_uncertain_frames);
  w.pod(st.people_seen);
  write_people(w, result.people);
  return w.take();
}

std::optional<PoseRunResult> deserialize_pose_run(std::string_view bytes, const std::string& source) {
  Reader r(bytes);
  std::string format, kind;
  if (!r.text(format) || format != kFormat || !r.text(kind) || kind != "run") return std::nullopt;
  PoseRunResult result;
  kin::LandmarkFile& f = result.landmarks;
  auto landmarks = read_sequence(r, source);
  if (!landmarks) return std::nullopt;
  f.landmarks = std::move(*landmarks);
  bool has_world = false;
  if (!r.pod(has_world)) return std::nullopt;
  if (has_world) {
    auto world = read_sequence(r, source);
    if (!world) return std::nullopt;
    f.world = std::move(*world);
  }
  std::uint64_t n = 0;
  if (!r.text(f.format) || !r.pod(n) || n > bytes.size()) return std::nullopt;
  f.warnings.resize(n);
  for (std::string& s : f.warnings)
    if (!r.text(s)) return std::nullopt;
  bool has_identity = false;
  if (!r.pod(has_identity)) return std::nullopt;
  if (has_identity) {
    kin::IdentityInfo info;
    if (!r.text(info.follow) || !r.pod(info.people_seen) || !r.pod(n) || n > bytes.size())
      return std::nullopt;
    info.uncertain.resize(n);
    for (kin::IdentitySpan& s : info.uncertain) {
      if (!r.pod(s.start_us) || !r.pod(s.end_us) || !r.pod(s.frames) || !r.text(s.kind) || !r.text(s.reason))
        return std::nullopt;
    }
    f.identity = std::move(info);
  }
  PoseRunStats& st = result.stats;
  int source_kind = 0;
  std::uint64_t high_water = 0;
  if (!r.pod(source_kind) || source_kind < 0 || source_kind > static_cast<int>(SourceKind::kCamera) ||
      !r.pod(st.frames) || !r.pod(st.frames_with_person) || !r.pod(st.frames_skipped) ||
      !r.text(st.truncation) || !r.pod(st.detector_runs) || !r.pod(st.inference_threads) ||
      !r.pod(st.elapsed_s) || !r.pod(st.setup_s) || !r.pod(st.scan_s) || !r.pod(st.wait_s) ||
      !r.pod(high_water) || !r.text(st.overlay_encoder) || !r.pod(st.identity_uncertain_frames) ||
      !r.pod(st.people_seen) || !read_people(r, result.people) || !r.done())
    return std::nullopt;
  st.kind = static_cast<SourceKind>(source_kind);
  st.queue_high_water = high_water;
  st.from_cache = true;
  return result;
}

std::string serialize_people_scan(const PeopleScan& scan) {
  Writer w;
  w.text(kFormat);
  w.text("scan");
  w.pod(scan.frames);
  w.pod(scan.image_width);
  w.pod(scan.image_height);
  write_people(w, scan.people);
  return w.take();
}

std::optional<PeopleScan> deserialize_people_scan(std::string_view bytes) {
  Reader r(bytes);
  std::string format, kind;
  PeopleScan scan;
  if (!r.text(format) || format != kFormat || !r.text(kind) || kind != "scan" || !r.pod(scan.frames) ||
      !r.pod(scan.image_width) || !r.pod(scan.image_height) || !read_people(r, scan.people) || !r.done())
    return std::nullopt;
  return scan;
}

std::optional<std::string> read_pose_cache(const fs::path& dir, const std::string& key) {
  std::ifstream in(dir / key, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

void write_pose_cache(const fs::path& dir, const std::string& key, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return;
  const fs::path temp = dir / fmt::format(".{}.{}.{}.tmp", key, ::getpid(), g_temp_counter.fetch_add(1));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, dir / key, ec);
  if (ec) fs::remove(temp, ec);
}

PoseCacheLock::PoseCacheLock(PoseCacheLock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}

PoseCacheLock& PoseCacheLock::operator=(PoseCacheLock&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

PoseCacheLock::~PoseCacheLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the only descriptor releases the flock
}

std::optional<PoseCacheLock> lock_pose_cache(const fs::path& dir, const std::string& key) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::nullopt;
  const fs::path file = dir / fmt::format(".{}.lock", key);
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::nullopt;
  int rc = 0;
  do {
    rc = ::flock(fd, LOCK_EX);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    ::close(fd);
    return std::nullopt;
  }
  return PoseCacheLock(fd);
}

}  // namespace physio::pose
