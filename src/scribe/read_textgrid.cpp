// Praat TextGrid reader. Both of Praat's text layouts (long: "xmin = 0", short: bare values) are the same
// sequence of numbers and quoted strings once labels are skipped, so one tokenizer reads both.
#include <algorithm>
#include <cctype>
#include <string>

#include "core/text.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe {
namespace {

struct Token {
  bool is_string = false;
  std::string text;
  double number = 0;
  std::size_t line = 0;
};

Result<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t line = 1;
  std::size_t i = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '"') {
      Token t{true, {}, 0, line};
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            t.text.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (s[i] == '\n') ++line;
        t.text.push_back(s[i++]);
      }
      if (!closed) return fail(ErrorCode::kParse, "line {}: a text that is never closed by '\"'", t.line);
      out.push_back(std::move(t));
    } else if (c == '[') {
      // "item [1]:", "intervals [3]:": an index, not a value.
      std::size_t close = s.find(']', i);
      i = close == std::string_view::npos ? s.size() : close + 1;
    } else if (c == '!') {
      // A comment to the end of the line.
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.') {
      std::size_t j = i;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      auto v = parse_double(s.substr(i, j - i));
      if (!v) return fail(ErrorCode::kParse, "line {}: \"{}\" is not a number", line, s.substr(i, j - i));
      out.push_back(Token{false, {}, *v, line});
      i = j;
    } else {
      // Labels ("xmin", "=", "intervals:", "size", "<exists>") carry no value.
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '"' && s[i] != '[')
        ++i;
    }
  }
  return out;
}

class Cursor {
 public:
  explicit Cursor(const std::vector<Token>& t) : t_(t) {}
  Result<double> number(const char* what) {
    if (i_ >= t_.size()) return fail(ErrorCode::kCorrupt, "the file ends where {} was expected", what);
    const Token& t = t_[i_++];
    if (t.is_string)
      return fail(ErrorCode::kParse, "line {}: {}: expected a number, got \"{}\"", t.line, what, t.text);
    return t.number;
  }
  Result<std::string> string(const char* what) {
    if (i_ >= t_.size()) return fail(ErrorCode::kCorrupt, "the file ends where {} was expected", what);
    const Token& t = t_[i_++];
    if (!t.is_string)
      return fail(ErrorCode::kParse, "line {}: {}: expected a quoted text, got {}", t.line, what, t.number);
    return t.text;
  }
  std::size_t line() const { return i_ < t_.size() ? t_[i_].line : (t_.empty() ? 0 : t_.back().line); }

 private:
  const std::vector<Token>& t_;
  std::size_t i_ = 0;
};

Speaker speaker_from_tier(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (name.starts_with("doctor") || name.starts_with("clinician") || name.starts_with("physio") ||
      name.starts_with("therapist"))
    return Speaker::kClinician;
  if (name.starts_with("patient")) return Speaker::kPatient;
  return Speaker::kUnknown;
}

Result<Transcript> parse_tokens(const std::vector<Token>& toks, const std::string& source,
                                std::optional<Speaker> speaker) {
  Cursor c(toks);
  std::string file_type = PHYSIO_TRY(c.string("the file type"));
  std::string object_class = PHYSIO_TRY(c.string("the object class"));
  if (file_type != "ooTextFile" || object_class != "TextGrid")
    return fail(ErrorCode::kUnsupported,
                "line 1: expected a Praat TextGrid text file (ooTextFile, TextGrid)");
  PHYSIO_TRY(c.number("xmin"));
  PHYSIO_TRY(c.number("xmax"));
  double n_tiers = PHYSIO_TRY(c.number("the number of tiers"));
  if (n_tiers < 0 || n_tiers > 1000)
    return fail(ErrorCode::kParse, "line {}: tier count {}", c.line(), n_tiers);
  Transcript t;
  t.source = source;
  for (int k = 0; k < static_cast<int>(n_tiers); ++k) {
    std::string cls = PHYSIO_TRY(c.string("the tier class"));
    std::string name = PHYSIO_TRY(c.string("the tier name"));
    PHYSIO_TRY(c.number("tier xmin"));
    PHYSIO_TRY(c.number("tier xmax"));
    std::size_t size_line = c.line();
    double n = PHYSIO_TRY(c.number("the interval count"));
    if (n < 0 || n > 1e7) return fail(ErrorCode::kParse, "line {}: interval count {}", size_line, n);
    bool interval = cls == "IntervalTier";
    if (!interval && cls != "TextTier")
      return fail(ErrorCode::kParse, "line {}: tier class \"{}\": expected IntervalTier or TextTier",
                  size_line, cls);
    Speaker who = speaker ? *speaker : speaker_from_tier(name);
    for (int m = 0; m < static_cast<int>(n); ++m) {
      std::size_t line = c.line();
      double a = PHYSIO_TRY(c.number("xmin"));
      double b = interval ? PHYSIO_TRY(c.number("xmax")) : a;
      std::string text = PHYSIO_TRY(c.string("text"));
      if (b < a) return fail(ErrorCode::kParse, "line {}: xmax {} is before xmin {}", line, b, a);
      std::string clean = strip_markup(text);
      if (clean.empty()) continue;
      Segment seg;
      seg.speaker = who;
      seg.start_s = a;
      seg.end_s = b;
      seg.text = std::move(clean);
      t.segments.push_back(std::move(seg));
    }
  }
  std::stable_sort(t.segments.begin(), t.segments.end(),
                   [](const Segment& x, const Segment& y) { return *x.start_s < *y.start_s; });
  t.speakers_known = std::any_of(t.segments.begin(), t.segments.end(),
                                 [](const Segment& s) { return s.speaker != Speaker::kUnknown; });
  return t;
}

}  // namespace

Result<Transcript> parse_textgrid(std::string_view text, const std::string& source,
                                  std::optional<Speaker> speaker) {
  auto toks = tokenize(text);
  if (!toks) return std::unexpected(std::move(toks).error().with_context(source));
  auto t = parse_tokens(*toks, source, speaker);
  if (!t) return std::unexpected(std::move(t).error().with_context(source));
  return t;
}

Result<Transcript> merge_channels(Transcript clinician, Transcript patient) {
  Transcript out;
  out.source = clinician.source + " + " + patient.source;
  out.speakers_known = true;
  for (auto& s : clinician.segments) {
    s.speaker = Speaker::kClinician;
    out.segments.push_back(std::move(s));
  }
  for (auto& s : patient.segments) {
    s.speaker = Speaker::kPatient;
    out.segments.push_back(std::move(s));
  }
  // Clinician segments come first, so a stable sort puts the clinician first on equal start times.
  std::stable_sort(out.segments.begin(), out.segments.end(), [](const Segment& x, const Segment& y) {
    return x.start_s.value_or(0) < y.start_s.value_or(0);
  });
  return out;
}

}  // namespace physio::scribe
