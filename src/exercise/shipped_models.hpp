#pragma once
/// The movement models shipped with physiokit: data/models/movement/<exercise id>.json beside the exercise
/// library (fitted on every UI-PRMD subject by `physio eval ui-prmd --save-models`; each model card is in
/// docs/models/movement-models.md). They score a recording by default wherever they apply.
///
/// Contract: shipped_model_dir
///   outputs: $PHYSIO_DATA_DIR/models/movement, else the folder "models/movement" beside the exercise
///            library's folder (the source tree's data/models/movement); kNotFound naming the place.
///
/// Contract: shipped_movement_model
///   outputs: the model for an exercise id, loaded once per process; nullopt when none ships.
///   errors : kParse for a model file that does not read (named).
///
/// Contract: score_with_shipped_model
///   effect : when a model ships for `ex` and `seq` is like its training data (3D world metres on the same
///            skeleton: the model is validated on nothing else), the repetitions are re-scored with it
///            (apply_movement_model) and result.score_basis says which model, on what data and with what
///            validation. Otherwise the rule-based score stays and score_basis says it is rule-based and not
///            validated, and why no model was used (2D input, another skeleton such as BlazePose from a
///            camera, no model for the exercise). `--movement-model` applies a model regardless.
///   errors : those of apply_movement_model, and a model file that does not read.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "exercise/analyse.hpp"
#include "exercise/exercise.hpp"
#include "exercise/movement_model.hpp"

namespace physio::exercise {

Result<std::filesystem::path> shipped_model_dir();

/// A shipped model with what its card says in one line.
struct ShippedModel {
  MovementModel model;
  /// "UI-PRMD Kinect, 5 adults (50 correct and 50 incorrect repetitions); leave-one-subject-out AUC ..."
  std::string summary;
  std::vector<std::string> skeleton_landmarks;  ///< the training recordings' skeleton (empty: not recorded)
  std::string skeleton_words;                   ///< "kinect22, 3D world positions rebuilt ..."
};

Result<std::optional<ShippedModel>> shipped_movement_model(const std::string& exercise_id);

/// The score basis of a rule-based score: "form rules only (not validated ...)" with `why`.
std::string rule_based_basis(const std::string& why);

Status score_with_shipped_model(ExerciseResult& result, const kin::LandmarkSequence& seq, const Exercise& ex);

}  // namespace physio::exercise
