#include "scribe/text_tokens.hpp"

#include <cctype>

namespace physio::scribe {
namespace {
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
}  // namespace

std::vector<Tok> tokenize_words(std::string_view text) {
  std::vector<Tok> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    unsigned char uc = static_cast<unsigned char>(c);
    if (std::isspace(uc) || c == '"' || c == '(' || c == ')') {
      ++i;
      continue;
    }
    if (uc >= 0x80) {
      // UTF-8: a right single quote (U+2019) counts as an apostrophe inside a word; other characters are
      // skipped whole.
      std::size_t n = (uc >= 0xF0) ? 4 : (uc >= 0xE0) ? 3 : (uc >= 0xC0) ? 2 : 1;
      if (text.substr(i, 3) == "\xE2\x80\x99" && !out.empty() && out.back().end == i &&
          out.back().is_word()) {
        out.back().text.push_back('\'');
        out.back().end = i + 3;
        i += 3;
        // Continue the word after the apostrophe.
        while (i < text.size() && (is_alnum(text[i]))) {
          out.back().text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
          ++i;
          out.back().end = i;
        }
        continue;
      }
      i += n;
      continue;
    }
    if (is_alnum(c) || (c == '\'' && i + 1 < text.size() && is_alnum(text[i + 1]))) {
      std::size_t j = i;
      std::string w;
      while (j < text.size()) {
        char d = text[j];
        if (is_alnum(d) || d == '\'') {
          w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(d))));
          ++j;
        } else if ((d == '.' || d == ',') && j > i && is_digit(text[j - 1]) && j + 1 < text.size() &&
                   is_digit(text[j + 1]) && d == '.') {
          w.push_back('.');
          ++j;
        } else if (d == '-' && j > i && std::isalpha(static_cast<unsigned char>(text[j - 1])) &&
                   j + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[j + 1]))) {
          w.push_back('-');
          ++j;
        } else {
          break;
        }
      }
      while (!w.empty() && w.back() == '\'') {
        w.pop_back();
        --j;
      }
      out.push_back(Tok{w, i, j});
      i = j;
      continue;
    }
    out.push_back(Tok{std::string(1, c), i, i + 1});
    ++i;
  }
  // A contraction written apart, as some transcripts do ("ca n't", "do n't", "have n't"), is the word it
  // spells ("can't", "don't", "haven't"), so every phrase list matches both ways of writing it.
  std::vector<Tok> joined;
  joined.reserve(out.size());
  for (auto& t : out) {
    if (t.text == "n't" && !joined.empty() && joined.back().is_word() &&
        !joined.back().text.ends_with("n't")) {
      Tok& w = joined.back();
      w.text += "n't";  // "ca" -> can't, "wo" -> won't, "do" -> don't, "have" -> haven't
      w.end = t.end;
      continue;
    }
    joined.push_back(std::move(t));
  }
  return joined;
}

std::vector<Sentence> split_sentences(const std::vector<Tok>& toks) {
  std::vector<Sentence> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const std::string& t = toks[i].text;
    if (t == "." || t == "?" || t == "!") {
      if (i + 1 > start) out.push_back(Sentence{start, i + 1, t == "?"});
      start = i + 1;
    }
  }
  if (start < toks.size()) out.push_back(Sentence{start, toks.size(), false});
  return out;
}

std::vector<std::string> phrase_tokens(std::string_view phrase) {
  std::vector<std::string> out;
  for (auto& t : tokenize_words(phrase)) out.push_back(std::move(t.text));
  return out;
}

bool matches_at(const std::vector<Tok>& toks, std::size_t i, std::size_t last,
                const std::vector<std::string>& phrase) {
  if (phrase.empty() || i + phrase.size() > last) return false;
  for (std::size_t k = 0; k < phrase.size(); ++k)
    if (toks[i + k].text != phrase[k]) return false;
  return true;
}

}  // namespace physio::scribe
