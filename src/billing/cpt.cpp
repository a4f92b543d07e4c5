#include "billing/cpt.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

namespace physio::billing {

const CptEntry* CptCatalog::find(std::string_view code) const {
  for (const auto& e : entries)
    if (e.code == code) return &e;
  return nullptr;
}

Result<CptCatalog> cpt_catalog_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return fail(ErrorCode::kParse, "CPT catalogue: must be a JSON object");
  CptCatalog cat;
  if (auto n = j.find("note"); n != j.end() && n->is_string()) cat.note = n->get<std::string>();
  auto codes = j.find("codes");
  if (codes == j.end() || !codes->is_array() || codes->empty())
    return fail(ErrorCode::kParse, "CPT catalogue: \"codes\" must be a non-empty array");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < codes->size(); ++i) {
    const auto& c = (*codes)[i];
    const std::string where = fmt::format("codes[{}]", i);
    if (!c.is_object() || !c.contains("code") || !c["code"].is_string())
      return fail(ErrorCode::kParse, "{}: needs a \"code\" string", where);
    CptEntry e;
    e.code = c["code"].get<std::string>();
    const bool digits = e.code.size() == 5 && std::all_of(e.code.begin(), e.code.end(), [](char ch) {
                          return std::isdigit(static_cast<unsigned char>(ch)) != 0;
                        });
    const bool hcpcs = e.code.size() == 5 && e.code[0] >= 'A' && e.code[0] <= 'Z' &&
                       std::all_of(e.code.begin() + 1, e.code.end(),
                                   [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; });
    if (!digits && !hcpcs)
      return fail(ErrorCode::kParse, "{}: '{}' is not a 5-character CPT/HCPCS code", where, e.code);
    if (!c.contains("description") || !c["description"].is_string() ||
        c["description"].get<std::string>().empty())
      return fail(ErrorCode::kParse, "{} ({}): needs a description", where, e.code);
    e.description = c["description"].get<std::string>();
    if (!c.contains("group") || !c["group"].is_string())
      return fail(ErrorCode::kParse, "{} ({}): needs a group", where, e.code);
    e.group = c["group"].get<std::string>();
    if (!c.contains("timed") || !c["timed"].is_boolean())
      return fail(ErrorCode::kParse, "{} ({}): \"timed\" must be true or false", where, e.code);
    e.timed = c["timed"].get<bool>();
    if (!c.contains("unit_minutes") || !c["unit_minutes"].is_number_integer())
      return fail(ErrorCode::kParse, "{} ({}): \"unit_minutes\" must be an integer", where, e.code);
    e.unit_minutes = c["unit_minutes"].get<int>();
    if (e.timed != (e.unit_minutes == 15))
      return fail(ErrorCode::kParse, "{} ({}): timed codes have 15-minute units, untimed codes 0", where,
                  e.code);
    if (!seen.insert(e.code).second)
      return fail(ErrorCode::kParse, "{} ({}): code listed twice", where, e.code);
    cat.entries.push_back(std::move(e));
  }
  return cat;
}

}  // namespace physio::billing
