#include "kinematics/formats/detect.hpp"

#include "core/text.hpp"
#include "kinematics/formats/detail.hpp"
#include "kinematics/formats/detect_detail.hpp"
#include "kinematics/formats/physio_bin.hpp"

namespace physio::kin {
namespace {

using detail::json;

bool has_any(const json& o, std::initializer_list<std::string_view> keys) {
  if (!o.is_object()) return false;
  for (auto k : keys)
    if (o.contains(k)) return true;
  return false;
}

}  // namespace

namespace detail {

std::string_view strip_text_start(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  return s;
}

bool looks_json(std::string_view content) {
  std::string_view s = strip_text_start(content);
  return !s.empty() && (s.front() == '{' || s.front() == '[');
}

LandmarkFormat detect_json(const json& doc) {
  if (doc.is_object()) {
    auto f = doc.find("format");
    if (f != doc.end() && *f == "physio-landmarks") return LandmarkFormat::kPhysioJson;
    if (doc.contains("people")) return LandmarkFormat::kOpenPose;
    if (doc.contains("annotations")) return LandmarkFormat::kCocoJson;
    if (has_any(doc,
                {"results", "poseLandmarks", "poseWorldLandmarks", "pose_landmarks", "pose_world_landmarks"}))
      return LandmarkFormat::kMediapipeJson;
    return LandmarkFormat::kUnknown;
  }
  if (doc.is_array()) {
    for (const auto& e : doc) {
      if (has_any(e, {"poseLandmarks", "poseWorldLandmarks", "pose_landmarks", "pose_world_landmarks"}))
        return LandmarkFormat::kMediapipeJson;
      if (has_any(e, {"keypoints"})) return LandmarkFormat::kCocoJson;
      if (!e.is_null() && !(e.is_object() && e.empty())) return LandmarkFormat::kUnknown;
    }
    return LandmarkFormat::kMediapipeJson;  // only empty frames: MediaPipe found nobody
  }
  return LandmarkFormat::kUnknown;
}

LandmarkFormat detect_text(std::string_view content) {
  std::string_view s = strip_text_start(content);
  LineReader reader(s);
  std::string_view line;
  std::size_t seen = 0;
  while (reader.next(line) && seen < 64) {
    std::string_view t = trim(line);
    if (t.empty()) continue;
    ++seen;
    if (seen == 1 && t.starts_with("PathFileType")) return LandmarkFormat::kTrc;
    if (t.starts_with("# physio-landmarks")) return LandmarkFormat::kPhysioCsv;
    if (t.starts_with('#')) continue;
    if (t.starts_with("frame,t_s,")) return LandmarkFormat::kPhysioCsv;
    if (iequals(t, "endheader")) return LandmarkFormat::kMot;
  }
  return LandmarkFormat::kUnknown;
}

}  // namespace detail

std::string_view landmark_format_name(LandmarkFormat f) {
  switch (f) {
    case LandmarkFormat::kUnknown:
      return "unknown";
    case LandmarkFormat::kTrc:
      return "trc";
    case LandmarkFormat::kMot:
      return "mot";
    case LandmarkFormat::kPhysioJson:
      return "physio-json";
    case LandmarkFormat::kPhysioCsv:
      return "physio-csv";
    case LandmarkFormat::kMediapipeJson:
      return "mediapipe-json";
    case LandmarkFormat::kCocoJson:
      return "coco";
    case LandmarkFormat::kOpenPose:
      return "openpose";
    case LandmarkFormat::kPhysioBin:
      return "physio-bin";
  }
  return "unknown";
}

LandmarkFormat detect_format(std::string_view content) {
  if (is_physio_bin(content)) return LandmarkFormat::kPhysioBin;
  if (detail::looks_json(content)) {
    auto doc = detail::parse_json(content);
    return doc ? detail::detect_json(*doc) : LandmarkFormat::kUnknown;
  }
  return detail::detect_text(content);
}

Result<LandmarkFormat> detect_file_format(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return LandmarkFormat::kOpenPose;
  std::string content = PHYSIO_TRY(load_file(path, max_bytes));
  if (is_physio_bin(content)) return LandmarkFormat::kPhysioBin;
  if (looks_binary(content))
    return fail(ErrorCode::kParse, "reading {}: binary content, expected a landmark file", path.string());
  return detect_format(content);
}

std::optional<LandmarkFormat> format_for_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  if (iequals(ext, ".trc")) return LandmarkFormat::kTrc;
  if (iequals(ext, ".json")) return LandmarkFormat::kPhysioJson;
  if (iequals(ext, ".csv")) return LandmarkFormat::kPhysioCsv;
  if (iequals(ext, ".plmk")) return LandmarkFormat::kPhysioBin;
  return std::nullopt;
}

}  // namespace physio::kin
