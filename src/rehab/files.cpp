#include "rehab/files.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"

namespace physio::rehab {

namespace {

Result<nlohmann::json> load_json(const std::filesystem::path& path) {
  const std::string text = PHYSIO_TRY(load_text_file(path));
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail(ErrorCode::kParse, "reading {}: not valid JSON", path.string());
  return j;
}

Result<std::vector<std::filesystem::path>> json_files(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> out;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") out.push_back(it->path());
  }
  if (ec) return fail(ErrorCode::kIo, "listing {}: {}", dir.string(), ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<std::vector<std::string>> load_exercise_ids(const std::filesystem::path& dir) {
  std::vector<std::string> ids;
  for (const auto& f : PHYSIO_TRY(json_files(dir))) {
    const auto j = PHYSIO_TRY(load_json(f));
    auto id = j.find("id");
    if (!j.is_object() || id == j.end() || !id->is_string()) {
      return fail(ErrorCode::kParse, "reading {}: no \"id\"", f.string());
    }
    ids.push_back(id->get<std::string>());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::vector<ProgramTemplate>> load_program_templates(
    const std::filesystem::path& dir, const std::vector<std::string>& known_exercise_ids) {
  std::vector<ProgramTemplate> out;
  for (const auto& f : PHYSIO_TRY(json_files(dir))) {
    const auto j = PHYSIO_TRY(load_json(f));
    auto t = template_from_json(j, known_exercise_ids);
    if (!t) return std::unexpected(std::move(t).error().with_context("reading " + f.string()));
    out.push_back(std::move(*t));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].id == out[i - 1].id)
      return fail(ErrorCode::kInvalidArgument, "{}: template id '{}' used twice", dir.string(), out[i].id);
  }
  return out;
}

Result<ProgressionRules> load_progression_rules(const std::filesystem::path& path) {
  const auto j = PHYSIO_TRY(load_json(path));
  auto r = progression_rules_from_json(j);
  if (!r) return std::unexpected(std::move(r).error().with_context("reading " + path.string()));
  return r;
}

}  // namespace physio::rehab
