#include "measures/library.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>

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

namespace {
bool has_json(const fs::path& d) {
  std::error_code ec;
  if (!fs::is_directory(d, ec)) return false;
  for (const auto& e : fs::directory_iterator(d, ec))
    if (e.path().extension() == ".json") return true;
  return false;
}
}  // namespace

Result<fs::path> default_measures_dir() {
  std::vector<fs::path> tried;
  if (const char* env = std::getenv("PHYSIO_DATA_DIR"); env && *env) {
    fs::path p = fs::path(env) / "measures";
    tried.push_back(p);
    if (has_json(p)) return p;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path p : {exe.parent_path() / "data" / "measures",
                       exe.parent_path() / ".." / "share" / "physiokit" / "measures"}) {
      tried.push_back(p);
      if (has_json(p)) return p.lexically_normal();
    }
  }
#ifdef PHYSIO_MEASURES_SOURCE_DIR
  {
    fs::path p = PHYSIO_MEASURES_SOURCE_DIR;
    tried.push_back(p);
    if (has_json(p)) return p;
  }
#endif
  std::string list;
  for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t.string();
  return fail(ErrorCode::kNotFound, "instrument files not found (set PHYSIO_DATA_DIR); tried: {}", list);
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
