#include "server/http/http_util.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

#include "core/wall_clock.hpp"

namespace physio::server {

net::Response api_error(int status, std::string_view code, std::string_view message, std::string_view field) {
  nlohmann::json j = {{"error", code}, {"message", message}};
  if (!field.empty()) j["field"] = field;
  return net::json_response(status, j.dump());
}

net::Response not_found_answer(std::string_view record_type) {
  std::string words(record_type);
  for (char& c : words) {
    if (c == '_') c = ' ';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return api_error(404, "not_found", "no such " + words);
}

net::Response json_ok(const nlohmann::json& body, int status) {
  return net::json_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::optional<std::string> cookie_value(const net::Request& req, std::string_view name) {
  for (const auto& h : req.headers) {
    if (h.name != "cookie") continue;
    std::string_view v = h.value;
    while (!v.empty()) {
      const auto semi = v.find(';');
      std::string_view part = v.substr(0, semi);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      const auto eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
      if (semi == std::string_view::npos) break;
      v.remove_prefix(semi + 1);
    }
  }
  return std::nullopt;
}

TimeUs now_us() {
  return wall_clock::now_us();
}

std::string iso_time(TimeUs t) {
  const std::time_t secs =
      static_cast<std::time_t>(t >= 0 ? t / kUsPerSecond : (t - kUsPerSecond + 1) / kUsPerSecond);
  const auto micro = t - static_cast<TimeUs>(secs) * kUsPerSecond;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:06d}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micro);
}

std::string iso_date(TimeUs t) {
  return iso_time(t).substr(0, 10);
}

std::optional<TimeUs> parse_iso_time(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  long frac = 0;
  int frac_digits = 0;
  if (s.size() < 17 || s.back() != 'Z') return std::nullopt;
  const std::string str(s.substr(0, s.size() - 1));
  int n = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || n != 16)
    return std::nullopt;
  std::size_t pos = 16;
  if (pos < str.size()) {
    if (str[pos] != ':' || pos + 3 > str.size()) return std::nullopt;
    sec = (str[pos + 1] - '0') * 10 + (str[pos + 2] - '0');
    pos += 3;
    if (pos < str.size()) {
      if (str[pos] != '.') return std::nullopt;
      ++pos;
      for (; pos < str.size(); ++pos) {
        if (str[pos] < '0' || str[pos] > '9' || frac_digits >= 6) return std::nullopt;
        frac = frac * 10 + (str[pos] - '0');
        ++frac_digits;
      }
    }
  }
  for (; frac_digits < 6; ++frac_digits) frac *= 10;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1900 || y > 2200)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  const std::time_t t = timegm(&tm);
  return static_cast<TimeUs>(t) * kUsPerSecond + frac;
}

void add_security_headers(net::Response& r, bool api) {
  auto add = [&](const char* n, const char* v) { r.headers.push_back({n, v}); };
  bool has_csp = false;
  for (const auto& h : r.headers) has_csp |= h.name == "content-security-policy";
  if (!has_csp)
    add("content-security-policy",
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: "
        "blob:; "
        "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'");
  add("x-content-type-options", "nosniff");
  add("referrer-policy", "no-referrer");
  add("x-frame-options", "DENY");
  add("cross-origin-opener-policy", "same-origin");
  // The camera for live sessions, the microphone for visit recording and dictation: this origin only.
  add("permissions-policy", "camera=(self), microphone=(self), geolocation=()");
  bool has_cache = false;
  for (const auto& h : r.headers) has_cache |= h.name == "cache-control";
  if (api && !has_cache) add("cache-control", "no-store");
}

std::optional<std::string> query_param(const net::Request& req, std::string_view name) {
  for (auto& [k, v] : req.query_params())
    if (k == name) return v;
  return std::nullopt;
}

}  // namespace physio::server
