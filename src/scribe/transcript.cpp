#include "scribe/transcript.hpp"

#include <cctype>

namespace physio::scribe {

const char* speaker_name(Speaker s) {
  switch (s) {
    case Speaker::kClinician:
      return "clinician";
    case Speaker::kPatient:
      return "patient";
    case Speaker::kOther:
      return "other";
    case Speaker::kUnknown:
      break;
  }
  return "unknown";
}

std::string strip_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') {
      std::size_t close = text.find('>', i);
      // A tag is "<" + letters/slash + ">"; a lone "<" (as in "< 5") stays.
      if (close != std::string_view::npos && close > i + 1 &&
          (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/')) {
        i = close;
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
        continue;
      }
    }
    char c = text[i];
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // A blank left before punctuation by a removed tag ("how </UNSURE>.").
  std::string tidy;
  tidy.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && i + 1 < out.size() && (out[i + 1] == '.' || out[i + 1] == ',' || out[i + 1] == '?'))
      continue;
    tidy.push_back(out[i]);
  }
  return tidy;
}

std::string search_text(const Transcript& t) {
  std::string out;
  for (const auto& s : t.segments) {
    if (!out.empty()) out += ' ';
    for (char c : s.text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

nlohmann::ordered_json transcript_to_json(const Transcript& t) {
  nlohmann::ordered_json j;
  j["format"] = "physiokit-transcript";
  j["version"] = 1;
  j["source"] = t.source;
  j["speakers_known"] = t.speakers_known;
  auto segs = nlohmann::ordered_json::array();
  for (const auto& s : t.segments) {
    nlohmann::ordered_json o;
    o["speaker"] = s.speaker == Speaker::kUnknown ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(speaker_name(s.speaker));
    if (s.start_s) o["start_s"] = *s.start_s;
    if (s.end_s) o["end_s"] = *s.end_s;
    o["text"] = s.text;
    if (!s.words.empty()) {
      auto words = nlohmann::ordered_json::array();
      for (const auto& w : s.words) {
        nlohmann::ordered_json wj;
        wj["text"] = w.text;
        if (w.start_s) wj["start_s"] = *w.start_s;
        if (w.end_s) wj["end_s"] = *w.end_s;
        if (w.confidence) wj["confidence"] = *w.confidence;
        words.push_back(std::move(wj));
      }
      o["words"] = std::move(words);
    }
    segs.push_back(std::move(o));
  }
  j["segments"] = std::move(segs);
  return j;
}

std::optional<TranscriptFormat> parse_transcript_format(std::string_view name) {
  if (name == "auto") return TranscriptFormat::kAuto;
  if (name == "json") return TranscriptFormat::kJson;
  if (name == "textgrid") return TranscriptFormat::kTextGrid;
  if (name == "aci") return TranscriptFormat::kDialogue;
  if (name == "text") return TranscriptFormat::kText;
  return std::nullopt;
}

TranscriptFormat detect_transcript_format(std::string_view text) {
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  std::string_view rest = text.substr(i);
  if (rest.starts_with("{")) return TranscriptFormat::kJson;
  if (rest.starts_with("File type = \"ooTextFile\"")) return TranscriptFormat::kTextGrid;
  if (rest.starts_with("[doctor]") || rest.starts_with("[patient]")) return TranscriptFormat::kDialogue;
  std::string_view first = rest.substr(0, rest.find('\n'));
  if (first.find("encounter_id") != std::string_view::npos &&
      first.find("dialogue") != std::string_view::npos)
    return TranscriptFormat::kDialogue;
  return TranscriptFormat::kText;
}

}  // namespace physio::scribe
