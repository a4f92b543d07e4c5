#include "scribe/vocabulary.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "core/data_dir.hpp"
#include "core/file_io.hpp"

namespace physio::scribe {
namespace fs = std::filesystem;
using json = nlohmann::json;

void PhraseSet::add(const std::string& value, std::string_view phrase) {
  Entry e{value, phrase_tokens(phrase)};
  auto longer = [](const Entry& a, const Entry& b) { return a.phrase.size() > b.phrase.size(); };
  if (!e.phrase.empty()) {
    auto& same_first = by_first_word_[e.phrase[0]];
    same_first.insert(std::upper_bound(same_first.begin(), same_first.end(), e, longer), e);
  }
  entries_.insert(std::upper_bound(entries_.begin(), entries_.end(), e, longer), std::move(e));
  if (std::find(values_.begin(), values_.end(), value) == values_.end()) values_.push_back(value);
}

const PhraseSet::Entry* PhraseSet::match(const std::vector<Tok>& toks, std::size_t i,
                                         std::size_t last) const {
  if (i >= last || i >= toks.size()) return nullptr;
  auto it = by_first_word_.find(toks[i].text);
  if (it == by_first_word_.end()) return nullptr;
  for (const auto& e : it->second)
    if (matches_at(toks, i, last, e.phrase)) return &e;
  return nullptr;
}

namespace {

Result<json> read_json(const fs::path& p) {
  std::string text = PHYSIO_TRY(load_text_file(p));
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(ErrorCode::kParse, "{}: not valid JSON: {}", p.string(), e.what());
  }
}

Status read_phrase_list(const json& j, const char* key, PhraseSet& out) {
  if (!j.contains(key) || !j.at(key).is_array())
    return fail(ErrorCode::kParse, "{}: expected an array of phrases", key);
  const auto& a = j.at(key);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string() || phrase_tokens(a[i].get<std::string>()).empty())
      return fail(ErrorCode::kParse, "{}[{}]: expected a non-empty phrase", key, i);
    std::string s = a[i].get<std::string>();
    out.add(s, s);
  }
  return ok();
}

Status read_entries(const json& j, PhraseSet& out) {
  if (!j.is_object() || !j.contains("entries") || !j.at("entries").is_array())
    return fail(ErrorCode::kParse, "entries: expected an array");
  const auto& a = j.at("entries");
  std::set<std::string> values;
  std::map<std::string, std::string> phrase_owner;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& e = a[i];
    if (!e.is_object() || !e.contains("value") || !e.at("value").is_string() ||
        e.at("value").get<std::string>().empty())
      return fail(ErrorCode::kParse, "entries[{}].value: expected a non-empty string", i);
    std::string v = e.at("value").get<std::string>();
    if (!values.insert(v).second)
      return fail(ErrorCode::kParse, "entries[{}].value: \"{}\" appears twice", i, v);
    if (!e.contains("phrases") || !e.at("phrases").is_array() || e.at("phrases").empty())
      return fail(ErrorCode::kParse, "entries[{}].phrases: expected a non-empty array", i);
    const auto& ps = e.at("phrases");
    for (std::size_t k = 0; k < ps.size(); ++k) {
      if (!ps[k].is_string() || phrase_tokens(ps[k].get<std::string>()).empty())
        return fail(ErrorCode::kParse, "entries[{}].phrases[{}]: expected a non-empty phrase", i, k);
      std::string p = ps[k].get<std::string>();
      std::string key;
      for (const auto& t : phrase_tokens(p)) key += t + " ";
      auto [it, fresh] = phrase_owner.emplace(key, v);
      if (!fresh && it->second != v)
        return fail(ErrorCode::kParse, "entries[{}].phrases[{}]: \"{}\" already names \"{}\"", i, k, p,
                    it->second);
      out.add(v, p);
    }
  }
  return ok();
}

Status read_lexicon(const json& j, Lexicon& lx) {
  if (!j.is_object()) return fail(ErrorCode::kParse, "expected an object");
  PHYSIO_CHECK(read_phrase_list(j, "uncertainty", lx.uncertainty));
  PHYSIO_CHECK(read_phrase_list(j, "negative_answers", lx.negative_answers));
  PHYSIO_CHECK(read_phrase_list(j, "positive_answers", lx.positive_answers));
  PHYSIO_CHECK(read_phrase_list(j, "pain_words", lx.pain_words));
  PHYSIO_CHECK(read_phrase_list(j, "score_scale_words", lx.score_scale_words));
  PHYSIO_CHECK(read_phrase_list(j, "aggravating_triggers", lx.aggravating));
  PHYSIO_CHECK(read_phrase_list(j, "easing_triggers", lx.easing));
  PHYSIO_CHECK(read_phrase_list(j, "limit_triggers", lx.limits));
  PHYSIO_CHECK(read_phrase_list(j, "goal_triggers", lx.goals));
  PHYSIO_CHECK(read_phrase_list(j, "next_visit_triggers", lx.next_visit));
  PHYSIO_CHECK(read_phrase_list(j, "plan_verbs", lx.plan_verbs));
  PHYSIO_CHECK(read_phrase_list(j, "program_change_verbs", lx.program_change));
  PHYSIO_CHECK(read_phrase_list(j, "question_cues", lx.question_cues));
  PHYSIO_CHECK(read_phrase_list(j, "normal_function_words", lx.normal_function_words));
  PHYSIO_CHECK(read_phrase_list(j, "allergy_words", lx.allergy_words));
  PHYSIO_CHECK(read_phrase_list(j, "activity_cues", lx.activity_cues));
  PHYSIO_CHECK(read_phrase_list(j, "easing_question_words", lx.easing_question_words));
  PHYSIO_CHECK(read_phrase_list(j, "not_done_answers", lx.not_done_answers));
  PHYSIO_CHECK(read_phrase_list(j, "worry_words", lx.worry_words));
  PHYSIO_CHECK(read_phrase_list(j, "open_question_words", lx.open_question_words));
  PHYSIO_CHECK(read_phrase_list(j, "aggravating_question_words", lx.aggravating_question_words));
  PHYSIO_CHECK(read_phrase_list(j, "exam_cues", lx.exam_cues));
  PHYSIO_CHECK(read_phrase_list(j, "choice_question_cues", lx.choice_question_cues));
  PHYSIO_CHECK(read_phrase_list(j, "open_question_cues", lx.open_question_cues));
  PHYSIO_CHECK(read_phrase_list(j, "report_verbs", lx.report_verbs));
  PHYSIO_CHECK(read_phrase_list(j, "symptom_words", lx.symptom_words));
  PHYSIO_CHECK(read_phrase_list(j, "normal_function_before", lx.normal_function_before));
  PHYSIO_CHECK(read_phrase_list(j, "clarification_requests", lx.clarification_requests));
  PHYSIO_CHECK(read_phrase_list(j, "answer_only_cues", lx.answer_only_cues));
  PHYSIO_CHECK(read_phrase_list(j, "everything_else_cues", lx.everything_else_cues));
  PHYSIO_CHECK(read_phrase_list(j, "clinician_statement_excluded", lx.clinician_statement_excluded));
  PHYSIO_CHECK(read_phrase_list(j, "cancer_history_cues", lx.cancer_history_cues));
  PHYSIO_CHECK(read_phrase_list(j, "patient_statement_excluded", lx.patient_statement_excluded));
  PHYSIO_CHECK(read_phrase_list(j, "past_episode_anchors", lx.past_episode_anchors));
  PHYSIO_CHECK(read_phrase_list(j, "past_episode_verbs", lx.past_episode_verbs));
  PHYSIO_CHECK(read_phrase_list(j, "past_episode_ongoing", lx.past_episode_ongoing));
  PHYSIO_CHECK(read_phrase_list(j, "past_episode_beginning", lx.past_episode_beginning));
  PHYSIO_CHECK(read_phrase_list(j, "complaint_start_words", lx.complaint_start_words));
  PHYSIO_CHECK(read_phrase_list(j, "other_event_verbs", lx.other_event_verbs));
  PHYSIO_CHECK(read_phrase_list(j, "onset_event_words", lx.onset_event_words));
  PHYSIO_CHECK(read_phrase_list(j, "night_words", lx.night_words));
  PHYSIO_CHECK(read_phrase_list(j, "past_episode_resolved", lx.past_episode_resolved));
  PHYSIO_CHECK(read_phrase_list(j, "past_episode_resolved_unless", lx.past_episode_resolved_unless));
  PHYSIO_CHECK(read_phrase_list(j, "function_symptom_words", lx.function_symptom_words));
  PHYSIO_CHECK(read_phrase_list(j, "function_loss_words", lx.function_loss_words));
  PHYSIO_CHECK(read_phrase_list(j, "function_normal_words", lx.function_normal_words));
  PHYSIO_CHECK(read_phrase_list(j, "urinary_discomfort", lx.urinary_discomfort));
  PHYSIO_CHECK(read_phrase_list(j, "voiding_words", lx.voiding_words));
  PHYSIO_CHECK(read_phrase_list(j, "limit_itself", lx.limit_itself));
  PHYSIO_CHECK(read_phrase_list(j, "limit_after_activity", lx.limit_after_activity));
  return ok();
}

}  // namespace

bool Vocabulary::is_medicine_class(const std::string& value) const {
  for (const auto& [medicine, cls] : medicine_class)
    if (cls == value) return true;
  return false;
}

Result<Vocabulary> load_vocabulary(const fs::path& dir) {
  Vocabulary v;
  struct Part {
    const char* file;
    PhraseSet* set;
  };
  for (Part p :
       {Part{"body_sites.json", &v.body_sites}, Part{"red_flags.json", &v.red_flags},
        Part{"medicines.json", &v.medicines}, Part{"exercises.json", &v.exercises},
        Part{"activities.json", &v.activities}, Part{"symptoms.json", &v.symptoms},
        Part{"family_history.json", &v.family_conditions}, Part{"flag_functions.json", &v.flag_functions}}) {
    fs::path path = dir / p.file;
    json j = PHYSIO_TRY(read_json(path));
    auto st = read_entries(j, *p.set);
    if (!st) return std::unexpected(std::move(st).error().with_context(path.string()));
  }
  // A function names a red flag of red_flags.json.
  for (std::size_t i = 0; i < v.flag_functions.values().size(); ++i) {
    const std::string& flag = v.flag_functions.values()[i];
    const auto& flags = v.red_flags.values();
    if (std::find(flags.begin(), flags.end(), flag) == flags.end())
      return fail(ErrorCode::kParse, "{}: entries[{}].value: \"{}\" is not a red flag of red_flags.json",
                  (dir / "flag_functions.json").string(), i, flag);
  }
  {
    fs::path path = dir / "symptoms.json";
    json j = PHYSIO_TRY(read_json(path));
    for (std::size_t i = 0; i < j.at("entries").size(); ++i) {
      const auto& e = j.at("entries")[i];
      if (!e.contains("negated_only")) continue;
      if (!e.at("negated_only").is_boolean())
        return fail(ErrorCode::kParse, "{}: entries[{}].negated_only: expected true or false", path.string(),
                    i);
      if (e.at("negated_only").get<bool>()) v.negated_only_symptoms.insert(e.at("value").get<std::string>());
    }
  }
  {
    fs::path path = dir / "medicines.json";
    json j = PHYSIO_TRY(read_json(path));
    for (std::size_t i = 0; i < j.at("entries").size(); ++i) {
      const auto& e = j.at("entries")[i];
      if (!e.contains("class") || !e.at("class").is_string() || e.at("class").get<std::string>().empty())
        return fail(ErrorCode::kParse, "{}: entries[{}].class: expected a non-empty string", path.string(),
                    i);
      v.medicine_class[e.at("value").get<std::string>()] = e.at("class").get<std::string>();
    }
  }
  v.context = PHYSIO_TRY(load_context_rules(dir / "context.json"));
  fs::path lex = dir / "lexicon.json";
  json j = PHYSIO_TRY(read_json(lex));
  auto st = read_lexicon(j, v.lexicon);
  if (!st) return std::unexpected(std::move(st).error().with_context(lex.string()));
  return v;
}

Result<fs::path> default_vocabulary_dir() {
  DataDirSearch s{.sub = "scribe", .what = "scribe vocabulary files", .good = [](const fs::path& d) {
                    std::error_code ec;
                    return fs::is_regular_file(d / "lexicon.json", ec);
                  }};
#ifdef PHYSIO_SCRIBE_SOURCE_DIR
  s.source_dir = fs::path(PHYSIO_SCRIBE_SOURCE_DIR);
#endif
  return find_data_dir(s);
}

Result<const Vocabulary*> default_vocabulary() {
  static std::mutex mutex;
  static std::optional<Result<Vocabulary>> cached;
  std::lock_guard lock(mutex);
  if (!cached) {
    auto dir = default_vocabulary_dir();
    if (!dir)
      cached = std::unexpected(dir.error());
    else
      cached = load_vocabulary(*dir);
  }
  if (!*cached) return std::unexpected(cached->error());
  return &**cached;
}

}  // namespace physio::scribe
