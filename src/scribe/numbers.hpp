#pragma once
/// Numbers as people say them: digits ("6", "7.5"), words ("six", "twenty one", "seven and a half",
/// "a half"), and ranges ("six or seven", "6-7", "six to seven", "two through seven", "between five and six",
/// and two whole numbers said one after the other, the second the next: "a seven eight").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scribe/text_tokens.hpp"

namespace physio::scribe {

struct SpokenNumber {
  double value = 0;
  std::size_t n_tokens = 0;  ///< tokens used from the start position
};

/// A number starting at toks[i] (before `last`); "a"/"an" count as 1 only when `allow_article`.
std::optional<SpokenNumber> parse_number_at(const std::vector<Tok>& toks, std::size_t i, std::size_t last,
                                            bool allow_article = false);

struct SpokenRange {
  double low = 0;
  double high = 0;           ///< == low for a single number
  std::size_t n_tokens = 0;  ///< tokens used from the start position
};

/// A number or a range ("6 or 7", "6 to 7", "6 through 7", "6-7", "6 7"; "6/7" is NOT a range) starting at
/// toks[i].
std::optional<SpokenRange> parse_range_at(const std::vector<Tok>& toks, std::size_t i, std::size_t last,
                                          bool allow_article = false);

/// "7", "7.5", "6-7": shortest decimal form.
/// Days per spoken time unit ("week" 7, "fortnight" 14, "hours" 1/24); nullopt when the word is not one.
std::optional<double> unit_days(std::string_view w);
std::string format_number(double v);
std::string format_range(double low, double high);

}  // namespace physio::scribe
