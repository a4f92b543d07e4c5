#include "hl7/sender_profile.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace physio::hl7 {
namespace {

template <std::size_t N>
std::string one_of(const std::string_view (&allowed)[N]) {
  std::string out;
  for (auto a : allowed) out += (out.empty() ? "" : ", ") + std::string(a);
  return out;
}

template <std::size_t N>
bool allowed_value(const std::string_view (&allowed)[N], const std::string& v) {
  return std::find(std::begin(allowed), std::end(allowed), v) != std::end(allowed);
}

Result<std::string> text_member(const nlohmann::json& o, const char* name, const std::string& where) {
  if (!o.contains(name)) return std::string();
  const auto& v = o.at(name);
  if (!v.is_string()) return fail(ErrorCode::kParse, "{}{}: expected a string", where, name);
  return v.get<std::string>();
}

template <std::size_t N>
Result<std::map<std::string, std::string>> map_member(const nlohmann::json& o, const char* name,
                                                      const std::string& where,
                                                      const std::string_view (&allowed)[N]) {
  std::map<std::string, std::string> out;
  if (!o.contains(name)) return out;
  const auto& v = o.at(name);
  if (!v.is_object())
    return fail(ErrorCode::kParse, "{}{}: expected an object of \"as sent\": \"meaning\"", where, name);
  for (const auto& [key, value] : v.items()) {
    if (!value.is_string() || !allowed_value(allowed, value.template get<std::string>()))
      return fail(ErrorCode::kParse, "{}{}.{}: {} is not one of {}", where, name, key, value.dump(),
                  one_of(allowed));
    out[key] = value.template get<std::string>();
  }
  return out;
}

Status only_members(const nlohmann::json& o, std::initializer_list<std::string_view> known,
                    const std::string& where) {
  for (const auto& [key, value] : o.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return fail(ErrorCode::kParse, "{}'{}' is not a member (known: {})", where, key, list);
    }
  }
  return ok();
}

}  // namespace

const SenderProfile* SenderProfiles::find(std::string_view application, std::string_view facility) const {
  const SenderProfile* any_facility = nullptr;
  for (const auto& s : senders) {
    if (s.application != application) continue;
    if (!s.facility.empty() && s.facility == facility) return &s;
    if (s.facility.empty() && any_facility == nullptr) any_facility = &s;
  }
  return any_facility;
}

Result<SenderProfiles> parse_sender_profiles(std::string_view text, std::string_view file) {
  const std::string f(file);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return fail(ErrorCode::kParse, "{}: not JSON: {}", f, e.what());
  }
  if (!doc.is_object() || !doc.contains("senders") || !doc.at("senders").is_array())
    return fail(ErrorCode::kParse, "{}: expected {{\"senders\": [...]}}", f);
  PHYSIO_CHECK((only_members(doc, {"senders"}, f + ": ")));
  SenderProfiles out;
  int n = 0;
  for (const auto& e : doc.at("senders")) {
    ++n;
    std::string where = fmt::format("{}: senders[{}]: ", f, n);
    if (!e.is_object()) return fail(ErrorCode::kParse, "{}expected an object", where);
    SenderProfile p;
    p.application = PHYSIO_TRY(text_member(e, "application", where));
    if (p.application.empty()) return fail(ErrorCode::kParse, "{}application (MSH-3.1) is required", where);
    where = fmt::format("{}: senders[{}] ({}): ", f, n, p.application);
    PHYSIO_CHECK((
        only_members(e, {"application", "facility", "identifier", "time_zone", "statuses", "units"}, where)));
    p.facility = PHYSIO_TRY(text_member(e, "facility", where));
    p.time_zone = PHYSIO_TRY(text_member(e, "time_zone", where));
    if (e.contains("identifier")) {
      const auto& id = e.at("identifier");
      if (!id.is_object()) return fail(ErrorCode::kParse, "{}identifier: expected an object", where);
      const std::string iw = where + "identifier.";
      PHYSIO_CHECK((only_members(id, {"authority", "type", "untyped_as"}, iw)));
      p.identifier.authority = PHYSIO_TRY(text_member(id, "authority", iw));
      p.identifier.type = PHYSIO_TRY(text_member(id, "type", iw));
      p.identifier.untyped_as = PHYSIO_TRY(text_member(id, "untyped_as", iw));
    }
    p.statuses = PHYSIO_TRY(map_member(e, "statuses", where, kMappableStatuses));
    p.units = PHYSIO_TRY(map_member(e, "units", where, kMappableUnits));
    for (const auto& other : out.senders)
      if (other.application == p.application && other.facility == p.facility)
        return fail(ErrorCode::kParse, "{}a second entry for this application and facility", where);
    out.senders.push_back(std::move(p));
  }
  return out;
}

}  // namespace physio::hl7
