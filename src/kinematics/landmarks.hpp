#pragma once
/// A landmark sequence: frames x landmarks x (x, y, z, visibility), with the skeleton it follows,
/// the coordinate space, and a time for every frame. This is what every reader produces and every
/// analysis consumes.
///
/// Missing values are NaN (x, y and z all NaN). An exact 0 is a value, not a gap: readers of
/// formats that write 0 for "not detected" (OpenPose, COCO) convert those to NaN when reading.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/large_alloc.hpp"
#include "core/time.hpp"
#include "kinematics/skeleton.hpp"

namespace physio::kin {

struct Landmark {
  float x = std::numeric_limits<float>::quiet_NaN();
  float y = std::numeric_limits<float>::quiet_NaN();
  float z = std::numeric_limits<float>::quiet_NaN();
  float visibility = std::numeric_limits<float>::quiet_NaN();  ///< [0, 1]; NaN when the source has none

  bool missing() const { return std::isnan(x) || std::isnan(y); }
};

enum class CoordSpace : std::uint8_t {
  kImageNormalized,  ///< x, y in [0, 1] of the image width/height, y down; z relative depth (MediaPipe)
  kImagePixels,      ///< x, y in pixels, y down; z unused
  kWorldMetres,      ///< 3D metres; `up_axis` says which axis points up
};
std::string_view coord_space_name(CoordSpace s);

enum class Axis : std::uint8_t { kX, kY, kZ, kNegX, kNegY, kNegZ };
/// The unit vector of an axis, (x, y, z).
std::array<double, 3> axis_direction(Axis a);

class LandmarkSequence {
 public:
  LandmarkSequence() = default;
  LandmarkSequence(SkeletonPtr skeleton, CoordSpace space, std::size_t n_frames);

  const Skeleton& skeleton() const { return *skeleton_; }
  const SkeletonPtr& skeleton_ptr() const { return skeleton_; }
  CoordSpace space() const { return space_; }
  bool is_3d() const { return space_ == CoordSpace::kWorldMetres; }

  std::size_t n_frames() const { return times_.size(); }
  std::size_t n_landmarks() const { return skeleton_ ? skeleton_->size() : 0; }

  /// [n_frames] time of each frame, strictly increasing.
  std::span<TimeUs> times() { return times_; }
  std::span<const TimeUs> times() const { return times_; }

  Landmark& at(std::size_t frame, std::size_t landmark) { return data_[frame * n_landmarks() + landmark]; }
  const Landmark& at(std::size_t frame, std::size_t landmark) const {
    return data_[frame * n_landmarks() + landmark];
  }
  /// [n_landmarks] of one frame.
  std::span<Landmark> frame(std::size_t f) { return {data_.data() + f * n_landmarks(), n_landmarks()}; }
  std::span<const Landmark> frame(std::size_t f) const {
    return {data_.data() + f * n_landmarks(), n_landmarks()};
  }
  /// [n_frames, n_landmarks] all values, frame-major.
  std::span<Landmark> data() { return data_; }
  std::span<const Landmark> data() const { return data_; }

  /// A common joint's position in a frame (midpoint joints averaged); nullopt if the skeleton lacks
  /// it or a source landmark is missing in that frame.
  std::optional<Landmark> joint(std::size_t frame, Joint j) const;

  /// Nominal frame rate: 1 / median frame interval; 0 with fewer than two frames.
  double rate_hz() const;
  double duration_s() const;

  /// Appends a frame; returns its landmarks to fill (all NaN).
  std::span<Landmark> add_frame(TimeUs t);
  void reserve(std::size_t n_frames);
  void resize(std::size_t n_frames);

  /// Image size in pixels when known (0 otherwise). 2D angles from normalised coordinates
  /// need it to undo the aspect-ratio stretch.
  int image_width = 0;
  int image_height = 0;
  /// Which axis points up in 3D data (TRC from OpenSim/Pose2Sim: +Y; BlazePose world: -Y).
  Axis up_axis = Axis::kY;
  /// Where the data came from (file name), for messages.
  std::string source;

 private:
  SkeletonPtr skeleton_;
  CoordSpace space_ = CoordSpace::kImagePixels;
  std::vector<TimeUs, LargeAllocator<TimeUs>> times_;     // [n_frames]
  std::vector<Landmark, LargeAllocator<Landmark>> data_;  // [n_frames, n_landmarks]
};

/// A time span in which a series made from video may not hold the followed person, and why.
struct IdentitySpan {
  TimeUs start_us = 0;  ///< first frame of the span
  TimeUs end_us = 0;    ///< last frame of the span
  std::int64_t frames = 0;
  std::string kind;    ///< "other-person", "jump" or "reacquired"
  std::string reason;  ///< in words
};

/// Whom a series made from video follows and where that was uncertain (pose on several people).
struct IdentityInfo {
  std::string follow;            ///< "auto", "largest", "central" or a person id from the listing
  std::int64_t people_seen = 0;  ///< most detections in one frame where the detector ran
  std::vector<IdentitySpan> uncertain;
};

/// What a landmark file holds: the landmarks, plus world landmarks in metres when the source has
/// both (MediaPipe's poseLandmarks and poseWorldLandmarks).
struct LandmarkFile {
  LandmarkSequence landmarks;
  std::optional<LandmarkSequence> world;
  std::string format;  ///< "physio-json", "physio-csv", "trc", "openpose", "coco", "mediapipe-json"
  std::vector<std::string> warnings;     ///< repairs and oddities the reader noticed
  std::optional<IdentityInfo> identity;  ///< pose from video: whom the series follows
};

}  // namespace physio::kin
