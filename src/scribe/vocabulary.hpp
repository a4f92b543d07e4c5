#pragma once
/// The scribe's vocabularies (data/scribe/*.json), loaded and validated once: body sites, red flags,
/// medicines, exercise names, activities and the trigger lists of lexicon.json.

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "scribe/context.hpp"
#include "scribe/text_tokens.hpp"

namespace physio::scribe {

/// Canonical values with the phrases that name them; longest phrase wins at a position.
class PhraseSet {
 public:
  struct Entry {
    std::string value;
    std::vector<std::string> phrase;  ///< tokens
  };
  void add(const std::string& value, std::string_view phrase);
  /// The longest phrase starting at toks[i] (before `last`), or nullptr.
  const Entry* match(const std::vector<Tok>& toks, std::size_t i, std::size_t last) const;
  const std::vector<Entry>& entries() const { return entries_; }
  /// The canonical values in file order.
  const std::vector<std::string>& values() const { return values_; }

 private:
  std::vector<Entry> entries_;  // longest first
  std::vector<std::string> values_;
  // The entries again by their first word, each list longest first (match tries only these).
  std::unordered_map<std::string, std::vector<Entry>> by_first_word_;
};

struct Lexicon {
  PhraseSet uncertainty, negative_answers, positive_answers, pain_words, score_scale_words, aggravating,
      easing, limits, goals, next_visit, plan_verbs, program_change, question_cues, normal_function_words,
      allergy_words, activity_cues, easing_question_words, aggravating_question_words, open_question_words,
      worry_words, not_done_answers, exam_cues, choice_question_cues, open_question_cues, report_verbs,
      symptom_words;
  /// A normal-function word asks "is it normal?" only right after one of these ("bowels working okay?";
  /// a trailing "okay" after "any numbness" does not).
  PhraseSet normal_function_before;
  /// A turn asking for the question again ("sorry?", "pardon?"): the answer comes later.
  PhraseSet clarification_requests;
  /// "just the sweats": the parts of a question not named in the answer are denied.
  PhraseSet answer_only_cues;
  /// "...but everything else has been ok": the parts of the question the answer does not name are denied.
  PhraseSet everything_else_cues;
  /// Red-flag words that are not findings in the clinician's statements (only in questions): "we'll check
  /// your urine", "the possible lung cancer", "no weakness on examination".
  PhraseSet clinician_statement_excluded;
  /// Words that make the clinician's "cancer" the patient's own history of it ("you had a skin cancer
  /// removed", "a newly diagnosed ovarian cancer", "a history of breast cancer"): the red flag
  /// cancer_history.
  PhraseSet cancer_history_cues;
  /// Words for a body function that name no red flag when the patient says them ("I usually pee a lot", "my
  /// gall bladder was removed", "the urine was a little pink"): the flag is a change the patient reports
  /// ("I can't pass urine") or the answer to a question about it.
  PhraseSet patient_statement_excluded;
  /// The patient's own earlier episode, over now, told in the past ("five years ago ... I had like some chest
  /// pain and they took me into hospital"): a past anchor in the turn, a past verb in the sentence, and
  /// nothing in the sentence that carries it into now ("it started two days ago", "I still get").
  PhraseSet past_episode_anchors, past_episode_verbs, past_episode_ongoing;
  /// "it started with vomiting": the episode's beginning told, not a word that carries it into now.
  PhraseSet past_episode_beginning;
  /// "X ago" dates an event: in a turn that tells another event (other_event_verbs: "when I had kidney stones
  /// about two years ago", "I went to the ER a few months ago", "he died ten years ago") it is how long the
  /// complaint has lasted only when the patient says the complaint began then (complaint_start_words: "it
  /// started two weeks ago", "I hurt my knee skiing two weeks ago") or answers when it did.
  PhraseSet complaint_start_words, other_event_verbs;
  /// An injury or the complaint's start told by the patient with when it happened ("I fell on saturday", "we
  /// were on a walk yesterday and I ... landed on it wrong", "I woke up this morning with it"): the day said
  /// in that sentence is the onset.
  PhraseSet onset_event_words;
  /// Sweating told of the night ("i was really sweaty ... i was already in bed") is night sweats, the red
  /// flag; sweating alone ("hot and sweaty") is a symptom.
  PhraseSet night_words;
  /// ...or told in the past and then said to be over in the same turn or one of the patient's next three
  /// ("and then, sunday, I felt fine"), unless the sentence goes on ("I felt fine until yesterday").
  PhraseSet past_episode_resolved, past_episode_resolved_unless;
  /// A body function named without saying how it is ("appetite" in "how's your appetite?"): the symptom
  /// (loss of appetite) is present with a loss word near it or in the answer ("poor", "lost", "not much"),
  /// denied with a normal one ("good", "fine", "well-maintained"), and no fact without either.
  PhraseSet function_symptom_words, function_loss_words, function_normal_words;
  /// A discomfort of passing urine ("it stings when I pee", "burning when you pass urine"): one of
  /// `urinary_discomfort` up to 3 words before "when/while/on/if", then a `voiding_words` phrase up to 3
  /// words after it, is the symptom urinary_symptoms and not the bladder red flag.
  PhraseSet urinary_discomfort, voiding_words;
  /// Words that are a limit by themselves ("limping"): a functional limit of the activity they name.
  PhraseSet limit_itself;
  /// "stairs are really hard", "walking is a struggle": said after the activity with a linking verb, a limit
  /// in it.
  PhraseSet limit_after_activity;
};

struct Vocabulary {
  PhraseSet body_sites, red_flags, medicines, exercises, activities;
  /// symptoms.json (symptom and pertinent_negative) and family_history.json (family conditions).
  PhraseSet symptoms, family_conditions;
  /// flag_functions.json: a body function a red flag names ("my breathing" -> shortness_of_breath).
  PhraseSet flag_functions;
  /// Symptom values that are facts only when denied ("no regular medication", "no allergies").
  std::set<std::string> negated_only_symptoms;
  /// medicines.json: each medicine's class ("ibuprofen" -> "nsaid"); a class's own entry names itself.
  std::map<std::string, std::string> medicine_class;
  /// True for a value that names a class ("nsaid", "antibiotic", "analgesic") rather than one medicine.
  bool is_medicine_class(const std::string& value) const;
  Lexicon lexicon;
  /// context.json: the ConText triggers, terminators and pseudo-triggers.
  ContextRules context;
};

/// Reads and checks every file in `dir`; errors name the file and the field.
Result<Vocabulary> load_vocabulary(const std::filesystem::path& dir);

/// data/scribe: $PHYSIO_DATA_DIR/scribe, beside the executable, or the source tree.
Result<std::filesystem::path> default_vocabulary_dir();
/// Loaded once per process.
Result<const Vocabulary*> default_vocabulary();

}  // namespace physio::scribe
