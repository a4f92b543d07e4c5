#include "rehab/tz_system.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <string>

namespace physio::rehab {

namespace {

std::mutex& tz_mutex() {
  static std::mutex m;
  return m;
}

// libc answers for the zone in TZ, so each question borrows TZ. Adding or removing a variable reallocates
// the environment's array under any thread reading it (getenv from libpq, logging, TZDIR below): a server
// crashed so. TZ is therefore present from the program's start (":/etc/localtime", what libc reads when
// TZ is unset), and a question only ever overwrites it, which replaces one pointer in place (glibc keeps
// every string it set). Set at static initialisation, before main and any thread.
const bool tz_present = [] {
  if (std::getenv("TZ") == nullptr) ::setenv("TZ", ":/etc/localtime", 0);
  return true;
}();

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
  static const std::filesystem::path dir = [] {
    const char* d = std::getenv("TZDIR");
    return std::filesystem::path(d != nullptr ? d : "/usr/share/zoneinfo");
  }();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / std::string(zone), ec)) {
    return fail(ErrorCode::kNotFound, "time zone '{}' is not in the tz database ({})", zone, dir.string());
  }
  const std::time_t t = static_cast<std::time_t>(
      utc_us >= 0 ? utc_us / kUsPerSecond : -((-utc_us + kUsPerSecond - 1) / kUsPerSecond));
  std::tm local{};
  std::lock_guard lock(tz_mutex());
  (void)tz_present;
  const char* old_env = std::getenv("TZ");
  const std::string old = old_env != nullptr ? old_env : ":/etc/localtime";
  ::setenv("TZ", std::string(zone).c_str(), 1);
  ::tzset();
  const bool ok = ::localtime_r(&t, &local) != nullptr;
  ::setenv("TZ", old.c_str(), 1);  // overwritten, never removed (see tz_present)
  ::tzset();
  if (!ok) return fail(ErrorCode::kOutOfRange, "time {} us is outside what the system can convert", utc_us);
  return static_cast<std::int64_t>(local.tm_gmtoff);
}

}  // namespace physio::rehab
