// The pieces every builder shares (codings, concepts, meta, ids), FHIR instants and references, and the
// Provenance id parser. The builders themselves are in resources_*.cpp, one file per group of resources.
#include "fhir/resources.hpp"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

#include "fhir/resource_util.hpp"

namespace physio::fhir {

using json = nlohmann::json;

json coding(std::string_view system, std::string_view code, std::string_view display) {
  json c = {{"system", system}, {"code", code}};
  if (!display.empty()) c["display"] = display;
  return c;
}

json concept_of(json c, std::string_view text) {
  json cc = {{"coding", json::array({std::move(c)})}};
  if (!text.empty()) cc["text"] = text;
  return cc;
}

json meta(TimeUs updated) {
  return {{"lastUpdated", instant(updated)}};
}

bool is_hex_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string instant(TimeUs t) {
  const std::time_t secs =
      static_cast<std::time_t>(t >= 0 ? t / kUsPerSecond : (t - kUsPerSecond + 1) / kUsPerSecond);
  const auto micro = t - static_cast<TimeUs>(secs) * kUsPerSecond;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:06d}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micro);
}

json reference(std::string_view type, std::string_view id) {
  return {{"reference", fmt::format("{}/{}", type, id)}};
}

std::optional<ProvenanceId> parse_provenance_id(std::string_view id) {
  ProvenanceId out;
  if (id.starts_with("cs-") && is_hex_id(id.substr(3))) {
    out.kind = ProvenanceId::Kind::kConsent;
    out.record_id = std::string(id.substr(3));
    return out;
  }
  if (id.starts_with("ob-") && is_hex_id(id.substr(3))) {
    out.kind = ProvenanceId::Kind::kObservation;
    out.record_id = std::string(id.substr(3));
    return out;
  }
  if (id.starts_with("cp-")) {
    const auto rest = id.substr(3);
    const auto dash = rest.rfind('-');
    if (dash == std::string_view::npos || !is_hex_id(rest.substr(0, dash))) return std::nullopt;
    const auto v = rest.substr(dash + 1);
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 1) return std::nullopt;
    out.kind = ProvenanceId::Kind::kProgramVersion;
    out.record_id = std::string(rest.substr(0, dash));
    out.version = n;
    return out;
  }
  return std::nullopt;
}

}  // namespace physio::fhir
