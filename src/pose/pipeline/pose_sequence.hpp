#pragma once
/// Pose frames -> the engine's landmark sequences (kinematics), on the BlazePose-33 skeleton.
///
/// Stage contract
///   input:   PoseFrames in time order (strictly increasing timestamps), e.g. from PoseTracker.
///   output:  a kin::LandmarkFile: `landmarks` in CoordSpace::kImageNormalized (x, y, z, visibility;
///            image size recorded from the first frame) and `world` in CoordSpace::kWorldMetres with up
///            axis -Y (BlazePose's world y points down). Frames without a pose hold NaN landmarks.
///   errors:  kInvalidArgument for no frames, timestamps not strictly increasing (naming the frame) or
///            frames of different image sizes.

#include <span>
#include <string>

#include "core/error.hpp"
#include "kinematics/landmarks.hpp"
#include "pose/pipeline/pose_tracker.hpp"

namespace physio::pose {

Result<kin::LandmarkFile> pose_frames_to_landmarks(std::span<const PoseFrame> frames, std::string source);

}  // namespace physio::pose
