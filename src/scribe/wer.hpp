#pragma once
/// Word error rate with a stated normalisation (docs/validation/scribe.md, "Word error rate"):
///
/// 1. markup tags `<...>` (`<UNSURE>`, `</UNSURE>`, `<UNIN/>`) are removed, keeping the words inside;
/// 2. lower case (ASCII);
/// 3. hyphens and slashes become spaces; every other character that is not a letter, a digit or an
///    apostrophe inside a word is removed (a decimal point between digits is kept);
/// 4. numbers written in digits are written as words, one way: "10" -> "ten", "25" -> "twenty five",
///    "7.5" -> "seven point five", "1990" -> "one thousand nine hundred ninety" (integers below a million);
/// 5. the disfluencies um, umm, uh, uhh, uhm, er, erm, ah, ahh, hmm, hm, mm, mmm, mhm, mm-hmm, uh-huh are
///    removed.
///
/// WER = (substitutions + deletions + insertions) / reference words, from a minimum edit distance alignment.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace physio::scribe {

/// The words of `text` after the normalisation above.
std::vector<std::string> normalize_for_wer(std::string_view text);

struct WerCounts {
  std::size_t substitutions = 0;
  std::size_t deletions = 0;
  std::size_t insertions = 0;
  std::size_t reference_words = 0;
  /// (S + D + I) / N; 0 when both are empty, 1 per inserted word when the reference is empty.
  double wer() const;
  WerCounts& operator+=(const WerCounts& o);
};

WerCounts compute_wer(std::string_view reference, std::string_view hypothesis);
WerCounts compute_wer_words(const std::vector<std::string>& ref, const std::vector<std::string>& hyp);

}  // namespace physio::scribe
