#pragma once
/// Word tokens of a segment with their character offsets, and sentences over them.
///
/// A word is a run of letters, digits and apostrophes (lower-cased; a decimal point between digits and a
/// hyphen between letters stay inside: "7.5", "co-codamol"); every other visible character (. , ? ! ; : / -)
/// is a token of its own, so "6/10" is "6", "/", "10" and "6-7" is "6", "-", "7".

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace physio::scribe {

struct Tok {
  std::string text;   ///< lower case
  std::size_t begin;  ///< character offset in the segment text
  std::size_t end;    ///< one past the last character
  bool is_word() const {
    return !text.empty() && (std::isalnum(static_cast<unsigned char>(text[0])) || text[0] == '\'');
  }
};

std::vector<Tok> tokenize_words(std::string_view text);

/// A sentence: tokens [first, last) of the segment; `question` when it ends with "?".
struct Sentence {
  std::size_t first = 0;
  std::size_t last = 0;
  bool question = false;
};

/// Splits at ". ? !" tokens (kept in the sentence they end); a semicolon joins two clauses of one sentence.
std::vector<Sentence> split_sentences(const std::vector<Tok>& toks);

/// Tokenized phrase for matching (the same rules as tokenize_words).
std::vector<std::string> phrase_tokens(std::string_view phrase);

/// True when `phrase` occurs at toks[i] (word for word).
bool matches_at(const std::vector<Tok>& toks, std::size_t i, std::size_t last,
                const std::vector<std::string>& phrase);

/// The positions of a list of tokenized phrases by their first word, each in the list's order: the
/// phrases that may start at a token, without trying every phrase of the list at every token.
class FirstWordIndex {
 public:
  FirstWordIndex() = default;
  /// `first_word(k)` is the first token of the k-th of `n` phrases.
  template <typename FirstWord>
  FirstWordIndex(std::size_t n, FirstWord&& first_word) {
    for (std::size_t k = 0; k < n; ++k) positions_[std::string(first_word(k))].push_back(k);
  }
  /// The positions of the phrases that start with `word` (ascending), or none.
  const std::vector<std::size_t>& at(const std::string& word) const {
    auto it = positions_.find(word);
    return it == positions_.end() ? none_ : it->second;
  }

 private:
  std::unordered_map<std::string, std::vector<std::size_t>> positions_;
  std::vector<std::size_t> none_;
};

}  // namespace physio::scribe
