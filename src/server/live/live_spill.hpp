#pragma once
/// The frames of one live set on disk as they arrive, so a set's memory does not grow with its length
/// and a server that dies mid-set leaves the frames behind to be stored when it starts again.
///
/// File: one line of JSON (the session and what its frames hold), then the accepted wire frames
/// (live_protocol.hpp) back to back, unchanged. Appends go through a 64 KB buffer that the room flushes
/// before every acknowledgement, so an acknowledged frame is in the operating system's page cache and
/// survives the process dying (not a power cut: no fsync per frame). read_spill() decodes the
/// whole file; a frame cut by a crash at the end is dropped.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::server::live {

class FrameSpill {
 public:
  /// Creates (truncates) `path` and writes the header line.
  static Result<FrameSpill> create(const std::filesystem::path& path, const nlohmann::json& header);
  FrameSpill(FrameSpill&&) noexcept = default;
  FrameSpill& operator=(FrameSpill&&) noexcept = default;
  ~FrameSpill() = default;

  Status append(std::string_view frame_bytes);
  Status flush();
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Closer {
    void operator()(std::FILE* f) const {
      if (f != nullptr) std::fclose(f);
    }
  };
  FrameSpill(std::filesystem::path path, std::FILE* f) : path_(std::move(path)), file_(f) {}
  std::filesystem::path path_;
  std::unique_ptr<std::FILE, Closer> file_;
};

struct SpillContents {
  nlohmann::json header;
  kin::LandmarkFile landmarks;  ///< image landmarks (and world ones for paired frames)
};

/// Reads a spill file back. Errors name the file and what is wrong with its header.
Result<SpillContents> read_spill(const std::filesystem::path& path);

/// The session row's identity as the header keeps it, and back (state "open", no counts).
nlohmann::json session_header(const clinic::LiveSession& s);
clinic::LiveSession session_from_header(const nlohmann::json& j);

/// The header for a room: everything read_spill needs to decode its frames.
nlohmann::json spill_header(const nlohmann::json& session, const kin::Skeleton& skeleton,
                            kin::CoordSpace space, bool paired, kin::Axis up_axis, int image_width,
                            int image_height);

}  // namespace physio::server::live
