#include "server/insight/flag_json.hpp"

#include "server/http/http_util.hpp"

namespace physio::server {

using nlohmann::json;

json flag_json(const clinic::RiskFlagRow& f, const clinic::Patient* p) {
  json body = json::parse(f.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) body = json::object();
  json j = {{"id", f.id},
            {"patient_id", f.patient_id},
            {"kind", f.kind},
            {"subject_type", f.subject_type},
            {"subject_id", f.subject_id},
            {"method", f.method},
            {"model", f.model},
            {"model_version", f.model_version},
            {"probability", f.probability ? json(*f.probability) : json(nullptr)},
            {"level", f.level},
            {"need", f.need},
            {"title", body.value("title", "")},
            {"reasons", body.value("reasons", json::array())},
            {"action", body.value("action", "")},
            {"basis", body.value("basis", "")},
            {"card", body.value("card", "")},
            {"status", f.status},
            {"shown", f.shown},
            {"decided_by", f.decided_by.empty() ? json(nullptr) : json(f.decided_by)},
            {"decided", f.decided_us == 0 ? json(nullptr) : json(iso_time(f.decided_us))},
            {"decision_reason", f.decision_reason},
            {"computed", iso_time(f.computed_us)}};
  if (p) {
    j["given_name"] = p->given_name;
    j["family_name"] = p->family_name;
    j["mrn"] = p->mrn;
  }
  return j;
}

}  // namespace physio::server
