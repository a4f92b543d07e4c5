// Checks and helpers shared by the readers of uploaded transcripts (see the header).
#include "scribe/uploaded_transcript.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace physio::scribe {
namespace {

/// The 1-based line of the first byte that is not UTF-8 (or a NUL), or 0 when all is well.
std::size_t first_non_utf8_line(std::string_view s) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') ++line;
    if (c == 0) return line;
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return line;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return line;
    // Overlong forms and surrogates are not UTF-8 either.
    if (n == 2 && c < 0xC2) return line;
    if (n == 3) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return line;
    }
    if (n == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return line;
    }
    i += n;
  }
  return 0;
}

std::string upload_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<UploadedFormat> parse_uploaded_format(std::string_view name) {
  const std::string n = upload_lower(name);
  if (n == "webvtt" || n == "vtt") return UploadedFormat::kWebVtt;
  if (n == "srt") return UploadedFormat::kSrt;
  if (n == "whisper" || n == "whisper-json") return UploadedFormat::kWhisperJson;
  return std::nullopt;
}

const char* uploaded_format_name(UploadedFormat f) {
  switch (f) {
    case UploadedFormat::kWebVtt:
      return "webvtt";
    case UploadedFormat::kSrt:
      return "srt";
    case UploadedFormat::kWhisperJson:
      return "whisper";
  }
  return "webvtt";
}

std::optional<UploadedFormat> detect_uploaded_format(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  text.remove_prefix(i);
  if (text.starts_with("WEBVTT")) return UploadedFormat::kWebVtt;
  if (text.starts_with("{")) return UploadedFormat::kWhisperJson;
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0])) &&
      text.substr(0, std::min<std::size_t>(text.size(), 200)).find("-->") != std::string_view::npos)
    return UploadedFormat::kSrt;
  return std::nullopt;
}

Result<Transcript> parse_uploaded_transcript(std::string_view text, UploadedFormat format,
                                             const std::string& source) {
  if (text.size() > kMaxUploadedTranscriptBytes)
    return fail(ErrorCode::kInvalidArgument, "{}: {} bytes, more than the {} MiB a transcript may have",
                source, text.size(), kMaxUploadedTranscriptBytes >> 20);
  if (const std::size_t line = first_non_utf8_line(text); line > 0)
    return fail(ErrorCode::kParse, "{}: line {}: not UTF-8 text (save the transcript as UTF-8)", source,
                line);
  switch (format) {
    case UploadedFormat::kWebVtt:
      return parse_webvtt(text, source);
    case UploadedFormat::kSrt:
      return parse_srt(text, source);
    case UploadedFormat::kWhisperJson:
      return parse_whisper_json(text, source);
  }
  return fail(ErrorCode::kUnsupported, "{}: unknown transcript format", source);
}

namespace detail {

std::optional<double> parse_clock(std::string_view t, char sep) {
  // [hh:]mm:ss<sep>fff with 1-3 fraction digits; hours of any width, minutes and seconds below 60.
  std::vector<long> parts;
  std::size_t i = 0;
  while (true) {
    const std::size_t b = i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == b || i - b > 9) return std::nullopt;
    parts.push_back(std::stol(std::string(t.substr(b, i - b))));
    if (i < t.size() && t[i] == ':') {
      ++i;
      continue;
    }
    break;
  }
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  if (i >= t.size() || t[i] != sep) return std::nullopt;
  ++i;
  const std::size_t fb = i;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == fb || i - fb > 3 || i != t.size()) return std::nullopt;
  double frac = std::stod(std::string(t.substr(fb, i - fb))) / std::pow(10.0, static_cast<double>(i - fb));
  const long h = parts.size() == 3 ? parts[0] : 0;
  const long m = parts[parts.size() - 2];
  const long s = parts.back();
  if (m > 59 || s > 59) return std::nullopt;
  return static_cast<double>(h * 3600 + m * 60 + s) + frac;
}

Speaker speaker_of_label(std::string_view label) {
  const std::string n = upload_lower(label);
  if (n.starts_with("doctor") || n == "dr" || n == "dr." || n.starts_with("dr ") || n.starts_with("dr. ") ||
      n.starts_with("clinician") || n.starts_with("physio") || n.starts_with("therapist"))
    return Speaker::kClinician;
  if (n.starts_with("patient")) return Speaker::kPatient;
  return n.empty() ? Speaker::kUnknown : Speaker::kOther;
}

std::pair<std::optional<Speaker>, std::string> split_speaker_label(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  std::string_view rest = text.substr(i);
  std::string_view label;
  std::size_t after = 0;
  if (rest.starts_with("[")) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos || close > 40) return {std::nullopt, std::string(text)};
    label = rest.substr(1, close - 1);
    after = close + 1;
    if (after < rest.size() && rest[after] == ':') ++after;
  } else {
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 30) return {std::nullopt, std::string(text)};
    label = rest.substr(0, colon);
    // A label is one or two words of letters, digits and underscores ("Doctor", "Patient", "SPEAKER_01").
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != ' ' && c != '.')
        return {std::nullopt, std::string(text)};
    if (std::count(label.begin(), label.end(), ' ') > 1) return {std::nullopt, std::string(text)};
    after = colon + 1;
  }
  const Speaker s = speaker_of_label(label);
  if (s != Speaker::kClinician && s != Speaker::kPatient) {
    // Only a label naming a role is taken out ("Note: ..." is text); a numbered speaker names no role.
    const std::string l = upload_lower(label);
    if (!l.starts_with("speaker")) return {std::nullopt, std::string(text)};
    std::string body(rest.substr(after));
    while (!body.empty() && body.front() == ' ') body.erase(body.begin());
    return {Speaker::kUnknown, body};
  }
  std::string body(rest.substr(after));
  while (!body.empty() && body.front() == ' ') body.erase(body.begin());
  return {s, body};
}

Status check_cues(const Transcript& t, const std::string& source, const std::vector<std::size_t>& lines) {
  auto where = [&](std::size_t k) {
    return k < lines.size() && lines[k] > 0 ? fmt::format("line {} (cue {})", lines[k], k + 1)
                                            : fmt::format("cue {}", k + 1);
  };
  bool words = false;
  for (std::size_t k = 0; k < t.segments.size(); ++k) {
    const Segment& s = t.segments[k];
    if (!s.text.empty()) words = true;
    if (s.start_s && s.end_s && *s.end_s < *s.start_s)
      return fail(ErrorCode::kParse, "{}: {}: ends at {:.3f} s, before it starts at {:.3f} s", source,
                  where(k), *s.end_s, *s.start_s);
    if (k > 0 && s.start_s && t.segments[k - 1].start_s && *s.start_s < *t.segments[k - 1].start_s)
      return fail(ErrorCode::kParse,
                  "{}: {}: starts at {:.3f} s, before the cue before it ({:.3f} s): times out "
                  "of order",
                  source, where(k), *s.start_s, *t.segments[k - 1].start_s);
    for (std::size_t w = 1; w < s.words.size(); ++w)
      if (s.words[w].start_s && s.words[w - 1].start_s && *s.words[w].start_s < *s.words[w - 1].start_s)
        return fail(ErrorCode::kParse, "{}: {}: the word \"{}\" starts before the word before it", source,
                    where(k), s.words[w].text);
  }
  if (!words) return fail(ErrorCode::kParse, "{}: no words: the transcript has no cue with text", source);
  return ok();
}

}  // namespace detail
}  // namespace physio::scribe
