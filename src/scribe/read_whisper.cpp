// whisper.cpp JSON transcripts, `-oj` and `-ojf` (see scribe/uploaded_transcript.hpp).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scribe/uploaded_transcript.hpp"

namespace physio::scribe {
namespace {

using json = nlohmann::json;

std::string whisper_trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

/// A time in seconds from {"offsets": {"from": ms}} or {"timestamps": {"from": "hh:mm:ss,mmm"}}.
Result<std::optional<double>> whisper_time_of(const json& item, const char* which, const std::string& where,
                                              const std::string& source) {
  if (item.contains("offsets")) {
    const json& o = item["offsets"];
    if (!o.is_object() || !o.contains(which) || !o[which].is_number())
      return fail(ErrorCode::kParse, "{}: {}.offsets.{}: expected a number of milliseconds", source, where,
                  which);
    const double ms = o[which].get<double>();
    if (!std::isfinite(ms) || ms < 0)
      return fail(ErrorCode::kParse, "{}: {}.offsets.{}: {} is not a time", source, where, which, ms);
    return std::optional<double>(ms / 1000.0);
  }
  if (item.contains("timestamps")) {
    const json& o = item["timestamps"];
    if (!o.is_object() || !o.contains(which) || !o[which].is_string())
      return fail(ErrorCode::kParse, "{}: {}.timestamps.{}: expected \"hh:mm:ss,mmm\"", source, where, which);
    auto t = detail::parse_clock(o[which].get<std::string>(), ',');
    if (!t)
      return fail(ErrorCode::kParse, "{}: {}.timestamps.{}: '{}' is not a time hh:mm:ss,mmm", source, where,
                  which, o[which].get<std::string>());
    return std::optional<double>(*t);
  }
  return std::optional<double>();
}

}  // namespace

Result<Transcript> parse_whisper_json(std::string_view text, const std::string& source) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail(ErrorCode::kParse, "{}: not JSON", source);
  if (!doc.is_object() || !doc.contains("transcription") || !doc["transcription"].is_array())
    return fail(ErrorCode::kParse,
                "{}: transcription: missing (whisper.cpp's JSON, written with -oj or -ojf)", source);
  Transcript t;
  t.source = source;
  std::size_t k = 0;
  for (const json& item : doc["transcription"]) {
    const std::string where = fmt::format("transcription[{}]", k++);
    if (!item.is_object()) return fail(ErrorCode::kParse, "{}: {}: expected an object", source, where);
    if (!item.contains("text") || !item["text"].is_string())
      return fail(ErrorCode::kParse, "{}: {}.text: missing", source, where);
    Segment s;
    s.start_s = PHYSIO_TRY(whisper_time_of(item, "from", where, source));
    s.end_s = PHYSIO_TRY(whisper_time_of(item, "to", where, source));
    s.text = whisper_trimmed(item["text"].get<std::string>());
    if (item.contains("tokens")) {
      if (!item["tokens"].is_array())
        return fail(ErrorCode::kParse, "{}: {}.tokens: expected an array", source, where);
      // Words from the tokens: a token starting with a space starts a word; special tokens are left out.
      std::vector<Word> words;
      std::vector<int> n_tokens;
      std::size_t j = 0;
      for (const json& tok : item["tokens"]) {
        const std::string tw = fmt::format("{}.tokens[{}]", where, j++);
        if (!tok.is_object() || !tok.contains("text") || !tok["text"].is_string())
          return fail(ErrorCode::kParse, "{}: {}.text: missing", source, tw);
        const std::string piece = tok["text"].get<std::string>();
        if (piece.starts_with("[_") || piece.starts_with("<|") || whisper_trimmed(piece).empty()) continue;
        const auto from = PHYSIO_TRY(whisper_time_of(tok, "from", tw, source));
        const auto to = PHYSIO_TRY(whisper_time_of(tok, "to", tw, source));
        std::optional<double> p;
        if (tok.contains("p") && tok["p"].is_number()) p = tok["p"].get<double>();
        if (words.empty() || piece.front() == ' ') {
          words.push_back({whisper_trimmed(piece), from, to, p});
          n_tokens.push_back(1);
        } else {
          Word& w = words.back();
          w.text += whisper_trimmed(piece);
          if (to) w.end_s = to;
          if (p && w.confidence) w.confidence = *w.confidence + *p;
          ++n_tokens.back();
        }
      }
      for (std::size_t w = 0; w < words.size(); ++w)
        if (words[w].confidence) words[w].confidence = *words[w].confidence / n_tokens[w];
      if (!words.empty()) {
        std::string joined;
        for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w.text;
        s.text = joined;
        s.words = std::move(words);
      }
    }
    auto [who, body] = detail::split_speaker_label(s.text);
    if (who && body.size() < s.text.size()) {
      const std::string label = s.text.substr(0, s.text.size() - body.size());
      std::size_t n = 0;
      for (std::size_t c = 0; c < label.size(); ++c)
        if (label[c] != ' ' && (c == 0 || label[c - 1] == ' ')) ++n;
      s.words.erase(s.words.begin(),
                    s.words.begin() + static_cast<std::ptrdiff_t>(std::min(n, s.words.size())));
      s.speaker = *who;
      s.text = body;
    }
    if (item.contains("speaker") && item["speaker"].is_string() && s.speaker == Speaker::kUnknown) {
      const Speaker named = detail::speaker_of_label(item["speaker"].get<std::string>());
      // whisper.cpp's own speakers are numbers ("0", "1", "?"): they name no role.
      if (named == Speaker::kClinician || named == Speaker::kPatient) s.speaker = named;
    }
    t.segments.push_back(std::move(s));
  }
  PHYSIO_TRY(detail::check_cues(t, source, {}));
  std::erase_if(t.segments, [](const Segment& s) { return s.text.empty(); });
  t.speakers_known = !t.segments.empty();
  for (const auto& s : t.segments)
    if (s.speaker != Speaker::kClinician && s.speaker != Speaker::kPatient) t.speakers_known = false;
  return t;
}

}  // namespace physio::scribe
