#include "pose/pipeline/pose_sequence.hpp"

#include <cstddef>
#include <utility>

#include "kinematics/skeleton.hpp"

namespace physio::pose {

Result<kin::LandmarkFile> pose_frames_to_landmarks(std::span<const PoseFrame> frames, std::string source) {
  if (frames.empty()) return fail(ErrorCode::kInvalidArgument, "pose: no frames to convert");
  const std::size_t n = frames.size();
  kin::LandmarkSequence image(kin::blazepose33(), kin::CoordSpace::kImageNormalized, n);
  kin::LandmarkSequence world(kin::blazepose33(), kin::CoordSpace::kWorldMetres, n);
  image.image_width = world.image_width = frames[0].image_width;
  image.image_height = world.image_height = frames[0].image_height;
  image.source = world.source = source;
  image.up_axis = kin::Axis::kNegY;
  world.up_axis = kin::Axis::kNegY;
  for (std::size_t f = 0; f < n; ++f) {
    const PoseFrame& pf = frames[f];
    if (f > 0 && pf.timestamp_us <= frames[f - 1].timestamp_us) {
      return fail(ErrorCode::kInvalidArgument, "pose: frame {} at {} us is not after frame {} at {} us", f,
                  pf.timestamp_us, f - 1, frames[f - 1].timestamp_us);
    }
    if (pf.image_width != frames[0].image_width || pf.image_height != frames[0].image_height) {
      return fail(ErrorCode::kInvalidArgument, "pose: frame {} is {}x{}, frame 0 is {}x{}", f, pf.image_width,
                  pf.image_height, frames[0].image_width, frames[0].image_height);
    }
    image.times()[f] = pf.timestamp_us;
    world.times()[f] = pf.timestamp_us;
    if (!pf.found) continue;  // landmarks stay NaN
    for (std::size_t i = 0; i < static_cast<std::size_t>(kPoseBodyLandmarks); ++i) {
      const NormalizedLandmark& l = pf.landmarks[i];
      image.at(f, i) = kin::Landmark{l.x, l.y, l.z, l.visibility};
      const WorldLandmark& w = pf.world_landmarks[i];
      world.at(f, i) = kin::Landmark{w.x_m, w.y_m, w.z_m, w.visibility};
    }
  }
  kin::LandmarkFile file;
  file.landmarks = std::move(image);
  file.world = std::move(world);
  file.format = "physio-pose";
  return file;
}

}  // namespace physio::pose
