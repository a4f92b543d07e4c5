#include "kinematics/formats/physio_json.hpp"

#include <cmath>

#include "core/file_io.hpp"
#include "kinematics/formats/json_readers.hpp"

namespace physio::kin {
namespace {

using detail::frame_fail;
using detail::json;

// Reads [[x,y,z,v], ...] (v optional, null = NaN) into `out`.
Status read_points(const json& arr, std::span<Landmark> out, std::string_view what) {
  if (!arr.is_array()) return fail(ErrorCode::kParse, "\"{}\" must be an array", what);
  if (arr.size() != out.size())
    return fail(ErrorCode::kParse, "expected {} {}, got {}", out.size(), what, arr.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const json& p = arr[i];
    if (!p.is_array() || p.size() < 3 || p.size() > 4)
      return fail(ErrorCode::kParse, "{} {}: expected [x, y, z] or [x, y, z, v]", what, i);
    float v[4] = {0, 0, 0, std::numeric_limits<float>::quiet_NaN()};
    for (std::size_t k = 0; k < p.size(); ++k) {
      auto f = detail::json_float(p[k]);
      if (!f) return fail(ErrorCode::kParse, "{} {}: value {} is not a finite number or null", what, i, k);
      v[k] = *f;
    }
    if (std::isnan(v[0]) || std::isnan(v[1])) continue;  // missing stays all-NaN
    out[i] = Landmark{v[0], v[1], v[2], v[3]};
  }
  return ok();
}

// The optional "identity" object written by pose from video; informative, so a malformed one is left out.
std::optional<IdentityInfo> read_identity(const json& doc) {
  auto it = doc.find("identity");
  if (it == doc.end() || !it->is_object()) return std::nullopt;
  auto text = [](const json& obj, const char* key) {
    auto m = obj.find(key);
    return m != obj.end() && m->is_string() ? m->get<std::string>().substr(0, 1000) : std::string();
  };
  IdentityInfo info;
  info.follow = text(*it, "follow");
  if (auto n = detail::number_member(*it, "people_seen"); n && *n >= 0 && *n <= 1e6)
    info.people_seen = static_cast<std::int64_t>(*n);
  auto spans = it->find("uncertain");
  if (spans == it->end() || !spans->is_array()) return info;
  for (const json& s : *spans) {
    if (!s.is_object() || info.uncertain.size() >= 100000) break;
    auto start = detail::number_member(s, "start_s");
    auto end = detail::number_member(s, "end_s");
    auto frames = detail::number_member(s, "frames");
    if (!start || !end) continue;
    auto start_us = detail::checked_time(*start);
    auto end_us = detail::checked_time(*end);
    if (!start_us || !end_us) continue;
    info.uncertain.push_back(IdentitySpan{
        .start_us = *start_us,
        .end_us = *end_us,
        .frames = frames && *frames >= 0 && *frames <= 1e9 ? static_cast<std::int64_t>(*frames) : 0,
        .kind = text(s, "kind"),
        .reason = text(s, "reason")});
  }
  return info;
}

}  // namespace

namespace detail {

Result<LandmarkFile> physio_json_from_doc(const json& doc, std::string_view name, const LoadOptions& opts) {
  if (!doc.is_object() || doc.value("format", json()) != "physio-landmarks")
    return fail(ErrorCode::kParse, "expected a JSON object with \"format\": \"physio-landmarks\"");
  if (auto v = number_member(doc, "version"); !v || *v != 1.0)
    return fail(ErrorCode::kUnsupported, "expected \"version\": 1");
  auto str = [&](std::string_view key) -> std::string {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::string sk_name = str("skeleton");
  std::vector<std::string> names;
  if (auto it = doc.find("landmark_names"); it != doc.end()) {
    if (!it->is_array()) return fail(ErrorCode::kParse, "\"landmark_names\" must be an array of strings");
    for (const auto& n : *it) {
      if (!n.is_string()) return fail(ErrorCode::kParse, "\"landmark_names\" must be an array of strings");
      names.push_back(n.get<std::string>());
    }
  }
  SkeletonPtr implied;
  if (names.empty()) {
    if (sk_name.empty()) return fail(ErrorCode::kParse, "expected \"skeleton\" or \"landmark_names\"");
    implied = PHYSIO_TRY(find_skeleton(sk_name));
    names = implied->landmarks;
  } else {
    implied = PHYSIO_TRY(skeleton_for_names(names, sk_name));
  }
  SkeletonPtr skeleton = PHYSIO_TRY(pick_skeleton(opts, implied, names.size()));

  std::string space_text = str("space");
  auto space = coord_space_from_name(space_text);
  if (!space)
    return fail(ErrorCode::kParse,
                "\"space\" is '{}', expected image-normalized, image-pixels or world-metres",
                space_text.substr(0, 40));
  LandmarkFile out;
  out.format = "physio-json";
  out.landmarks = LandmarkSequence(skeleton, *space, 0);
  LandmarkSequence& seq = out.landmarks;
  seq.source = std::string(name);
  auto dim = [&](std::string_view key) -> Result<int> {
    auto v = number_member(doc, key);
    if (!v) return 0;
    if (!(*v >= 0 && *v <= 1e6))
      return fail(ErrorCode::kParse, "\"{}\" is {}, expected 0 to 1000000 pixels", key, *v);
    return static_cast<int>(*v);
  };
  seq.image_width = PHYSIO_TRY(dim("image_width"));
  seq.image_height = PHYSIO_TRY(dim("image_height"));
  auto axis = [&](std::string_view key, Axis def) -> Result<Axis> {
    std::string t = str(key);
    if (t.empty()) return def;
    auto a = axis_from_name(t);
    if (!a)
      return fail(ErrorCode::kParse, "\"{}\" is '{}', expected x, y, z, -x, -y or -z", key, t.substr(0, 40));
    return *a;
  };
  seq.up_axis = PHYSIO_TRY(axis("up_axis", *space == CoordSpace::kWorldMetres ? Axis::kY : Axis::kNegY));
  out.identity = read_identity(doc);

  auto frames = doc.find("frames");
  if (frames == doc.end() || !frames->is_array())
    return fail(ErrorCode::kParse, "expected a \"frames\" array");
  bool any_world = false;
  for (const auto& fr : *frames)
    if (fr.is_object() && fr.contains("world")) any_world = true;
  if (any_world) {
    out.world = LandmarkSequence(skeleton, CoordSpace::kWorldMetres, 0);
    out.world->up_axis = PHYSIO_TRY(axis("world_up_axis", Axis::kNegY));
    out.world->source = seq.source;
  }
  seq.reserve(frames->size());
  for (std::size_t i = 0; i < frames->size(); ++i) {
    const json& fr = (*frames)[i];
    if (!fr.is_object()) return frame_fail(i, ErrorCode::kParse, "expected an object");
    auto t = number_member(fr, "t_s");
    if (!t) return frame_fail(i, ErrorCode::kParse, "expected a number \"t_s\"");
    auto t_us = checked_time(*t);
    if (!t_us) return std::unexpected(std::move(t_us.error()).with_context(fmt::format("frame {}", i)));
    if (seq.n_frames() > 0 && *t_us <= seq.times().back())
      return frame_fail(i, ErrorCode::kParse, "time {} s is not after the previous frame's {} s", *t,
                        us_to_seconds(seq.times().back()));
    auto lm = fr.find("landmarks");
    if (lm == fr.end()) return frame_fail(i, ErrorCode::kParse, "expected \"landmarks\"");
    if (auto s = read_points(*lm, seq.add_frame(*t_us), "landmarks"); !s)
      return std::unexpected(std::move(s.error()).with_context(fmt::format("frame {}", i)));
    if (out.world) {
      auto w = out.world->add_frame(*t_us);
      if (auto wi = fr.find("world"); wi != fr.end() && !wi->is_null()) {
        if (auto s = read_points(*wi, w, "world landmarks"); !s)
          return std::unexpected(std::move(s.error()).with_context(fmt::format("frame {}", i)));
      }
    }
  }
  return out;
}

}  // namespace detail

Result<LandmarkFile> parse_physio_json(std::string_view content, std::string_view name,
                                       const LoadOptions& opts) {
  auto doc = detail::parse_json(content);
  if (!doc) return std::unexpected(detail::reading(std::move(doc.error()), name));
  auto r = detail::physio_json_from_doc(*doc, name, opts);
  if (!r) return std::unexpected(detail::reading(std::move(r.error()), name));
  return r;
}

Result<LandmarkFile> load_physio_json(const std::filesystem::path& path, const LoadOptions& opts) {
  std::string content = PHYSIO_TRY(load_text_file(path, opts.max_bytes));
  return parse_physio_json(content, path.string(), opts);
}

Result<std::string> format_physio_json(const LandmarkSequence& seq, const LandmarkSequence* world,
                                       const IdentityInfo* identity) {
  if (!seq.skeleton_ptr())
    return fail(ErrorCode::kInvalidArgument, "physio JSON: the sequence has no skeleton");
  if (world != nullptr) {
    if (world->n_frames() != seq.n_frames() || world->n_landmarks() != seq.n_landmarks() || !world->is_3d())
      return fail(
          ErrorCode::kInvalidArgument,
          "physio JSON: world landmarks must be 3D with the same frames and landmarks ({} x {}), got {} x {}",
          seq.n_frames(), seq.n_landmarks(), world->n_frames(), world->n_landmarks());
  }
  const Skeleton& sk = seq.skeleton();
  std::string out;
  out.reserve(512 + seq.n_frames() * seq.n_landmarks() * (world ? 90 : 45));
  out += "{\"format\":\"physio-landmarks\",\"version\":1,\"skeleton\":" + detail::json_string(sk.name);
  out += fmt::format(",\"space\":\"{}\",\"image_width\":{},\"image_height\":{},\"up_axis\":\"{}\"",
                     coord_space_name(seq.space()), seq.image_width, seq.image_height,
                     detail::axis_name(seq.up_axis));
  if (world) out += fmt::format(",\"world_up_axis\":\"{}\"", detail::axis_name(world->up_axis));
  out += ",\n\"landmark_names\":[";
  for (std::size_t i = 0; i < sk.size(); ++i) out += (i ? "," : "") + detail::json_string(sk.landmarks[i]);
  out += "],\n";
  if (identity != nullptr) {
    out += "\"identity\":{\"follow\":" + detail::json_string(identity->follow) +
           fmt::format(",\"people_seen\":{},\"uncertain\":[", identity->people_seen);
    for (std::size_t i = 0; i < identity->uncertain.size(); ++i) {
      const IdentitySpan& u = identity->uncertain[i];
      out += fmt::format("{}{{\"start_s\":{},\"end_s\":{},\"frames\":{},\"kind\":{},\"reason\":{}}}",
                         i ? "," : "", detail::format_seconds(u.start_us), detail::format_seconds(u.end_us),
                         u.frames, detail::json_string(u.kind), detail::json_string(u.reason));
    }
    out += "]},\n";
  }
  out += "\"frames\":[";
  auto points = [&](std::span<const Landmark> lms) {
    out += '[';
    for (std::size_t i = 0; i < lms.size(); ++i) {
      const Landmark& l = lms[i];
      out += fmt::format("{}[{},{},{},{}]", i ? "," : "", detail::json_number(l.x), detail::json_number(l.y),
                         detail::json_number(l.z), detail::json_number(l.visibility));
    }
    out += ']';
  };
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    out +=
        fmt::format("{}\n{{\"t_s\":{},\"landmarks\":", f ? "," : "", detail::format_seconds(seq.times()[f]));
    points(seq.frame(f));
    if (world) {
      out += ",\"world\":";
      points(world->frame(f));
    }
    out += '}';
  }
  out += "\n]}\n";
  return out;
}

Status save_physio_json(const LandmarkSequence& seq, const std::filesystem::path& path,
                        const LandmarkSequence* world) {
  std::string text = PHYSIO_TRY(format_physio_json(seq, world));
  return save_file_atomic(path, text);
}

}  // namespace physio::kin
