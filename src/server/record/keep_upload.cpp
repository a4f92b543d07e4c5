#include "server/record/keep_upload.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "security/random.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server {

namespace {

namespace fs = std::filesystem;

// Flushes a file and its folder entry to disk, so a rename survives a crash.
bool fsync_path(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return false;
  const bool okay = ::fsync(fd) == 0;
  ::close(fd);
  return okay;
}

}  // namespace

std::optional<net::Response> keep_upload(RequestContext& ctx, const std::string& prefix,
                                         const std::string& ext, fs::path& rel) {
  rel = fs::path(ctx.principal().clinic_id) / (prefix + security::random_id() + ext);
  const fs::path dest = ctx.services.files_dir() / rel;
  std::error_code ec;
  const bool new_folder = !fs::exists(dest.parent_path(), ec);
  fs::create_directories(dest.parent_path(), ec);
  // A clinic's first upload creates its folder: that entry must reach the disk too.
  if (new_folder) fsync_path(dest.parent_path().parent_path(), true);
  if (!fsync_path(ctx.req.body_file, false)) return api_error(500, "internal", "could not store the upload");
  fs::rename(ctx.req.body_file, dest, ec);
  if (ec) {
    // A different file system: copy, then flush.
    fs::copy_file(ctx.req.body_file, dest, ec);
    if (ec || !fsync_path(dest, false)) {
      fs::remove(dest, ec);
      return api_error(500, "internal", "could not store the upload");
    }
  }
  fsync_path(dest.parent_path(), true);
  return std::nullopt;
}

}  // namespace physio::server
