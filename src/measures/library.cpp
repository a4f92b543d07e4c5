#include "measures/library.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>

#include "core/data_dir.hpp"
#include "core/file_io.hpp"

namespace physio::measures {

namespace fs = std::filesystem;

Result<const Instrument*> MeasureLibrary::find(std::string_view id) const {
  for (const auto& in : instruments)
    if (in.id == id) return &in;
  std::string valid;
  for (const auto& in : instruments) valid += (valid.empty() ? "" : ", ") + in.id;
  return fail(ErrorCode::kInvalidArgument, "unknown instrument '{}'; valid: {}", id, valid);
}

Result<MeasureLibrary> load_measure_library(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return fail(ErrorCode::kNotFound, "instrument folder '{}' does not exist", dir.string());
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  if (ec) return fail(ErrorCode::kIo, "listing '{}': {}", dir.string(), ec.message());
  if (files.empty()) return fail(ErrorCode::kNotFound, "no *.json instrument files in '{}'", dir.string());
  std::sort(files.begin(), files.end());
  MeasureLibrary lib;
  std::map<std::string, std::string> owner;  // id -> file
  for (const auto& f : files) {
    std::string name = f.filename().string();
    std::string text = PHYSIO_TRY(load_text_file(f));
    Instrument in = PHYSIO_TRY(parse_instrument(text, name));
    // The file name is the id, so `physio measures score odi` and data/measures/odi.json agree.
    if (f.stem().string() != in.id)
      return fail(ErrorCode::kInvalidArgument, "{}: id '{}' differs from the file name", name, in.id);
    auto [it, inserted] = owner.emplace(in.id, name);
    if (!inserted)
      return fail(ErrorCode::kInvalidArgument, "{}: id '{}' is already used by {}", name, in.id, it->second);
    in.source_file = f.string();
    lib.instruments.push_back(std::move(in));
  }
  std::sort(lib.instruments.begin(), lib.instruments.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return lib;
}

Result<fs::path> default_measures_dir() {
  DataDirSearch s{.sub = "measures", .what = "instrument files", .good = has_json_files};
#ifdef PHYSIO_MEASURES_SOURCE_DIR
  s.source_dir = fs::path(PHYSIO_MEASURES_SOURCE_DIR);
#endif
  return find_data_dir(s);
}

Result<const MeasureLibrary*> default_measure_library() {
  static std::mutex mutex;
  static std::optional<Result<MeasureLibrary>> cached;
  std::lock_guard lock(mutex);
  if (!cached) {
    auto dir = default_measures_dir();
    if (!dir)
      cached = std::unexpected(dir.error());
    else
      cached = load_measure_library(*dir);
  }
  if (!*cached) return std::unexpected(cached->error());
  return &**cached;
}

}  // namespace physio::measures
