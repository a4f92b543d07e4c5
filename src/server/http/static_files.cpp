#include "server/http/static_files.hpp"

#include <unistd.h>
#include <system_error>

#include "server/http/http_util.hpp"

#ifndef PHYSIO_SOURCE_WEB_DIR
#define PHYSIO_SOURCE_WEB_DIR ""
#endif

namespace physio::server {
namespace fs = std::filesystem;

namespace {

std::string_view content_type(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".wav") return "audio/wav";
  return "application/octet-stream";
}

fs::path self_dir() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path{} : p.parent_path();
}

}  // namespace

fs::path find_web_dir(const fs::path& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  const fs::path exe = self_dir();
  for (const fs::path& c :
       {exe / "../share/physiokit/web", exe / "web", exe / "../../../web", fs::path(PHYSIO_SOURCE_WEB_DIR)}) {
    if (!c.empty() && fs::is_regular_file(c / "index.html", ec)) return fs::weakly_canonical(c, ec);
  }
  return fs::path(PHYSIO_SOURCE_WEB_DIR);
}

net::Response static_response(const fs::path& web_dir, std::string_view path) {
  std::error_code ec;
  fs::path rel = fs::path(std::string(path)).relative_path();
  // net/ has already refused ".." segments and control bytes; this is the second guard.
  for (const auto& part : rel)
    if (part == ".." || part.string().starts_with('.')) return api_error(404, "not_found", "no such page");
  fs::path file = web_dir / rel;
  const bool asset = path.starts_with("/static/");
  if (rel.empty() || !fs::is_regular_file(file, ec)) {
    if (asset) return api_error(404, "not_found", "no such file");
    file = web_dir / "index.html";  // a page of the single-page app
    if (!fs::is_regular_file(file, ec))
      return api_error(404, "not_found", "the web pages are not installed (scripts/fetch-web.sh)");
  }
  net::Response r;
  r.file = file;
  r.headers.push_back({"content-type", std::string(content_type(file))});
  r.headers.push_back(
      {"cache-control", path.starts_with("/static/vendor/") ? "public, max-age=86400" : "no-cache"});
  return r;
}

}  // namespace physio::server
