#pragma once
/// Words that are the project's, not the patient's, in text a patient reads (exercise pages, the printed
/// program): snake_case identifiers ("lying_supine"), file kinds ("landmark file", "CSV", "JSON") and the
/// word "developers". Tests run every exercise's patient-facing text and the printed program through it.

#include <string>
#include <string_view>
#include <vector>

namespace physio::exercise {

/// The starting positions an exercise can name ("standing", "sitting", "lying_supine", ...), in the order a
/// form lists them.
const std::vector<std::string>& position_ids();
/// A starting position in the patient's words, the one mapping pages and printed programs use:
/// "lying_supine" -> "Lying on your back". "" for an unknown id.
std::string_view position_words(std::string_view position);

/// Each internal word found in `text`, in order of appearance (empty: the text is the patient's).
std::vector<std::string> internal_words(std::string_view text);

}  // namespace physio::exercise
