#pragma once
/// Reading any landmark file, recognised by content, and writing by extension.
///
///   auto file = PHYSIO_TRY(load_landmarks("walk.trc"));          // TRC, physio JSON/CSV, MediaPipe,
///   const LandmarkSequence& seq = file.landmarks;                // COCO, OpenPose file or folder
///   PHYSIO_CHECK(save_landmarks(seq, "walk.json"));               // .json, .csv or .trc
///
/// Errors name the file, the line or frame, and what was expected:
///   "reading knee.trc: line 7: expected 65 columns, got 64".

#include <filesystem>
#include <string_view>

#include "core/error.hpp"
#include "kinematics/formats/coco_json.hpp"
#include "kinematics/formats/detect.hpp"
#include "kinematics/formats/mediapipe_json.hpp"
#include "kinematics/formats/mot.hpp"
#include "kinematics/formats/openpose.hpp"
#include "kinematics/formats/options.hpp"
#include "kinematics/formats/physio_bin.hpp"
#include "kinematics/formats/physio_csv.hpp"
#include "kinematics/formats/physio_json.hpp"
#include "kinematics/formats/trc.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::kin {

/// Reads a landmark file or an OpenPose folder, whatever its extension. A .mot/.sto file is an error
/// (joint angles: use load_mot). Warnings (assumed rate, repairs, a misleading extension) go to
/// LandmarkFile::warnings.
Result<LandmarkFile> load_landmarks(const std::filesystem::path& path, const LoadOptions& opts = {});
/// Same for content in memory; `name` is used in messages.
Result<LandmarkFile> parse_landmarks(std::string_view content, std::string_view name,
                                     const LoadOptions& opts = {});

/// Writes `seq` as `format`, or by the extension (.json, .csv, .trc, .plmk) when `format` is kUnknown.
/// Writes atomically: on failure the target is untouched.
Status save_landmarks(const LandmarkSequence& seq, const std::filesystem::path& path,
                      LandmarkFormat format = LandmarkFormat::kUnknown);
/// Same, keeping world landmarks when the format can hold them (physio JSON and .plmk).
Status save_landmark_file(const LandmarkFile& file, const std::filesystem::path& path,
                          LandmarkFormat format = LandmarkFormat::kUnknown);

}  // namespace physio::kin
