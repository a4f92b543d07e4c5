#include "exercise/patient_words.hpp"

#include <cctype>

namespace physio::exercise {
namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const std::vector<std::string>& position_ids() {
  static const std::vector<std::string> ids = {"standing",   "sitting",  "lying_supine", "lying_prone",
                                               "lying_side", "kneeling", "quadruped"};
  return ids;
}
std::string_view position_words(std::string_view position) {
  if (position == "standing") return "Standing";
  if (position == "sitting") return "Sitting";
  if (position == "lying_supine") return "Lying on your back";
  if (position == "lying_prone") return "Lying on your front";
  if (position == "lying_side") return "Lying on your side";
  if (position == "kneeling") return "Kneeling";
  if (position == "quadruped") return "On your hands and knees";
  return "";
}

std::vector<std::string> internal_words(std::string_view text) {
  std::vector<std::string> found;
  // Words: letters, digits and underscores. A word with an underscore between letters is an identifier.
  std::size_t i = 0;
  while (i < text.size()) {
    if (!word_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && word_char(text[j])) ++j;
    const std::string_view w = text.substr(i, j - i);
    const auto us = w.find('_');
    if (us != std::string_view::npos && us > 0 && us + 1 < w.size()) found.emplace_back(w);
    const std::string l = lower(w);
    if (l == "developer" || l == "developers" || l == "csv" || l == "json" || l == "jsonl")
      found.emplace_back(w);
    i = j;
  }
  const std::string all = lower(text);
  for (std::string_view kind : {"landmark file", "landmarks file", "recording file", "model file"})
    if (all.find(kind) != std::string::npos) found.emplace_back(kind);
  return found;
}

}  // namespace physio::exercise
