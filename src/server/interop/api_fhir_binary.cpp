// GET /fhir/Binary/{id}: a signed note laid out as a PDF (print/note_pdf.hpp), the bytes the
// DocumentReference of the same id points at. Answered as application/pdf unless the client asks for FHIR
// (Accept application/fhir+json or application/json, or _format=json): then a Binary resource with the
// PDF in base64 (docs/server/fhir.md, "Signed notes as PDF"). Authorized and audited like the note.
#include <map>

#include <fmt/format.h>

#include "fhir/resources.hpp"
#include "notes/dates.hpp"
#include "notes/note.hpp"
#include "notes/note_types.hpp"
#include "print/note_pdf.hpp"
#include "server/http/fhir_answers.hpp"
#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"
#include "server/interop/fhir_routes.hpp"

namespace physio::server {
namespace {

std::string when(TimeUs t) {
  return notes::note_date_of(t) + " " + iso_time(t).substr(11, 5) + " UTC";
}

print::PrintedNote printed(const notes::Note& n, const clinic::Patient& p, const clinic::Clinic& c,
                           const std::map<std::string, std::string>& names) {
  auto name = [&](const std::string& id) {
    auto it = names.find(id);
    return it != names.end() && !it->second.empty() ? it->second : id;
  };
  print::PrintedNote out;
  out.clinic = c.name;
  out.title = std::string(notes::note_type_or_generic(n.header.type).name);
  out.note_date = notes::note_date_of(n.header.window_to_us ? n.header.window_to_us : n.header.created_us);
  out.patient = p.given_name + (p.given_name.empty() ? "" : " ") + p.family_name;
  out.birth_date = p.birth_date;
  out.record_number = p.mrn;
  for (const auto& s : n.sections) {
    print::PrintedSection ps{s.title, {}};
    for (const auto& sentence : s.sentences) ps.sentences.push_back(sentence.text);
    out.sections.push_back(std::move(ps));
  }
  out.author = name(n.header.author_id);
  out.signer = name(n.signature->signer_id);
  out.signed_at = when(n.signature->signed_us);
  out.document_id = n.header.id;
  out.content_sha256 = n.signature->content_sha256;
  for (const auto& a : n.addenda)
    out.addenda.push_back(
        {fmt::format("Addendum of {} by {}", when(a.at_us), name(a.author_id)), a.text, a.reason});
  out.printed_on = notes::note_date_of(now_us());
  return out;
}

/// Whether the client asked for the Binary resource rather than the PDF itself.
bool wants_fhir(RequestContext& ctx) {
  if (const auto f = ctx.query("_format"); f && (*f == "json" || f->find("json") != std::string::npos))
    return true;
  const auto accept = ctx.req.header("accept");
  return accept && (accept->find("application/fhir+json") != std::string_view::npos ||
                    accept->find("application/json") != std::string_view::npos);
}

net::Response read_binary(RequestContext& ctx) {
  const std::string id = ctx.param("id");
  const auto& who = ctx.principal();
  struct NoteForPdf {
    clinic::NoteRow row;
    notes::Note note;
    clinic::Patient patient;
    clinic::Clinic clinic;
    std::map<std::string, std::string> names;
  };
  auto loaded = ctx.services.store().read([&](store::Tx& tx) -> Result<std::optional<NoteForPdf>> {
    auto row = tx.get_note(who.clinic_id, id);
    if (!row) {
      if (row.error().code() == ErrorCode::kNotFound) return std::optional<NoteForPdf>();
      return std::unexpected(row.error());
    }
    if (row->status == "draft") return std::optional<NoteForPdf>();  // only a signed note is a document
    NoteForPdf l;
    l.row = *row;
    l.note = PHYSIO_TRY(notes::note_from_json(row->body));
    if (!l.note.signature) return std::optional<NoteForPdf>();
    l.patient = PHYSIO_TRY(tx.get_patient(row->clinic_id, row->patient_id));
    l.clinic = PHYSIO_TRY(tx.get_clinic(row->clinic_id));
    for (const auto& u : PHYSIO_TRY(tx.list_users(row->clinic_id))) l.names[u.id] = u.display_name;
    return std::optional<NoteForPdf>(std::move(l));
  });
  if (!loaded) return store_error(loaded.error());
  if (!*loaded) {
    ctx.pending_reads.push_back(ctx.audit_event("binary", "", "", "denied"));
    return as_fhir_error(not_found_answer("binary"));
  }
  auto& l = **loaded;
  if (auto d =
          ctx.authorize(clinic::Action::kReadClinical, {l.row.clinic_id, l.row.patient_id}, "binary", id))
    return as_fhir_error(std::move(*d));
  auto pdf = print::note_pdf(printed(l.note, l.patient, l.clinic, l.names));
  if (!pdf) return fhir_problem({500, "exception", "the note's PDF could not be made", ""});
  ctx.audit_read("binary", id, l.row.patient_id);
  const TimeUs updated = l.note.addenda.empty() ? l.note.signature->signed_us : l.note.addenda.back().at_us;
  if (wants_fhir(ctx))
    return fhir_ok(fhir::binary_resource(id, "application/pdf", *pdf, "DocumentReference/" + id, updated));
  net::Response resp;
  resp.body = std::move(*pdf);
  resp.headers.push_back({"content-type", "application/pdf"});
  resp.headers.push_back({"content-disposition", "inline; filename=\"note-" + id.substr(0, 8) + ".pdf\""});
  resp.headers.push_back({"cache-control", "no-store"});
  return resp;
}

}  // namespace

void add_fhir_binary_route(RouteTable& routes) {
  Route r =
      with_query(make_route("GET", "/fhir/Binary/{id}",
                            "A signed note as a PDF (application/pdf), or as a FHIR Binary with "
                            "Accept: application/fhir+json",
                            clinic::Action::kReadClinical, Target::kNote, "fhir.binary.read", read_binary),
                 {{"_format", "json: the Binary resource instead of the PDF"}});
  r.produces = "application/pdf";
  routes.push_back(std::move(r));
}

}  // namespace physio::server
