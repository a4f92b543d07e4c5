#pragma once
/// Step and stride length and walking speed, when a scale is known.
///
/// Contract: apply_scale
///   inputs : a VideoGait with its strides and steps, and GaitOptions.
///   method : a foot's footprint is its heel at its initial contact (the foot then stays in place through
///            stance). Step length is the distance along the walking direction from one foot's footprint to
///            the other's next; stride length from one footprint to the same foot's next; speed is the sum
///            of the near foot's stride lengths over the sum of their times.
///            Scale from a camera calibration: each footprint is the floor point (Z = 0) seen at the heel's
///            pixel (calibration.hpp); the walking direction is the line from the near foot's first to its
///            last footprint. Scale from the patient's height: metres per pixel = height x
///            kLegFractionOfHeight / the near leg's length in pixels (thigh 0.245 + shank 0.246 of
///            standing height: Drillis and Contini 1966, as tabulated by Winter 2009), which holds only
///            when the person walks parallel to the image: refused when the leg's length in pixels changes
///            by more than kMaxLegChange between the first and last third of the walk.
///   outputs: lengths in the strides, steps and side summaries, speed_mps and scale_basis; without a scale,
///            or when it cannot be used, `withheld` entries with the reason.

#include "core/error.hpp"
#include "gait/gait_video.hpp"

namespace physio::gait {

inline constexpr double kLegFractionOfHeight = 0.245 + 0.246;
inline constexpr double kMaxLegChange = 0.1;

Status apply_scale(VideoGait& gait, const GaitOptions& opts);

}  // namespace physio::gait
