// Privacy rights (docs/server/privacy.md): a patient's record as one file (GDPR art. 15 access, art. 20
// portability), restriction of processing (art. 18) and erasure (art. 17) with its tombstone, refused inside
// the retention period (retention-years).
#include "server/privacy/erasure_sweep.hpp"
#include "server/privacy/routes.hpp"
#include "store/messages.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/file_io.hpp"
#include "fhir/resources.hpp"
#include "server/http/context.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/record_json.hpp"
#include "server/http/services.hpp"
#include "server/privacy/zip_writer.hpp"
#include "store/transcripts.hpp"

namespace physio::server {

namespace fs = std::filesystem;

int sweep_erasure_files(store::Store& store, const fs::path& data_dir) {
  auto pending = store.read([](store::Tx& tx) { return tx.list_pending_erasure_files(); });
  if (!pending) {
    spdlog::warn("erasure: cannot list the files to delete: {}", pending.error().to_string());
    return 0;
  }
  int removed = 0;
  for (const auto& f : *pending) {
    const fs::path rel(f.path);
    bool safe = !rel.empty() && rel.is_relative();
    for (const auto& part : rel) safe = safe && part != "..";
    std::error_code ec;
    if (safe) fs::remove_all(data_dir / rel, ec);
    if (ec) {
      spdlog::warn("erasure: cannot delete {}: {}", f.path, ec.message());
      continue;  // stays pending; the next start tries again
    }
    if (!safe) spdlog::warn("erasure: refusing to delete '{}' (not inside the data folder)", f.path);
    auto done = store.write([&](store::Tx& tx) { return tx.mark_erasure_file_done(f.id); });
    if (!done) spdlog::warn("erasure: {}: {}", f.path, done.error().to_string());
    ++removed;
  }
  return removed;
}

namespace {

using clinic::Action;
using nlohmann::json;

constexpr TimeUs kYearUs = 31'556'952LL * 1'000'000;  // a Gregorian year: 365.2425 days

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// What the original recordings of one export may add up to: the archive is built in memory.
constexpr std::uint64_t kMaxExportRecordingBytes = 256ULL << 20;

/// A recording's name inside the archive, made from its id and never from the name it was uploaded with
/// (which is listed in the manifest): "recording" and the extension of the stored file, itself letters and
/// digits only ("recording.<kind>" when it has none).
std::string archive_file_name(const clinic::Recording& r) {
  std::string ext = std::filesystem::path(r.file_path).extension().string();
  const bool plain = ext.size() >= 2 && ext.size() <= 11 && ext.front() == '.' &&
                     std::all_of(ext.begin() + 1, ext.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                     });
  return plain ? "recording" + ext : "recording." + r.kind;
}

struct ExportContents {
  std::vector<fhir::SearchItem> items;
  std::vector<clinic::Recording> recordings;
  std::vector<clinic::AuditEvent> audit;  // newest first
  std::optional<store::PatientRestriction> restriction;
  std::vector<store::Message> messages;           ///< the conversation with the physiotherapists
  std::vector<store::TranscriptRow> transcripts;  ///< visit recordings and dictations, recognised
};

net::Response export_record(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  // The record as the patient themself may read it, whoever of the clinic answers the request: an
  // administrator answering an access request sends the patient's own view, not the staff's.
  const clinic::Principal as_patient{ctx.principal().user_id, p.clinic_id, clinic::Role::kPatient, p.id};
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<ExportContents> {
    ExportContents c;
    for (const auto& type : fhir::compartment_types()) {
      if (type == "AuditEvent") continue;  // the whole trail below, not only the newest 10,000
      for (auto& it : PHYSIO_TRY(load_compartment(tx, p, type, as_patient))) c.items.push_back(std::move(it));
    }
    c.recordings = PHYSIO_TRY(tx.list_recordings(p.clinic_id, p.id));
    store::AuditQuery q;
    q.patient_id = p.id;
    q.limit = 1000;
    while (true) {
      auto page = PHYSIO_TRY(tx.list_audit(p.clinic_id, q));
      for (auto& e : page.items) c.audit.push_back(std::move(e));
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
    c.restriction = PHYSIO_TRY(tx.get_restriction(p.clinic_id, p.id));
    c.messages = PHYSIO_TRY(store::list_messages(tx, p.clinic_id, p.id, 1'000'000));
    // Every one of them (the search's page limit is for the search page, not the export).
    c.transcripts = PHYSIO_TRY(
        store::search_patient_transcripts(tx, p.clinic_id, p.id, "", std::numeric_limits<int>::max()));
    return c;
  });
  if (!loaded) return store_error(loaded.error());
  const TimeUs now = now_us();
  const std::string base = fhir_base(ctx);

  // patient.json: a FHIR R4 collection Bundle of every resource of the record, the audit trail included.
  json entries = json::array();
  auto add = [&](json resource) {
    const std::string url =
        base + "/" + resource["resourceType"].get<std::string>() + "/" + resource.value("id", std::string());
    entries.push_back({{"fullUrl", url}, {"resource", std::move(resource)}});
  };
  for (auto& it : loaded->items) add(std::move(it.resource));
  for (const auto& e : loaded->audit) add(fhir::audit_event_resource(e));
  const json bundle = {{"resourceType", "Bundle"},
                       {"type", "collection"},
                       {"timestamp", fhir::instant(now)},
                       {"entry", std::move(entries)}};

  std::vector<ZipEntry> files;
  files.push_back({"patient.json", bundle.dump(2)});
  // The analysis reports, as the clinic shows them.
  json reports = json::array();
  for (const auto& r : loaded->recordings) {
    if (r.report_path.empty()) continue;
    auto html = load_file(ctx.services.files_dir() / r.report_path);
    if (!html) {
      spdlog::warn("export: patient {}: report of recording {}: {}", p.id, r.id, html.error().to_string());
      continue;
    }
    const std::string name = "reports/" + r.id + ".html";
    files.push_back({name, std::move(*html)});
    reports.push_back({{"file", name},
                       {"recording", r.id},
                       {"name", r.original_name},
                       {"created", iso_time(r.created_us)}});
  }
  // The original recordings the clinic keeps (landmark and sensor files, videos not yet deleted after
  // analysis): data the patient provided (art. 20), up to kMaxExportRecordingBytes in all; the rest is
  // listed with the reason.
  json recordings = json::array();
  std::uint64_t recording_bytes = 0;
  for (const auto& r : loaded->recordings) {
    json item = {{"recording", r.id},
                 {"name", r.original_name},
                 {"kind", r.kind},
                 {"created", iso_time(r.created_us)},
                 {"size_bytes", r.size_bytes},
                 {"sha256", r.sha256}};
    std::string why;
    if (r.file_path.empty() || (r.kind == "video" && r.video_deleted)) {
      why = "the video was deleted after its analysis; only the landmarks and results were kept";
    } else if (recording_bytes + static_cast<std::uint64_t>(r.size_bytes) > kMaxExportRecordingBytes) {
      why = fmt::format("over this export's {} MB for recordings; ask the clinic for it",
                        kMaxExportRecordingBytes >> 20);
    } else if (auto bytes = load_file(ctx.services.files_dir() / r.file_path); !bytes) {
      spdlog::warn("export: patient {}: recording {}: {}", p.id, r.id, bytes.error().to_string());
      why = "the file could not be read; the clinic has been told in its log";
    } else {
      recording_bytes += bytes->size();
      item["file"] = "recordings/" + r.id + "/" + archive_file_name(r);
      files.push_back({item["file"].get<std::string>(), std::move(*bytes)});
    }
    if (!why.empty()) item["not_included"] = why;
    recordings.push_back(std::move(item));
  }
  // access-log.csv: who opened or changed the record, oldest first.
  std::string log = "time,actor,role,action,record_type,record_id,outcome,client\r\n";
  for (auto it = loaded->audit.rbegin(); it != loaded->audit.rend(); ++it)
    log += fmt::format("{},{},{},{},{},{},{},{}\r\n", iso_time(it->time_us), csv_cell(it->actor_id),
                       csv_cell(it->role), csv_cell(it->action), csv_cell(it->record_type),
                       csv_cell(it->record_id), csv_cell(it->outcome), csv_cell(it->client));
  files.push_back({"access-log.csv", std::move(log)});
  // messages.json: the conversation with the physiotherapists, oldest first.
  json messages = json::array();
  for (const auto& m : loaded->messages)
    messages.push_back({{"id", m.id},
                        {"from_patient", m.from_patient},
                        {"sender_id", m.sender_id},
                        {"body", m.body},
                        {"sent", iso_time(m.created_us)},
                        {"read", m.read_us ? json(iso_time(m.read_us)) : json(nullptr)}});
  files.push_back({"messages.json", messages.dump(2)});
  // transcripts.json: what visit recordings and dictations were recognised as (the audio is not kept
  // beyond the note's signing), newest first.
  json transcripts = json::array();
  for (const auto& t : loaded->transcripts) {
    json item{{"id", t.id}, {"kind", t.kind}, {"recorded", iso_time(t.created_us)}, {"note_id", t.note_id}};
    item["transcript"] = json::parse(t.body, nullptr, false);
    transcripts.push_back(std::move(item));
  }
  files.push_back({"transcripts.json", transcripts.dump(2)});
  const json manifest = {{"patient_id", p.id},
                         {"clinic_id", p.clinic_id},
                         {"exported", iso_time(now)},
                         {"exported_by", ctx.principal().user_id},
                         {"fhir_version", "4.0.1"},
                         {"resources", bundle["entry"].size()},
                         {"audit_events", loaded->audit.size()},
                         {"messages", loaded->messages.size()},
                         {"transcripts", loaded->transcripts.size()},
                         {"reports", reports},
                         {"recordings", recordings},
                         {"restriction", restriction_of(loaded->restriction)}};
  files.push_back({"manifest.json", manifest.dump(2)});
  files.push_back(
      {"README.txt",
       "Your record at the clinic, exported " + iso_time(now) +
           " (GDPR articles 15 and 20).\r\n\r\n"
           "patient.json    everything in the record as a FHIR R4 Bundle (type collection): your details,\r\n"
           "                conditions, goals, exercise programs, measurements, questionnaires, consents,\r\n"
           "                appointments, where each came from (Provenance) and every access "
           "(AuditEvent).\r\n"
           "                Other health systems read this format.\r\n"
           "reports/        the analysis report of each recording, as web pages.\r\n"
           "recordings/     the files you or the clinic uploaded (movement landmarks, sensor data,\r\n"
           "                videos the clinic still keeps); manifest.json lists any not included and\r\n"
           "                why, with each file's SHA-256 to check it.\r\n"
           "access-log.csv  who opened or changed your record, when, and from where.\r\n"
           "messages.json   your messages with your physiotherapist, oldest first, with when each was "
           "read.\r\n"
           "transcripts.json  what recordings of your visits (made only with your consent) and your\r\n"
           "                physiotherapist's dictations were transcribed as; the audio is deleted when\r\n"
           "                the note is signed.\r\n"
           "manifest.json   what this file holds.\r\n"});
  auto zip = build_zip(files, now);
  if (!zip) return api_error(500, "internal", zip.error().message());

  auto st = ctx.services.store().write([&](store::Tx& tx) -> Status {
    auto e = ctx.audit_event("patient", p.id, p.id);
    e.detail = fmt::format("{} resources, {} reports, {} recordings ({} bytes), {} audit events",
                           bundle["entry"].size(), reports.size(), recordings.size(), recording_bytes,
                           loaded->audit.size());
    PHYSIO_CHECK(tx.append_audit({e}));
    return ok();
  });
  if (!st) return store_error(st.error());
  net::Response r;
  r.status = 200;
  r.headers.push_back({"content-type", "application/zip"});
  r.headers.push_back({"content-disposition", "attachment; filename=\"record-" + p.id + ".zip\""});
  r.headers.push_back({"cache-control", "no-store"});
  r.body = std::move(*zip);
  return r;
}

net::Response get_restriction(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto r = ctx.services.store().read([&](store::Tx& tx) { return tx.get_restriction(p.clinic_id, p.id); });
  if (!r) return store_error(r.error());
  ctx.audit_read("patient_restriction", p.id, p.id);
  return json_ok(*r ? restriction_json(**r) : json{{"restricted", false}});
}

net::Response restrict_processing(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  store::PatientRestriction in;
  in.clinic_id = p.clinic_id;
  in.patient_id = p.id;
  in.restricted_by = ctx.principal().user_id;
  in.reason = ctx.body["reason"].get<std::string>();
  auto stored = ctx.services.store().write([&](store::Tx& tx) -> Result<store::PatientRestriction> {
    auto r = PHYSIO_TRY(tx.put_restriction(in));
    auto e = ctx.audit_event("patient_restriction", p.id, p.id);
    e.detail = r.reason;
    PHYSIO_CHECK(tx.append_audit({e}));
    return r;
  });
  if (!stored) return store_error(stored.error());
  return json_ok(restriction_json(*stored));
}

net::Response lift_restriction(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto lifted = ctx.services.store().write([&](store::Tx& tx) -> Result<bool> {
    const bool was = PHYSIO_TRY(tx.lift_restriction(p.clinic_id, p.id));
    auto e = ctx.audit_event("patient_restriction", p.id, p.id);
    e.detail = was ? "lifted" : "there was no restriction";
    PHYSIO_CHECK(tx.append_audit({e}));
    return was;
  });
  if (!lifted) return store_error(lifted.error());
  return json_ok({{"restricted", false}, {"lifted", *lifted}});
}

net::Response erase_record(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  struct Checks {
    TimeUs last = 0;
    std::string blocker;
  };
  auto checks = ctx.services.store().read([&](store::Tx& tx) -> Result<Checks> {
    return Checks{PHYSIO_TRY(tx.last_clinical_activity_us(p.clinic_id, p.id)),
                  PHYSIO_TRY(tx.erasure_blocker(p.clinic_id, p.id))};
  });
  if (!checks) return store_error(checks.error());
  const std::int64_t years = ctx.services.settings().retention_years;
  const TimeUs now = now_us();
  if (years > 0 && checks->last > 0 && now < checks->last + years * kYearUs) {
    // Art. 17(3)(b)/(c): a legal duty to keep the medical record wins over erasure until it ends.
    const TimeUs until = checks->last + years * kYearUs;
    ctx.pending_reads.push_back(ctx.audit_event("patient", p.id, p.id, "refused"));
    return json_ok(
        {{"error", "retention"},
         {"rule", "retention-years"},
         {"message", fmt::format("the clinic keeps clinical records {} years after the last care (setting "
                                 "retention-years); this record's last care was on {}, so it can be "
                                 "erased from {}. Restrict its processing until then (GDPR art. 17(3), "
                                 "18)",
                                 years, iso_time(checks->last).substr(0, 10), iso_time(until).substr(0, 10))},
         {"last_care", iso_time(checks->last)},
         {"erasable_from", iso_time(until)}},
        409);
  }
  if (!checks->blocker.empty()) return api_error(409, "busy", checks->blocker);
  store::PatientTombstone t;
  t.clinic_id = p.clinic_id;
  t.patient_id = p.id;
  t.erased_by = ctx.principal().user_id;
  t.reason = ctx.body["reason"].get<std::string>();
  auto erased = ctx.services.store().write([&](store::Tx& tx) -> Result<store::ErasureResult> {
    auto r = PHYSIO_TRY(tx.erase_patient(t));
    std::int64_t rows = 0;
    for (const auto& [table, n] : r.rows_deleted) rows += n;
    auto e = ctx.audit_event("patient", p.id, p.id);
    e.detail = fmt::format("{} rows, {} files; reason: {}", rows, r.files.size(), t.reason);
    PHYSIO_CHECK(tx.append_audit({e}));
    return r;
  });
  if (!erased) return store_error(erased.error());
  // The rows that named the files are gone; now the files (a crash before this point leaves them listed
  // in erasure_files, which the next start deletes).
  sweep_erasure_files(ctx.services.store(), ctx.services.settings().data_dir);
  json deleted = json::object();
  for (const auto& [table, n] : erased->rows_deleted)
    if (n > 0) deleted[table] = n;
  return json_ok({{"erased", true},
                  {"patient_id", p.id},
                  {"erased_at", iso_time(erased->tombstone.erased_us)},
                  {"erased_by", erased->tombstone.erased_by},
                  {"rows_deleted", deleted},
                  {"files_deleted", erased->files.size()},
                  {"kept",
                   {"the patient row without identifying fields (its id and the tombstone)", "consents",
                    "locked RTM billing months", "the audit trail", "the HL7 message log"}}});
}

FieldSpec reason_field(std::string description) {
  FieldSpec f = text_field("reason", true, std::move(description), 500);
  f.check = [](std::string_view v) -> std::string {
    return v.find_first_not_of(" \t\r\n") == std::string_view::npos ? "give a reason" : "";
  };
  return f;
}

}  // namespace

void add_privacy_routes(RouteTable& routes) {
  routes.push_back(
      answering(make_route("GET", "/api/patients/{id}/export",
                           "The patient's whole record as a ZIP (GDPR art. 15 and 20): a FHIR R4 collection "
                           "Bundle, the analysis reports, the access log",
                           Action::kExportRecord, Target::kPatient, "patient.export", export_record),
                "application/zip"));
  routes.push_back(make_route("GET", "/api/patients/{id}/restriction",
                              "Whether processing of the patient's record is restricted (GDPR art. 18)",
                              Action::kReadDemographics, Target::kPatient, "patient_restriction.read",
                              get_restriction));
  routes.push_back(with_body(
      make_route("POST", "/api/patients/{id}/restriction",
                 "Restrict processing of the record (GDPR art. 18): kept and readable, no "
                 "new analyses, reminders, RTM time, questionnaire links or HL7 changes",
                 Action::kRestrictProcessing, Target::kPatient, "patient.restrict", restrict_processing),
      {reason_field("why (the patient's request and its ground)")}, 2 * 1024));
  routes.push_back(make_route("DELETE", "/api/patients/{id}/restriction",
                              "Lift the restriction of processing", Action::kRestrictProcessing,
                              Target::kPatient, "patient.restriction_lift", lift_restriction));
  routes.push_back(
      with_body(make_route("POST", "/api/patients/{id}/erasure",
                           "Erase the patient's record (GDPR art. 17): clinical content and files "
                           "deleted, a tombstone kept; refused inside the retention period",
                           Action::kEraseRecord, Target::kPatient, "patient.erase", erase_record),
                {reason_field("why (the request and the ground for erasure)")}, 2 * 1024));
}

}  // namespace physio::server
