#pragma once
/// Our landmark JSON ("physio-landmarks", documented in docs/formats/landmarks.md):
///   {"format":"physio-landmarks","version":1,"skeleton":"blazepose33","space":"image-normalized",
///    "image_width":600,"image_height":600,"up_axis":"y","landmark_names":[...],
///    "world_up_axis":"-y",                                  (only with world landmarks)
///    "identity":{"follow":"auto","people_seen":2,"uncertain":[{"start_s":..,"end_s":..,"frames":..,
///                "kind":"other-person","reason":"..."}]},  (only for pose from video)
///    "frames":[{"t_s":0.0,"landmarks":[[x,y,z,v],...],"world":[[x,y,z,v],...]}]}
/// NaN is written as null; "world" is optional per frame (frames without it have missing world landmarks).

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "kinematics/formats/options.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::kin {

Result<LandmarkFile> parse_physio_json(std::string_view content, std::string_view name,
                                       const LoadOptions& opts = {});
Result<LandmarkFile> load_physio_json(const std::filesystem::path& path, const LoadOptions& opts = {});

/// JSON text of a sequence, with world landmarks when `world` is given (same frame count and times) and an
/// "identity" object when `identity` is given (whom a series from video follows, uncertain spans).
Result<std::string> format_physio_json(const LandmarkSequence& seq, const LandmarkSequence* world = nullptr,
                                       const IdentityInfo* identity = nullptr);
Status save_physio_json(const LandmarkSequence& seq, const std::filesystem::path& path,
                        const LandmarkSequence* world = nullptr);

}  // namespace physio::kin
