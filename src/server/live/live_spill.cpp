#include "server/live/live_spill.hpp"

#include <fstream>
#include <iterator>

#include "server/live/live_protocol.hpp"

namespace physio::server::live {
namespace {

constexpr std::size_t kSpillBuffer = 64 * 1024;

std::string axis_code(kin::Axis a) {
  static constexpr const char* kNames[] = {"x", "y", "z", "-x", "-y", "-z"};
  return kNames[static_cast<int>(a)];
}

std::optional<kin::Axis> axis_of(std::string_view s) {
  static constexpr std::string_view kNames[] = {"x", "y", "z", "-x", "-y", "-z"};
  for (int i = 0; i < 6; ++i)
    if (kNames[i] == s) return static_cast<kin::Axis>(i);
  return std::nullopt;
}

}  // namespace

Result<FrameSpill> FrameSpill::create(const std::filesystem::path& path, const nlohmann::json& header) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return fail(ErrorCode::kIo, "{}: cannot create the live set's frame file", path.string());
  std::setvbuf(f, nullptr, _IOFBF, kSpillBuffer);
  FrameSpill spill(path, f);
  const std::string line = header.dump() + "\n";
  if (std::fwrite(line.data(), 1, line.size(), f) != line.size())
    return fail(ErrorCode::kIo, "{}: cannot write", path.string());
  return spill;
}

Status FrameSpill::append(std::string_view frame_bytes) {
  if (std::fwrite(frame_bytes.data(), 1, frame_bytes.size(), file_.get()) != frame_bytes.size())
    return fail(ErrorCode::kIo, "{}: cannot write a frame (disk full?)", path_.string());
  return ok();
}

Status FrameSpill::flush() {
  if (std::fflush(file_.get()) != 0) return fail(ErrorCode::kIo, "{}: cannot flush", path_.string());
  return ok();
}

nlohmann::json session_header(const clinic::LiveSession& s) {
  return {{"id", s.id},
          {"clinic_id", s.clinic_id},
          {"patient_id", s.patient_id},
          {"exercise_id", s.exercise_id},
          {"side", s.side},
          {"program_id", s.program_id},
          {"started_by", s.started_by},
          {"created_us", s.created_us}};
}

clinic::LiveSession session_from_header(const nlohmann::json& j) {
  clinic::LiveSession s;
  s.id = j.value("id", "");
  s.clinic_id = j.value("clinic_id", "");
  s.patient_id = j.value("patient_id", "");
  s.exercise_id = j.value("exercise_id", "");
  s.side = j.value("side", "");
  s.program_id = j.value("program_id", "");
  s.started_by = j.value("started_by", "");
  s.created_us = j.value("created_us", TimeUs{0});
  s.state = "open";
  return s;
}

nlohmann::json spill_header(const nlohmann::json& session, const kin::Skeleton& skeleton,
                            kin::CoordSpace space, bool paired, kin::Axis up_axis, int image_width,
                            int image_height) {
  return {{"session", session},
          {"skeleton", skeleton.name},
          {"landmark_names", skeleton.landmarks},
          {"space", kin::coord_space_name(space)},
          {"paired", paired},
          {"up_axis", axis_code(up_axis)},
          {"image_width", image_width},
          {"image_height", image_height}};
}

Result<SpillContents> read_spill(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kNotFound, "{}: cannot open", path.string());
  std::string line;
  if (!std::getline(in, line)) return fail(ErrorCode::kCorrupt, "{}: no header line", path.string());
  SpillContents out;
  out.header = nlohmann::json::parse(line, nullptr, false);
  const auto& h = out.header;
  if (!h.is_object() || !h.contains("landmark_names") || !h["landmark_names"].is_array() ||
      !h.contains("session") || !h["session"].is_object())
    return fail(ErrorCode::kCorrupt, "{}: the header is not a live set's", path.string());
  kin::SkeletonPtr skeleton;
  if (auto builtin = kin::find_skeleton(h.value("skeleton", "")); builtin) {
    skeleton = *builtin;
  } else {
    skeleton = PHYSIO_TRY(kin::skeleton_from_names(h["landmark_names"].get<std::vector<std::string>>()));
  }
  const std::string space = h.value("space", "");
  const kin::CoordSpace cs =
      space == kin::coord_space_name(kin::CoordSpace::kWorldMetres)   ? kin::CoordSpace::kWorldMetres
      : space == kin::coord_space_name(kin::CoordSpace::kImagePixels) ? kin::CoordSpace::kImagePixels
                                                                      : kin::CoordSpace::kImageNormalized;
  const bool paired = h.value("paired", false);
  const kin::Axis up = axis_of(h.value("up_axis", "-y")).value_or(kin::Axis::kNegY);
  kin::LandmarkSequence image(skeleton, cs, 0);
  image.image_width = h.value("image_width", 0);
  image.image_height = h.value("image_height", 0);
  image.source = path.filename().string();
  std::optional<kin::LandmarkSequence> world;
  if (paired) {
    world.emplace(skeleton, kin::CoordSpace::kWorldMetres, 0);
    world->up_axis = up;
    world->source = image.source;
  } else {
    image.up_axis = up;
  }
  const std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t n = skeleton->size();
  const std::size_t frame_size = kFrameHeaderBytes + kLandmarkBytes * n * (paired ? 2 : 1);
  Frame f;
  for (std::size_t at = 0; at + frame_size <= rest.size(); at += frame_size) {
    PHYSIO_CHECK(decode_frame(std::string_view(rest).substr(at, frame_size), n, paired, f));
    std::ranges::copy(f.landmarks, image.add_frame(f.capture_time_us).begin());
    if (world) std::ranges::copy(f.world, world->add_frame(f.capture_time_us).begin());
  }
  out.landmarks.format = "physio-bin";
  out.landmarks.landmarks = std::move(image);
  out.landmarks.world = std::move(world);
  return out;
}

}  // namespace physio::server::live
