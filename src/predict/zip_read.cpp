#include "predict/zip_read.hpp"

#include <zlib.h>

#include <cstdint>
#include <limits>

namespace physio::predict {

namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kDirectoryEntry = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;

std::uint32_t u16(std::string_view s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8;
}
std::uint32_t u32(std::string_view s, std::size_t at) {
  return u16(s, at) | u16(s, at + 2) << 16;
}

struct Entry {
  std::string name{};
  std::uint32_t method = 0;
  std::size_t compressed = 0;
  std::size_t size = 0;
  std::size_t local_offset = 0;
};

Result<std::vector<Entry>> read_directory(std::string_view a) {
  if (a.size() < 22) return fail(ErrorCode::kCorrupt, "not a zip archive: {} bytes is too short", a.size());
  std::size_t eocd = std::string_view::npos;
  const std::size_t lowest = a.size() > 22 + 65535 ? a.size() - 22 - 65535 : 0;
  for (std::size_t at = a.size() - 22 + 1; at-- > lowest;) {
    if (u32(a, at) == kEndOfDirectory) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string_view::npos)
    return fail(ErrorCode::kCorrupt, "not a zip archive: no end-of-directory record");
  const std::size_t count = u16(a, eocd + 10);
  const std::size_t dir_size = u32(a, eocd + 12);
  const std::size_t dir_offset = u32(a, eocd + 16);
  if (dir_offset == 0xffffffffu || count == 0xffffu)
    return fail(ErrorCode::kUnsupported, "ZIP64 archives are not supported");
  if (dir_offset > a.size() || dir_size > a.size() - dir_offset)
    return fail(ErrorCode::kCorrupt, "damaged zip archive: the directory lies outside the file");
  std::vector<Entry> entries;
  std::size_t at = dir_offset;
  for (std::size_t i = 0; i < count; ++i) {
    if (at + 46 > a.size() || u32(a, at) != kDirectoryEntry)
      return fail(ErrorCode::kCorrupt, "damaged zip archive: directory entry {} is missing", i + 1);
    Entry e;
    if ((u16(a, at + 8) & 1u) != 0)
      return fail(ErrorCode::kUnsupported, "encrypted zip entries are not supported");
    e.method = u16(a, at + 10);
    e.compressed = u32(a, at + 20);
    e.size = u32(a, at + 24);
    const std::size_t name_len = u16(a, at + 28);
    const std::size_t extra_len = u16(a, at + 30);
    const std::size_t comment_len = u16(a, at + 32);
    e.local_offset = u32(a, at + 42);
    if (at + 46 + name_len > a.size())
      return fail(ErrorCode::kCorrupt, "damaged zip archive: entry {} name", i + 1);
    e.name = std::string(a.substr(at + 46, name_len));
    entries.push_back(std::move(e));
    at += 46 + name_len + extra_len + comment_len;
  }
  return entries;
}

Result<std::string> inflate_raw(std::string_view in, std::size_t size) {
  std::string out(size, '\0');
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return fail(ErrorCode::kInternal, "zlib init failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  const std::size_t produced = zs.total_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END || produced != size)
    return fail(ErrorCode::kCorrupt, "damaged zip entry: inflated {} of {} bytes", produced, size);
  return out;
}

}  // namespace

Result<std::vector<std::string>> list_zip(std::string_view archive) {
  auto dir = read_directory(archive);
  if (!dir) return std::unexpected(dir.error());
  std::vector<std::string> names;
  for (auto& e : *dir) names.push_back(e.name);
  return names;
}

Result<std::string> read_zip_entry(std::string_view a, std::string_view name) {
  auto dir = read_directory(a);
  if (!dir) return std::unexpected(dir.error());
  for (const Entry& e : *dir) {
    if (e.name != name) continue;
    if (e.size > kMaxZipEntryBytes || e.size > std::numeric_limits<uInt>::max())
      return fail(ErrorCode::kOutOfRange, "zip entry {} is {} bytes, above the {} byte limit", e.name, e.size,
                  kMaxZipEntryBytes);
    if (e.local_offset + 30 > a.size() || u32(a, e.local_offset) != kLocalHeader)
      return fail(ErrorCode::kCorrupt, "damaged zip archive: no local header for {}", e.name);
    const std::size_t data = e.local_offset + 30 + u16(a, e.local_offset + 26) + u16(a, e.local_offset + 28);
    if (data > a.size() || e.compressed > a.size() - data)
      return fail(ErrorCode::kCorrupt, "damaged zip archive: {} runs past the end of the file", e.name);
    const std::string_view body = a.substr(data, e.compressed);
    if (e.method == 0) {
      if (e.compressed != e.size)
        return fail(ErrorCode::kCorrupt, "damaged zip entry {}: sizes differ", e.name);
      return std::string(body);
    }
    if (e.method == 8) {
      auto out = inflate_raw(body, e.size);
      if (!out) return std::unexpected(std::move(out.error()).with_context(e.name));
      return out;
    }
    return fail(ErrorCode::kUnsupported, "zip entry {} uses compression method {} (only stored and deflate)",
                e.name, e.method);
  }
  return fail(ErrorCode::kNotFound, "the archive has no entry named {}", name);
}

}  // namespace physio::predict
