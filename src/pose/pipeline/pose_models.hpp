#pragma once
/// The BlazePose model files and how the pipeline finds its tensors in them.
///
/// Stage contract
///   files:   <dir>/pose_detection.tflite and <dir>/pose_landmark_{lite,full,heavy}.tflite (the npm
///            package @mediapipe/pose, fetched by scripts/fetch-models.sh). The default folder is
///            $PHYSIO_MODELS_DIR, else ./models.
///   outputs: chosen by shape, not by position or name, so a re-exported model still works:
///            detector: boxes [1, N, 12] and scores [1, N, 1]; landmark model: landmarks [1, 39*5],
///            pose flag [1, 1], heatmap [1, h, w, 39], world landmarks [1, 39*3]; the segmentation
///            mask [1, 256, 256, 1] is left out (and so pruned by the backend).
///   errors:  kInvalidArgument for an unknown model name; kUnsupported when a model lacks an expected
///            output or input shape, naming it.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "pose/graph.hpp"

namespace physio::pose {

enum class PoseModelKind { kLite, kFull, kHeavy };

/// "lite", "full", "heavy".
std::string_view pose_model_name(PoseModelKind kind);
/// Accepts "lite"/"full"/"heavy" and MediaPipe's complexities "0"/"1"/"2".
Result<PoseModelKind> parse_pose_model(std::string_view name);

/// Where the models are looked for, in order: $PHYSIO_MODELS_DIR, next to the binary (bin/models), an
/// install prefix (share/physiokit/models), the build tree's source folder, ./models.
std::vector<std::filesystem::path> models_dir_candidates();
/// The first candidate that holds the detector model; the first candidate when none does.
std::filesystem::path default_models_dir();
/// What to tell a user whose models were not found in `tried`: where they were looked for and the fix.
std::string models_hint(const std::filesystem::path& tried);
std::filesystem::path detector_model_path(const std::filesystem::path& dir);
std::filesystem::path landmark_model_path(const std::filesystem::path& dir, PoseModelKind kind);

/// Positions in `model.outputs`.
struct DetectorOutputs {
  int boxes = -1;
  int scores = -1;
  int num_boxes = 0;
  int num_coords = 0;
};

struct LandmarkOutputs {
  int landmarks = -1;
  int pose_flag = -1;
  int heatmap = -1;
  int world = -1;
  int heatmap_height = 0;
  int heatmap_width = 0;
};

/// Also checks the single input is [1, 224, 224, 3] (detector) / [1, 256, 256, 3] (landmarks).
Result<DetectorOutputs> find_detector_outputs(const Model& model);
Result<LandmarkOutputs> find_landmark_outputs(const Model& model);

}  // namespace physio::pose
