// The physiokit transcript JSON reader: every refusal names the field path.
#include <string>

#include "scribe/transcript.hpp"

namespace physio::scribe {
namespace {

using json = nlohmann::json;

Result<std::optional<double>> opt_number(const json& o, const char* key, const std::string& path) {
  if (!o.contains(key) || o.at(key).is_null()) return std::optional<double>{};
  const auto& v = o.at(key);
  if (!v.is_number()) return fail(ErrorCode::kParse, "{}.{}: expected a number, got {}", path, key, v.dump());
  double d = v.get<double>();
  if (d < 0) return fail(ErrorCode::kParse, "{}.{}: expected a time >= 0 s, got {}", path, key, d);
  return std::optional<double>{d};
}

Result<Speaker> read_speaker(const json& o, const std::string& path) {
  if (!o.contains("speaker") || o.at("speaker").is_null()) return Speaker::kUnknown;
  const auto& v = o.at("speaker");
  if (!v.is_string())
    return fail(ErrorCode::kParse, "{}.speaker: expected a string or null, got {}", path, v.dump());
  std::string s = v.get<std::string>();
  if (s == "clinician" || s == "doctor" || s == "physiotherapist") return Speaker::kClinician;
  if (s == "patient") return Speaker::kPatient;
  if (s == "other") return Speaker::kOther;
  if (s == "unknown") return Speaker::kUnknown;
  return fail(
      ErrorCode::kParse,
      "{}.speaker: expected clinician, doctor, physiotherapist, patient, other or unknown, got \"{}\"", path,
      s);
}

Result<Segment> read_segment(const json& o, const std::string& path) {
  if (!o.is_object()) return fail(ErrorCode::kParse, "{}: expected an object", path);
  Segment seg;
  seg.speaker = PHYSIO_TRY(read_speaker(o, path));
  seg.start_s = PHYSIO_TRY(opt_number(o, "start_s", path));
  seg.end_s = PHYSIO_TRY(opt_number(o, "end_s", path));
  if (seg.start_s && seg.end_s && *seg.end_s < *seg.start_s)
    return fail(ErrorCode::kParse, "{}: end_s {} is before start_s {}", path, *seg.end_s, *seg.start_s);
  if (o.contains("words")) {
    const auto& ws = o.at("words");
    if (!ws.is_array()) return fail(ErrorCode::kParse, "{}.words: expected an array", path);
    for (std::size_t i = 0; i < ws.size(); ++i) {
      std::string wp = fmt::format("{}.words[{}]", path, i);
      const auto& w = ws[i];
      if (!w.is_object() || !w.contains("text") || !w.at("text").is_string())
        return fail(ErrorCode::kParse, "{}: expected an object with a string \"text\"", wp);
      Word word;
      word.text = w.at("text").get<std::string>();
      word.start_s = PHYSIO_TRY(opt_number(w, "start_s", wp));
      word.end_s = PHYSIO_TRY(opt_number(w, "end_s", wp));
      word.confidence = PHYSIO_TRY(opt_number(w, "confidence", wp));
      if (word.confidence && *word.confidence > 1)
        return fail(ErrorCode::kParse, "{}.confidence: expected 0-1, got {}", wp, *word.confidence);
      seg.words.push_back(std::move(word));
    }
  }
  if (o.contains("text")) {
    if (!o.at("text").is_string()) return fail(ErrorCode::kParse, "{}.text: expected a string", path);
    seg.text = strip_markup(o.at("text").get<std::string>());
  } else if (!seg.words.empty()) {
    std::string joined;
    for (const auto& w : seg.words) joined += (joined.empty() ? "" : " ") + w.text;
    seg.text = strip_markup(joined);
  } else {
    return fail(ErrorCode::kParse, "{}: needs \"text\" or \"words\"", path);
  }
  if (!seg.start_s && !seg.words.empty()) seg.start_s = seg.words.front().start_s;
  if (!seg.end_s && !seg.words.empty()) seg.end_s = seg.words.back().end_s;
  return seg;
}

}  // namespace

Result<Transcript> parse_transcript_json(std::string_view text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(ErrorCode::kParse, "{}: not valid JSON: {}", source, e.what());
  }
  auto ctx = [&](Error e) { return std::unexpected(std::move(e).with_context(source)); };
  if (!j.is_object()) return ctx(Error(ErrorCode::kParse, "expected a JSON object"));
  if (j.contains("format") && j.at("format") != "physiokit-transcript")
    return ctx(Error(ErrorCode::kUnsupported, "format: expected \"physiokit-transcript\""));
  if (j.contains("version") && j.at("version") != 1)
    return ctx(Error(ErrorCode::kUnsupported, "version: only version 1 is read"));
  if (!j.contains("segments") || !j.at("segments").is_array())
    return ctx(Error(ErrorCode::kParse, "segments: expected an array"));
  Transcript t;
  t.source = source;
  const auto& segs = j.at("segments");
  for (std::size_t i = 0; i < segs.size(); ++i) {
    auto seg = read_segment(segs[i], fmt::format("segments[{}]", i));
    if (!seg) return ctx(std::move(seg).error());
    if (seg->speaker != Speaker::kUnknown) t.speakers_known = true;
    t.segments.push_back(std::move(*seg));
  }
  if (j.contains("speakers_known") && j.at("speakers_known").is_boolean())
    t.speakers_known = j.at("speakers_known").get<bool>();
  return t;
}

}  // namespace physio::scribe
