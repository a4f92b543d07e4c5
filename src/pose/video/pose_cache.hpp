#pragma once
/// A cache of whole pose runs and people scans on disk, for running the same pose work many times over
/// the same files (the test suite analyses a few shared videos dozens of times through the CLI, the
/// server and the browser). Off unless the environment variable PHYSIO_POSE_CACHE names a folder.
///
/// Stage contract
///   input:   the input path and every PoseRunOptions field; the cache is used only for a regular file
///            (never a camera or a folder) without an overlay to draw.
///   key:     a 128-bit hash of: this cache's format version, the pose code's identity (below), the input's
///            bytes and size, the model
///            folder's files (names, sizes, modification times) and every option that reaches the pose
///            work (model, backend, threads, tracking, smoothing, confidences, identity limits, person
///            choice, source timing, decoder threads, upload limits, max_frames, queue depth, the person
///            followed and the people scan given; a scan is keyed by the options it reads, scan_people's
///            scan_options, and a run following an id without its scan by the people the scan found). The
///            input's path is not in the key: a cached result is
///            given the current path as its source, so a copy of a video (an upload stored under a new
///            name) shares the entry.
///   output:  the result exactly as computed (floats stored as their bytes), its statistics marked
///            `from_cache`. Only successful runs are stored; errors are computed again each time.
///   errors:  none: an unreadable, truncated or foreign entry is a miss, and a failed store is ignored
///            (the result is still returned). Entries are written to a temporary file and renamed, so
///            processes sharing the folder never read half an entry.
///   identity: the running executable (its path, size and modification time: any rebuild changes the key),
///            unless the folder holds a file `build-id` ("<identity> <newest library's mtime, s>": written by
///            the test run's set-up from the pose libraries' stamps) and the executable was written no
///            earlier than that library. Then the identity is that line's first word, so that programs
///            linked from the same pose libraries (the CLI, the server, the test programs) share entries.
///   sharing: work in progress is locked per key (flock on ".<key>.lock"): a second process or thread asking
///            the same work waits for the first and reads its entry instead of computing it again.

#include <filesystem>
#include <optional>
#include <string>

#include "pose/video/pose_run.hpp"

namespace physio::pose {

/// The environment variable that turns the cache on.
inline constexpr const char* kPoseCacheEnv = "PHYSIO_POSE_CACHE";

/// The cache folder from PHYSIO_POSE_CACHE, or nullopt when unset or empty.
std::optional<std::filesystem::path> pose_cache_dir();

/// The entry's file name for a run ("run") or a scan ("scan") of `input` with `options`; nullopt when
/// the cache does not apply (not a regular file, an overlay asked, the input or models unreadable).
std::optional<std::string> pose_cache_key(std::string_view kind, const std::filesystem::path& input,
                                          const PoseRunOptions& options);

/// The file in the cache folder that names the pose libraries' identity (see "identity" above).
inline constexpr const char* kPoseCacheBuildIdFile = "build-id";

/// The identity `build-id` gives `executable`, or nullopt (no file, malformed, or the executable is older
/// than the newest pose library it names).
std::optional<std::string> pose_cache_build_id(const std::filesystem::path& dir,
                                               const std::filesystem::path& executable);

/// Serialised forms (exact: floats and times as their bytes).
std::string serialize_pose_run(const PoseRunResult& result);
std::optional<PoseRunResult> deserialize_pose_run(std::string_view bytes, const std::string& source);
std::string serialize_people_scan(const PeopleScan& scan);
std::optional<PeopleScan> deserialize_people_scan(std::string_view bytes);

/// Reads an entry (nullopt when absent or unreadable) and writes one (atomically; failures ignored).
std::optional<std::string> read_pose_cache(const std::filesystem::path& dir, const std::string& key);
void write_pose_cache(const std::filesystem::path& dir, const std::string& key, const std::string& bytes);

/// An exclusive lock on one key's work, released when destroyed (or when the process ends).
class PoseCacheLock {
 public:
  explicit PoseCacheLock(int fd) : fd_(fd) {}
  PoseCacheLock(PoseCacheLock&& o) noexcept;
  PoseCacheLock(const PoseCacheLock&) = delete;
  PoseCacheLock& operator=(const PoseCacheLock&) = delete;
  PoseCacheLock& operator=(PoseCacheLock&& o) noexcept;
  ~PoseCacheLock();

 private:
  int fd_ = -1;
};

/// Waits for the lock on `key` in `dir`; nullopt when it cannot be taken (the work then goes unlocked).
std::optional<PoseCacheLock> lock_pose_cache(const std::filesystem::path& dir, const std::string& key);

}  // namespace physio::pose
