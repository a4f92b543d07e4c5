#pragma once
/// A visit transcript: segments of text, each with an optional speaker and time span, and the readers
/// for the formats physiokit accepts (docs/validation/scribe.md, "Transcript formats"):
///
/// - physiokit transcript JSON:
///     {"format": "physiokit-transcript", "version": 1, "speakers_known": true,
///      "segments": [{"speaker": "clinician"|"patient"|"other"|null, "start_s": 1.2, "end_s": 3.4,
///                    "text": "...", "words": [{"text": "knee", "start_s": 1.3, "end_s": 1.6,
///                                             "confidence": 0.92}]}]}
///   `text` may be left out when `words` are given (the words joined by spaces); times and speaker
///   are optional; `version` and `format` are checked when present.
/// - Praat TextGrid (long or short text format), one file per speaker channel as in PriMock57; a
///   doctor + patient pair is merged by start time (the doctor first on equal times).
/// - A `[doctor]` / `[patient]` dialogue as in ACI-BENCH's `dialogue` column (untagged lines continue
///   the turn before), and the ACI-BENCH CSV itself (RFC 4180, quoted multi-line fields) by encounter.
/// - Plain text: one segment per non-empty line, speakers unknown.
///
/// Transcription markup (`<UNSURE>`, `</UNSURE>`, `<UNIN/>` and any other `<...>` tag) is removed from the
/// segment text when read; character spans of facts index the text as read.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

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

/// Removes `<...>` markup tags and collapses the blanks they leave.
std::string strip_markup(std::string_view text);

/// The transcript as physiokit transcript JSON (the format parse_transcript_json reads).
nlohmann::ordered_json transcript_to_json(const Transcript& t);

/// Every segment's words in lower case, one space between segments: what a transcript search matches.
std::string search_text(const Transcript& t);

/// Errors name `source`, the field path (JSON) or the line (text formats).
Result<Transcript> parse_transcript_json(std::string_view text, const std::string& source);

/// One Praat TextGrid's interval tiers as segments; the speaker from the tier name ("Doctor",
/// "Clinician", "Physio..." -> clinician, "Patient" -> patient) or from `speaker` when given.
Result<Transcript> parse_textgrid(std::string_view text, const std::string& source,
                                  std::optional<Speaker> speaker = std::nullopt);

/// A doctor channel and a patient channel merged by start time; each segment labelled.
Result<Transcript> merge_channels(Transcript clinician, Transcript patient);

/// `[doctor]` / `[patient]` / `[patient_guest]` turns (other tags become Speaker::kOther).
Result<Transcript> parse_tagged_dialogue(std::string_view text, const std::string& source);

/// One row of the ACI-BENCH CSV (columns at least `encounter_id` and `dialogue`).
struct DialogueRow {
  std::string encounter_id;
  std::string dialogue;
};
/// RFC 4180 CSV with a header row; errors name the line and column.
Result<std::vector<DialogueRow>> parse_dialogue_csv(std::string_view text, const std::string& source);

/// One segment per non-empty line; speakers unknown.
Result<Transcript> parse_plain_text(std::string_view text, const std::string& source);

enum class TranscriptFormat { kAuto, kJson, kTextGrid, kDialogue, kText };
/// "auto", "json", "textgrid", "aci", "text"; nullopt otherwise.
std::optional<TranscriptFormat> parse_transcript_format(std::string_view name);
/// The format a file's content shows (JSON object, "File type = \"ooTextFile\"", a first line starting
/// with "[doctor]"/"[patient]" or an ACI-BENCH CSV header, otherwise text).
TranscriptFormat detect_transcript_format(std::string_view text);

}  // namespace physio::scribe
