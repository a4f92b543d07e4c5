#include "scribe/dictation.hpp"

#include <array>
#include <cctype>
#include <map>
#include <optional>

#include "scribe/numbers.hpp"
#include "scribe/suggest.hpp"

namespace physio::scribe {
namespace {

/// A whitespace-separated word with the punctuation around it kept apart.
struct DictatedWord {
  std::string lead;   ///< "(" ...
  std::string core;   ///< the word as said
  std::string lower;  ///< lower case, for matching
  std::string trail;  ///< ",", ".", "?" ...
};

std::vector<DictatedWord> dictated_words(std::string_view text) {
  std::vector<DictatedWord> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t b = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (b == i) break;
    std::string_view w = text.substr(b, i - b);
    DictatedWord p;
    std::size_t s = 0, e = w.size();
    auto punct = [](char c) { return std::ispunct(static_cast<unsigned char>(c)) && c != '\'' && c != '-'; };
    while (s < e && punct(w[s])) ++s;
    while (e > s && punct(w[e - 1])) --e;
    p.lead = std::string(w.substr(0, s));
    p.core = std::string(w.substr(s, e - s));
    p.trail = std::string(w.substr(e));
    p.lower = p.core;
    for (char& c : p.lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(std::move(p));
  }
  return out;
}

const std::map<std::string_view, int>& dictation_units() {
  static const std::map<std::string_view, int> m = {
      {"zero", 0},      {"nought", 0},   {"one", 1},      {"two", 2},        {"three", 3},
      {"four", 4},      {"five", 5},     {"six", 6},      {"seven", 7},      {"eight", 8},
      {"nine", 9},      {"ten", 10},     {"eleven", 11},  {"twelve", 12},    {"thirteen", 13},
      {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},
      {"nineteen", 19}};
  return m;
}

const std::map<std::string_view, int>& dictation_tens() {
  static const std::map<std::string_view, int> m = {{"twenty", 20}, {"thirty", 30}, {"forty", 40},
                                                    {"fifty", 50},  {"sixty", 60},  {"seventy", 70},
                                                    {"eighty", 80}, {"ninety", 90}};
  return m;
}

std::optional<int> unit_value(std::string_view w) {
  const auto it = dictation_units().find(w);
  return it == dictation_units().end() ? std::nullopt : std::optional<int>(it->second);
}
std::optional<int> tens_value(std::string_view w) {
  const auto it = dictation_tens().find(w);
  return it == dictation_tens().end() ? std::nullopt : std::optional<int>(it->second);
}
/// "twenty-one" -> 21.
std::optional<int> hyphenated_value(std::string_view w) {
  const auto dash = w.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto t = tens_value(w.substr(0, dash));
  const auto u = unit_value(w.substr(dash + 1));
  if (!t || !u || *u < 1 || *u > 9) return std::nullopt;
  return *t + *u;
}
bool is_number_word(std::string_view w) {
  return unit_value(w) || tens_value(w) || hyphenated_value(w);
}

/// Nouns after which a lone "one" is a count ("one set"), not a pronoun ("the one on the left").
bool is_unit_noun(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kUnits = {
      "degree", "degrees",    "set",         "sets",     "rep",       "reps",     "repetition", "repetitions",
      "time",   "times",      "minute",      "minutes",  "second",    "seconds",  "hour",       "hours",
      "day",    "days",       "week",        "weeks",    "month",     "months",   "year",       "years",
      "kilo",   "kilos",      "kg",          "kilogram", "kilograms", "metre",    "metres",     "meter",
      "meters", "centimetre", "centimetres", "cm",       "session",   "sessions", "out",        "percent"};
  for (auto u : kUnits)
    if (u == w) return true;
  return false;
}

struct SpokenCardinal {
  double value = 0;
  std::size_t n = 0;  ///< pieces used
};

/// A spoken cardinal (with an optional decimal or half) starting at pieces[i].
std::optional<SpokenCardinal> parse_cardinal_at(const std::vector<DictatedWord>& p, std::size_t i) {
  enum class Last { kNone, kUnit, kTeen, kTensWord, kHundred, kThousand };
  long total = 0, current = 0;
  double frac = 0;
  Last last = Last::kNone;
  std::size_t j = i, end = i;
  bool any = false;
  while (j < p.size()) {
    if (j > i && (!p[j - 1].trail.empty() || !p[j].lead.empty())) break;  // punctuation ends a number
    const std::string& w = p[j].lower;
    const bool open = last == Last::kNone || last == Last::kHundred || last == Last::kThousand;
    if (const auto h = hyphenated_value(w); h && open) {
      current += *h;
      last = Last::kUnit;
    } else if (const auto s = unit_value(w);
               s && *s < 10 && (open || (last == Last::kTensWord && current % 10 == 0))) {
      current += *s;
      last = Last::kUnit;
    } else if (s && *s >= 10 && open) {
      current += *s;
      last = Last::kTeen;
    } else if (const auto t = tens_value(w); t && open) {
      current += *t;
      last = Last::kTensWord;
    } else if (w == "a" && j == i && j + 1 < p.size() && p[j].trail.empty() &&
               (p[j + 1].lower == "hundred" || p[j + 1].lower == "thousand")) {
      current = 1;
      last = Last::kUnit;
      any = true;
      ++j;  // "a" is not the end of a number: "hundred" or "thousand" follows
      continue;
    } else if (w == "hundred" && any && last == Last::kUnit && current % 100 >= 1 && current % 100 <= 9) {
      current = current - current % 100 + (current % 100) * 100;
      last = Last::kHundred;
    } else if (w == "thousand" && any && current > 0 && current < 1000 && total == 0) {
      total = current * 1000;
      current = 0;
      last = Last::kThousand;
    } else if (w == "and" && any && (last == Last::kHundred || last == Last::kThousand) && j + 1 < p.size() &&
               p[j].trail.empty() && is_number_word(p[j + 1].lower)) {
      ++j;  // "one hundred and ten": the "and" belongs to the number only with a number after it
      continue;
    } else if (w == "and" && any && p[j].trail.empty() && j + 2 < p.size() && p[j + 1].lower == "a" &&
               p[j + 1].trail.empty() && p[j + 2].lower == "half") {
      frac = 0.5;
      end = j + 3;
      break;
    } else if (w == "point" && any && p[j].trail.empty() && j + 1 < p.size() && unit_value(p[j + 1].lower) &&
               *unit_value(p[j + 1].lower) < 10) {
      // "seven point five", "seven point two five": one digit per word.
      double scale = 0.1;
      std::size_t k = j + 1;
      while (k < p.size() && unit_value(p[k].lower) && *unit_value(p[k].lower) < 10 &&
             (k == j + 1 || p[k - 1].trail.empty())) {
        frac += scale * *unit_value(p[k].lower);
        scale /= 10;
        ++k;
      }
      end = k;
      break;
    } else {
      break;
    }
    any = true;
    ++j;
    end = j;
  }
  if (!any || end == i) return std::nullopt;
  return SpokenCardinal{static_cast<double>(total + current) + frac, end - i};
}

}  // namespace

std::string numbers_as_digits(std::string_view text) {
  const std::vector<DictatedWord> p = dictated_words(text);
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < p.size()) {
    auto num = parse_cardinal_at(p, i);
    if (num && num->n == 1 && (p[i].lower == "one") &&
        !(i + 1 < p.size() && p[i].trail.empty() && is_unit_noun(p[i + 1].lower))) {
      num.reset();  // a lone "one" is as often a pronoun as a number
    }
    if (!num) {
      out.push_back(p[i].lead + p[i].core + p[i].trail);
      ++i;
      continue;
    }
    std::size_t j = i + num->n;
    std::string written = format_number(num->value);
    std::string trail = p[j - 1].trail;
    if (trail.empty() && j + 2 < p.size() && p[j].lower == "out" && p[j].trail.empty() &&
        p[j + 1].lower == "of" && p[j + 1].trail.empty() && p[j + 2].lead.empty()) {
      if (auto of = parse_cardinal_at(p, j + 2)) {
        written += "/" + format_number(of->value);
        j += 2 + of->n;
        trail = p[j - 1].trail;
      }
    } else if (trail.empty() && j < p.size() && p[j].lower == "percent") {
      written += " %";
      trail = p[j].trail;
      ++j;
    } else if (trail.empty() && j + 1 < p.size() && p[j].lower == "per" && p[j].trail.empty() &&
               p[j + 1].lower == "cent") {
      written += " %";
      trail = p[j + 1].trail;
      j += 2;
    }
    out.push_back(p[i].lead + written + trail);
    i = j;
  }
  std::string joined;
  for (const auto& w : out) {
    if (!joined.empty()) joined += ' ';
    joined += w;
  }
  return joined;
}

std::vector<UncertainWord> uncertain_words(const Segment& segment) {
  std::vector<UncertainWord> out;
  for (const auto& w : segment.words)
    if (w.confidence && *w.confidence < kLowWordConfidence) out.push_back({w.text, *w.confidence});
  return out;
}

nlohmann::ordered_json dictation_suggestions_to_json(const Transcript& t, std::string_view section) {
  using oj = nlohmann::ordered_json;
  oj out = oj::array();
  for (std::size_t i = 0; i < t.segments.size(); ++i) {
    const Segment& seg = t.segments[i];
    const std::string sentence = dictated_sentence(numbers_as_digits(seg.text));
    if (sentence.empty()) continue;
    oj item;
    item["index"] = out.size();
    item["kind"] = "dictation";
    item["section"] = std::string(section);
    item["sentence"] = sentence;
    item["said"] = seg.text;
    item["segment"] = i;
    item["begin"] = 0;
    item["end"] = seg.text.size();
    item["red_flag"] = false;
    item["start_s"] = seg.start_s ? oj(*seg.start_s) : oj(nullptr);
    item["end_s"] = seg.end_s ? oj(*seg.end_s) : oj(nullptr);
    oj unsure = oj::array();
    for (const auto& u : uncertain_words(seg))
      unsure.push_back({{"word", u.word}, {"confidence", u.confidence}});
    item["uncertain"] = std::move(unsure);
    item["decision"] = nullptr;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace physio::scribe
