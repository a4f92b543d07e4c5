// A visit transcript from the clinic's own recogniser (docs/server/visit-capture.md, "Transcript upload"):
// WebVTT, SRT or whisper.cpp JSON uploaded instead of audio, checked like any upload, then stored, suggested
// from and cited exactly as a recognised transcript is.

#include <fmt/format.h>

#include "core/file_io.hpp"
#include "scribe/extract.hpp"
#include "scribe/speaker_roles.hpp"
#include "scribe/suggest.hpp"
#include "scribe/uploaded_transcript.hpp"
#include "scribe/vocabulary.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/record/note_access.hpp"
#include "server/record/routes.hpp"
#include "server/record/transcripts.hpp"
#include "store/transcripts.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

net::Response upload_transcript(RequestContext& ctx) {
  clinic::NoteRow note;
  if (auto d = load_note(ctx, note)) return *d;
  if (auto d = refuse_unless_draft(note)) return *d;
  // The clinic recorded the visit to transcribe it: the patient's consent to that is asked as for audio.
  auto consent = ctx.services.store().read(
      [&](store::Tx& tx) { return visit_consent_given(tx, note.clinic_id, note.patient_id); });
  if (!consent) return store_error(consent.error());
  if (!*consent)
    return api_error(
        409, "consent_required",
        "the patient has not agreed to the visit being recorded: record their consent \"Visit audio "
        "recording\" in the consent register first");
  if (ctx.req.body_file.empty() || ctx.req.body_size == 0)
    return api_error(400, "empty_upload",
                     "send the transcript (WebVTT, SRT or whisper.cpp JSON) as the body");
  auto text = load_file(ctx.req.body_file, scribe::kMaxUploadedTranscriptBytes);
  if (!text)
    return api_error(
        413, "too_large",
        fmt::format("a transcript may have at most {} MiB", scribe::kMaxUploadedTranscriptBytes >> 20));
  std::optional<scribe::UploadedFormat> format;
  if (const auto named = ctx.query("format"); named && !named->empty()) {
    format = scribe::parse_uploaded_format(*named);
    if (!format) return api_error(400, "invalid_query", "format must be webvtt, srt or whisper", "format");
  } else {
    format = scribe::detect_uploaded_format(*text);
    if (!format)
      return api_error(415, "unsupported_transcript",
                       "not a transcript this server reads: send WebVTT (starting \"WEBVTT\"), SRT or "
                       "whisper.cpp's JSON, or name it with format=");
  }
  const std::string name = ctx.query("name").value_or("");
  auto t = scribe::parse_uploaded_transcript(*text, *format, name.empty() ? "the transcript" : name);
  if (!t) return api_error(422, "invalid_transcript", t.error().message());
  t->source = "uploaded transcript";
  auto vocab = scribe::default_vocabulary();
  if (!vocab) return api_error(500, "internal", "the fact vocabularies could not be read");

  nlohmann::ordered_json facts;
  facts["model"] = std::string("the clinic's recogniser (") + scribe::uploaded_format_name(*format) + ")";
  facts["audio_s"] = 0;
  facts["warnings"] = nlohmann::ordered_json::array();
  if (!t->speakers_known)
    facts["warnings"].push_back(
        "the transcript does not name the clinician and the patient for every utterance (speakers not "
        "labelled): answers are read without knowing who said them");
  if (auto roles = scribe::speaker_roles_warning(*t)) facts["warnings"].push_back(std::move(*roles));
  facts["suggestions"] = scribe::suggestions_to_json(scribe::extract_facts(*t, **vocab), *t);
  facts["uploaded"] = {{"format", scribe::uploaded_format_name(*format)}, {"name", name}};

  const TimeUs now = now_us();
  store::TranscriptRow row;
  row.clinic_id = note.clinic_id;
  row.patient_id = note.patient_id;
  row.note_id = note.id;
  row.kind = "visit";
  row.audio_seconds = t->segments.empty() || !t->segments.back().end_s ? 0 : *t->segments.back().end_s;
  row.audio_delete_after_us = now;
  row.audio_deleted_why = "not held: the clinic uploaded its recogniser's transcript";
  row.speakers_known = t->speakers_known;
  row.body = scribe::transcript_to_json(*t).dump();
  row.facts = facts.dump();
  row.search_text = scribe::search_text(*t);
  row.created_by = ctx.principal().user_id;
  row.created_us = now;
  auto made = ctx.services.store().write([&](store::Tx& tx) -> Result<store::TranscriptRow> {
    if (!PHYSIO_TRY(visit_consent_given(tx, note.clinic_id, note.patient_id)))
      return fail(ErrorCode::kUnsupported, "the patient's consent to recording was withdrawn");
    auto stored = PHYSIO_TRY(store::insert_uploaded_transcript(tx, row));
    auto e = ctx.audit_event("transcript", stored.id, stored.patient_id);
    e.detail =
        fmt::format("{} transcript, {} segments", scribe::uploaded_format_name(*format), t->segments.size());
    PHYSIO_TRY(tx.append_audit({e}));
    return stored;
  });
  if (!made) {
    if (made.error().code() == ErrorCode::kUnsupported)
      return api_error(409, "consent_required", made.error().message());
    return store_error(made.error());
  }
  return json_ok(transcript_view(*made), 201);
}

}  // namespace

void add_transcript_upload_routes(RouteTable& routes) {
  auto up =
      make_route("POST", "/api/notes/{id}/transcript",
                 "A visit's transcript from the clinic's own recogniser instead of audio (WebVTT, SRT or "
                 "whisper.cpp JSON as the raw body; needs the patient's consent \"visit audio "
                 "recording\"): 201 with its fact suggestions",
                 Action::kWriteClinical, Target::kNote, "transcript.upload", upload_transcript);
  up.body = BodyKind::kUpload;
  up.max_body = scribe::kMaxUploadedTranscriptBytes;
  up.query = {{"format", "webvtt, srt or whisper (absent: recognised from the content)"},
              {"name", "the file's name, for messages"}};
  routes.push_back(up);
}

}  // namespace physio::server
