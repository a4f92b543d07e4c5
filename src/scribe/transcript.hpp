#pragma once
/// A visit transcript: segments of text, each with an optional speaker and time span.

#include <optional>
#include <string>
#include <vector>

namespace physio::scribe {

/// Who spoke a segment, when the transcript says so.
enum class Speaker { kUnknown, kClinician, kPatient, kOther };

/// Stable lower-case name: "unknown", "clinician", "patient", "other".
const char* speaker_name(Speaker s);

/// One recognised or transcribed word with its time and confidence (0-1), when known.
struct Word {
  std::string text;
  std::optional<double> start_s;
  std::optional<double> end_s;
  std::optional<double> confidence;
};

/// One turn or utterance.
struct Segment {
  Speaker speaker = Speaker::kUnknown;
  std::optional<double> start_s;
  std::optional<double> end_s;
  std::string text;
  std::vector<Word> words;  ///< may be empty
};

struct Transcript {
  std::string source;  ///< file name or label, for messages
  bool speakers_known = false;
  std::vector<Segment> segments;
};

}  // namespace physio::scribe
