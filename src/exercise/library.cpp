#include "exercise/library.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>

#include "core/data_dir.hpp"
#include "core/file_io.hpp"

namespace physio::exercise {

namespace fs = std::filesystem;

Result<const Exercise*> ExerciseLibrary::find(std::string_view id) const {
  for (const auto& e : exercises) {
    if (e.id == id) return &e;
    for (const auto& a : e.aliases)
      if (a == id) return &e;
  }
  std::string valid;
  for (const auto& e : exercises) valid += (valid.empty() ? "" : ", ") + e.id;
  return fail(ErrorCode::kNotFound, "unknown exercise '{}'; valid: {}", id, valid);
}

Result<ExerciseLibrary> load_exercise_library(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return fail(ErrorCode::kNotFound, "exercise library folder '{}' does not exist", dir.string());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  if (ec) return fail(ErrorCode::kIo, "listing '{}': {}", dir.string(), ec.message());
  if (files.empty()) return fail(ErrorCode::kNotFound, "no *.json exercise files in '{}'", dir.string());
  std::sort(files.begin(), files.end());
  ExerciseLibrary lib;
  std::map<std::string, std::string> owner;  // id or alias -> file
  for (const auto& f : files) {
    std::string text = PHYSIO_TRY(load_text_file(f));
    Exercise ex = PHYSIO_TRY(parse_exercise(text, f.filename().string()));
    std::vector<std::string> keys = ex.aliases;
    keys.push_back(ex.id);
    for (const auto& k : keys) {
      auto [it, inserted] = owner.emplace(k, f.filename().string());
      if (!inserted)
        return fail(ErrorCode::kInvalidArgument, "{}: id or alias '{}' is already used by {}",
                    f.filename().string(), k, it->second);
    }
    ex.source_file = f.string();
    lib.exercises.push_back(std::move(ex));
  }
  std::sort(lib.exercises.begin(), lib.exercises.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return lib;
}

Result<fs::path> default_library_dir() {
  DataDirSearch s{.sub = "exercises", .what = "exercise library", .good = has_json_files, .env_itself = true};
#ifdef PHYSIO_EXERCISE_SOURCE_DIR
  s.source_dir = fs::path(PHYSIO_EXERCISE_SOURCE_DIR);
#endif
  return find_data_dir(s);
}

Result<const ExerciseLibrary*> default_library() {
  static std::mutex mutex;
  static std::optional<Result<ExerciseLibrary>> cached;
  std::lock_guard lock(mutex);
  if (!cached) {
    auto dir = default_library_dir();
    if (!dir)
      cached = std::unexpected(dir.error());
    else
      cached = load_exercise_library(*dir);
  }
  if (!*cached) return std::unexpected(cached->error());
  return &**cached;
}

Result<const Exercise*> find_exercise(std::string_view id) {
  const ExerciseLibrary* lib = PHYSIO_TRY(default_library());
  return lib->find(id);
}

Status check_skeleton(const Exercise& ex, const kin::Skeleton& skeleton) {
  std::vector<std::string> missing;
  for (kin::Joint j : ex.joints)
    if (!skeleton.has(j)) {
      std::string n(kin::joint_name(j));
      std::replace(n.begin(), n.end(), '_', ' ');
      missing.push_back(std::move(n));
    }
  if (missing.empty()) return ok();
  return fail(ErrorCode::kMissingData, "exercise {} needs {} which {} lacks", ex.id, fmt::join(missing, ", "),
              skeleton.name);
}

}  // namespace physio::exercise
