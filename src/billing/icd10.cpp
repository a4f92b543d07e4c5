#include "billing/icd10.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

namespace physio::billing {

namespace {

bool is_upper_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string undotted(std::string_view dotted) {
  std::string out;
  for (char c : dotted)
    if (c != '.') out.push_back(c);
  return out;
}

std::string dotted_form(std::string_view bare) {
  std::string out(bare.substr(0, std::min<std::size_t>(3, bare.size())));
  if (bare.size() > 3) {
    out.push_back('.');
    out.append(bare.substr(3));
  }
  return out;
}

Result<std::string> get_string(const nlohmann::json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    return fail(ErrorCode::kParse, "{}: \"{}\" must be a string", where, key);
  return it->get<std::string>();
}

Result<SeventhCharacterSet> seventh_set_from_json(const std::string& name, const nlohmann::json& j) {
  const std::string where = "seventh_character_sets." + name;
  if (!j.is_object()) return fail(ErrorCode::kParse, "{}: must be an object", where);
  SeventhCharacterSet s;
  s.name = name;
  s.summary = PHYSIO_TRY(get_string(j, "summary", where));
  auto m = j.find("characters");
  if (m == j.end() || !m->is_object() || m->empty())
    return fail(ErrorCode::kParse, "{}: \"characters\" must be a non-empty object", where);
  for (const auto& [k, v] : m->items()) {
    if (k.size() != 1 || !is_upper_alnum(k[0]) || !v.is_string() || v.get<std::string>().empty())
      return fail(ErrorCode::kParse, "{}: character '{}' needs one letter and a meaning", where, k);
    s.meanings[k[0]] = v.get<std::string>();
  }
  if (!s.meanings.contains('A'))
    return fail(ErrorCode::kParse, "{}: every 7th-character set has A (initial encounter)", where);
  return s;
}

}  // namespace

const IcdEntry* IcdCatalog::find(std::string_view dotted) const {
  for (const auto& e : entries)
    if (e.code == dotted) return &e;
  return nullptr;
}

std::string normalize_icd10(std::string_view text) {
  std::string s;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c)))
      s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (s.find('.') == std::string::npos && s.size() > 3) s = dotted_form(s);
  return s;
}

bool icd10_format_ok(std::string_view d) {
  if (d.size() < 3) return false;
  const char first = d[0];
  if (first < 'A' || first > 'Z' || first == 'U') return false;
  if (d[1] < '0' || d[1] > '9') return false;
  if (!((d[2] >= '0' && d[2] <= '9') || d[2] == 'A' || d[2] == 'B')) return false;
  if (d.size() == 3) return true;
  if (d[3] != '.') return false;
  const std::string_view rest = d.substr(4);
  if (rest.empty() || rest.size() > 4) return false;
  return std::all_of(rest.begin(), rest.end(), is_upper_alnum);
}

Result<IcdCatalog> icd10_catalog_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return fail(ErrorCode::kParse, "ICD-10-CM catalogue: must be a JSON object");
  IcdCatalog cat;
  cat.source = PHYSIO_TRY(get_string(j, "source", "ICD-10-CM catalogue"));
  cat.version = PHYSIO_TRY(get_string(j, "version", "ICD-10-CM catalogue"));
  if (auto sets = j.find("seventh_character_sets"); sets != j.end()) {
    if (!sets->is_object()) return fail(ErrorCode::kParse, "seventh_character_sets: must be an object");
    for (const auto& [name, v] : sets->items())
      cat.seventh_sets[name] = PHYSIO_TRY(seventh_set_from_json(name, v));
  }
  auto codes = j.find("codes");
  if (codes == j.end() || !codes->is_array() || codes->empty())
    return fail(ErrorCode::kParse, "ICD-10-CM catalogue: \"codes\" must be a non-empty array");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < codes->size(); ++i) {
    const auto& c = (*codes)[i];
    const std::string where = fmt::format("codes[{}]", i);
    if (!c.is_object()) return fail(ErrorCode::kParse, "{}: must be an object", where);
    IcdEntry e;
    e.code = PHYSIO_TRY(get_string(c, "code", where));
    const std::string at = where + " (" + e.code + ")";
    if (!icd10_format_ok(e.code)) return fail(ErrorCode::kParse, "{}: not a valid ICD-10-CM code format", at);
    e.title = PHYSIO_TRY(get_string(c, "title", at));
    if (e.title.empty()) return fail(ErrorCode::kParse, "{}: empty title", at);
    auto b = c.find("billable");
    if (b == c.end() || !b->is_boolean())
      return fail(ErrorCode::kParse, "{}: \"billable\" must be true or false", at);
    e.billable = b->get<bool>();
    e.chapter = PHYSIO_TRY(get_string(c, "chapter", at));
    e.region = PHYSIO_TRY(get_string(c, "region", at));
    e.laterality = PHYSIO_TRY(get_string(c, "laterality", at));
    if (auto s = c.find("seventh"); s != c.end()) {
      if (!s->is_string()) return fail(ErrorCode::kParse, "{}: \"seventh\" must be a string", at);
      e.seventh = s->get<std::string>();
      if (!cat.seventh_sets.contains(e.seventh))
        return fail(ErrorCode::kParse, "{}: unknown 7th-character set '{}'", at, e.seventh);
      if (undotted(e.code).size() > 6)
        return fail(ErrorCode::kParse, "{}: too long to take a 7th character", at);
    }
    if (!seen.insert(e.code).second) return fail(ErrorCode::kParse, "{}: code listed twice", at);
    cat.entries.push_back(std::move(e));
  }
  // A code with more specific codes below it in the list is a category, never billable.
  for (const auto& e : cat.entries) {
    for (const auto& other : cat.entries) {
      if (&other != &e && other.code.size() > e.code.size() && other.code.starts_with(e.code) && e.billable)
        return fail(ErrorCode::kParse, "{}: marked billable but {} is more specific", e.code, other.code);
    }
  }
  return cat;
}

Result<IcdValidated> validate_icd10(const IcdCatalog& catalog, std::string_view text) {
  const std::string code = normalize_icd10(text);
  if (code.empty()) return fail(ErrorCode::kInvalidArgument, "empty ICD-10-CM code");
  const std::string bare = undotted(code);
  const bool seven = bare.size() == 7 && code.size() == 8;
  const std::string base_dotted = seven ? dotted_form(bare.substr(0, 6)) : code;
  if (!icd10_format_ok(base_dotted) || (seven && !is_upper_alnum(bare[6])))
    return fail(ErrorCode::kInvalidArgument,
                "{}: not an ICD-10-CM code (a letter other than U, a digit, a digit or A/B, then a dot and "
                "1 to 4 letters or digits, plus a 7th character for injuries)",
                code);

  if (!seven) {
    if (const IcdEntry* e = catalog.find(code)) {
      if (!e->seventh.empty()) {
        const auto& set = catalog.seventh_sets.at(e->seventh);
        const bool short_code = undotted(e->code).size() < 6;
        return fail(
            ErrorCode::kInvalidArgument, "{}: injury code needs a 7th character ({}){}", code, set.summary,
            short_code
                ? fmt::format(", with X before it: {}A",
                              dotted_form(undotted(e->code) + std::string(6 - undotted(e->code).size(), 'X')))
                : "");
      }
      if (!e->billable)
        return fail(ErrorCode::kInvalidArgument, "{}: not billable: a category, not a leaf code", code);
      return IcdValidated{code, e, 0, {}};
    }
    // A 5- or 6-character code may be a short injury code with its 7th character but without its
    // placeholder X, or with too few of them (S13.4A, S13.4XA for S13.4XXA).
    if (bare.size() >= 5) {
      std::string head = bare.substr(0, bare.size() - 1);
      if (const IcdEntry* e = catalog.find(dotted_form(head)); e && e->seventh.empty())
        return fail(ErrorCode::kInvalidArgument, "{}: {} is complete; it takes no further character", code,
                    e->code);
      const IcdEntry* e = catalog.find(dotted_form(head));
      while (!e && head.size() > 3 && head.back() == 'X') {
        head.pop_back();
        e = catalog.find(dotted_form(head));
      }
      if (e && !e->seventh.empty() && head.size() < 6) {
        const std::string fixed = head + std::string(6 - head.size(), 'X') + bare.back();
        return fail(ErrorCode::kInvalidArgument, "{}: needs the placeholder X: write {}", code,
                    dotted_form(fixed));
      }
    }
  } else {
    std::string head = bare.substr(0, 6);
    std::size_t xs = 0;
    const IcdEntry* e = catalog.find(dotted_form(head));
    while (!e && !head.empty() && head.back() == 'X') {
      head.pop_back();
      ++xs;
      e = catalog.find(dotted_form(head));
    }
    if (e) {
      if (e->seventh.empty())
        return fail(ErrorCode::kInvalidArgument, "{}: {} is complete; it takes no further character", code,
                    e->code);
      const auto& set = catalog.seventh_sets.at(e->seventh);
      const char c7 = bare[6];
      auto m = set.meanings.find(c7);
      if (m == set.meanings.end())
        return fail(ErrorCode::kInvalidArgument, "{}: 7th character {} is not allowed for {} ({})", code, c7,
                    e->code, set.summary);
      return IcdValidated{code, e, c7, m->second};
    }
  }

  std::vector<std::string> children;
  for (const auto& e : catalog.entries)
    if (e.code.size() > code.size() && e.code.starts_with(code)) children.push_back(e.code);
  if (!children.empty()) {
    const std::size_t shown = std::min<std::size_t>(children.size(), 5);
    std::string list = fmt::format(
        "{}", fmt::join(children.begin(), children.begin() + static_cast<std::ptrdiff_t>(shown), ", "));
    if (children.size() > shown) list += ", ...";
    return fail(ErrorCode::kInvalidArgument, "{}: not billable: a category with more specific codes ({})",
                code, list);
  }
  return fail(ErrorCode::kNotFound, "{}: not in the physiotherapy code list (data/coding/icd10cm.json)",
              code);
}

}  // namespace physio::billing
