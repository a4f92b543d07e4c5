#include "scribe/wer.hpp"

#include <array>
#include <cctype>
#include <set>

#include "scribe/transcript.hpp"

namespace physio::scribe {
namespace {

const std::array<const char*, 20> kOnes = {"zero",    "one",     "two",       "three",    "four",
                                           "five",    "six",     "seven",     "eight",    "nine",
                                           "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                           "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
const std::array<const char*, 10> kTens = {"",      "",      "twenty",  "thirty", "forty",
                                           "fifty", "sixty", "seventy", "eighty", "ninety"};

void below_thousand(unsigned n, std::vector<std::string>& out) {
  if (n >= 100) {
    out.emplace_back(kOnes[n / 100]);
    out.emplace_back("hundred");
    n %= 100;
    if (n == 0) return;
  }
  if (n < 20) {
    out.emplace_back(kOnes[n]);
    return;
  }
  out.emplace_back(kTens[n / 10]);
  if (n % 10) out.emplace_back(kOnes[n % 10]);
}

void integer_words(unsigned n, std::vector<std::string>& out) {
  if (n == 0) {
    out.emplace_back("zero");
    return;
  }
  if (n >= 1000) {
    below_thousand(n / 1000, out);
    out.emplace_back("thousand");
    n %= 1000;
    if (n == 0) return;
  }
  below_thousand(n, out);
}

void number_words(const std::string& w, std::vector<std::string>& out) {
  // Digits only, or digits '.' digits; anything longer than six digits is kept as written.
  std::size_t dot = w.find('.');
  std::string whole = w.substr(0, dot);
  if (whole.empty() || whole.size() > 6) {
    out.push_back(w);
    return;
  }
  integer_words(static_cast<unsigned>(std::stoul(whole)), out);
  if (dot != std::string::npos) {
    out.emplace_back("point");
    for (char c : w.substr(dot + 1)) out.emplace_back(kOnes[static_cast<unsigned>(c - '0')]);
  }
}

bool all_digits(const std::string& w) {
  bool dot = false;
  for (char c : w) {
    if (c == '.') {
      if (dot) return false;
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return !w.empty() && w.front() != '.' && w.back() != '.';
}

}  // namespace

std::vector<std::string> normalize_for_wer(std::string_view text) {
  static const std::set<std::string> kFillers = {"um",  "umm", "uh", "uhh", "uhm", "er",  "erm",    "ah",
                                                 "ahh", "hmm", "hm", "mm",  "mmm", "mhm", "mm-hmm", "uh-huh"};
  std::string s = strip_markup(text);
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && cur.back() == '\'') cur.pop_back();
    while (!cur.empty() && cur.front() == '\'') cur.erase(cur.begin());
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c)) {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (c == '\'' || (c == 0xE2 && s.substr(i, 3) == "\xE2\x80\x99")) {
      if (c == 0xE2) i += 2;
      if (!cur.empty()) cur.push_back('\'');
    } else if (c == '.' && !cur.empty() && std::isdigit(static_cast<unsigned char>(cur.back())) &&
               i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      cur.push_back('.');
    } else if (c == '-' && i > 0 && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i - 1])) &&
               std::isalpha(static_cast<unsigned char>(s[i + 1])) && !cur.empty()) {
      // Kept only to recognise "mm-hmm" and "uh-huh" below; other hyphenated words are split there.
      cur.push_back('-');
    } else {
      flush();
    }
  }
  flush();
  std::vector<std::string> out;
  for (const auto& w : words) {
    if (kFillers.count(w)) continue;
    if (w.find('-') != std::string::npos) {
      std::size_t start = 0;
      while (start <= w.size()) {
        std::size_t dash = w.find('-', start);
        std::string part = w.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
        if (!part.empty()) out.push_back(part);
        if (dash == std::string::npos) break;
        start = dash + 1;
      }
      continue;
    }
    if (all_digits(w))
      number_words(w, out);
    else
      out.push_back(w);
  }
  return out;
}

double WerCounts::wer() const {
  std::size_t errors = substitutions + deletions + insertions;
  if (reference_words == 0) return static_cast<double>(errors);
  return static_cast<double>(errors) / static_cast<double>(reference_words);
}

WerCounts& WerCounts::operator+=(const WerCounts& o) {
  substitutions += o.substitutions;
  deletions += o.deletions;
  insertions += o.insertions;
  reference_words += o.reference_words;
  return *this;
}

WerCounts compute_wer_words(const std::vector<std::string>& ref, const std::vector<std::string>& hyp) {
  const std::size_t n = ref.size();
  const std::size_t m = hyp.size();
  // Two rows of distances and one byte per cell for the step taken ([n + 1, m + 1]: 0 match/substitution,
  // 1 deletion, 2 insertion), so a 5000-word visit against 5000 words needs 25 MB, not 200.
  enum : unsigned char { kDiag = 0, kDel = 1, kIns = 2 };
  std::vector<unsigned char> step((n + 1) * (m + 1), kDiag);
  std::vector<std::size_t> prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) {
    prev[j] = j;
    step[j] = kIns;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    step[i * (m + 1)] = kDel;
    for (std::size_t j = 1; j <= m; ++j) {
      // Ties prefer substitution, then deletion, then insertion.
      std::size_t sub = prev[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1);
      std::size_t del = prev[j] + 1;
      std::size_t ins = cur[j - 1] + 1;
      unsigned char st = kDiag;
      std::size_t best = sub;
      if (del < best) best = del, st = kDel;
      if (ins < best) best = ins, st = kIns;
      cur[j] = best;
      step[i * (m + 1) + j] = st;
    }
    std::swap(prev, cur);
  }
  WerCounts c;
  c.reference_words = n;
  std::size_t i = n, j = m;
  while (i > 0 || j > 0) {
    unsigned char st = step[i * (m + 1) + j];
    if (i > 0 && j > 0 && st == kDiag) {
      if (ref[i - 1] != hyp[j - 1]) ++c.substitutions;
      --i;
      --j;
    } else if (i > 0 && (st == kDel || j == 0)) {
      ++c.deletions;
      --i;
    } else {
      ++c.insertions;
      --j;
    }
  }
  return c;
}

WerCounts compute_wer(std::string_view reference, std::string_view hypothesis) {
  return compute_wer_words(normalize_for_wer(reference), normalize_for_wer(hypothesis));
}

}  // namespace physio::scribe
