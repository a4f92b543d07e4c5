#pragma once
/// Clinical context of a mention: the ConText algorithm (Harkema H, Dowling JN, Thornblade T, Chapman WW.
/// ConText: an algorithm for determining negation, experiencer, and temporal status from clinical reports.
/// J Biomed Inform 2009;42(5):839-851), applied to one speaker turn at a time.
///
/// A trigger phrase ("no", "if you get", "my father") opens a modifier of one category (negated,
/// hypothetical, historical, experiencer) whose scope runs forward, backward or both ways from it, up to its
/// maximum number of words, and is ended early by a terminator of that category ("but", "however",
/// "which", ...), by the end of the sentence (". ? ! ;") and always by the end of the turn (a change of
/// speaker). Pseudo-triggers ("no change", "not only", "hay fever") are phrases that hold a trigger's words
/// but are not triggers; matched first, their words start no trigger. A mention is the patient's, current
/// and affirmed unless a modifier's scope covers its first word.
///
/// Beyond the paper: a denial's scope follows commas. It runs on through a list of short items it opens
/// ("not had any weight loss, headaches, bone pain, urinary symptoms, or blood in the stools": items of at
/// most 4 words that carry them), and ends at a comma followed by a clause of its own ("no fever, I have had
/// a cough"); an empty item ("in the, in the, in the bowel region") is a pause, not a list.
///
/// The triggers are data (data/scribe/context.json, validated at load; format in data/scribe/README.md).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "scribe/facts.hpp"
#include "scribe/text_tokens.hpp"

namespace physio::scribe {

/// The four ConText categories, and the clinician's own finding or explanation (an examination, imaging, a
/// diagnosis or a medicine's side effects named to the patient, a list of past diagnoses): what is said in
/// its scope is not the patient's report and is not a fact.
enum class ContextCategory { kNegated, kHypothetical, kHistorical, kExperiencer, kClinicianFinding };
inline constexpr std::size_t kContextCategories = 5;
/// "negated", "hypothetical", "historical", "experiencer", "clinician_finding".
const char* context_category_name(ContextCategory c);

enum class ScopeDirection { kForward, kBackward, kBidirectional };

struct ContextTrigger {
  ContextCategory category = ContextCategory::kNegated;
  std::vector<std::string> phrase;  ///< tokens
  ScopeDirection direction = ScopeDirection::kForward;
  std::size_t max_scope = 6;  ///< words
  /// Experiencer only: whose ("father", "family", "other").
  std::string who;
  /// Applies only to mentions of these kinds (empty: all kinds).
  std::vector<FactKind> kinds;
  /// Only in this speaker's turns (unknown: any speaker).
  Speaker speaker = Speaker::kUnknown;
  /// Not in sentences ending with "?" ("do you get pain if you run?" asks; it does not advise).
  bool not_in_questions = false;
  /// The scope runs past the ends of sentences to the end of the turn (an examination described over
  /// several sentences), still ended by max_scope and the category's terminators.
  bool whole_turn = false;
  /// The category's terminators do not end the scope ("I had a bit of constipation, but that's better
  /// now": a resolution looks back past the "but").
  bool unterminated = false;
};

struct ContextRules {
  std::vector<ContextTrigger> triggers;  ///< longest phrase first
  /// Terminators per category.
  std::vector<std::vector<std::string>> terminators[kContextCategories];
  std::vector<std::vector<std::string>> pseudo_triggers;
  /// The three lists by first word (built by parse_context_rules).
  FirstWordIndex trigger_index, pseudo_index, terminator_index[kContextCategories];
};

/// Reads and checks data/scribe/context.json; errors name the file and the field.
Result<ContextRules> parse_context_rules(const nlohmann::json& j);
Result<ContextRules> load_context_rules(const std::filesystem::path& file);

/// One modifier found in a turn: its trigger's tokens [begin, end) and its scope [scope_begin, scope_end).
struct Modifier {
  const ContextTrigger* trigger = nullptr;
  std::size_t begin = 0, end = 0;
  std::size_t scope_begin = 0, scope_end = 0;
};

/// The modifiers of one turn (tokens of one segment, said by `speaker`).
class TurnContext {
 public:
  TurnContext(const ContextRules& rules, const std::vector<Tok>& toks, Speaker speaker);
  /// The modifier of `category` whose scope covers token `i` for a mention of `kind` (the nearest
  /// trigger when several do), or nullptr. With `end` (the mention's end, past `i`), a mention that starts
  /// inside a forward trigger's own words and goes on past them is in its scope ("not taking" in "i'm not
  /// taking any medications", whose concept is "taking any medications").
  const Modifier* at(ContextCategory category, std::size_t i, FactKind kind, std::size_t end = 0) const;
  const std::vector<Modifier>& modifiers() const { return mods_; }
  /// True when token i lies inside a pseudo-trigger ("hay fever").
  bool in_pseudo(std::size_t i) const { return i < pseudo_.size() && pseudo_[i]; }
  /// True when tokens [begin, end) lie inside a longer pseudo-trigger: "fever" in "hay fever", "blood" in
  /// "blood pressure" (a concept named by the whole phrase, "hay fever", is not inside it).
  bool inside_pseudo(std::size_t begin, std::size_t end) const {
    for (std::size_t i = begin; i < end; ++i)
      if (!in_pseudo(i)) return false;
    return end > begin && ((begin > 0 && in_pseudo(begin - 1)) || in_pseudo(end));
  }

 private:
  void continue_experiencer(const ContextRules& rules, const std::vector<Tok>& toks,
                            const std::vector<std::size_t>& sen_last);
  std::vector<Modifier> mods_;
  std::vector<bool> pseudo_;
};

}  // namespace physio::scribe
