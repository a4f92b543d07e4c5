#include "server/record/note_access.hpp"

#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"
#include "server/http/services.hpp"

namespace physio::server {

std::optional<net::Response> load_note(RequestContext& ctx, clinic::NoteRow& out) {
  const auto& who = ctx.principal();
  auto r =
      ctx.services.store().read([&](store::Tx& tx) { return tx.get_note(who.clinic_id, ctx.param("id")); });
  if (!r) {
    if (r.error().code() != ErrorCode::kNotFound) return store_error(r.error());
    ctx.pending_reads.push_back(ctx.audit_event("note", "", "", "denied"));
    return api_error(404, "not_found", "no such note");
  }
  if (auto d = ctx.authorize({r->clinic_id, r->patient_id}, "note", r->id)) return d;
  if (who.role == clinic::Role::kPatient && r->status == "draft")
    return api_error(404, "not_found", "no such note");
  out = std::move(*r);
  return std::nullopt;
}

}  // namespace physio::server
