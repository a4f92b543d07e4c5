#include "illustrate/figure_spec.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace physio::illustrate {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::unexpected<Error> field_error(const std::string& file, const std::string& field,
                                   const std::string& msg) {
  return std::unexpected(Error(ErrorCode::kParse, fmt::format("{}: {}: {}", file, field, msg)));
}

struct LimbField {
  const char* name;
  double kin::LimbAngles::*member;
};
constexpr LimbField kLimbFields[] = {
    {"shoulder_flexion", &kin::LimbAngles::shoulder_flexion},
    {"shoulder_abduction", &kin::LimbAngles::shoulder_abduction},
    {"shoulder_horizontal_flexion", &kin::LimbAngles::shoulder_horizontal_flexion},
    {"shoulder_rotation", &kin::LimbAngles::shoulder_rotation},
    {"elbow_flexion", &kin::LimbAngles::elbow_flexion},
    {"hip_flexion", &kin::LimbAngles::hip_flexion},
    {"hip_abduction", &kin::LimbAngles::hip_abduction},
    {"knee_flexion", &kin::LimbAngles::knee_flexion},
    {"ankle_dorsiflexion", &kin::LimbAngles::ankle_dorsiflexion},
};

Result<double> angle(const json& v, const std::string& file, const std::string& field) {
  if (!v.is_number()) return field_error(file, field, fmt::format("expected a number, got {}", v.dump()));
  const double d = v.get<double>();
  if (!std::isfinite(d) || std::abs(d) > 180.0)
    return field_error(file, field, fmt::format("an angle in degrees within -180..180, got {}", v.dump()));
  return d;
}

Status read_limb(const json& obj, kin::LimbAngles& limb, const std::string& file, const std::string& path) {
  if (!obj.is_object()) return field_error(file, path, "expected an object of joint angles");
  for (const auto& [key, value] : obj.items()) {
    const auto* f = std::find_if(std::begin(kLimbFields), std::end(kLimbFields),
                                 [&](const LimbField& lf) { return key == lf.name; });
    if (f == std::end(kLimbFields)) {
      std::string valid;
      for (const auto& lf : kLimbFields) valid += std::string(valid.empty() ? "" : ", ") + lf.name;
      return field_error(file, path + "." + key, "unknown joint angle; valid: " + valid);
    }
    auto a = angle(value, file, path + "." + key);
    if (!a) return std::unexpected(a.error());
    limb.*(f->member) = *a;
  }
  return ok();
}

// Reads a pose over `pose` (the start for "end"): trunk angles and the limbs by "both", "side", "other".
Status read_pose(const json& obj, kin::FigurePose& pose, bool working_left, const std::string& file,
                 const std::string& path) {
  if (!obj.is_object()) return field_error(file, path, "expected an object (a pose)");
  for (const auto& [key, value] : obj.items())
    if (key != "trunk_pitch" && key != "trunk_side_bend" && key != "body_roll" && key != "both" &&
        key != "side" && key != "other")
      return field_error(file, path + "." + key,
                         "unknown field; valid: trunk_pitch, trunk_side_bend, body_roll, both, side, other");
  for (const char* key : {"trunk_pitch", "trunk_side_bend", "body_roll"}) {
    if (!obj.contains(key)) continue;
    auto a = angle(obj.at(key), file, path + "." + key);
    if (!a) return std::unexpected(a.error());
    const std::string_view k(key);
    (k == "trunk_pitch"       ? pose.trunk_pitch
     : k == "trunk_side_bend" ? pose.trunk_side_bend
                              : pose.body_roll) = *a;
  }
  kin::LimbAngles& work = working_left ? pose.left : pose.right;
  kin::LimbAngles& other = working_left ? pose.right : pose.left;
  if (obj.contains("both")) {
    if (auto s = read_limb(obj.at("both"), pose.left, file, path + ".both"); !s) return s;
    if (auto s = read_limb(obj.at("both"), pose.right, file, path + ".both"); !s) return s;
  }
  if (obj.contains("side"))
    if (auto s = read_limb(obj.at("side"), work, file, path + ".side"); !s) return s;
  if (obj.contains("other"))
    if (auto s = read_limb(obj.at("other"), other, file, path + ".other"); !s) return s;
  return ok();
}

}  // namespace

std::string_view prop_name(Prop p) {
  return p == Prop::kChair ? "chair" : p == Prop::kMat ? "mat" : "step";
}

Result<FigureSpec> parse_figure_spec(std::string_view json_text, const std::string& file) {
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) return fail(ErrorCode::kParse, "{}: not valid JSON", file);
  if (!doc.is_object()) return fail(ErrorCode::kParse, "{}: expected a JSON object at the top level", file);
  for (const auto& [key, value] : doc.items())
    if (key != "exercise" && key != "view" && key != "working_side" && key != "props" && key != "start" &&
        key != "end" && key != "about")
      return field_error(file, key,
                         "unknown field; valid: exercise, view, working_side, props, start, end, about");
  FigureSpec spec;
  if (!doc.contains("exercise") || !doc.at("exercise").is_string() ||
      doc.at("exercise").get<std::string>().empty())
    return field_error(file, "exercise", "missing (expected the exercise id)");
  spec.exercise_id = doc.at("exercise").get<std::string>();
  if (doc.contains("view")) {
    const auto v = doc.at("view").is_string()
                       ? kin::figure_view_from_string(doc.at("view").get<std::string>())
                       : std::nullopt;
    if (!v)
      return field_error(file, "view",
                         fmt::format("expected \"side\" or \"front\", got {}", doc.at("view").dump()));
    spec.view = *v;
  }
  if (doc.contains("working_side")) {
    const json& w = doc.at("working_side");
    if (!w.is_string() || (w != "left" && w != "right"))
      return field_error(file, "working_side",
                         fmt::format("expected \"left\" or \"right\", got {}", w.dump()));
    spec.working_left = w == "left";
  }
  if (doc.contains("props")) {
    const json& p = doc.at("props");
    if (!p.is_array())
      return field_error(file, "props", "expected an array of \"chair\", \"mat\" or \"step\"");
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p[i] == "chair")
        spec.props.push_back(Prop::kChair);
      else if (p[i] == "mat")
        spec.props.push_back(Prop::kMat);
      else if (p[i] == "step")
        spec.props.push_back(Prop::kStep);
      else
        return field_error(file, fmt::format("props[{}]", i),
                           fmt::format("expected \"chair\", \"mat\" or \"step\", got {}", p[i].dump()));
    }
  }
  if (!doc.contains("start")) return field_error(file, "start", "missing (the starting posture)");
  if (!doc.contains("end")) return field_error(file, "end", "missing (the posture the movement reaches)");
  if (auto s = read_pose(doc.at("start"), spec.start, spec.working_left, file, "start"); !s)
    return std::unexpected(s.error());
  spec.end = spec.start;
  if (auto s = read_pose(doc.at("end"), spec.end, spec.working_left, file, "end"); !s)
    return std::unexpected(s.error());
  return spec;
}

Result<std::vector<FigureSpec>> load_figure_specs(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail(ErrorCode::kNotFound, "no figures folder '{}'", dir.string());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<FigureSpec> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return fail(ErrorCode::kIo, "cannot read '{}'", f.string());
    std::ostringstream text;
    text << in.rdbuf();
    auto spec = parse_figure_spec(text.str(), f.filename().string());
    if (!spec) return std::unexpected(spec.error());
    if (spec->exercise_id + ".json" != f.filename().string())
      return fail(ErrorCode::kParse, "{}: exercise: '{}' does not match the file's name",
                  f.filename().string(), spec->exercise_id);
    out.push_back(std::move(*spec));
  }
  return out;
}

FigureSpec mirrored(const FigureSpec& spec) {
  FigureSpec m = spec;
  m.working_left = !spec.working_left;
  for (auto* pose : {&m.start, &m.end}) {
    std::swap(pose->left, pose->right);
    pose->trunk_side_bend = -pose->trunk_side_bend;
    pose->body_roll = -pose->body_roll;  // lying on the other side, the other leg on top
  }
  return m;
}

Result<FigureSpec> load_figure_spec(const fs::path& dir, std::string_view id) {
  const bool plain = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!plain) return fail(ErrorCode::kInvalidArgument, "'{}' is not an exercise id (a-z, 0-9 and _)", id);
  const fs::path file = dir / (std::string(id) + ".json");
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail(ErrorCode::kNotFound, "exercise '{}' has no figure ({} is missing)", id, file.string());
  std::ostringstream text;
  text << in.rdbuf();
  auto spec = parse_figure_spec(text.str(), file.filename().string());
  if (spec && spec->exercise_id != id)
    return fail(ErrorCode::kParse, "{}: exercise: '{}' does not match the file's name",
                file.filename().string(), spec->exercise_id);
  return spec;
}

fs::path figures_dir_beside(const fs::path& exercises_dir) {
  fs::path d = exercises_dir.lexically_normal();
  if (!d.has_filename()) d = d.parent_path();  // "data/exercises/" -> "data/exercises"
  return d.parent_path() / "figures";
}

}  // namespace physio::illustrate
