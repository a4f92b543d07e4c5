#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "core/interrupt_cleanup.hpp"

namespace physio {
namespace fs = std::filesystem;

Result<std::string> load_file(const fs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return fail(ErrorCode::kNotFound, "{}: no such file", path.string());
  if (fs::is_directory(st))
    return fail(ErrorCode::kInvalidArgument, "{}: is a folder, expected a file", path.string());
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::kIo, "{}: cannot open: {}", path.string(), std::strerror(errno));
  struct stat sb {};
  if (::fstat(fd, &sb) != 0) {
    ::close(fd);
    return fail(ErrorCode::kIo, "{}: cannot stat: {}", path.string(), std::strerror(errno));
  }
  auto size = static_cast<std::size_t>(sb.st_size);
  if (size > max_bytes) {
    ::close(fd);
    return fail(ErrorCode::kOutOfRange, "{}: {} bytes, larger than the {} byte limit", path.string(), size,
                max_bytes);
  }
  std::string data;
  data.resize(size);
  std::size_t got = 0;
  while (got < size) {
    ssize_t n = ::read(fd, data.data() + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return fail(ErrorCode::kIo, "{}: read failed: {}", path.string(), std::strerror(errno));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  data.resize(got);
  return data;
}

bool looks_binary(std::string_view data, std::size_t probe) {
  std::size_t n = std::min(probe, data.size());
  std::size_t i = 0;
  while (i < n) {
    auto c = static_cast<unsigned char>(data[i]);
    if (c == 0) return true;
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0) return true;
    if (i + static_cast<std::size_t>(extra) >= n) break;  // cut by the probe window, not malformed
    for (int k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(data[i + static_cast<std::size_t>(k)]) & 0xC0) != 0x80) return true;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return false;
}

Result<std::string> load_text_file(const fs::path& path, std::size_t max_bytes) {
  auto data = PHYSIO_TRY(load_file(path, max_bytes));
  if (looks_binary(data))
    return fail(ErrorCode::kParse, "{}: binary content, expected a text file", path.string());
  return data;
}

Status save_file_atomic(const fs::path& path, std::string_view content) {
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return fail(ErrorCode::kNotFound, "{}: folder {} does not exist", path.string(), dir.string());
  std::random_device rd;
  fs::path tmp = dir / fmt::format(".{}.tmp{:08x}", path.filename().string(), rd());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorCode::kIo, "{}: cannot create: {}", tmp.string(), std::strerror(errno));
  track_temporary_file(tmp);
  struct Untrack {
    const fs::path& p;
    ~Untrack() { untrack_temporary_file(p); }
  } untrack{tmp};
  std::size_t put = 0;
  while (put < content.size()) {
    ssize_t n = ::write(fd, content.data() + put, content.size() - put);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return fail(ErrorCode::kIo, "{}: write failed: {}", path.string(), std::strerror(e));
    }
    put += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return fail(ErrorCode::kIo, "{}: flush failed: {}", path.string(), std::strerror(e));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return fail(ErrorCode::kIo, "{}: cannot replace: {}", path.string(), std::strerror(e));
  }
  return ok();
}

}  // namespace physio
