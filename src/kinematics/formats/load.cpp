#include "kinematics/formats/load.hpp"

#include <cstdio>
#include <memory>

#include "core/file_io.hpp"
#include "core/text.hpp"
#include "kinematics/formats/detect_detail.hpp"
#include "kinematics/formats/json_readers.hpp"

namespace physio::kin {
namespace {

// What the extension suggests, for a warning when the content says otherwise.
std::string_view expected_by_extension(std::string_view name) {
  std::string ext = std::filesystem::path(name).extension().string();
  if (iequals(ext, ".trc")) return "trc";
  if (iequals(ext, ".csv")) return "physio-csv";
  if (iequals(ext, ".mot") || iequals(ext, ".sto")) return "mot";
  if (iequals(ext, ".plmk")) return "physio-bin";
  return "";
}

// Peeks at the first bytes so a binary container is read in place rather than through a text buffer.
bool starts_with_physio_bin_magic(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return false;
  char magic[8] = {};
  return std::fread(magic, 1, sizeof magic, f.get()) == sizeof magic &&
         is_physio_bin(std::string_view(magic, sizeof magic));
}

}  // namespace

Result<LandmarkFile> parse_landmarks(std::string_view content, std::string_view name,
                                     const LoadOptions& opts) {
  if (is_physio_bin(content)) return parse_physio_bin(content, name, opts);
  if (detail::strip_text_start(content).empty())
    return std::unexpected(detail::reading(Error(ErrorCode::kParse, "empty file"), name));
  if (looks_binary(content))
    return std::unexpected(
        detail::reading(Error(ErrorCode::kParse, "binary content, expected a text file"), name));
  LandmarkFormat format = LandmarkFormat::kUnknown;
  Result<LandmarkFile> r = std::unexpected(Error(ErrorCode::kInternal, "unreachable"));
  if (detail::looks_json(content)) {
    auto doc = detail::parse_json(content);
    if (!doc) return std::unexpected(detail::reading(std::move(doc.error()), name));
    format = detail::detect_json(*doc);
    switch (format) {
      case LandmarkFormat::kPhysioJson:
        r = detail::physio_json_from_doc(*doc, name, opts);
        break;
      case LandmarkFormat::kMediapipeJson:
        r = detail::mediapipe_from_doc(*doc, name, opts);
        break;
      case LandmarkFormat::kCocoJson:
        r = detail::coco_from_doc(*doc, name, opts);
        break;
      case LandmarkFormat::kOpenPose:
        r = detail::openpose_from_doc(*doc, name, opts);
        break;
      default:
        return std::unexpected(detail::reading(
            Error(ErrorCode::kUnsupported,
                  "JSON of an unknown kind: expected physio-landmarks, MediaPipe (poseLandmarks), COCO "
                  "(annotations with keypoints) or OpenPose (people)"),
            name));
    }
    if (!r) return std::unexpected(detail::reading(std::move(r.error()), name));
  } else {
    format = detail::detect_text(content);
    switch (format) {
      case LandmarkFormat::kTrc:
        r = parse_trc(content, name, opts);
        break;
      case LandmarkFormat::kPhysioCsv:
        r = parse_physio_csv(content, name, opts);
        break;
      case LandmarkFormat::kMot:
        return std::unexpected(detail::reading(
            Error(ErrorCode::kUnsupported,
                  "this is an OpenSim .mot/.sto table of joint angles, not landmarks: give a landmark file "
                  "(TRC, physio JSON/CSV/.plmk, MediaPipe, OpenPose or COCO JSON) or a video"),
            name));
      default:
        return std::unexpected(detail::reading(
            Error(ErrorCode::kUnsupported,
                  "unrecognised content: expected TRC (PathFileType), physio CSV (frame,t_s,...) or JSON"),
            name));
    }
    if (!r) return r;  // the text parsers name the file themselves
  }
  std::string_view by_ext = expected_by_extension(name);
  if (!by_ext.empty() && by_ext != landmark_format_name(format))
    r->warnings.push_back(fmt::format("the content is {} although the extension suggests {}",
                                      landmark_format_name(format), by_ext));
  return r;
}

Result<LandmarkFile> load_landmarks(const std::filesystem::path& path, const LoadOptions& opts) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return load_openpose(path, opts);
  if (starts_with_physio_bin_magic(path)) return load_physio_bin(path, opts);
  std::string content = PHYSIO_TRY(load_file(path, opts.max_bytes));
  return parse_landmarks(content, path.string(), opts);
}

namespace {

Status write_as(const LandmarkSequence& seq, const LandmarkSequence* world, const std::filesystem::path& path,
                LandmarkFormat format, const IdentityInfo* identity = nullptr) {
  if (format == LandmarkFormat::kUnknown) {
    auto f = format_for_extension(path);
    if (!f)
      return fail(ErrorCode::kInvalidArgument,
                  "{}: unknown landmark file extension '{}', expected .json, .csv, .trc or .plmk",
                  path.string(), path.extension().string());
    format = *f;
  }
  Result<std::string> text = std::unexpected(Error(ErrorCode::kInternal, "unreachable"));
  switch (format) {
    case LandmarkFormat::kTrc:
      text = format_trc(seq, path.filename().string());
      break;
    case LandmarkFormat::kPhysioJson:
      text = format_physio_json(seq, world, identity);
      break;
    case LandmarkFormat::kPhysioCsv:
      text = format_physio_csv(seq, identity);
      break;
    case LandmarkFormat::kPhysioBin:
      text = format_physio_bin(seq, world);
      break;
    default:
      return fail(ErrorCode::kUnsupported, "{}: cannot write {} files; write .json, .csv, .trc or .plmk",
                  path.string(), landmark_format_name(format));
  }
  if (!text)
    return std::unexpected(std::move(text.error()).with_context(fmt::format("writing {}", path.string())));
  return save_file_atomic(path, *text);
}

}  // namespace

Status save_landmarks(const LandmarkSequence& seq, const std::filesystem::path& path, LandmarkFormat format) {
  return write_as(seq, nullptr, path, format);
}

Status save_landmark_file(const LandmarkFile& file, const std::filesystem::path& path,
                          LandmarkFormat format) {
  return write_as(file.landmarks, file.world ? &*file.world : nullptr, path, format,
                  file.identity ? &*file.identity : nullptr);
}

}  // namespace physio::kin
