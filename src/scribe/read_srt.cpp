// SRT (SubRip) transcripts (see scribe/uploaded_transcript.hpp).
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "scribe/uploaded_transcript.hpp"

namespace physio::scribe {
namespace {

std::string_view srt_trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool srt_all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

Result<Transcript> parse_srt(std::string_view text, const std::string& source) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string_view> lines;
  for (std::size_t b = 0; b <= text.size();) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = text.substr(b, e - b);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    if (e == text.size()) break;
    b = e + 1;
  }
  Transcript t;
  t.source = source;
  std::vector<std::size_t> cue_lines;
  std::size_t i = 0;
  while (i < lines.size()) {
    if (srt_trim(lines[i]).empty()) {
      ++i;
      continue;
    }
    if (!srt_all_digits(srt_trim(lines[i])))
      return fail(ErrorCode::kParse, "{}: line {}: expected the number of a subtitle block, got '{}'", source,
                  i + 1, std::string(srt_trim(lines[i]).substr(0, 60)));
    ++i;
    if (i >= lines.size() || lines[i].find("-->") == std::string_view::npos)
      return fail(ErrorCode::kParse, "{}: line {}: expected a timing line \"00:00:01,000 --> 00:00:02,500\"",
                  source, i + 1);
    const std::string_view timing = lines[i];
    const auto arrow = timing.find("-->");
    const std::string_view a = srt_trim(timing.substr(0, arrow));
    std::string_view rest = srt_trim(timing.substr(arrow + 3));
    const std::string_view b = rest.substr(0, rest.find_first_of(" \t"));
    // SRT writes a comma before the milliseconds; a full stop is read too (some tools write it).
    auto clock = [](std::string_view v) {
      auto c = detail::parse_clock(v, ',');
      return c ? c : detail::parse_clock(v, '.');
    };
    const auto start = clock(a), end = clock(b);
    if (!start || !end)
      return fail(ErrorCode::kParse, "{}: line {}: '{}' is not a timing (hh:mm:ss,mmm --> hh:mm:ss,mmm)",
                  source, i + 1, std::string(timing));
    const std::size_t timing_line = i + 1;
    ++i;
    std::string body;
    while (i < lines.size() && !srt_trim(lines[i]).empty()) {
      if (!body.empty()) body += ' ';
      body += std::string(srt_trim(lines[i]));
      ++i;
    }
    Segment s;
    s.start_s = *start;
    s.end_s = *end;
    s.text = strip_markup(body);  // <i>, <b>, <font ...>
    auto [who, rest_text] = detail::split_speaker_label(s.text);
    if (who) {
      s.speaker = *who;
      s.text = rest_text;
    }
    t.segments.push_back(std::move(s));
    cue_lines.push_back(timing_line);
  }
  if (t.segments.empty())
    return fail(ErrorCode::kParse, "{}: no subtitle blocks: is this an SRT file?", source);
  PHYSIO_TRY(detail::check_cues(t, source, cue_lines));
  std::erase_if(t.segments, [](const Segment& s) { return s.text.empty(); });
  t.speakers_known = !t.segments.empty();
  for (const auto& s : t.segments)
    if (s.speaker != Speaker::kClinician && s.speaker != Speaker::kPatient) t.speakers_known = false;
  return t;
}

}  // namespace physio::scribe
