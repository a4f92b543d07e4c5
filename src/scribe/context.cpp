// ConText modifiers over one speaker turn (context.hpp).
#include "scribe/context.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string_view>

#include "core/file_io.hpp"

namespace physio::scribe {
namespace {

using json = nlohmann::json;

constexpr ContextCategory kCategories[] = {ContextCategory::kNegated, ContextCategory::kHypothetical,
                                           ContextCategory::kHistorical, ContextCategory::kExperiencer,
                                           ContextCategory::kClinicianFinding};
constexpr const char* kCategoryList = "negated, hypothetical, historical, experiencer or clinician_finding";

std::optional<ContextCategory> parse_category(std::string_view s) {
  for (ContextCategory c : kCategories)
    if (s == context_category_name(c)) return c;
  return std::nullopt;
}

bool sentence_end(const Tok& t) {
  return t.text == "." || t.text == "?" || t.text == "!" || t.text == ";";
}

bool phrase_at(const std::vector<Tok>& toks, std::size_t i, const std::vector<std::string>& p) {
  return matches_at(toks, i, toks.size(), p);
}

// A terminator of category `c` starts at token k.
bool terminates_at(const ContextRules& rules, const std::vector<Tok>& toks, ContextCategory c,
                   std::size_t k) {
  const auto cat = static_cast<std::size_t>(c);
  for (std::size_t t : rules.terminator_index[cat].at(toks[k].text))
    if (phrase_at(toks, k, rules.terminators[cat][t])) return true;
  return false;
}

}  // namespace

const char* context_category_name(ContextCategory c) {
  switch (c) {
    case ContextCategory::kNegated:
      return "negated";
    case ContextCategory::kHypothetical:
      return "hypothetical";
    case ContextCategory::kHistorical:
      return "historical";
    case ContextCategory::kExperiencer:
      return "experiencer";
    case ContextCategory::kClinicianFinding:
      return "clinician_finding";
  }
  return "unknown";
}

Result<ContextRules> parse_context_rules(const json& j) {
  ContextRules r;
  if (!j.is_object()) return fail(ErrorCode::kParse, "expected an object");
  if (!j.contains("triggers") || !j.at("triggers").is_array() || j.at("triggers").empty())
    return fail(ErrorCode::kParse, "triggers: expected a non-empty array");
  const auto& ts = j.at("triggers");
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const auto& t = ts[i];
    auto where = [&](const char* f) { return fmt::format("triggers[{}].{}", i, f); };
    if (!t.is_object()) return fail(ErrorCode::kParse, "triggers[{}]: expected an object", i);
    ContextTrigger tr;
    if (!t.contains("category") || !t.at("category").is_string())
      return fail(ErrorCode::kParse, "{}: expected {}", where("category"), kCategoryList);
    auto cat = parse_category(t.at("category").get<std::string>());
    if (!cat)
      return fail(ErrorCode::kParse, "{}: expected {}, got \"{}\"", where("category"), kCategoryList,
                  t.at("category").get<std::string>());
    tr.category = *cat;
    if (!t.contains("phrase") || !t.at("phrase").is_string() ||
        phrase_tokens(t.at("phrase").get<std::string>()).empty())
      return fail(ErrorCode::kParse, "{}: expected a non-empty phrase", where("phrase"));
    tr.phrase = phrase_tokens(t.at("phrase").get<std::string>());
    std::string dir =
        t.contains("direction") && t.at("direction").is_string() ? t.at("direction").get<std::string>() : "";
    if (dir == "forward")
      tr.direction = ScopeDirection::kForward;
    else if (dir == "backward")
      tr.direction = ScopeDirection::kBackward;
    else if (dir == "bidirectional")
      tr.direction = ScopeDirection::kBidirectional;
    else
      return fail(ErrorCode::kParse, "{}: expected forward, backward or bidirectional, got \"{}\"",
                  where("direction"), dir);
    if (t.contains("max_scope")) {
      if (!t.at("max_scope").is_number_integer() || t.at("max_scope").get<int>() < 1 ||
          t.at("max_scope").get<int>() > 80)
        return fail(ErrorCode::kParse, "{}: expected an integer 1-80 (words)", where("max_scope"));
      tr.max_scope = static_cast<std::size_t>(t.at("max_scope").get<int>());
    } else if (j.contains("default_max_scope") && j.at("default_max_scope").is_number_integer()) {
      tr.max_scope = static_cast<std::size_t>(std::clamp(j.at("default_max_scope").get<int>(), 1, 80));
    }
    if (t.contains("who")) {
      if (!t.at("who").is_string() || t.at("who").get<std::string>().empty())
        return fail(ErrorCode::kParse, "{}: expected a non-empty string", where("who"));
      if (tr.category != ContextCategory::kExperiencer)
        return fail(ErrorCode::kParse, "{}: only experiencer triggers name who", where("who"));
      tr.who = t.at("who").get<std::string>();
    } else if (tr.category == ContextCategory::kExperiencer) {
      return fail(ErrorCode::kParse, "{}: an experiencer trigger names who (father, family, other, ...)",
                  where("who"));
    }
    if (t.contains("kinds")) {
      if (!t.at("kinds").is_array() || t.at("kinds").empty())
        return fail(ErrorCode::kParse, "{}: expected a non-empty array of fact kinds", where("kinds"));
      for (const auto& k : t.at("kinds")) {
        auto fk = k.is_string() ? parse_fact_kind(k.get<std::string>()) : std::nullopt;
        if (!fk) return fail(ErrorCode::kParse, "{}: unknown fact kind {}", where("kinds"), k.dump());
        tr.kinds.push_back(*fk);
      }
    }
    if (t.contains("speaker")) {
      std::string sp = t.at("speaker").is_string() ? t.at("speaker").get<std::string>() : "";
      if (sp == "clinician")
        tr.speaker = Speaker::kClinician;
      else if (sp == "patient")
        tr.speaker = Speaker::kPatient;
      else
        return fail(ErrorCode::kParse, "{}: expected clinician or patient", where("speaker"));
    }
    if (t.contains("not_in_questions")) {
      if (!t.at("not_in_questions").is_boolean())
        return fail(ErrorCode::kParse, "{}: expected true or false", where("not_in_questions"));
      tr.not_in_questions = t.at("not_in_questions").get<bool>();
    }
    for (auto [field, flag] :
         {std::pair{"whole_turn", &tr.whole_turn}, std::pair{"unterminated", &tr.unterminated}}) {
      if (!t.contains(field)) continue;
      if (!t.at(field).is_boolean())
        return fail(ErrorCode::kParse, "{}: expected true or false", where(field));
      *flag = t.at(field).get<bool>();
    }
    for (const auto& o : r.triggers)
      if (o.phrase == tr.phrase && o.category == tr.category)
        return fail(ErrorCode::kParse, "{}: \"{}\" is already a {} trigger", where("phrase"),
                    t.at("phrase").get<std::string>(), context_category_name(tr.category));
    r.triggers.push_back(std::move(tr));
  }
  std::stable_sort(
      r.triggers.begin(), r.triggers.end(),
      [](const ContextTrigger& a, const ContextTrigger& b) { return a.phrase.size() > b.phrase.size(); });
  if (!j.contains("terminators") || !j.at("terminators").is_array())
    return fail(ErrorCode::kParse, "terminators: expected an array");
  const auto& te = j.at("terminators");
  for (std::size_t i = 0; i < te.size(); ++i) {
    const auto& t = te[i];
    if (!t.is_object() || !t.contains("phrase") || !t.at("phrase").is_string() ||
        phrase_tokens(t.at("phrase").get<std::string>()).empty())
      return fail(ErrorCode::kParse, "terminators[{}].phrase: expected a non-empty phrase", i);
    if (!t.contains("categories") || !t.at("categories").is_array() || t.at("categories").empty())
      return fail(ErrorCode::kParse, "terminators[{}].categories: expected a non-empty array", i);
    for (const auto& c : t.at("categories")) {
      auto cat = c.is_string() ? parse_category(c.get<std::string>()) : std::nullopt;
      if (!cat)
        return fail(ErrorCode::kParse, "terminators[{}].categories: unknown category {}", i, c.dump());
      r.terminators[static_cast<std::size_t>(*cat)].push_back(
          phrase_tokens(t.at("phrase").get<std::string>()));
    }
  }
  if (!j.contains("pseudo_triggers") || !j.at("pseudo_triggers").is_array())
    return fail(ErrorCode::kParse, "pseudo_triggers: expected an array of phrases");
  const auto& ps = j.at("pseudo_triggers");
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (!ps[i].is_string() || phrase_tokens(ps[i].get<std::string>()).empty())
      return fail(ErrorCode::kParse, "pseudo_triggers[{}]: expected a non-empty phrase", i);
    r.pseudo_triggers.push_back(phrase_tokens(ps[i].get<std::string>()));
  }
  std::stable_sort(r.pseudo_triggers.begin(), r.pseudo_triggers.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  r.trigger_index = FirstWordIndex(r.triggers.size(), [&](std::size_t k) { return r.triggers[k].phrase[0]; });
  r.pseudo_index =
      FirstWordIndex(r.pseudo_triggers.size(), [&](std::size_t k) { return r.pseudo_triggers[k][0]; });
  for (std::size_t c = 0; c < kContextCategories; ++c)
    r.terminator_index[c] =
        FirstWordIndex(r.terminators[c].size(), [&](std::size_t k) { return r.terminators[c][k][0]; });
  return r;
}

Result<ContextRules> load_context_rules(const std::filesystem::path& file) {
  std::string text = PHYSIO_TRY(load_text_file(file));
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(ErrorCode::kParse, "{}: not valid JSON: {}", file.string(), e.what());
  }
  auto r = parse_context_rules(j);
  if (!r) return std::unexpected(std::move(r).error().with_context(file.string()));
  return r;
}

namespace {

/// Words that carry no item of a list ("or blood in the stools" is one item of two words).
bool list_glue(const std::string& w) {
  static const std::set<std::string> glue = {"or",  "and",  "any", "a",    "an",    "the", "of",
                                             "in",  "your", "my",  "some", "other", "nor", "recent",
                                             "new", "uh",   "um",  "er",   "erm",   "like"};
  return glue.count(w) > 0;
}

/// Words that open a clause of its own: the list has ended ("no fever, I have a cough").
bool opens_clause(const std::string& w) {
  static const std::set<std::string> open = {
      "i",   "i'm",    "i've",   "i'd",  "i'll",   "it",     "it's",    "he",    "she",  "we",      "they",
      "you", "you're", "you've", "that", "that's", "there",  "there's", "but",   "so",   "because", "though",
      "yes", "yeah",   "okay",   "ok",   "just",   "except", "apart",   "which", "when", "if",      "then",
      "is",  "are",    "was",    "were", "has",    "have",   "had",     "do",    "does", "did"};
  return open.count(w) > 0;
}

}  // namespace

// A denial's scope that stops inside a list of short items separated by commas goes on to the list's end:
// each item of at most 4 words that carry it (list_glue aside), up to the sentence's end, a terminator, or
// an item that opens a clause of its own; an item too long to be one ends the scope at the comma before it,
// and an empty item (a pause, a false start) leaves the scope as it was.
template <class EndsScope>
std::size_t through_the_list(const std::vector<Tok>& toks, std::size_t trigger_end, std::size_t scope_end,
                             std::size_t stop, const EndsScope& ends_scope) {
  bool comma = false;
  std::size_t words = 0, k = trigger_end, last_comma = scope_end;
  for (; k < stop; ++k) {
    if (ends_scope(k)) break;
    const std::string& w = toks[k].text;
    if (w == ",") {
      // An item with no word of its own ("no, ...", "in the, in the, in the bowel region") is a false
      // start or a pause, not a list.
      if (words == 0) return scope_end;
      comma = true;
      last_comma = k;
      words = 0;
      continue;
    }
    if (!toks[k].is_word()) continue;
    // A clause of its own right after a comma ends the denial there, inside its words too ("no fever, I
    // have had a cough").
    if (comma && words == 0 && opens_clause(w)) return std::min(scope_end, last_comma);
    if ((k >= scope_end || comma) && (opens_clause(w) || words >= 4))
      return comma ? std::max(scope_end, last_comma) : scope_end;
    if (!list_glue(w)) ++words;
  }
  return comma ? std::max(scope_end, k) : scope_end;
}

TurnContext::TurnContext(const ContextRules& rules, const std::vector<Tok>& toks, Speaker speaker) {
  const std::size_t n = toks.size();
  pseudo_.assign(n, false);
  // Sentence of each token, and whether it is a question.
  std::vector<std::size_t> sen_first(n), sen_last(n);
  std::vector<bool> question(n, false);
  for (std::size_t i = 0; i < n;) {
    std::size_t e = i;
    while (e < n && !sentence_end(toks[e])) ++e;
    std::size_t last = e < n ? e + 1 : n;
    bool q = e < n && toks[e].text == "?";
    for (std::size_t k = i; k < last; ++k) {
      sen_first[k] = i;
      sen_last[k] = last;
      question[k] = q;
    }
    i = last;
  }
  auto terminates = [&](ContextCategory c, std::size_t k) { return terminates_at(rules, toks, c, k); };
  for (std::size_t i = 0; i < n; ++i) {
    // A trigger longer than the pseudo-trigger at the same word is the one said ("no change in your bowels"
    // is a denial of a bowel change, where "no change" alone negates nothing).
    std::size_t longest_trigger = 0;
    for (std::size_t tk : rules.trigger_index.at(toks[i].text))
      if (phrase_at(toks, i, rules.triggers[tk].phrase))
        longest_trigger = std::max(longest_trigger, rules.triggers[tk].phrase.size());
    bool pseudo = false;
    for (std::size_t pk : rules.pseudo_index.at(toks[i].text))
      if (const auto& p = rules.pseudo_triggers[pk]; p.size() >= longest_trigger && phrase_at(toks, i, p)) {
        for (std::size_t k = i; k < i + p.size(); ++k) pseudo_[k] = true;
        i += p.size() - 1;
        pseudo = true;
        break;
      }
    if (pseudo) continue;
    std::size_t longest = 0;
    for (std::size_t tk : rules.trigger_index.at(toks[i].text)) {
      const ContextTrigger& tr = rules.triggers[tk];
      if (!phrase_at(toks, i, tr.phrase)) continue;
      if (longest > tr.phrase.size()) break;  // longest phrases first; same-length triggers all apply
      if (tr.speaker != Speaker::kUnknown && tr.speaker != speaker) continue;
      if (tr.not_in_questions && question[i]) continue;
      longest = tr.phrase.size();
      Modifier m;
      m.trigger = &tr;
      m.begin = i;
      m.end = i + tr.phrase.size();
      m.scope_begin = m.begin;
      m.scope_end = m.end;
      auto ends_scope = [&](std::size_t k) {
        return (!tr.whole_turn && sentence_end(toks[k])) || (!tr.unterminated && terminates(tr.category, k));
      };
      const std::size_t stop_fwd = tr.whole_turn ? n : sen_last[i];
      const std::size_t stop_back = tr.whole_turn ? 0 : sen_first[i];
      // A clinician's question asks everything it names of the person it names ("in terms of your family
      // history, is there anything I should be aware of, related to kidneys, bladder, bowels?"): there an
      // experiencer's scope runs to the question's end, its terminators ("have you", "I have") aside.
      const bool whole_question =
          tr.category == ContextCategory::kExperiencer && question[i] && speaker == Speaker::kClinician;
      const std::size_t fwd_scope = whole_question ? n : tr.max_scope;
      if (tr.direction != ScopeDirection::kBackward) {
        std::size_t k = m.end, words = 0;
        for (; k < stop_fwd && words < fwd_scope; ++k) {
          if (ends_scope(k)) break;
          if (toks[k].is_word()) ++words;
        }
        m.scope_end = k;
        // "you've not had any recent weight loss or gain, headaches, bone pain, urinary symptoms, or blood
        // in the stools": a denial's scope runs on through the list it opens.
        if (tr.category == ContextCategory::kNegated)
          m.scope_end = through_the_list(toks, m.end, m.scope_end, stop_fwd, ends_scope);
      }
      if (tr.direction != ScopeDirection::kForward) {
        std::size_t k = m.begin, words = 0;
        for (; k > stop_back && words < tr.max_scope; --k) {
          if (ends_scope(k - 1)) break;
          if (toks[k - 1].is_word()) ++words;
        }
        m.scope_begin = k;
      }
      // "never had headaches like this before": the complaint is new, now; not an earlier episode.
      if (tr.category == ContextCategory::kHistorical && tr.phrase.size() == 1 && tr.phrase[0] == "before") {
        bool never = false;
        for (std::size_t k = m.scope_begin; k < m.begin; ++k)
          if (toks[k].text == "never") never = true;
        if (never) continue;
      }
      // "never ... before": the history of the complaint ("never had this before"), not its absence.
      if (tr.category == ContextCategory::kNegated && tr.phrase[0] == "never") {
        bool before = false;
        for (std::size_t k = m.end; k < std::min(n, m.end + tr.max_scope + 2); ++k)
          if (toks[k].text == "before") before = true;
        if (before) continue;
      }
      mods_.push_back(m);
    }
    if (longest > 0) i += longest - 1;
  }
  continue_experiencer(rules, toks, sen_last);
}

// "My father has high blood pressure. He actually died of bowel cancer." The sentences after a family
// member or someone else is named, that open on a pronoun of that person ("he", "she", "they"), still
// speak of them: the experiencer's scope goes on into each, to its end or an experiencer terminator ("and
// I"). A sentence that opens any other way ("I", "so my back") is the speaker's again and ends the chain.
void TurnContext::continue_experiencer(const ContextRules& rules, const std::vector<Tok>& toks,
                                       const std::vector<std::size_t>& sen_last) {
  const std::size_t n = toks.size();
  auto terminates = [&](std::size_t k) {
    return terminates_at(rules, toks, ContextCategory::kExperiencer, k);
  };
  auto opens_on_pronoun = [&](std::size_t first, std::size_t last) -> std::optional<std::size_t> {
    static constexpr std::array<std::string_view, 11> kLead = {"and",      "so",   "well", "um",  "uh", "but",
                                                               "actually", "yeah", "oh",   "erm", ","};
    for (std::size_t k = first; k < last && k < first + 4; ++k) {
      const std::string& w = toks[k].text;
      if (w == "he" || w == "she" || w == "they" || w == "he's" || w == "she's" || w == "they've" ||
          w == "he'd" || w == "she'd" || w == "they're")
        return k;
      if (std::find(kLead.begin(), kLead.end(), w) == kLead.end()) return std::nullopt;
    }
    return std::nullopt;
  };
  const std::size_t opened = mods_.size();
  for (std::size_t mi = 0; mi < opened; ++mi) {
    const Modifier& m = mods_[mi];
    if (m.trigger->category != ContextCategory::kExperiencer) continue;
    // Not when a terminator ("and I") handed the sentence back to the speaker.
    std::size_t from = sen_last[m.begin];
    bool handed_back = false;
    for (std::size_t k = m.end; k < from && !handed_back; ++k) handed_back = terminates(k);
    if (handed_back) continue;
    const ContextTrigger* trig = m.trigger;
    while (from < n) {
      const std::size_t last = sen_last[from];
      auto pron = opens_on_pronoun(from, last);
      if (!pron) break;
      Modifier c;
      c.trigger = trig;
      c.begin = *pron;
      c.end = *pron + 1;
      c.scope_begin = c.begin;
      std::size_t k = c.end;
      while (k < last && !sentence_end(toks[k]) && !terminates(k)) ++k;
      c.scope_end = k;
      mods_.push_back(c);
      if (k < last && !sentence_end(toks[k])) break;  // handed back to the speaker mid-sentence
      from = last;
    }
  }
}

const Modifier* TurnContext::at(ContextCategory category, std::size_t i, FactKind kind,
                                std::size_t end) const {
  const Modifier* best = nullptr;
  std::size_t best_d = 0;
  for (const auto& m : mods_) {
    if (m.trigger->category != category) continue;
    // The mention shares the trigger's last words and goes on into its forward scope: read from there.
    const bool shares = i > m.begin && i < m.end && end > m.end && m.scope_end > m.end;
    if (!shares && (i < m.scope_begin || i >= m.scope_end || (i >= m.begin && i < m.end))) continue;
    if (!m.trigger->kinds.empty() &&
        std::find(m.trigger->kinds.begin(), m.trigger->kinds.end(), kind) == m.trigger->kinds.end())
      continue;
    std::size_t d = shares ? 0 : i >= m.end ? i - m.end : m.begin - i;
    if (!best || d < best_d) {
      best = &m;
      best_d = d;
    }
  }
  return best;
}

}  // namespace physio::scribe
