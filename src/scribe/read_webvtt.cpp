// WebVTT transcripts (see scribe/uploaded_transcript.hpp).
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "scribe/uploaded_transcript.hpp"

namespace physio::scribe {
namespace {

std::vector<std::string_view> vtt_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  while (b <= text.size()) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = text.substr(b, e - b);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out.push_back(l);
    if (e == text.size()) break;
    b = e + 1;
  }
  return out;
}

std::string_view vtt_trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

/// One cue's payload: its text without markup, its speaker from a voice tag, and its words with the times
/// of the inline timestamps before them.
struct VttPayload {
  std::string text;
  std::optional<std::string> voice;
  std::vector<Word> words;
};

VttPayload read_vtt_payload(const std::string& raw, double cue_start, double cue_end) {
  VttPayload p;
  std::optional<double> at = cue_start;
  bool timed = false;
  std::vector<std::pair<std::string, std::optional<double>>> pieces;  // words with their start
  std::string word;
  auto flush = [&] {
    if (!word.empty()) pieces.emplace_back(word, at);
    word.clear();
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '<') {
      const auto close = raw.find('>', i);
      if (close == std::string::npos) {
        word += c;
        continue;
      }
      const std::string tag = raw.substr(i + 1, close - i - 1);
      if (!tag.empty() && std::isdigit(static_cast<unsigned char>(tag[0]))) {
        flush();
        if (auto t = detail::parse_clock(tag, '.')) {
          at = *t;
          timed = true;
        }
      } else if (tag.starts_with("v ") || tag.starts_with("v.")) {
        const auto space = tag.find(' ');
        if (space != std::string::npos && !p.voice) p.voice = std::string(vtt_trim(tag.substr(space + 1)));
      }
      i = close;
      continue;
    }
    bool entity = false;
    if (c == '&') {  // the entities WebVTT defines
      for (auto [ent, ch] : {std::pair{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", " "}}) {
        const std::string_view e(ent);
        if (raw.compare(i, e.size(), e) != 0) continue;
        if (std::string_view(ch) == " ")
          flush();
        else
          word += ch;
        i += e.size() - 1;
        entity = true;
        break;
      }
    }
    if (entity) continue;
    if (std::isspace(static_cast<unsigned char>(c)))
      flush();
    else
      word += c;
  }
  flush();
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    if (!p.text.empty()) p.text += ' ';
    p.text += pieces[k].first;
    if (timed) {
      // A word runs from its timestamp to the next word's (or the cue's end).
      std::optional<double> end =
          k + 1 < pieces.size() ? pieces[k + 1].second : std::optional<double>(cue_end);
      p.words.push_back({pieces[k].first, pieces[k].second, end, std::nullopt});
    }
  }
  return p;
}

}  // namespace

Result<Transcript> parse_webvtt(std::string_view text, const std::string& source) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto lines = vtt_lines(text);
  if (lines.empty() ||
      !(lines[0] == "WEBVTT" || lines[0].starts_with("WEBVTT ") || lines[0].starts_with("WEBVTT\t")))
    return fail(ErrorCode::kParse, "{}: line 1: a WebVTT file starts with \"WEBVTT\"", source);
  Transcript t;
  t.source = source;
  std::vector<std::size_t> cue_lines;
  std::size_t i = 1;
  // The header runs to the first blank line.
  while (i < lines.size() && !vtt_trim(lines[i]).empty()) ++i;
  while (i < lines.size()) {
    if (vtt_trim(lines[i]).empty()) {
      ++i;
      continue;
    }
    const std::size_t block = i;
    std::string_view first = lines[i];
    if (first.starts_with("NOTE") || first.starts_with("STYLE") || first.starts_with("REGION")) {
      while (i < lines.size() && !vtt_trim(lines[i]).empty()) ++i;
      continue;
    }
    // An optional identifier line, then the timing line.
    if (first.find("-->") == std::string_view::npos) {
      ++i;
      if (i >= lines.size() || lines[i].find("-->") == std::string_view::npos)
        return fail(ErrorCode::kParse,
                    "{}: line {}: expected a cue timing line \"00:00:01.000 --> 00:00:02.500\"", source,
                    block + 2 > lines.size() ? block + 1 : block + 2);
    }
    const std::size_t timing_line = i + 1;
    const std::string_view timing = lines[i];
    const auto arrow = timing.find("-->");
    const std::string_view a = vtt_trim(timing.substr(0, arrow));
    std::string_view rest = vtt_trim(timing.substr(arrow + 3));
    const std::string_view b = rest.substr(0, rest.find_first_of(" \t"));
    const auto start = detail::parse_clock(a, '.');
    const auto end = detail::parse_clock(b, '.');
    if (!start || !end)
      return fail(ErrorCode::kParse,
                  "{}: line {}: '{}' is not a cue timing (mm:ss.ttt or hh:mm:ss.ttt --> ...)", source,
                  timing_line, std::string(timing));
    ++i;
    std::string raw;
    while (i < lines.size() && !vtt_trim(lines[i]).empty()) {
      if (lines[i].find("-->") != std::string_view::npos)
        return fail(ErrorCode::kParse,
                    "{}: line {}: a cue timing inside a cue's text (a blank line is missing)", source, i + 1);
      if (!raw.empty()) raw += ' ';
      raw += std::string(lines[i]);
      ++i;
    }
    VttPayload p = read_vtt_payload(raw, *start, *end);
    Segment s;
    s.start_s = *start;
    s.end_s = *end;
    s.text = p.text;
    s.words = std::move(p.words);
    if (p.voice) {
      s.speaker = detail::speaker_of_label(*p.voice);
    } else {
      auto [who, body] = detail::split_speaker_label(s.text);
      if (who && body.size() < s.text.size()) {
        // The label's words are not words said.
        const std::string label = s.text.substr(0, s.text.size() - body.size());
        std::size_t n = 0;
        for (std::size_t k = 0; k < label.size(); ++k)
          if (label[k] != ' ' && (k == 0 || label[k - 1] == ' ')) ++n;
        s.words.erase(s.words.begin(),
                      s.words.begin() + static_cast<std::ptrdiff_t>(std::min(n, s.words.size())));
        s.speaker = *who;
        s.text = body;
      }
    }
    t.segments.push_back(std::move(s));
    cue_lines.push_back(timing_line);
  }
  PHYSIO_TRY(detail::check_cues(t, source, cue_lines));
  // Empty cues carry nothing to cite.
  std::erase_if(t.segments, [](const Segment& s) { return s.text.empty(); });
  t.speakers_known = !t.segments.empty();
  for (const auto& s : t.segments)
    if (s.speaker != Speaker::kClinician && s.speaker != Speaker::kPatient) t.speakers_known = false;
  return t;
}

}  // namespace physio::scribe
