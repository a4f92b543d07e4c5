#include "scribe/numbers.hpp"

#include <cmath>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "core/text.hpp"

namespace physio::scribe {
namespace {

const std::map<std::string_view, int>& units() {
  static const std::map<std::string_view, int> m = {
      {"zero", 0},      {"nought", 0},   {"one", 1},      {"two", 2},        {"three", 3},
      {"four", 4},      {"five", 5},     {"six", 6},      {"seven", 7},      {"eight", 8},
      {"nine", 9},      {"ten", 10},     {"eleven", 11},  {"twelve", 12},    {"thirteen", 13},
      {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},
      {"nineteen", 19}};
  return m;
}
const std::map<std::string_view, int>& tens() {
  static const std::map<std::string_view, int> m = {{"twenty", 20}, {"thirty", 30}, {"forty", 40},
                                                    {"fifty", 50},  {"sixty", 60},  {"seventy", 70},
                                                    {"eighty", 80}, {"ninety", 90}};
  return m;
}

bool is(const std::vector<Tok>& t, std::size_t i, std::size_t last, std::string_view w) {
  return i < last && t[i].text == w;
}

// "and a half" / "and half" / ".5" after a whole number.
std::size_t half_suffix(const std::vector<Tok>& t, std::size_t i, std::size_t last) {
  if (is(t, i, last, "and") && is(t, i + 1, last, "a") && is(t, i + 2, last, "half")) return 3;
  if (is(t, i, last, "and") && is(t, i + 1, last, "half")) return 2;
  if (is(t, i, last, "point") && is(t, i + 1, last, "five")) return 2;
  return 0;
}

}  // namespace

std::optional<SpokenNumber> parse_number_at(const std::vector<Tok>& t, std::size_t i, std::size_t last,
                                            bool allow_article) {
  if (i >= last) return std::nullopt;
  const std::string& w = t[i].text;
  SpokenNumber out;
  if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) {
    auto v = parse_double(w);
    if (!v || !std::isfinite(*v)) return std::nullopt;
    out = {*v, 1};
  } else if (auto u = units().find(w); u != units().end()) {
    out = {static_cast<double>(u->second), 1};
  } else if (auto tn = tens().find(w); tn != tens().end()) {
    out = {static_cast<double>(tn->second), 1};
    if (i + 1 < last) {
      // "twenty one", "twenty-one" (the hyphen is kept inside a word by the tokenizer only between letters).
      if (auto u2 = units().find(t[i + 1].text); u2 != units().end() && u2->second > 0 && u2->second < 10) {
        out.value += u2->second;
        out.n_tokens = 2;
      }
    }
  } else if (w.find('-') != std::string::npos) {
    auto dash = w.find('-');
    auto tn2 = tens().find(std::string_view(w).substr(0, dash));
    auto u2 = units().find(std::string_view(w).substr(dash + 1));
    if (tn2 == tens().end() || u2 == units().end()) return std::nullopt;
    out = {static_cast<double>(tn2->second + u2->second), 1};
  } else if (w == "half" || (w == "a" && is(t, i + 1, last, "half"))) {
    out = {0.5, w == "a" ? std::size_t{2} : std::size_t{1}};
    return out;
  } else if (allow_article && (w == "a" || w == "an" || w == "one")) {
    if (is(t, i + 1, last, "couple")) {
      std::size_t n = is(t, i + 2, last, "of") ? 3 : 2;
      return SpokenNumber{2, n};
    }
    if (is(t, i + 1, last, "half")) return std::nullopt;
    out = {1, 1};
  } else if (allow_article && w == "couple") {
    std::size_t n = is(t, i + 1, last, "of") ? 2 : 1;
    return SpokenNumber{2, n};
  } else {
    return std::nullopt;
  }
  if (std::size_t h = half_suffix(t, i + out.n_tokens, last); h > 0 && out.value == std::floor(out.value)) {
    out.value += 0.5;
    out.n_tokens += h;
  }
  return out;
}

std::optional<SpokenRange> parse_range_at(const std::vector<Tok>& t, std::size_t i, std::size_t last,
                                          bool allow_article) {
  std::size_t start = i;
  bool between = false;
  if (is(t, i, last, "between")) {
    between = true;
    ++i;
  }
  auto a = parse_number_at(t, i, last, allow_article);
  if (!a) return std::nullopt;
  std::size_t j = i + a->n_tokens;
  SpokenRange r{a->value, a->value, j - start};
  bool sep = is(t, j, last, "or") || is(t, j, last, "to") || is(t, j, last, "through") ||
             is(t, j, last, "-") || (between && is(t, j, last, "and"));
  // Two whole numbers said one after the other, the second the next ("a seven eight", "two three weeks"):
  // a range said without its "or".
  if (!sep && !between && a->value == std::floor(a->value) && a->value >= 0 && a->value < 100)
    if (auto b = parse_number_at(t, j, last, false); b && b->n_tokens == 1 && b->value == a->value + 1) {
      r.high = b->value;
      r.n_tokens = j + 1 - start;
      return r;
    }
  if (sep) {
    // "six or a seven"
    std::size_t k = j + 1;
    if (is(t, k, last, "a")) ++k;
    if (auto b = parse_number_at(t, k, last, false); b && b->value > a->value) {
      r.high = b->value;
      r.n_tokens = k + b->n_tokens - start;
    }
  }
  if (between && r.high == r.low) return std::nullopt;
  return r;
}

std::optional<double> unit_days(std::string_view w) {
  static const std::map<std::string_view, double> m = {
      {"day", 1},    {"days", 1},    {"day's", 1},  {"week's", 7},  {"month's", 30},    {"year's", 365},
      {"night", 1},  {"nights", 1},  {"week", 7},   {"weeks", 7},   {"fortnight", 14},  {"fortnights", 14},
      {"month", 30}, {"months", 30}, {"year", 365}, {"years", 365}, {"hour", 1.0 / 24}, {"hours", 1.0 / 24}};
  auto it = m.find(w);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::string format_number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e12) return fmt::format("{}", static_cast<long long>(v));
  std::string s = fmt::format("{:.3f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string format_range(double low, double high) {
  if (low == high) return format_number(low);
  return format_number(low) + "-" + format_number(high);
}

}  // namespace physio::scribe
