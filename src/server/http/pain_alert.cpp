#include "server/http/pain_alert.hpp"

#include "store/clinic_contact.hpp"
#include "store/messages.hpp"

namespace physio::server {

Result<nlohmann::json> pain_response(store::Tx& tx, RequestContext& ctx, const clinic::Patient& patient,
                                     std::optional<double> nprs, rehab::PainWhen when,
                                     std::string_view exercise_name) {
  if (!nprs) return nlohmann::json(nullptr);
  const auto contact = PHYSIO_TRY(store::get_clinic_contact(tx, patient.clinic_id)).contact;
  const auto advice = rehab::pain_advice(*nprs, when, contact);
  if (!advice) return nlohmann::json(nullptr);
  if (advice->stop) {
    // Written as from the patient's side, so it is new to the physiotherapist; no e-mail goes to the patient.
    store::Message m;
    m.clinic_id = patient.clinic_id;
    m.patient_id = patient.id;
    m.sender_id = kPainAlertSender;
    m.from_patient = true;
    m.body = rehab::pain_alert_text(*nprs, when, exercise_name);
    auto stored = PHYSIO_TRY(store::insert_message(tx, m));
    auto event = ctx.audit_event("message", stored.id, patient.id);
    event.action = "message.pain_alert";
    PHYSIO_CHECK(tx.append_audit({event}));
  }
  return nlohmann::json{{"stop", advice->stop}, {"title", advice->title}, {"text", advice->text}};
}

}  // namespace physio::server
