#include "hl7/adt.hpp"

#include "hl7/event_time.hpp"

namespace physio::hl7 {

bool adt_trigger_supported(std::string_view t) {
  return t == "A01" || t == "A04" || t == "A05" || t == "A08" || t == "A28" || t == "A31";
}

Hl7Result<PatientUpsert> map_adt(const Message& m, const LocalOffset& local) {
  ReadRules rules;
  rules.local = local;
  rules.choose_record_number = false;
  Findings f;
  PatientUpsert u = map_adt(m, rules, f);
  if (!f.errors.empty()) return std::unexpected(f.errors.front());
  return u;
}

PatientUpsert map_adt(const Message& m, const ReadRules& rules, Findings& f) {
  PatientUpsert u;
  u.trigger = message_type(m).trigger;
  const Segment* msh = m.find("MSH");
  if (msh != nullptr) {
    u.control_id = m.value(*msh, 10);
    u.recorded_us = read_time(m, *msh, 7, 1, rules.local, f);
  }
  if (const Segment* evn = m.find("EVN")) {
    const TimeUs recorded = read_time(m, *evn, 2, 1, rules.local, f);
    if (recorded != 0) u.recorded_us = recorded;
  }
  u.patient = read_pid(m, rules, f);
  return u;
}

clinic::Patient to_clinic_patient(const PatientUpsert& u, std::string_view mrn_authority,
                                  clinic::Patient base) {
  const PatientDemographics& p = u.patient;
  base.family_name = p.name.family;
  base.given_name = p.name.given;
  if (!p.birth_date.empty()) base.birth_date = p.birth_date;
  if (!p.sex.empty()) base.sex = p.sex;
  if (const PatientIdentifier* mrn = find_identifier(p, mrn_authority)) base.mrn = mrn->id;
  bool phone = false;
  bool email = false;
  for (const auto& c : p.contacts) {
    if (c.kind == ContactPoint::Kind::kPhone && !phone) {
      base.phone = c.value;
      phone = true;
    } else if (c.kind == ContactPoint::Kind::kEmail && !email) {
      base.email = c.value;
      email = true;
    }
  }
  return base;
}

}  // namespace physio::hl7
