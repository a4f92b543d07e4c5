#pragma once
/// Fact suggestions as the clinician reads them (docs/server/visit-capture.md, "Suggestions"): each fact
/// of a visit transcript becomes one proposed note sentence in clinical words, in the SOAP section it
/// belongs to, with the time span of the words it stands on so the page can play them. Nothing here
/// decides: the clinician accepts, edits or discards each suggestion.
///
/// Sections: red flags, pain, onset, duration, aggravating and easing activities, functional limits and
/// medicines are Subjective; goals are Assessment; exercises, program changes, frequency and the next
/// visit are Plan.
///
/// Wording (examples): "Pain 6/10.", "Pain about 6-7/10 (said with doubt).",
/// "Pain in the left knee.", "Denies numbness or tingling.", "Reports fever: a red flag; consider medical
/// review.", "Symptoms for 3 weeks.", "Worse with stairs.", "Eased by rest.", "Difficulty with walking.",
/// "Takes ibuprofen.", "Goal: return to running.", "Exercise discussed: bridge.", "Plan: 3 times a day
/// (\"three times a day\").", "Next visit in 2 weeks.". A pain score said outside 0-10 is quoted, never
/// turned into a score.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scribe/facts.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe {

struct Suggestion {
  std::string section;   ///< "S", "O", "A" or "P"
  std::string sentence;  ///< the proposed note sentence
  bool red_flag = false;
  /// The words' time span in the recording (from the word times when the transcript has them, else the
  /// segment's); nullopt without times.
  std::optional<double> start_s, end_s;
};

/// `exercise_name` gives an exercise id's name in words ("bridge" -> "Glute bridge"); empty: the id with
/// spaces for underscores.
Suggestion suggest(const Fact& fact, const Transcript& transcript,
                   const std::function<std::string(std::string_view)>& exercise_name = {});

/// The guard against a red flag the transcript itself denies: a red flag reported (not negated) whose
/// words are denied in the utterance it was said in or one of the next 2 (the answer to a question), by a
/// speaker who is not the clinician ("have you had any fever?" / "no, no fever"), is never raised as
/// reported: it becomes the denial, citing the denying words ("Denies fever."), or is dropped when the
/// facts already hold that denial. A denial is a negation ("no", "not", "never", "denies", "denied",
/// "without", "none") followed within 3 words, in the same sentence and before any "but", by the last word
/// the flag was said with ("fever", "temperature").
std::vector<Fact> apply_transcript_denials(const std::vector<Fact>& facts, const Transcript& transcript);

/// Every fact as a suggestion for the page and the store, red flags first (after
/// apply_transcript_denials):
///   [{"index", "kind", "value", "side", "negated", "certainty", "speaker", "said", "segment", "begin",
///   "end",
///     "section", "sentence", "red_flag", "start_s", "end_s", "decision": null}]
/// (`index` is the position; `segment`/`begin`/`end` the first span, the words the sentence cites).
nlohmann::ordered_json suggestions_to_json(
    const std::vector<Fact>& facts, const Transcript& transcript,
    const std::function<std::string(std::string_view)>& exercise_name = {});

/// A dictated utterance as a note sentence: the recognised words with a capital letter and a full stop,
/// spoken punctuation words ("full stop", "comma", "new line") applied; "" when nothing is left.
std::string dictated_sentence(std::string_view recognised);

/// The time span of characters [begin, end) of a segment, from its word times when the segment's text is
/// its words joined by single spaces, else the segment's own span.
std::pair<std::optional<double>, std::optional<double>> span_times(const Segment& segment, std::size_t begin,
                                                                   std::size_t end);

}  // namespace physio::scribe
