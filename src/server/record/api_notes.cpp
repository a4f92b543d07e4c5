// SOAP notes (docs/server/notes.md): a draft from the visit's data (notes::draft_note over what
// record/visit_loader gathers by notes/visit's rules), edited sentence by sentence, signed (then immutable:
// the lifecycle refuses, and the store refuses too), addenda with a reason; signing queues the note's MDM^T02
// for the clinic's EHR, and FHIR serves it as a Composition.
#include <algorithm>
#include <map>

#include <spdlog/spdlog.h>

#include "hl7/mdm.hpp"
#include "hl7/pid.hpp"
#include "hl7/serializer.hpp"
#include "notes/note.hpp"
#include "notes/note_types.hpp"
#include "notes/text.hpp"
#include "rehab/program_rows.hpp"
#include "security/random.hpp"
#include "server/http/body_fields.hpp"
#include "server/http/context.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/record_json.hpp"
#include "server/http/services.hpp"
#include "server/record/note_access.hpp"
#include "server/record/note_sources.hpp"
#include "server/record/routes.hpp"
#include "server/record/transcripts.hpp"
#include "server/record/visit_loader.hpp"
#include "store/transcripts.hpp"

namespace physio::server {
namespace {

using clinic::Action;
using nlohmann::json;

constexpr std::uint64_t kNoteBodyBytes = 16 * 1024;

/// The note's JSON as the API shows it: the stored note, its text, and what was sent to the EHR.
Result<json> note_view(store::Tx& tx, const clinic::NoteRow& row, const notes::Note& n,
                       const std::vector<clinic::Hl7Outgoing>& sent,
                       const std::map<std::string, std::string>& names) {
  json j = json::parse(notes::note_to_json(n));
  j["source_details"] = PHYSIO_TRY(source_details(tx, row.clinic_id, row.patient_id, n));
  j["version"] = row.version;
  j["status"] = row.status;
  j["text"] = notes::plain_text(n, names);
  j["signature_valid"] = n.signature ? json(notes::signature_matches(n)) : json(nullptr);
  json out = json::array();
  for (const auto& m : sent)
    out.push_back({{"message_type", m.message_type},
                   {"control_id", m.control_id},
                   {"queued", iso_time(m.created_us)},
                   {"sent", m.sent_us ? json(iso_time(m.sent_us)) : json(nullptr)},
                   {"ack_code", m.ack_code},
                   {"attempts", m.attempts},
                   {"last_error", m.last_error}});
  j["hl7"] = out;
  return j;
}

/// The note's type in words for lists ("Progress report"; a note from before types: "Progress note").
std::string note_type_of(const clinic::NoteRow& r) {
  auto n = notes::note_from_json(r.body);
  return std::string(notes::note_type_or_generic(n ? n->header.type : "").name);
}

json summary_json(const clinic::NoteRow& r) {
  return {{"id", r.id},
          {"status", r.status},
          {"author_id", r.author_id},
          {"episode_id", r.episode_id.empty() ? json(nullptr) : json(r.episode_id)},
          {"type", note_type_of(r)},
          {"created", iso_time(r.created_us)},
          {"signed", r.signed_us ? json(iso_time(r.signed_us)) : json(nullptr)},
          {"window", {{"from", iso_time(r.window_from_us)}, {"to", iso_time(r.window_to_us)}}}};
}

/// Display names of the clinic's staff, for the note's text.
std::map<std::string, std::string> staff_names(store::Tx& tx, const std::string& clinic_id) {
  std::map<std::string, std::string> out;
  if (auto users = tx.list_users(clinic_id))
    for (const auto& u : *users) out[u.id] = u.display_name.empty() ? u.email : u.display_name;
  return out;
}

Result<notes::Note> parse_note(const clinic::NoteRow& row) {
  auto n = notes::note_from_json(row.body);
  if (!n) return std::unexpected(n.error().with_context("note " + row.id));
  return n;
}

net::Response conflict_or(const Error& e) {
  if (e.code() == ErrorCode::kInvalidArgument) return api_error(409, "conflict", e.message());
  return store_error(e);
}

// ---- Handlers -------------------------------------------------------------------------------------------

net::Response create_note(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  const std::string episode_id = ctx.body.value("episode_id", "");
  const std::string type = ctx.body.value("type", std::string(notes::kDefaultNoteType));
  const TimeUs now = now_us();
  auto made = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    std::optional<clinic::Episode> ep;
    if (!episode_id.empty()) {
      auto e = tx.get_episode(p.clinic_id, episode_id);
      if (!e || e->patient_id != p.id)
        return fail(ErrorCode::kNotFound, "episode {} is not one of this patient's", episode_id);
      ep = *e;
    }
    auto visit = PHYSIO_TRY(gather_visit(tx, p, ep, now, type));
    notes::NoteHeader h{security::random_id(),
                        p.id,
                        visit.episode.id,
                        ctx.principal().user_id,
                        now,
                        visit.window.from_us,
                        visit.window.to_us,
                        std::string(type)};
    const auto note = notes::new_note(h, notes::draft_note(visit));
    clinic::NoteRow row{.id = h.id,
                        .clinic_id = p.clinic_id,
                        .patient_id = p.id,
                        .episode_id = visit.episode.id,
                        .author_id = h.author_id,
                        .status = "draft",
                        .window_from_us = h.window_from_us,
                        .window_to_us = h.window_to_us,
                        .created_us = now,
                        .updated_us = now,
                        .signed_us = 0,
                        .version = 1,
                        .body = notes::note_to_json(note)};
    row = PHYSIO_TRY(tx.create_note(row));
    PHYSIO_TRY(tx.append_audit({ctx.audit_event("note", row.id, p.id)}));
    return note_view(tx, row, note, {}, staff_names(tx, p.clinic_id));
  });
  if (!made) {
    if (made.error().code() == ErrorCode::kNotFound)
      return api_error(400, "invalid_body", made.error().message(), "/episode_id");
    return store_error(made.error());
  }
  return json_ok(*made, 201);
}

net::Response list_notes(RequestContext& ctx) {
  clinic::Patient p;
  if (auto d = load_patient(ctx, p)) return *d;
  auto rows = ctx.services.store().read([&](store::Tx& tx) { return tx.list_notes(p.clinic_id, p.id); });
  if (!rows) return store_error(rows.error());
  ctx.audit_read("note", "", p.id);
  json items = json::array();
  for (const auto& r : *rows) {
    if (ctx.principal().role == clinic::Role::kPatient && r.status == "draft") continue;
    items.push_back(summary_json(r));
  }
  return json_ok({{"items", items}});
}

net::Response get_note(RequestContext& ctx) {
  clinic::NoteRow row;
  if (auto d = load_note(ctx, row)) return *d;
  auto view = ctx.services.store().read([&](store::Tx& tx) -> Result<json> {
    const auto n = PHYSIO_TRY(parse_note(row));
    const auto sent = PHYSIO_TRY(tx.list_hl7_outgoing(row.clinic_id, "note", row.id));
    return note_view(tx, row, n, sent, staff_names(tx, row.clinic_id));
  });
  if (!view) return store_error(view.error());
  ctx.audit_read("note", row.id, row.patient_id);
  return json_ok(*view);
}

/// Saves a changed note read at `version` with its audit event; the view of the saved note.
Result<json> save(RequestContext& ctx, store::Tx& tx, clinic::NoteRow row, const notes::Note& n,
                  std::int64_t version) {
  row.version = version;
  row.status = std::string(notes::to_string(n.status()));
  row.updated_us = n.updated_us;
  row.signed_us = n.signature ? n.signature->signed_us : 0;
  row.body = notes::note_to_json(n);
  auto saved = PHYSIO_TRY(tx.update_note(row));
  PHYSIO_TRY(tx.append_audit({ctx.audit_event("note", saved.id, saved.patient_id)}));
  const auto sent = PHYSIO_TRY(tx.list_hl7_outgoing(row.clinic_id, "note", row.id));
  return note_view(tx, saved, n, sent, staff_names(tx, row.clinic_id));
}

net::Response edit_note(RequestContext& ctx) {
  clinic::NoteRow row;
  if (auto d = load_note(ctx, row)) return *d;
  const auto& b = ctx.body;
  const std::string action = b.value("action", "edit");
  const std::string section = b["section"].get<std::string>();
  const std::string text = b.value("text", "");
  const auto index = static_cast<std::size_t>(b.value("index", 0.0));
  if ((action == "edit" || action == "add") && text.empty())
    return api_error(400, "invalid_body", "give the sentence's text", "/text");
  if (action == "move" && !b.contains("to"))
    return api_error(400, "invalid_body", "give the position to move the sentence to", "/to");
  const auto to = static_cast<std::size_t>(b.value("to", 0.0));
  const TimeUs now = now_us();
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    auto n = PHYSIO_TRY(parse_note(row));
    Status st = action == "add"      ? notes::add_sentence(n, section, text, now)
                : action == "remove" ? notes::remove_sentence(n, section, index, now)
                : action == "move"   ? notes::move_sentence(n, section, index, to, now)
                                     : notes::edit_sentence(n, section, index, text, now);
    if (!st) return std::unexpected(st.error());
    return save(ctx, tx, row, n, b["version"].get<std::int64_t>());
  });
  if (!out) return conflict_or(out.error());
  return json_ok(*out);
}

/// The note's MDM^T02 for the clinic's EHR (the patient's demographics, the signer as author); with
/// `addendum`, that addendum's MDM^T06 (its author, linked to the note by TXA-13).
Result<clinic::Hl7Outgoing> mdm_of(store::Tx& tx, const clinic::NoteRow& row, const notes::Note& n,
                                   const std::map<std::string, std::string>& names,
                                   const hl7::OutboundSettings& out_settings,
                                   std::optional<std::size_t> addendum = std::nullopt) {
  std::string parent;
  notes::MdmContent content;
  if (addendum) {
    auto a = PHYSIO_TRY(notes::addendum_mdm_content(n, *addendum, names));
    content = std::move(a.content);
    parent = std::move(a.parent_document_number);
  } else {
    content = PHYSIO_TRY(notes::mdm_content(n, names));
  }
  const auto patient = PHYSIO_TRY(tx.get_patient(row.clinic_id, row.patient_id));
  const auto clinic = PHYSIO_TRY(tx.get_clinic(row.clinic_id));
  hl7::ClinicalNote cn;
  cn.header = hl7::outbound_header(out_settings, clinic.name, security::random_id(), now_us());
  cn.patient = hl7::demographics_from(patient, out_settings.mrn_authority);
  cn.document_number = content.document_number;
  // The author as XCN: the clinic's user id issued by us, the name parts and credentials of the display
  // name ("Sam Rivera, PT").
  cn.author = hl7::split_display_name(names.count(content.author_id) ? names.at(content.author_id) : "");
  cn.author.id = content.author_id;
  cn.author.authority = hl7::kNamespace;
  cn.activity_us = content.activity_us;
  cn.signed_us = content.signed_us;
  cn.text = content.text;
  cn.parent_document_number = parent;
  const auto type = notes::note_type_or_generic(n.header.type);
  cn.code = {std::string(type.loinc), std::string(type.loinc_display), "LN"};
  const auto msg = PHYSIO_TRY(addendum ? hl7::build_mdm_t06(cn) : hl7::build_mdm_t02(cn));
  clinic::Hl7Outgoing out;
  out.clinic_id = row.clinic_id;
  out.record_type = "note";
  out.record_id = row.id;
  out.message_type = addendum ? "MDM^T06" : "MDM^T02";
  out.control_id = cn.header.control_id;
  out.message = hl7::serialize(msg);
  return out;
}

/// Exactly the text the EHR will receive if the caller signs the draft now (the MDM^T02's lines), for the
/// confirmation before signing. Nothing is stored.
net::Response preview_note(RequestContext& ctx) {
  clinic::NoteRow row;
  if (auto d = load_note(ctx, row)) return *d;
  auto out = ctx.services.store().read([&](store::Tx& tx) -> Result<json> {
    auto n = PHYSIO_TRY(parse_note(row));
    if (n.signature) {
      const auto c = PHYSIO_TRY(notes::mdm_content(n, staff_names(tx, row.clinic_id)));
      return json{{"text", c.text}, {"signed", true}};
    }
    if (auto st = notes::sign(n, ctx.principal().user_id, std::max(now_us(), n.header.created_us)); !st)
      return std::unexpected(st.error());
    const auto c = PHYSIO_TRY(notes::mdm_content(n, staff_names(tx, row.clinic_id)));
    return json{{"text", c.text}, {"signed", false}};
  });
  if (!out) return conflict_or(out.error());
  ctx.audit_read("note", row.id, row.patient_id);
  return json_ok(*out);
}

net::Response sign_note(RequestContext& ctx) {
  clinic::NoteRow row;
  if (auto d = load_note(ctx, row)) return *d;
  const TimeUs now = now_us();
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    auto n = PHYSIO_TRY(parse_note(row));
    if (auto st = notes::sign(n, ctx.principal().user_id, now); !st) return std::unexpected(st.error());
    PHYSIO_TRY(check_red_flags_decided(tx, row.clinic_id, row.id));
    auto view = PHYSIO_TRY(save(ctx, tx, row, n, ctx.body["version"].get<std::int64_t>()));
    // The visit's audio is not kept once the note is signed (the transcripts are).
    PHYSIO_TRY(store::audio_due_now(tx, row.clinic_id, row.id, "deleted when the note was signed"));
    // The signed note goes to the clinic's EHR as MDM^T02 (delivered by the HL7 sender when one is set).
    const auto names = staff_names(tx, row.clinic_id);
    PHYSIO_TRY(tx.queue_hl7(PHYSIO_TRY(mdm_of(tx, row, n, names, hl7_outbound(ctx.services.settings())))));
    view["hl7"] = json::array();
    for (const auto& m : PHYSIO_TRY(tx.list_hl7_outgoing(row.clinic_id, "note", row.id)))
      view["hl7"].push_back({{"message_type", m.message_type},
                             {"control_id", m.control_id},
                             {"queued", iso_time(m.created_us)},
                             {"sent", nullptr},
                             {"ack_code", m.ack_code},
                             {"attempts", m.attempts},
                             {"last_error", m.last_error}});
    return view;
  });
  if (!out) return conflict_or(out.error());
  ctx.services.notify_transcript_queued();  // the audio goes now
  return json_ok(*out);
}

net::Response add_addendum(RequestContext& ctx) {
  clinic::NoteRow row;
  if (auto d = load_note(ctx, row)) return *d;
  const TimeUs now = now_us();
  auto out = ctx.services.store().write([&](store::Tx& tx) -> Result<json> {
    auto n = PHYSIO_TRY(parse_note(row));
    notes::Addendum a{ctx.body["text"].get<std::string>(), ctx.body["reason"].get<std::string>(),
                      ctx.principal().user_id, now};
    if (auto st = notes::add_addendum(n, std::move(a)); !st) return std::unexpected(st.error());
    n.updated_us = now;
    auto view = PHYSIO_TRY(save(ctx, tx, row, n, row.version));
    // The EHR holds the signed note: the addendum follows it as MDM^T06, linked by the document number.
    PHYSIO_TRY(tx.queue_hl7(PHYSIO_TRY(mdm_of(tx, row, n, staff_names(tx, row.clinic_id),
                                              hl7_outbound(ctx.services.settings()), n.addenda.size() - 1))));
    return view;
  });
  if (!out) return conflict_or(out.error());
  return json_ok(*out, 201);
}

FieldSpec note_type_field() {
  FieldSpec f = text_field(
      "type", false, "initial_evaluation, daily_note (default), progress_report or discharge_summary", 32);
  for (const auto& t : notes::note_types()) f.one_of.emplace_back(t.id);
  return f;
}

// Required: an edit or a signature without the version read is a 400 naming /version (the handlers compare
// it).
FieldSpec version_field() {
  return number_field("version", "the version read; refused (409) if the note changed since", 1, 1e15,
                      FieldType::kInteger, true);
}

}  // namespace

void add_note_routes(RouteTable& routes) {
  routes.push_back(with_body(
      make_route(
          "POST", "/api/patients/{id}/notes",
          "Draft a SOAP note for a visit from the data since the last signed note (every sentence names "
          "its source rows)",
          Action::kWriteClinical, Target::kPatient, "note.create", create_note),
      {text_field("episode_id", false, "the episode the visit belongs to (default: the latest active one)",
                  64),
       note_type_field()},
      kNoteBodyBytes));
  routes.push_back(make_route("GET", "/api/patients/{id}/notes",
                              "A patient's notes, newest first (a patient sees signed notes only)",
                              Action::kReadClinical, Target::kPatient, "note.read", list_notes));
  routes.push_back(make_route("GET", "/api/notes/{id}",
                              "A note with its sentences and their sources, its text, signature and what was "
                              "sent to the EHR",
                              Action::kReadClinical, Target::kNote, "note.read", get_note));
  {
    FieldSpec action = text_field("action", false, "edit (default), add, remove or move", 10);
    action.one_of = {"edit", "add", "remove", "move"};
    FieldSpec section = text_field("section", true, "S, O, A or P", 1);
    section.one_of = {"S", "O", "A", "P"};
    routes.push_back(with_body(
        make_route(
            "PATCH", "/api/notes/{id}",
            "Edit a draft: replace a sentence's text (its sources kept), add or remove one; a signed note "
            "is refused (409)",
            Action::kWriteClinical, Target::kNote, "note.update", edit_note),
        {version_field(), action, section,
         number_field("index", "the sentence, from 0", 0, 1000, FieldType::kInteger),
         number_field("to", "move: the sentence's new position, from 0", 0, 1000, FieldType::kInteger),
         text_field("text", false, "the sentence", 2000)},
        kNoteBodyBytes));
  }
  routes.push_back(make_route("GET", "/api/notes/{id}/preview",
                              "Exactly the text the EHR will receive if the caller signs the note now (the "
                              "signed note's text once signed); nothing is stored",
                              Action::kWriteClinical, Target::kNote, "note.read", preview_note));
  routes.push_back(with_body(
      make_route("POST", "/api/notes/{id}/sign",
                 "Sign a draft: its content becomes immutable and its MDM^T02 is queued for the EHR",
                 Action::kWriteClinical, Target::kNote, "note.sign", sign_note),
      {version_field()}, kNoteBodyBytes));
  routes.push_back(with_body(
      make_route("POST", "/api/notes/{id}/addenda", "Add an addendum (text and reason) to a signed note",
                 Action::kWriteClinical, Target::kNote, "note.addendum", add_addendum),
      {text_field("text", true, "the addendum", 4000), text_field("reason", true, "why it is added", 500)},
      kNoteBodyBytes));
}

}  // namespace physio::server
