#pragma once
/// Transcripts a clinic's own recogniser made of a visit, uploaded instead of audio
/// (docs/server/visit-capture.md, "Transcript upload"): WebVTT, SRT and whisper.cpp's JSON, read into the
/// same Transcript a recording gives, so they are stored, suggested from and cited exactly as recognised
/// transcripts are.
///
/// Contract: parse_webvtt / parse_srt / parse_whisper_json
///   input : the file's bytes and a name for messages
///   output: one segment per cue (whisper.cpp: per segment), its start and end in seconds, its text (markup
///           removed), its speaker where the file names one, and its words with times (and confidence) where
///           the file gives them:
///     - WebVTT: "WEBVTT" first; cues "[id]" / "start --> end [settings]" / text lines; NOTE, STYLE and
///       REGION blocks skipped; times "mm:ss.ttt" or "hh:mm:ss.ttt"; the speaker from a voice tag
///       `<v Name>`; word times from inline timestamps `<00:00:01.500>` (each word from the timestamp before
///       it to the next, or the cue's end);
///     - SRT: blocks of a number, "hh:mm:ss,mmm --> hh:mm:ss,mmm" and text lines;
///     - whisper.cpp JSON (`-oj`, `-ojf`): {"transcription": [{"offsets": {"from": ms, "to": ms}, "text",
///       "tokens"?: [{"text", "offsets", "p"}], "speaker"?}]}: words from the tokens (a token starting with a
///       space starts a word; special tokens "[_...]" left out), their confidence the mean token p;
///     - SRT and whisper.cpp text may start with a speaker label, "Name:" or "[Name]".
///   A speaker label names the clinician ("doctor", "clinician", "physio...", "therapist..."), the patient
///   ("patient...") or someone else; whisper.cpp's numbered speakers ("0", "1") name no role and are left
///   unknown. speakers_known is true when every segment's speaker is the clinician or the patient.
///   refused (kParse / kInvalidArgument, naming the line or cue): not UTF-8 (the line of the first bad byte),
///   a missing header (WebVTT), a bad time, a cue that ends before it starts, a cue that starts before the
///   one before it, a file with no words at all, more than kMaxUploadedTranscriptBytes.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe {

/// The largest transcript file accepted: 8 MiB, some 20 hours of speech as WebVTT with word times.
inline constexpr std::size_t kMaxUploadedTranscriptBytes = std::size_t{8} << 20;

enum class UploadedFormat { kWebVtt, kSrt, kWhisperJson };

/// "webvtt" / "vtt", "srt", "whisper" / "whisper-json"; nullopt otherwise.
std::optional<UploadedFormat> parse_uploaded_format(std::string_view name);
/// "webvtt", "srt", "whisper".
const char* uploaded_format_name(UploadedFormat f);
/// The format the content shows: "WEBVTT" first, a JSON object, or an SRT block; nullopt otherwise.
std::optional<UploadedFormat> detect_uploaded_format(std::string_view text);

Result<Transcript> parse_webvtt(std::string_view text, const std::string& source);
Result<Transcript> parse_srt(std::string_view text, const std::string& source);
Result<Transcript> parse_whisper_json(std::string_view text, const std::string& source);

/// The size and encoding checks, then the format's reader.
Result<Transcript> parse_uploaded_transcript(std::string_view text, UploadedFormat format,
                                             const std::string& source);

namespace detail {
/// "mm:ss.ttt", "hh:mm:ss.ttt" (`sep` '.') or "hh:mm:ss,mmm" (`sep` ','), in seconds; nullopt when not a
/// time.
std::optional<double> parse_clock(std::string_view text, char sep);
/// The role a speaker label names (see the contract).
Speaker speaker_of_label(std::string_view label);
/// A leading "Name:" or "[Name]" that names a role: the role and the text after it.
std::pair<std::optional<Speaker>, std::string> split_speaker_label(std::string_view text);
/// The checks common to every reader: each segment's start not after its end, starts in order, some words.
Status check_cues(const Transcript& t, const std::string& source, const std::vector<std::size_t>& lines);
}  // namespace detail

}  // namespace physio::scribe
