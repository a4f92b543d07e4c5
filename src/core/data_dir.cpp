#include "core/data_dir.hpp"

#include <cstdlib>
#include <string>
#include <vector>

namespace physio {

namespace fs = std::filesystem;

bool has_json_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") return true;
  return false;
}

Result<fs::path> find_data_dir(const DataDirSearch& s) {
  std::vector<fs::path> tried;
  auto accept = [&](const fs::path& p) {
    tried.push_back(p);
    return s.good(p);
  };
  if (const char* env = std::getenv("PHYSIO_DATA_DIR"); env && *env) {
    if (accept(fs::path(env) / s.sub)) return fs::path(env) / s.sub;
    if (s.env_itself && accept(fs::path(env))) return fs::path(env);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& p :
         {exe.parent_path() / "data" / s.sub, exe.parent_path() / ".." / "share" / "physiokit" / s.sub})
      if (accept(p)) return p.lexically_normal();
  }
  if (s.source_dir && accept(*s.source_dir)) return *s.source_dir;
  std::string list;
  for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t.string();
  return fail(ErrorCode::kNotFound, "{} not found (set PHYSIO_DATA_DIR); tried: {}", s.what, list);
}

}  // namespace physio
