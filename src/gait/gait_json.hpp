#pragma once
/// VideoGait as JSON (docs/metrics/gait-video.md, "Output"): every number named with its unit, a missing
/// one null and listed in "withheld" with the reason. Frames are indices of the input (0 = first frame).

#include <nlohmann/json.hpp>

#include "gait/gait_video.hpp"

namespace physio::gait {

nlohmann::json gait_to_json(const VideoGait& gait);

}  // namespace physio::gait
