#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "notes/note.hpp"
#include "notes/note_json_parts.hpp"
#include "notes/note_types.hpp"

namespace physio::notes {
namespace detail {

using json = nlohmann::json;

json sections_json(const std::vector<Section>& sections) {
  json out = json::array();
  for (const Section& s : sections) {
    json sentences = json::array();
    for (const Sentence& t : s.sentences) {
      json sources = json::array();
      for (const SourceRef& r : t.sources) sources.push_back({{"type", r.type}, {"id", r.id}});
      sentences.push_back({{"text", t.text}, {"sources", sources}, {"edited", t.edited}});
    }
    out.push_back({{"code", s.code}, {"title", s.title}, {"sentences", sentences}});
  }
  return out;
}

json content_json(const Note& n, std::string_view signer_id, TimeUs signed_us) {
  const NoteHeader& h = n.header;
  json j = {{"id", h.id},
            {"patient_id", h.patient_id},
            {"episode_id", h.episode_id},
            {"author_id", h.author_id},
            {"created_us", h.created_us},
            {"window", {{"from_us", h.window_from_us}, {"to_us", h.window_to_us}}},
            {"sections", sections_json(n.sections)},
            {"signed_by", signer_id},
            {"signed_us", signed_us}};
  // A note's type is signed with it; a note stored before types has none, and its signature is unchanged.
  if (!h.type.empty()) j["type"] = h.type;
  return j;
}

std::string canonical_dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace detail

namespace {

using json = nlohmann::json;

std::unexpected<Error> field_error(std::string_view path, std::string_view what) {
  return fail(ErrorCode::kInvalidArgument, "{}: {}", path, what);
}

std::string join(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

Status only_keys(const json& j, std::string_view path, std::initializer_list<std::string_view> keys) {
  if (!j.is_object()) return field_error(path.empty() ? "note" : path, "must be an object");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
      return field_error(join(path, it.key()), "unknown field");
  return ok();
}

Result<const json*> member(const json& j, std::string_view path, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end()) return field_error(join(path, key), "missing");
  return &*it;
}

Result<std::string> get_string(const json& j, std::string_view path, std::string_view key, bool required) {
  const json* v = PHYSIO_TRY(member(j, path, key));
  if (!v->is_string()) return field_error(join(path, key), "must be a string");
  std::string s = v->get<std::string>();
  if (required && s.empty()) return field_error(join(path, key), "must not be empty");
  return s;
}

Result<TimeUs> get_time(const json& j, std::string_view path, std::string_view key) {
  const json* v = PHYSIO_TRY(member(j, path, key));
  if (!v->is_number_integer()) return field_error(join(path, key), "must be a whole number of microseconds");
  return v->get<TimeUs>();
}

Result<bool> get_bool(const json& j, std::string_view path, std::string_view key) {
  const json* v = PHYSIO_TRY(member(j, path, key));
  if (!v->is_boolean()) return field_error(join(path, key), "must be true or false");
  return v->get<bool>();
}

Result<const json*> get_array(const json& j, std::string_view path, std::string_view key) {
  const json* v = PHYSIO_TRY(member(j, path, key));
  if (!v->is_array()) return field_error(join(path, key), "must be an array");
  return v;
}

Result<Sentence> sentence_from_json(const json& j, const std::string& path) {
  PHYSIO_CHECK(only_keys(j, path, {"text", "sources", "edited"}));
  Sentence s;
  s.text = PHYSIO_TRY(get_string(j, path, "text", true));
  s.edited = PHYSIO_TRY(get_bool(j, path, "edited"));
  const json* sources = PHYSIO_TRY(get_array(j, path, "sources"));
  for (std::size_t i = 0; i < sources->size(); ++i) {
    const std::string at = fmt::format("{}.sources[{}]", path, i);
    PHYSIO_CHECK(only_keys((*sources)[i], at, {"type", "id"}));
    SourceRef r;
    r.type = PHYSIO_TRY(get_string((*sources)[i], at, "type", true));
    r.id = PHYSIO_TRY(get_string((*sources)[i], at, "id", true));
    s.sources.push_back(std::move(r));
  }
  return s;
}

Result<std::vector<Section>> sections_from_json(const json& j) {
  const json* arr = PHYSIO_TRY(get_array(j, "", "sections"));
  if (arr->size() != 4) return field_error("sections", "must be the four sections S, O, A, P");
  std::vector<Section> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string path = fmt::format("sections[{}]", i);
    const json& sj = (*arr)[i];
    PHYSIO_CHECK(only_keys(sj, path, {"code", "title", "sentences"}));
    Section s;
    s.code = PHYSIO_TRY(get_string(sj, path, "code", true));
    if (s.code != kSectionCodes[i])
      return field_error(
          join(path, "code"),
          fmt::format("must be '{}' (sections are S, O, A, P in order), got '{}'", kSectionCodes[i], s.code));
    s.title = PHYSIO_TRY(get_string(sj, path, "title", true));
    const json* sentences = PHYSIO_TRY(get_array(sj, path, "sentences"));
    for (std::size_t k = 0; k < sentences->size(); ++k)
      s.sentences.push_back(
          PHYSIO_TRY(sentence_from_json((*sentences)[k], fmt::format("{}.sentences[{}]", path, k))));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<Signature>> signature_from_json(const json& j) {
  const json* v = PHYSIO_TRY(member(j, "", "signature"));
  if (v->is_null()) return std::optional<Signature>();
  PHYSIO_CHECK(only_keys(*v, "signature", {"signer_id", "signed_us", "content_sha256"}));
  Signature s;
  s.signer_id = PHYSIO_TRY(get_string(*v, "signature", "signer_id", true));
  s.signed_us = PHYSIO_TRY(get_time(*v, "signature", "signed_us"));
  s.content_sha256 = PHYSIO_TRY(get_string(*v, "signature", "content_sha256", true));
  if (s.content_sha256.size() != 64 ||
      s.content_sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
    return field_error("signature.content_sha256", "must be 64 lowercase hex digits");
  return std::optional<Signature>(std::move(s));
}

Result<std::vector<Addendum>> addenda_from_json(const json& j) {
  const json* arr = PHYSIO_TRY(get_array(j, "", "addenda"));
  std::vector<Addendum> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string path = fmt::format("addenda[{}]", i);
    const json& aj = (*arr)[i];
    PHYSIO_CHECK(only_keys(aj, path, {"text", "reason", "author_id", "at_us"}));
    Addendum a;
    a.text = PHYSIO_TRY(get_string(aj, path, "text", true));
    a.reason = PHYSIO_TRY(get_string(aj, path, "reason", true));
    a.author_id = PHYSIO_TRY(get_string(aj, path, "author_id", true));
    a.at_us = PHYSIO_TRY(get_time(aj, path, "at_us"));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

std::string note_to_json(const Note& n) {
  const NoteHeader& h = n.header;
  json addenda = json::array();
  for (const Addendum& a : n.addenda)
    addenda.push_back(
        {{"text", a.text}, {"reason", a.reason}, {"author_id", a.author_id}, {"at_us", a.at_us}});
  json sig = nullptr;
  if (n.signature)
    sig = {{"signer_id", n.signature->signer_id},
           {"signed_us", n.signature->signed_us},
           {"content_sha256", n.signature->content_sha256}};
  json j = {{"id", h.id},
            {"patient_id", h.patient_id},
            {"episode_id", h.episode_id},
            {"author_id", h.author_id},
            {"created_us", h.created_us},
            {"updated_us", n.updated_us},
            {"window", {{"from_us", h.window_from_us}, {"to_us", h.window_to_us}}},
            {"status", to_string(n.status())},
            {"sections", detail::sections_json(n.sections)},
            {"checklist", n.checklist},
            {"signature", sig},
            {"addenda", addenda}};
  if (!h.type.empty()) j["type"] = h.type;
  return detail::canonical_dump(j);
}

Result<Note> note_from_json(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail(ErrorCode::kInvalidArgument, "note: not valid JSON");
  PHYSIO_CHECK(only_keys(j, "",
                         {"id", "patient_id", "episode_id", "author_id", "created_us", "updated_us", "window",
                          "status", "sections", "checklist", "signature", "addenda", "type"}));
  Note n;
  NoteHeader& h = n.header;
  h.id = PHYSIO_TRY(get_string(j, "", "id", true));
  h.patient_id = PHYSIO_TRY(get_string(j, "", "patient_id", true));
  h.episode_id = PHYSIO_TRY(get_string(j, "", "episode_id", false));
  h.author_id = PHYSIO_TRY(get_string(j, "", "author_id", true));
  h.created_us = PHYSIO_TRY(get_time(j, "", "created_us"));
  // Notes stored before types exist have none.
  if (j.contains("type")) h.type = PHYSIO_TRY(get_string(j, "", "type", true));
  if (!h.type.empty() && find_note_type(h.type) == nullptr)
    return field_error("type", fmt::format("unknown note type \"{}\"", h.type));
  n.updated_us = PHYSIO_TRY(get_time(j, "", "updated_us"));
  const json* window = PHYSIO_TRY(member(j, "", "window"));
  PHYSIO_CHECK(only_keys(*window, "window", {"from_us", "to_us"}));
  h.window_from_us = PHYSIO_TRY(get_time(*window, "window", "from_us"));
  h.window_to_us = PHYSIO_TRY(get_time(*window, "window", "to_us"));
  n.sections = PHYSIO_TRY(sections_from_json(j));
  // Notes stored before the checklist existed have none.
  if (j.contains("checklist")) {
    const json& c = j["checklist"];
    if (!c.is_array()) return field_error("checklist", "must be an array of strings");
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (!c[i].is_string()) return field_error(fmt::format("checklist[{}]", i), "must be a string");
      n.checklist.push_back(c[i].get<std::string>());
    }
  }
  n.signature = PHYSIO_TRY(signature_from_json(j));
  n.addenda = PHYSIO_TRY(addenda_from_json(j));
  if (!n.signature && !n.addenda.empty()) return field_error("addenda", "a draft has no addenda");
  const std::string status = PHYSIO_TRY(get_string(j, "", "status", true));
  if (status != to_string(n.status()))
    return field_error("status",
                       fmt::format("'{}' does not match the note: it is {}", status, to_string(n.status())));
  if (n.signature && !signature_matches(n))
    return fail(ErrorCode::kCorrupt, "signature.content_sha256: does not match the note's content");
  return n;
}

}  // namespace physio::notes
