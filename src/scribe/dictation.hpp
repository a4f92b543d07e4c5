#pragma once
/// Dictation as suggestions (docs/server/visit-capture.md, "Dictation"): each dictated utterance becomes one
/// proposed sentence of the section dictated into, which the physiotherapist accepts, edits or discards as
/// a visit's fact suggestions; nothing enters the note unheard.
///
/// Contract: numbers_as_digits
///   input : recognised words ("knee flexion one hundred and ten degrees")
///   output: the same words with every spoken number written as a number ("knee flexion 110 degrees"):
///           cardinals to 999 999 ("twenty-one", "one hundred and ten", "two thousand and five"), decimals
///           ("seven point five" -> 7.5, "six and a half" -> 6.5), "X out of Y" -> "X/Y", "X percent" /
///           "X per cent" -> "X %". A lone "one" or "a" (a pronoun or an article as often as a number) stays
///           a word unless a unit follows ("one set" -> "1 set"). Punctuation around a word is kept.
/// Contract: dictation_suggestions_to_json
///   input : a recognised dictation and its section ("S", "O", "A", "P")
///   output: one suggestion per non-empty utterance, [{"index", "kind": "dictation", "section", "sentence",
///           "said", "segment", "begin", "end", "red_flag": false, "start_s", "end_s", "uncertain":
///           [{"word", "confidence"}], "decision": null}]; `sentence` is dictated_sentence() of the words
///           with numbers as numbers; `uncertain` lists the recognised words below kLowWordConfidence.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scribe/transcript.hpp"

namespace physio::scribe {

/// A recognised word below this confidence is marked on its suggestion. The same 0.5 below which a
/// recording's mean word confidence is warned about (docs/server/visit-capture.md): pocketsphinx's word
/// posterior, where half or less means the recogniser found another word about as likely.
inline constexpr double kLowWordConfidence = 0.5;

/// Spoken numbers written as numbers (see the contract above).
std::string numbers_as_digits(std::string_view text);

/// A recognised word whose confidence is below kLowWordConfidence.
struct UncertainWord {
  std::string word;
  double confidence = 0;
};
std::vector<UncertainWord> uncertain_words(const Segment& segment);

/// Every dictated utterance as a suggestion of `section` (see the contract above).
nlohmann::ordered_json dictation_suggestions_to_json(const Transcript& transcript, std::string_view section);

}  // namespace physio::scribe
