#pragma once
/// UI-PRMD (University of Idaho Physical Rehabilitation Movement Data), Kinect v2 part: reader and
/// evaluation of the exercise analysis on it.
///
/// Files: mXX_sYY_eZZ_positions[_inc].txt[.gz] and ..._angles[_inc].txt[.gz], comma-separated, one
/// row per frame at 30 Hz, 66 columns = 22 joints x 3. Positions (cm): joint 0 (waist) absolute in the
/// camera frame (Y up), every other joint an offset from its parent in the parent's local frame.
/// Angles (deg): each joint's rotation relative to its parent, columns read as (x, y, z) Euler angles
/// composed R = Ry * Rx * Rz (inferred: see docs/validation/ui-prmd.md).
///
/// Contract: load_ui_prmd_repetition
///   inputs : the positions file and the angles file of one repetition.
///   outputs: a LandmarkSequence (kinect22 skeleton, kWorldMetres, up +Y) of absolute joint positions by
///            forward kinematics: R_g(j) = R_g(parent) R_l(j); P(j) = R_g(parent) offset(j) + P(parent);
///            times at 30 Hz from 0.
///   errors : kParse naming file, line and column for a malformed row (not 66 numbers); kCorrupt when
///            the two files have different frame counts; kIo/kNotFound from reading.
///
/// The kinect22 skeleton maps onto the common joints: waist -> mid-hip, neck, head, shoulders ("upper
/// arm" joints), elbows ("forearm"), wrists ("hand"), hips ("upper leg"), knees ("lower leg"),
/// ankles ("foot"), big toes ("toes"). Spine, chest, head tip and collars have no common joint.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "exercise/library.hpp"
#include "exercise/movement_model.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::exercise {

inline constexpr double kUiPrmdRateHz = 30.0;

kin::SkeletonPtr kinect22_skeleton();

Result<kin::LandmarkSequence> load_ui_prmd_repetition(const std::filesystem::path& positions,
                                                      const std::filesystem::path& angles);

struct UiPrmdFile {
  std::string exercise;  ///< "m01"
  std::string subject;   ///< "s01"
  int repetition = 0;    ///< 1..
  bool correct = true;
  std::filesystem::path positions;
  std::filesystem::path angles;
};

/// Lists the repetitions under `dir` (searched recursively: correct/ and incorrect/ with or without
/// Positions/ and Angles/ sub-folders), sorted by exercise, subject, set, repetition. A positions file
/// without its angles file is an error (kMissingData naming it).
Result<std::vector<UiPrmdFile>> list_ui_prmd(const std::filesystem::path& dir);

/// One repetition file given on its own (`physio analyze m02_s02_e01_positions.txt`): when the name is a
/// UI-PRMD positions or angles file (mXX_sYY_eZZ_{positions,angles}[_inc].txt[.gz]), the pair it belongs to,
/// the partner found in the same folder or in a sibling folder (Positions/ next to Angles/); nullopt for any
/// other name. kMissingData naming the partner file when it cannot be found (both are needed).
Result<std::optional<UiPrmdFile>> ui_prmd_pair_of(const std::filesystem::path& file);

/// Concatenates sequences of one skeleton end to end, re-timed at their common rate.
Result<kin::LandmarkSequence> concatenate_sequences(std::span<const kin::LandmarkSequence> parts);

/// One set of a subject: their repetition files of one exercise, correct or incorrect, end to end (what the
/// evaluation counts: each file holds one repetition performed).
struct UiPrmdSet {
  std::vector<std::size_t> file_starts;  ///< first frame of each repetition file
  kin::LandmarkSequence landmarks;
  std::size_t expected() const { return file_starts.size(); }
};
/// The set (exercise, subject, correct) of `files` (in list_ui_prmd's order); nullopt when it has no file.
Result<std::optional<UiPrmdSet>> load_ui_prmd_set(std::span<const UiPrmdFile> files,
                                                  std::string_view exercise, std::string_view subject,
                                                  bool correct);

struct UiPrmdEvalOptions {
  std::vector<std::string> exercises;        ///< "m01"...; empty = every exercise found
  std::vector<std::string> subjects;         ///< empty = every subject found
  const ExerciseLibrary* library = nullptr;  ///< nullptr = default_library()
  bool print_table = false;                  ///< print the per-exercise table to stdout
  /// When set: also fit each exercise's movement model on ALL subjects and write it there as
  /// <exercise id>.json (for `physio analyze --model`); the evaluation figures stay leave-one-subject-out.
  std::filesystem::path save_models_dir;
};

/// Evaluation (docs/validation/ui-prmd.md). For every exercise: each subject's correct repetitions
/// concatenated into one sequence and its incorrect ones into another; unilateral exercises analysed on
/// the side the subject used in the correct set; repetition counting (exact = complete + partial
/// repetitions performed == the number of files; complete-only reported too), ROM per repetition, and
/// quality scores under leave-one-subject-out (a movement model fitted on the other subjects' labelled
/// repetitions, its shrinkage and midpoint chosen inside them); AUC of the repetition scores (correct =
/// positive) pooled over folds, and per fold.
/// Output: {"exercises": [{"id", "sequences", "count_exact", "auc", ...}], "mean_auc", ...}.
Result<nlohmann::json> evaluate_ui_prmd(const std::filesystem::path& dir,
                                        const UiPrmdEvalOptions& options = {});

}  // namespace physio::exercise
