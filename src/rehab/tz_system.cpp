#include "rehab/tz_system.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace physio::rehab {

namespace {

std::mutex& tz_mutex() {
  static std::mutex m;
  return m;
}

bool zone_name_safe(std::string_view zone) {
  if (zone.empty() || zone.size() > 64 || zone.front() == '/' || zone.find("..") != std::string_view::npos)
    return false;
  for (char c : zone) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<std::int64_t> SystemTzProvider::utc_offset_s(std::string_view zone, TimeUs utc_us) const {
  if (!zone_name_safe(zone))
    return fail(ErrorCode::kInvalidArgument, "time zone '{}' is not an IANA name", zone);
  // glibc silently falls back to UTC for an unknown TZ, so check that the zone's file exists first.
  const char* dir_env = std::getenv("TZDIR");
  const std::filesystem::path dir = dir_env != nullptr ? dir_env : "/usr/share/zoneinfo";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / std::string(zone), ec)) {
    return fail(ErrorCode::kNotFound, "time zone '{}' is not in the tz database ({})", zone, dir.string());
  }
  const std::time_t t = static_cast<std::time_t>(
      utc_us >= 0 ? utc_us / kUsPerSecond : -((-utc_us + kUsPerSecond - 1) / kUsPerSecond));
  std::tm local{};
  std::lock_guard lock(tz_mutex());
  const char* old_env = std::getenv("TZ");
  const std::optional<std::string> old =
      old_env != nullptr ? std::optional<std::string>(old_env) : std::nullopt;
  ::setenv("TZ", std::string(zone).c_str(), 1);
  ::tzset();
  const bool ok = ::localtime_r(&t, &local) != nullptr;
  if (old) {
    ::setenv("TZ", old->c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
  if (!ok) return fail(ErrorCode::kOutOfRange, "time {} us is outside what the system can convert", utc_us);
  return static_cast<std::int64_t>(local.tm_gmtoff);
}

}  // namespace physio::rehab
