#pragma once
/// Our landmark CSV (documented in docs/formats/landmarks.md):
///   # physio-landmarks v1 skeleton=blazepose33 space=image-normalized image_width=600 image_height=600
///   up_axis=-y frame,t_s,nose_x,nose_y,nose_z,nose_v,left_eye_inner_x,... 0,0,0.503,0.283,-0.135,0.9998,...
/// Blank cells are missing values ("nan" too); "inf" is an error. The comment line is optional: without
/// it the skeleton comes from the column names and the space is guessed (with a warning). World
/// landmarks are not stored in CSV.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "kinematics/formats/options.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::kin {

Result<LandmarkFile> parse_physio_csv(std::string_view content, std::string_view name,
                                      const LoadOptions& opts = {});
Result<LandmarkFile> load_physio_csv(const std::filesystem::path& path, const LoadOptions& opts = {});

/// identity: whom a series made from video follows, written as "# physio-identity" comment lines (read back
/// into LandmarkFile::identity).
Result<std::string> format_physio_csv(const LandmarkSequence& seq, const IdentityInfo* identity = nullptr);
Status save_physio_csv(const LandmarkSequence& seq, const std::filesystem::path& path);

}  // namespace physio::kin
