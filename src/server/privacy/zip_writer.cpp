#include "server/privacy/zip_writer.hpp"

#include <array>
#include <ctime>
#include <limits>

namespace physio::server {
namespace {

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

}  // namespace

std::uint32_t crc32_of(std::string_view data) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (const char ch : data) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

Result<std::string> build_zip(const std::vector<ZipEntry>& entries, TimeUs time_us) {
  // MS-DOS date and time, two-second resolution, from 1980.
  const std::time_t t = static_cast<std::time_t>(time_us / 1'000'000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const int year = std::max(tm.tm_year + 1900, 1980);
  const auto dos_time = static_cast<std::uint32_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  const auto dos_date =
      static_cast<std::uint32_t>(((year - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  constexpr std::uint32_t kUtf8Names = 0x0800;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint32_t>::max();

  std::string out, central;
  for (const auto& e : entries) {
    if (e.name.empty() || e.name.front() == '/' || e.name.find("..") != std::string::npos ||
        e.name.size() > 0xFFFF)
      return fail(ErrorCode::kInvalidArgument, "zip: bad entry name '{}'", e.name);
    if (out.size() + e.data.size() + e.name.size() + 30 > kMax)
      return fail(ErrorCode::kInvalidArgument, "zip: the archive would pass 4 GiB");
    const std::uint32_t crc = crc32_of(e.data);
    const auto size = static_cast<std::uint32_t>(e.data.size());
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto name_len = static_cast<std::uint32_t>(e.name.size());
    put32(out, 0x04034b50);
    put16(out, 20);
    put16(out, kUtf8Names);
    put16(out, 0);  // stored
    put16(out, dos_time);
    put16(out, dos_date);
    put32(out, crc);
    put32(out, size);
    put32(out, size);
    put16(out, name_len);
    put16(out, 0);
    out += e.name;
    out += e.data;

    put32(central, 0x02014b50);
    put16(central, 20);
    put16(central, 20);
    put16(central, kUtf8Names);
    put16(central, 0);
    put16(central, dos_time);
    put16(central, dos_date);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    put16(central, name_len);
    put16(central, 0);  // extra
    put16(central, 0);  // comment
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, 0);  // external attributes
    put32(central, offset);
    central += e.name;
  }
  if (entries.size() > 0xFFFF || out.size() + central.size() + 22 > kMax)
    return fail(ErrorCode::kInvalidArgument, "zip: too many entries or too large");
  const auto cd_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put32(out, static_cast<std::uint32_t>(central.size()));
  put32(out, cd_offset);
  put16(out, 0);
  return out;
}

}  // namespace physio::server
