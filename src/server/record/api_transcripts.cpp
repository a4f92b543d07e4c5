// Visit recordings and dictations (docs/server/visit-capture.md): audio for a draft note, uploaded as WAV and
// recognised on this server by the transcription loop; the transcript with its fact suggestions, each
// accepted (a sentence citing the words), edited or discarded by the physiotherapist; the audio played back
// span by span until the note is signed. A visit is recorded only with the patient's consent "visit audio
// recording" in force.
#include <algorithm>
#include <cmath>

#include "clinic/consents.hpp"
#include "notes/note.hpp"
#include "scribe/speech/wav.hpp"
#include "scribe/transcript.hpp"
#include "server/http/body_fields.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/record/keep_upload.hpp"
#include "server/record/note_access.hpp"
#include "server/record/routes.hpp"
#include "server/record/transcripts.hpp"
#include "store/transcripts.hpp"

namespace physio::server {

namespace {

namespace fs = std::filesystem;
using clinic::Action;
using nlohmann::json;

constexpr std::uint64_t kDecisionBodyBytes = 8 * 1024;
constexpr std::string_view kVisitConsent = "visit_audio_recording";

}  // namespace

json transcript_view(const store::TranscriptRow& t) {
  json j{{"id", t.id},
         {"note_id", t.note_id},
         {"kind", t.kind},
         {"section", t.section.empty() ? json(nullptr) : json(t.section)},
         {"state", t.state},
         {"progress", t.progress},
         {"error", t.error},
         {"audio", !t.audio_path.empty()},
         {"audio_seconds", std::round(t.audio_seconds * 10) / 10},
         {"audio_deleted", t.audio_deleted_us ? json(iso_time(t.audio_deleted_us)) : json(nullptr)},
         {"audio_deleted_why", t.audio_deleted_why},
         {"created", iso_time(t.created_us)},
         {"speakers_known", t.speakers_known},
         {"version", t.version},
         {"segments", json::array()},
         {"suggestions", json::array()},
         {"warnings", json::array()}};
  if (!t.body.empty()) {
    auto tr = scribe::parse_transcript_json(t.body, "transcript " + t.id);
    if (tr)
      for (const auto& s : tr->segments)
        j["segments"].push_back(
            {{"speaker",
              s.speaker == scribe::Speaker::kUnknown ? json(nullptr) : json(scribe::speaker_name(s.speaker))},
             {"start_s", s.start_s ? json(*s.start_s) : json(nullptr)},
             {"end_s", s.end_s ? json(*s.end_s) : json(nullptr)},
             {"text", s.text}});
  }
  if (!t.facts.empty()) {
    auto f = json::parse(t.facts, nullptr, false);
    if (f.is_object()) {
      if (f.contains("suggestions")) j["suggestions"] = f["suggestions"];
      if (f.contains("warnings")) j["warnings"] = f["warnings"];
      if (f.contains("uploaded")) j["uploaded"] = f["uploaded"];
    }
  }
  return j;
}

std::optional<net::Response> refuse_unless_draft(const clinic::NoteRow& note) {
  if (note.status != "draft")
    return api_error(
        409, "conflict",
        "the note is signed: recordings and suggestions belong to a draft (add an addendum instead)");
  return std::nullopt;
}

Result<bool> visit_consent_given(store::Tx& tx, const std::string& clinic_id, const std::string& patient_id) {
  const auto rows = PHYSIO_TRY(tx.list_consents(clinic_id, patient_id));
  return clinic::consent_given(rows, kVisitConsent);
}

namespace {

// ---- Handlers -------------------------------------------------------------------------------------------

net::Response upload_audio(RequestContext& ctx) {
  clinic::NoteRow note;
  if (auto d = load_note(ctx, note)) return *d;
  if (auto d = refuse_unless_draft(note)) return *d;
  const std::string kind = ctx.query("kind").value_or("");
  if (kind != "visit" && kind != "dictation")
    return api_error(400, "invalid_query", "kind must be visit or dictation", "kind");
  const std::string section = ctx.query("section").value_or("");
  if (kind == "dictation" && section != "S" && section != "O" && section != "A" && section != "P")
    return api_error(400, "invalid_query", "a dictation names its section: S, O, A or P", "section");
  if (kind == "visit" && !section.empty())
    return api_error(400, "invalid_query", "a visit recording is for the whole note: leave out section",
                     "section");
  if (kind == "visit") {
    auto consent = ctx.services.store().read(
        [&](store::Tx& tx) { return visit_consent_given(tx, note.clinic_id, note.patient_id); });
    if (!consent) return store_error(consent.error());
    if (!*consent)
      return api_error(409, "consent_required",
                       "the patient has not agreed to the visit being recorded: record their consent \"Visit "
                       "audio recording\" in the consent register first");
  }
  if (ctx.req.body_file.empty() || ctx.req.body_size == 0)
    return api_error(400, "empty_upload", "send the recording (WAV) as the request body");
  const auto& settings = ctx.services.settings();
  scribe::speech::WavLimits limits;
  limits.max_duration_s = static_cast<double>(settings.max_audio_minutes) * 60.0;
  auto audio = scribe::speech::load_wav(ctx.req.body_file, limits);
  if (!audio) {
    std::string message = audio.error().message();
    const std::string temp = ctx.req.body_file.string();
    for (auto at = message.find(temp); !temp.empty() && at != std::string::npos; at = message.find(temp, at))
      message.replace(at, temp.size(), "the recording");
    if (audio.error().code() == ErrorCode::kOutOfRange)
      return api_error(413, "too_long",
                       fmt::format("{} (the clinic accepts recordings of up to {} minutes)", message,
                                   settings.max_audio_minutes));
    return api_error(415, "unsupported_audio", message + " (send 16-bit PCM WAV)");
  }
  const auto check = scribe::speech::inspect_audio(*audio);
  if (check.silent)
    return api_error(
        422, "silent_audio",
        "the recording is silent (nothing reached -50 dBFS): check that the microphone is on and "
        "not muted");
  fs::path rel;
  if (auto failed = keep_upload(ctx, "audio-", ".wav", rel)) return *failed;
  const TimeUs now = now_us();
  store::TranscriptRow row;
  row.clinic_id = note.clinic_id;
  row.patient_id = note.patient_id;
  row.note_id = note.id;
  row.kind = kind;
  row.section = section;
  row.audio_path = rel.string();
  row.audio_seconds = audio->duration_s();
  row.audio_delete_after_us = now + settings.audio_retention_days * 86'400LL * 1'000'000;
  row.created_by = ctx.principal().user_id;
  row.created_us = now;
  auto made = ctx.services.store().write([&](store::Tx& tx) -> Result<store::TranscriptRow> {
    // The consent is checked again where the row is written: a withdrawal in between wins.
    if (kind == "visit" && !PHYSIO_TRY(visit_consent_given(tx, note.clinic_id, note.patient_id)))
      return fail(ErrorCode::kUnsupported, "the patient's consent to recording was withdrawn");
    auto t = PHYSIO_TRY(store::insert_transcript(tx, row));
    PHYSIO_TRY(tx.append_audit({ctx.audit_event("transcript", t.id, t.patient_id)}));
    return t;
  });
  if (!made) {
    std::error_code ec;
    fs::remove(ctx.services.files_dir() / rel, ec);
    if (made.error().code() == ErrorCode::kUnsupported)
      return api_error(409, "consent_required", made.error().message());
    return store_error(made.error());
  }
  ctx.services.notify_transcript_queued();
  json out = transcript_view(*made);
  if (check.clipped_fraction >= scribe::speech::kClippingWarnFraction)
    out["warnings"].push_back(fmt::format("{:.1f} % of the samples are clipped: the microphone is too loud",
                                          check.clipped_fraction * 100));
  return json_ok(out, 202);
}

net::Response list_note_transcripts(RequestContext& ctx) {
  clinic::NoteRow note;
  if (auto d = load_note(ctx, note)) return *d;
  auto rows = ctx.services.store().read(
      [&](store::Tx& tx) { return store::list_note_transcripts(tx, note.clinic_id, note.id); });
  if (!rows) return store_error(rows.error());
  json items = json::array();
  for (const auto& t : *rows) {
    items.push_back(transcript_view(t));
    ctx.audit_read("transcript", t.id, t.patient_id);
  }
  if (rows->empty()) ctx.audit_read("transcript", "", note.patient_id);
  return json_ok({{"items", items}});
}

/// The longest span time accepted, seconds: a day, beyond any visit recording (`max-audio-minutes` is at
/// most 240).
constexpr double kMaxSpanS = 86'400.0;

/// The audio of a transcript of the note, whole or the span [from, to] seconds, as WAV.
net::Response get_audio(RequestContext& ctx) {
  clinic::NoteRow note;
  if (auto d = load_note(ctx, note)) return *d;
  const std::string id = ctx.query("transcript").value_or("");
  if (id.empty()) return api_error(400, "invalid_query", "name the recording: transcript=ID", "transcript");
  auto row =
      ctx.services.store().read([&](store::Tx& tx) { return store::get_transcript(tx, note.clinic_id, id); });
  if (!row || row->note_id != note.id) {
    if (row || row.error().code() == ErrorCode::kNotFound)
      return api_error(404, "not_found", "no such recording of this note");
    return store_error(row.error());
  }
  if (row->audio_path.empty())
    return api_error(410, "audio_deleted",
                     "the audio is no longer kept (" +
                         (row->audio_deleted_why.empty() ? std::string("deleted") : row->audio_deleted_why) +
                         "); the transcript remains");
  double from = 0, to = 0;
  for (auto [name, target] : {std::pair{"from", &from}, std::pair{"to", &to}})
    if (auto v = ctx.query(name)) {
      char* end = nullptr;
      *target = std::strtod(v->c_str(), &end);
      if (v->empty() || *end != '\0' || !std::isfinite(*target) || *target < 0 || *target > kMaxSpanS)
        return api_error(400, "invalid_query",
                         fmt::format("{} must be seconds from the start (0 to {})", name, kMaxSpanS), name);
    }
  ctx.audit_read("transcript", row->id, row->patient_id);
  net::Response resp;
  resp.headers.push_back({"content-type", "audio/wav"});
  resp.headers.push_back({"cache-control", "no-store"});
  const fs::path file = ctx.services.files_dir() / row->audio_path;
  if (to <= from) {
    resp.file = file;
    return resp;
  }
  auto audio = scribe::speech::load_wav(file);
  if (!audio) return api_error(500, "internal", "the recording could not be read");
  const auto rate = static_cast<double>(audio->rate_hz);
  const auto n = audio->frames();
  const double length_s = rate > 0 ? static_cast<double>(n) / rate : 0.0;
  if (from >= length_s)
    return api_error(400, "invalid_query",
                     fmt::format("from ({} s) is past the recording's end ({:.1f} s)", from, length_s),
                     "from");
  // Clamped in seconds before any conversion to a sample index (bounds as doubles, never a cast overflow).
  const auto index_of = [&](double t_s) {
    return static_cast<std::size_t>(std::clamp(t_s, 0.0, length_s) * rate);
  };
  const auto a = std::min<std::size_t>(n, index_of(from - 0.25));
  const auto b = std::min<std::size_t>(n, index_of(to + 0.25));
  scribe::speech::Audio part;
  part.rate_hz = audio->rate_hz;
  for (const auto& ch : audio->channels)
    part.channels.emplace_back(ch.begin() + static_cast<std::ptrdiff_t>(a),
                               ch.begin() + static_cast<std::ptrdiff_t>(b));
  resp.body = scribe::speech::encode_wav(part);
  return resp;
}

/// accept / edit / discard one suggestion: an accepted or edited suggestion becomes a sentence of its
/// section citing the words ("transcript" source), in the same transaction as the decision.
net::Response decide_suggestion(RequestContext& ctx) {
  clinic::NoteRow note;
  if (auto d = load_note(ctx, note)) return *d;
  if (auto d = refuse_unless_draft(note)) return *d;
  const auto& b = ctx.body;
  const std::string tid = b["transcript_id"].get<std::string>();
  const auto index = static_cast<std::size_t>(b["index"].get<double>());
  const std::string action = b["action"].get<std::string>();
  const std::string text = b.value("text", "");
  const TimeUs now = now_us();
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    auto row = PHYSIO_TRY(store::get_transcript(tx, note.clinic_id, tid));
    if (row.note_id != note.id) return fail(ErrorCode::kNotFound, "no such recording of this note");
    auto facts = json::parse(row.facts, nullptr, false);
    if (!facts.is_object() || !facts.contains("suggestions") || index >= facts["suggestions"].size())
      return fail(ErrorCode::kNotFound, "no suggestion {} in this recording", index);
    json& s = facts["suggestions"][index];
    if (!s["decision"].is_null())
      return fail(ErrorCode::kInvalidArgument, "this suggestion was already {}",
                  s["decision"]["action"].get<std::string>());
    const bool red = s.value("red_flag", false);
    if (action == "discard" && red && text.empty())
      return fail(ErrorCode::kMissingData,
                  "a red flag is never dropped silently: say why it is discarded (text)");
    if (action == "edit" && text.empty())
      return fail(ErrorCode::kMissingData, "an edited suggestion needs its text");
    json decision{{"action", action == "accept" ? "accepted"
                             : action == "edit" ? "edited"
                                                : "discarded"},
                  {"by", ctx.principal().user_id},
                  {"at", iso_time(now)}};
    std::int64_t note_version = note.version;
    if (action != "discard") {
      auto n = notes::note_from_json(note.body);
      if (!n) return std::unexpected(n.error());
      const std::string sentence = action == "edit" ? text : s["sentence"].get<std::string>();
      // A dictated utterance cites the dictation ("<id>/<utterance>"); a visit's fact the words it stands on.
      const bool dictated = s.value("kind", "") == "dictation";
      const std::string source =
          dictated ? fmt::format("{}/{}", row.id, s["segment"].get<std::size_t>())
                   : fmt::format("{}/{}/{}-{}", row.id, s["segment"].get<std::size_t>(),
                                 s["begin"].get<std::size_t>(), s["end"].get<std::size_t>());
      PHYSIO_TRY(notes::add_cited_sentence(*n, s["section"].get<std::string>(), sentence,
                                           {notes::SourceRef{dictated ? "dictation" : "transcript", source}},
                                           action == "edit", now));
      clinic::NoteRow updated = note;
      updated.version = b["version"].get<std::int64_t>();
      updated.updated_us = now;
      updated.body = notes::note_to_json(*n);
      auto saved = PHYSIO_TRY(tx.update_note(updated));
      note_version = saved.version;
      decision["text"] = sentence;
    } else if (!text.empty()) {
      decision["reason"] = text;
    }
    s["decision"] = decision;
    row.facts = facts.dump();
    const auto version =
        b.contains("transcript_version") ? b["transcript_version"].get<std::int64_t>() : row.version;
    auto saved = PHYSIO_TRY(store::save_transcript_facts(tx, row, version));
    PHYSIO_TRY(tx.append_audit({ctx.audit_event("transcript", row.id, row.patient_id)}));
    return json{{"note_version", note_version}, {"transcript", transcript_view(saved)}};
  });
  if (!out) {
    switch (out.error().code()) {
      case ErrorCode::kNotFound:
        return api_error(404, "not_found", out.error().message());
      case ErrorCode::kMissingData:
        return api_error(400, "invalid_body", out.error().message(), "/text");
      case ErrorCode::kInvalidArgument:
        return api_error(409, "conflict", out.error().message());
      default:
        return store_error(out.error());
    }
  }
  return json_ok(*out);
}

/// A patient's transcripts that contain every word of q, with the segments that do.
net::Response search_transcripts(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const std::string q = ctx.query("q").value_or("");
  if (q.size() > 200) return api_error(400, "invalid_query", "q: at most 200 characters", "q");
  auto rows = ctx.services.store().read(
      [&](store::Tx& tx) { return store::search_patient_transcripts(tx, p.clinic_id, p.id, q); });
  if (!rows) return store_error(rows.error());
  std::vector<std::string> words;
  {
    std::string w;
    for (char c : q + " ") {
      if (std::isspace(static_cast<unsigned char>(c))) {
        if (!w.empty()) words.push_back(w);
        w.clear();
      } else {
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
  }
  json items = json::array();
  for (const auto& t : *rows) {
    json item{{"id", t.id},
              {"note_id", t.note_id},
              {"kind", t.kind},
              {"created", iso_time(t.created_us)},
              {"matches", json::array()}};
    if (auto tr = scribe::parse_transcript_json(t.body, "transcript " + t.id))
      for (const auto& s : tr->segments) {
        std::string lower = s.text;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool hit = std::any_of(words.begin(), words.end(), [&](const std::string& w) {
          return lower.find(w) != std::string::npos;
        });
        if (hit && item["matches"].size() < 5)
          item["matches"].push_back(
              {{"text", s.text}, {"start_s", s.start_s ? json(*s.start_s) : json(nullptr)}});
      }
    items.push_back(std::move(item));
    ctx.audit_read("transcript", t.id, t.patient_id);
  }
  if (rows->empty()) ctx.audit_read("transcript", "", p.id);
  return json_ok({{"items", items}});
}

}  // namespace

Status check_red_flags_decided(store::Tx& tx, const std::string& clinic_id, const std::string& note_id) {
  const auto rows = PHYSIO_TRY(store::list_note_transcripts(tx, clinic_id, note_id));
  // The refusal names each undecided red flag by its sentence, so the page can say which beside Sign.
  std::vector<std::string> open;
  for (const auto& t : rows) {
    auto facts = json::parse(t.facts.empty() ? "{}" : t.facts, nullptr, false);
    if (!facts.is_object() || !facts.contains("suggestions")) continue;
    for (const auto& s : facts["suggestions"])
      if (s.value("red_flag", false) && s["decision"].is_null())
        open.push_back("\"" + s.value("sentence", std::string("a red flag")) + "\"");
  }
  if (!open.empty())
    return fail(ErrorCode::kInvalidArgument,
                "not signed: the red flag suggestion{} {} of the visit recording {} not decided: accept or "
                "discard {} with a reason first",
                open.size() == 1 ? "" : "s", fmt::join(open, ", "), open.size() == 1 ? "is" : "are",
                open.size() == 1 ? "it" : "each");
  return ok();
}

void add_transcript_routes(RouteTable& routes) {
  add_transcript_upload_routes(routes);
  auto up = make_route(
      "POST", "/api/notes/{id}/audio",
      "Record a visit (kind=visit; needs the patient's consent \"visit audio recording\") or dictate into a "
      "section (kind=dictation&section=S|O|A|P) of a draft: the WAV as the raw body; 202 with the "
      "recognition's "
      "state",
      Action::kWriteClinical, Target::kNote, "transcript.create", upload_audio);
  up.body = BodyKind::kUpload;
  up.head_check = [](RequestContext& ctx) -> std::optional<net::Response> {
    clinic::NoteRow note;
    return load_note(ctx, note);
  };
  up.query = {{"kind", "visit (needs the patient's consent) or dictation", "string", true},
              {"section", "a dictation's section: S, O, A or P"}};
  routes.push_back(up);
  routes.push_back(make_route("GET", "/api/notes/{id}/transcripts",
                              "A note's visit recordings and dictations: recognition state, transcript with "
                              "times, fact suggestions with their decisions",
                              Action::kWriteClinical, Target::kNote, "transcript.read",
                              list_note_transcripts));
  {
    Route audio =
        answering(make_route("GET", "/api/notes/{id}/audio",
                             "The audio of one of the note's recordings (transcript=ID), whole or the "
                             "span from=S&to=S seconds, as WAV, until it is deleted (410 after)",
                             Action::kWriteClinical, Target::kNote, "transcript.audio", get_audio),
                  "audio/wav");
    audio.query = {{"transcript", "the recording (an id of GET /api/notes/{id}/transcripts)", "string", true},
                   {"from", "the span's start, seconds from the recording's start", "number"},
                   {"to", "the span's end, seconds", "number"}};
    routes.push_back(audio);
  }
  {
    FieldSpec action = text_field("action", true, "accept, edit or discard", 10);
    action.one_of = {"accept", "edit", "discard"};
    routes.push_back(with_body(
        make_route(
            "POST", "/api/notes/{id}/suggestions",
            "Accept (a sentence citing the words), edit (the sentence as given) or discard (a red flag: "
            "with the reason) one fact suggestion of a recording",
            Action::kWriteClinical, Target::kNote, "transcript.decide", decide_suggestion),
        {number_field("version", "the note's version read; refused (409) if the note changed since", 1, 1e15,
                      FieldType::kInteger, true),
         text_field("transcript_id", true, "the recording", 64),
         number_field("index", "the suggestion, from 0", 0, 10000, FieldType::kInteger, true), action,
         number_field("transcript_version", "the recording's version read (409 if it changed)", 1, 1e15,
                      FieldType::kInteger),
         text_field("text", false, "edit: the sentence; discard: why (required for a red flag)", 2000)},
        kDecisionBodyBytes));
  }
  {
    Route search =
        make_route("GET", "/api/patients/{id}/transcripts",
                   "Search a patient's transcripts: those containing every word of q, with the "
                   "segments that do",
                   Action::kWriteClinical, Target::kPatient, "transcript.read", search_transcripts);
    search.query = {{"q", "the words; every one must appear (case-insensitive)"}};
    routes.push_back(search);
  }
}

}  // namespace physio::server
