#include "pose/pipeline/pose_models.hpp"

#include <cstddef>
#include <cstdlib>
#include <vector>

#include "pose/pipeline/landmark_decoding.hpp"

namespace physio::pose {
namespace {

const std::vector<std::int32_t>& output_shape(const Model& model, std::size_t k) {
  return model.tensors[static_cast<std::size_t>(model.outputs[k])].shape;
}

Status check_image_input(const Model& model, int size, std::string_view what) {
  if (model.inputs.size() != 1) {
    return fail(ErrorCode::kUnsupported, "{} model has {} inputs, expected 1", what, model.inputs.size());
  }
  const auto& shape = model.tensors[static_cast<std::size_t>(model.inputs[0])].shape;
  if (shape != std::vector<std::int32_t>{1, size, size, 3}) {
    return fail(ErrorCode::kUnsupported, "{} model input is not [1, {}, {}, 3]", what, size, size);
  }
  return ok();
}

}  // namespace

std::string_view pose_model_name(PoseModelKind kind) {
  switch (kind) {
    case PoseModelKind::kLite:
      return "lite";
    case PoseModelKind::kFull:
      return "full";
    case PoseModelKind::kHeavy:
      return "heavy";
  }
  return "?";
}

Result<PoseModelKind> parse_pose_model(std::string_view name) {
  if (name == "lite" || name == "0") return PoseModelKind::kLite;
  if (name == "full" || name == "1") return PoseModelKind::kFull;
  if (name == "heavy" || name == "2") return PoseModelKind::kHeavy;
  return fail(ErrorCode::kInvalidArgument, "unknown pose model '{}' (expected lite, full or heavy)", name);
}

std::vector<std::filesystem::path> models_dir_candidates() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  if (const char* env = std::getenv("PHYSIO_MODELS_DIR"); env != nullptr && *env != '\0')
    out.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && exe.has_parent_path()) {
    const fs::path bin = exe.parent_path();
    out.push_back(bin / "models");                                        // next to the binary
    out.push_back(bin.parent_path() / "share" / "physiokit" / "models");  // an install prefix
    out.push_back(bin.parent_path() / "models");
    out.push_back(bin.parent_path().parent_path().parent_path() /
                  "models");  // a build tree: build/<preset>/bin
  }
  out.emplace_back("models");  // the working directory
  return out;
}

std::filesystem::path default_models_dir() {
  const auto candidates = models_dir_candidates();
  for (const auto& dir : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(detector_model_path(dir), ec)) return dir;
  }
  return candidates.front();
}

std::string models_hint(const std::filesystem::path& tried) {
  std::string where;
  for (const auto& dir : models_dir_candidates()) where += (where.empty() ? "" : ", ") + dir.string();
  return "the BlazePose models (.tflite) were looked for in " + tried.string() +
         (where.empty() ? "" : " (searched: " + where + ")") +
         "; give --models DIR or set PHYSIO_MODELS_DIR to the folder that holds them "
         "(scripts/fetch-models.sh "
         "downloads them)";
}

std::filesystem::path detector_model_path(const std::filesystem::path& dir) {
  return dir / "pose_detection.tflite";
}

std::filesystem::path landmark_model_path(const std::filesystem::path& dir, PoseModelKind kind) {
  return dir / ("pose_landmark_" + std::string(pose_model_name(kind)) + ".tflite");
}

Result<DetectorOutputs> find_detector_outputs(const Model& model) {
  PHYSIO_CHECK(check_image_input(model, 224, "pose detector"));
  DetectorOutputs out;
  for (std::size_t k = 0; k < model.outputs.size(); ++k) {
    const auto& s = output_shape(model, k);
    if (s.size() != 3 || s[0] != 1) continue;
    if (s[2] == 1 && out.scores < 0) {
      out.scores = static_cast<int>(k);
      out.num_boxes = s[1];
    } else if (s[2] > 4 && out.boxes < 0) {
      out.boxes = static_cast<int>(k);
      out.num_coords = s[2];
    }
  }
  if (out.boxes < 0 || out.scores < 0) {
    return fail(ErrorCode::kUnsupported, "pose detector lacks a box [1, N, 12] or score [1, N, 1] output");
  }
  const auto& box_shape = output_shape(model, static_cast<std::size_t>(out.boxes));
  if (box_shape[1] != out.num_boxes) {
    return fail(ErrorCode::kUnsupported, "pose detector has {} boxes but {} scores", box_shape[1],
                out.num_boxes);
  }
  return out;
}

Result<LandmarkOutputs> find_landmark_outputs(const Model& model) {
  PHYSIO_CHECK(check_image_input(model, 256, "pose landmark"));
  LandmarkOutputs out;
  for (std::size_t k = 0; k < model.outputs.size(); ++k) {
    const auto& s = output_shape(model, k);
    const int idx = static_cast<int>(k);
    if (s.size() == 2 && s[0] == 1) {
      if (s[1] == kPoseModelLandmarks * 5) out.landmarks = idx;
      if (s[1] == 1) out.pose_flag = idx;
      if (s[1] == kPoseModelLandmarks * 3) out.world = idx;
    } else if (s.size() == 4 && s[0] == 1 && s[3] == kPoseModelLandmarks) {
      out.heatmap = idx;
      out.heatmap_height = s[1];
      out.heatmap_width = s[2];
    }
  }
  if (out.landmarks < 0)
    return fail(ErrorCode::kUnsupported, "pose landmark model lacks the [1, 195] landmark output");
  if (out.pose_flag < 0)
    return fail(ErrorCode::kUnsupported, "pose landmark model lacks the [1, 1] pose flag output");
  if (out.heatmap < 0)
    return fail(ErrorCode::kUnsupported, "pose landmark model lacks the [1, h, w, 39] heatmap output");
  if (out.world < 0)
    return fail(ErrorCode::kUnsupported, "pose landmark model lacks the [1, 117] world landmark output");
  return out;
}

}  // namespace physio::pose
