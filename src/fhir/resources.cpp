#include "fhir/resources.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

#include <fmt/format.h>

#include "fhir/codes.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

json coding(std::string_view system, std::string_view code, std::string_view display = {}) {
  json c = {{"system", system}, {"code", code}};
  if (!display.empty()) c["display"] = display;
  return c;
}

json concept_of(json c, std::string_view text = {}) {
  json cc = {{"coding", json::array({std::move(c)})}};
  if (!text.empty()) cc["text"] = text;
  return cc;
}

json meta(TimeUs updated) {
  return {{"lastUpdated", instant(updated)}};
}

bool is_hex_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

/// "3 x 10, hold 5 s, 10 kg, once a day, 5 days a week" from the rehab module's dosage JSON.
std::string dosage_words(const json& d) {
  std::string s = fmt::format("{} x {}", d.value("sets", 1), d.value("reps", 10));
  if (d.value("hold_s", 0.0) > 0) s += fmt::format(", hold {:g} s", d.value("hold_s", 0.0));
  if (d.contains("load") && d["load"].is_object()) {
    const auto& l = d["load"];
    const std::string kind = l.value("kind", "none");
    if (kind == "kg") s += fmt::format(", {:g} kg", l.value("kg", 0.0));
    if (kind == "band") s += ", " + l.value("band", std::string()) + " band";
    if (kind == "rpe") s += fmt::format(", RPE {:g}", l.value("rpe", 0.0));
    if (kind == "rir") s += fmt::format(", {:g} repetitions in reserve", l.value("rir", 0.0));
  }
  const int per_day = d.value("times_per_day", 1);
  s += per_day == 1 ? ", once a day" : fmt::format(", {} times a day", per_day);
  s += fmt::format(", {} days a week", d.value("days_per_week", 7));
  return s;
}

std::string_view audit_verb(std::string_view action) {
  // The audit trail's action names end in what was done ("patient.read", "program.create").
  const auto dot = action.rfind('.');
  const std::string_view verb = dot == std::string_view::npos ? action : action.substr(dot + 1);
  if (verb == "read" || verb == "search" || verb == "watch" || verb == "calendar" || verb == "export")
    return "R";
  if (verb == "create" || verb == "upload" || verb == "connect") return "C";
  if (verb == "update" || verb == "approve" || verb == "edit" || verb == "reject" || verb == "decision" ||
      verb == "auto_apply" || verb == "review")
    return "U";
  if (verb == "delete" || verb == "disable") return "D";
  return "E";
}

}  // namespace

std::string instant(TimeUs t) {
  const std::time_t secs =
      static_cast<std::time_t>(t >= 0 ? t / kUsPerSecond : (t - kUsPerSecond + 1) / kUsPerSecond);
  const auto micro = t - static_cast<TimeUs>(secs) * kUsPerSecond;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:06d}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micro);
}

json reference(std::string_view type, std::string_view id) {
  return {{"reference", fmt::format("{}/{}", type, id)}};
}

json patient_resource(const clinic::Patient& p) {
  json r = {{"resourceType", "Patient"},
            {"id", p.id},
            {"meta", {{"versionId", std::to_string(p.version)}, {"lastUpdated", instant(p.updated_us)}}},
            {"active", true},
            {"managingOrganization", reference("Organization", p.clinic_id)}};
  json name = {{"use", "official"}};
  if (!p.family_name.empty()) name["family"] = p.family_name;
  if (!p.given_name.empty()) name["given"] = json::array({p.given_name});
  r["name"] = json::array({name});
  if (!p.birth_date.empty()) r["birthDate"] = p.birth_date;
  if (!p.sex.empty()) r["gender"] = p.sex;
  json ids = json::array();
  if (!p.mrn.empty())
    ids.push_back({{"use", "usual"},
                   {"type", concept_of(coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR"),
                                       "Medical record number")},
                   {"system", fmt::format("urn:physiokit:clinic:{}:mrn", p.clinic_id)},
                   {"value", p.mrn}});
  ids.push_back({{"system", fmt::format("{}:patient", kRecordIdSystem)}, {"value", p.id}});
  r["identifier"] = ids;
  json telecom = json::array();
  if (!p.email.empty()) telecom.push_back({{"system", "email"}, {"value", p.email}});
  if (!p.phone.empty()) telecom.push_back({{"system", "phone"}, {"value", p.phone}});
  if (!telecom.empty()) r["telecom"] = telecom;
  if (!p.language.empty())
    r["communication"] = json::array({{{"language", concept_of(coding("urn:ietf:bcp:47", p.language))}}});
  if (!p.time_zone.empty())
    r["extension"] = json::array(
        {{{"url", "http://hl7.org/fhir/StructureDefinition/timezone"}, {"valueCode", p.time_zone}}});
  return r;
}

json organization_resource(const clinic::Clinic& c) {
  return {{"resourceType", "Organization"},
          {"id", c.id},
          {"meta", meta(c.created_us)},
          {"active", true},
          {"type", json::array({concept_of(coding("http://terminology.hl7.org/CodeSystem/organization-type",
                                                  "prov", "Healthcare Provider"))})},
          {"name", c.name}};
}

json practitioner_resource(const clinic::User& u) {
  json r = {
      {"resourceType", "Practitioner"},
      {"id", u.id},
      {"meta", meta(u.created_us)},
      {"active", !u.disabled},
      {"identifier", json::array({{{"system", fmt::format("{}:user", kRecordIdSystem)}, {"value", u.id}}})},
      {"telecom", json::array({{{"system", "email"}, {"value", u.email}, {"use", "work"}}})}};
  if (!u.display_name.empty()) r["name"] = json::array({{{"text", u.display_name}}});
  return r;
}

json condition_resource(const clinic::Episode& e) {
  std::string clinical = "active";
  if (e.status == "finished") clinical = "resolved";
  if (e.status == "cancelled") clinical = "inactive";
  json r = {
      {"resourceType", "Condition"},
      {"id", e.id},
      {"meta", meta(e.updated_us ? e.updated_us : e.created_us)},
      {"clinicalStatus",
       concept_of(coding("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical))},
      {"verificationStatus",
       concept_of(coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"))},
      {"category", json::array({concept_of(coding("http://terminology.hl7.org/CodeSystem/condition-category",
                                                  "problem-list-item", "Problem List Item"))})},
      {"subject", reference("Patient", e.patient_id)},
      {"recordedDate", instant(e.created_us)}};
  if (!e.icd10_code.empty() || !e.condition_text.empty()) {
    json code = json::object();
    if (!e.icd10_code.empty()) code["coding"] = json::array({coding(kIcd10Cm, e.icd10_code)});
    if (!e.condition_text.empty()) code["text"] = e.condition_text;
    r["code"] = code;
  }
  if (auto lat = laterality_coding(e.side); !lat.is_null())
    r["bodySite"] = json::array({{{"coding", json::array({lat})}, {"text", e.side}}});
  if (!e.onset_date.empty()) r["onsetDateTime"] = e.onset_date;
  json notes = json::array();
  if (!e.referral_source.empty())
    notes.push_back({{"text", "Referred by " + e.referral_source +
                                  (e.referral_date.empty() ? "" : " on " + e.referral_date)}});
  if (!e.surgery_date.empty()) notes.push_back({{"text", "Surgery on " + e.surgery_date}});
  if (!notes.empty()) r["note"] = notes;
  return r;
}

std::optional<json> goal_resource(const clinic::Episode& e) {
  if (e.goals.empty()) return std::nullopt;
  std::string status = "active";
  if (e.status == "planned") status = "planned";
  if (e.status == "onhold") status = "on-hold";
  if (e.status == "finished") status = "completed";
  if (e.status == "cancelled") status = "cancelled";
  return json{{"resourceType", "Goal"},
              {"id", e.id},
              {"meta", meta(e.updated_us ? e.updated_us : e.created_us)},
              {"lifecycleStatus", status},
              {"description", {{"text", e.goals}}},
              {"subject", reference("Patient", e.patient_id)},
              {"addresses", json::array({reference("Condition", e.id)})}};
}

json care_plan_resource(const clinic::HomeProgram& p) {
  json r = {{"resourceType", "CarePlan"},
            {"id", p.id},
            {"meta", {{"versionId", std::to_string(p.version)}, {"lastUpdated", instant(p.updated_us)}}},
            {"status", p.status == "active" ? "active" : "completed"},
            {"intent", "plan"},
            {"category", json::array({{{"text", "home exercise program"}}})},
            {"subject", reference("Patient", p.patient_id)},
            {"created", instant(p.created_us)}};
  if (!p.title.empty()) r["title"] = p.title;
  if (!p.created_by.empty()) r["author"] = reference("Practitioner", p.created_by);
  const json program = json::parse(p.program_json, nullptr, false);
  json activities = json::array();
  if (program.is_object() && program.contains("prescriptions") && program["prescriptions"].is_array()) {
    for (const auto& rx : program["prescriptions"]) {
      if (!rx.is_object() || !rx.contains("exercise_id") || !rx["exercise_id"].is_string()) continue;
      const std::string ex = rx["exercise_id"].get<std::string>();
      const json dosage = rx.contains("dosage") && rx["dosage"].is_object() ? rx["dosage"] : json::object();
      json detail = {{"kind", "ServiceRequest"},
                     {"code", concept_of(coding(kExercisesSystem, ex), ex)},
                     {"status", p.status == "active" ? "scheduled" : "completed"},
                     {"description", dosage_words(dosage)},
                     {"scheduledTiming",
                      {{"repeat",
                        {{"frequency", std::max(1, dosage.value("times_per_day", 1))},
                         {"period", 1},
                         {"periodUnit", "d"}}}}},
                     {"quantity", {{"value", dosage.value("reps", 10)}, {"unit", "repetitions per set"}}}};
      const std::string side = rx.value("side", std::string());
      if (side == "left" || side == "right") detail["description"] = side + " side: " + dosage_words(dosage);
      activities.push_back({{"detail", detail}});
    }
  }
  if (!activities.empty()) r["activity"] = activities;
  return r;
}

json observation_resource(const clinic::Observation& o) {
  const std::string category(observation_category(o.code_system, o.code));
  json r = {{"resourceType", "Observation"},
            {"id", o.id},
            {"meta",
             {{"versionId", std::to_string(o.version)},
              {"lastUpdated", instant(o.updated_us ? o.updated_us : o.created_us)}}},
            {"status", o.version > 1 ? "amended" : "final"},
            {"category", json::array({concept_of(coding(kObservationCategorySystem, category))})},
            {"code", {{"coding", observation_codings(o)}, {"text", o.display.empty() ? o.code : o.display}}},
            {"subject", reference("Patient", o.patient_id)},
            {"effectiveDateTime", instant(o.effective_us)},
            {"issued", instant(o.created_us)},
            {"valueQuantity", {{"value", o.value}, {"unit", o.unit}, {"system", kUcum}, {"code", o.unit}}}};
  if (!o.method.empty()) r["method"] = {{"text", o.method}};
  if (!o.body_site.empty() || !o.side.empty()) {
    std::string text = o.side.empty() ? o.body_site : o.side + (o.body_site.empty() ? "" : " " + o.body_site);
    for (auto& c : text)
      if (c == '_') c = ' ';
    json site = {{"text", text}};
    const bool knee = o.body_site == "knee" || o.display.find("knee") != std::string::npos;
    if (knee && o.side == "left")
      site["coding"] = json::array({coding(kSnomed, "82169009", "Left knee region")});
    if (knee && o.side == "right")
      site["coding"] = json::array({coding(kSnomed, "6757004", "Right knee region")});
    r["bodySite"] = site;
  }
  if (o.source != "manual") r["device"] = reference("Device", "physiokit");
  if (!o.recorded_by.empty()) r["performer"] = json::array({reference("Practitioner", o.recorded_by)});
  return r;
}

json pain_observation_resource(const clinic::MorningPainAnswer& a) {
  return {{"resourceType", "Observation"},
          {"id", "mp-" + a.id},
          {"meta", meta(a.created_us)},
          {"status", "final"},
          {"category", json::array({concept_of(coding(kObservationCategorySystem, "survey"))})},
          {"code", concept_of(coding(kLoinc, "72514-3",
                                     "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
                              "Morning pain (0-10)")},
          {"subject", reference("Patient", a.patient_id)},
          {"effectiveDateTime", instant(a.at_us)},
          {"issued", instant(a.created_us)},
          {"performer", json::array({reference("Patient", a.patient_id)})},
          {"valueQuantity", {{"value", a.nprs}, {"unit", "score"}, {"system", kUcum}, {"code", "{score}"}}}};
}

json consent_resource(const clinic::Consent& c) {
  const bool privacy = c.kind == "data_use";
  json r = {{"resourceType", "Consent"},
            {"id", c.id},
            {"meta", meta(c.recorded_us)},
            {"status", c.status == "given" ? "active" : "inactive"},
            {"scope", concept_of(coding("http://terminology.hl7.org/CodeSystem/consentscope",
                                        privacy ? "patient-privacy" : "treatment"))},
            {"category",
             json::array(
                 {concept_of(coding(kLoinc, "59284-0", "Consent Document")),
                  concept_of(coding("http://physiokit.org/fhir/CodeSystem/consent-kinds", c.kind), c.kind)})},
            {"patient", reference("Patient", c.patient_id)},
            {"dateTime", instant(c.recorded_us)},
            {"organization", json::array({reference("Organization", c.clinic_id)})},
            {"policyRule", concept_of(coding("http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                             c.status == "given" ? "OPTIN" : "OPTOUT"))},
            {"provision", {{"type", c.status == "given" ? "permit" : "deny"}}}};
  if (!c.recorded_by.empty()) r["performer"] = json::array({reference("Practitioner", c.recorded_by)});
  return r;
}

json appointment_resource(const clinic::Appointment& a) {
  json participants = json::array({{{"actor", reference("Patient", a.patient_id)}, {"status", "accepted"}}});
  if (!a.practitioner_id.empty())
    participants.push_back({{"actor", reference("Practitioner", a.practitioner_id)}, {"status", "accepted"}});
  json r = {{"resourceType", "Appointment"},
            {"id", a.id},
            {"meta", meta(a.updated_us ? a.updated_us : a.created_us)},
            {"status", a.status},
            {"start", instant(a.start_us)},
            {"end", instant(a.start_us + a.duration_min * 60 * kUsPerSecond)},
            {"minutesDuration", a.duration_min},
            {"created", instant(a.created_us)},
            {"participant", participants}};
  if (!a.reason.empty()) r["description"] = a.reason;
  return r;
}

std::string_view fhir_type_of_record(std::string_view t) {
  if (t == "patient") return "Patient";
  if (t == "episode") return "Condition";
  if (t == "appointment") return "Appointment";
  if (t == "consent") return "Consent";
  if (t == "program") return "CarePlan";
  if (t == "observation") return "Observation";
  if (t == "user" || t == "staff") return "Practitioner";
  if (t == "clinic") return "Organization";
  return {};
}

json audit_event_resource(const clinic::AuditEvent& e) {
  const bool login = e.action.starts_with("login") || e.action.starts_with("session.");
  json type =
      login ? coding("http://dicom.nema.org/resources/ontology/DCM", "110114", "User Authentication")
            : coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation");
  std::string outcome = "0";
  if (e.outcome == "denied") outcome = "4";
  if (e.outcome == "failed") outcome = "8";
  json agent = {{"requestor", true}};
  if (!e.role.empty()) agent["role"] = json::array({{{"text", e.role}}});
  if (!e.actor_id.empty()) {
    if (e.role != "patient" && !e.role.empty())
      agent["who"] = reference("Practitioner", e.actor_id);
    else
      agent["who"] = {
          {"identifier", {{"system", fmt::format("{}:user", kRecordIdSystem)}, {"value", e.actor_id}}}};
  } else {
    agent["who"] = {{"display", "unauthenticated client"}};
  }
  if (!e.client.empty()) agent["network"] = {{"address", e.client}, {"type", "2"}};
  json r = {{"resourceType", "AuditEvent"},
            {"id", std::to_string(e.seq)},
            {"meta", meta(e.time_us)},
            {"type", type},
            {"subtype", json::array({coding(kAuditActionsSystem, e.action)})},
            {"action", audit_verb(e.action)},
            {"recorded", instant(e.time_us)},
            {"outcome", outcome},
            {"agent", json::array({agent})},
            {"source",
             {{"site", "physiokit"},
              {"observer", e.clinic_id.empty() ? json{{"display", "physiokit server"}}
                                               : reference("Organization", e.clinic_id)}}}};
  if (!e.detail.empty()) r["outcomeDesc"] = e.detail;
  json entities = json::array();
  if (!e.record_type.empty() || !e.record_id.empty()) {
    const auto type_name = fhir_type_of_record(e.record_type);
    json what;
    if (!type_name.empty() && is_hex_id(e.record_id))
      what = reference(type_name, e.record_id);
    else if (!e.record_id.empty())
      what = {{"identifier",
               {{"system", fmt::format("{}:{}", kRecordIdSystem, e.record_type)}, {"value", e.record_id}}}};
    json ent = {
        {"type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object")}};
    if (!what.is_null()) ent["what"] = what;
    if (!e.record_type.empty()) ent["name"] = e.record_type;
    entities.push_back(ent);
  }
  if (!e.patient_id.empty())
    entities.push_back(
        {{"what", reference("Patient", e.patient_id)},
         {"type", coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person")},
         {"role", coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient")}});
  if (!entities.empty()) r["entity"] = entities;
  return r;
}

namespace {

json provenance_base(std::string id, json target, TimeUs recorded, std::string_view activity) {
  return {
      {"resourceType", "Provenance"},
      {"id", std::move(id)},
      {"meta", meta(recorded)},
      {"target", json::array({std::move(target)})},
      {"recorded", instant(recorded)},
      {"activity", concept_of(coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", activity))}};
}

json agent(std::string_view type, json who) {
  return {
      {"type", concept_of(coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", type))},
      {"who", std::move(who)}};
}

}  // namespace

json program_provenance(const clinic::HomeProgram& p, const clinic::ProgramVersion& v) {
  json r = provenance_base(fmt::format("cp-{}-{}", p.id, v.version), reference("CarePlan", p.id), v.at_us,
                           v.kind == "create" ? "CREATE" : "UPDATE");
  r["agent"] =
      json::array({v.by == "auto" || v.by.empty() ? agent("assembler", reference("Device", "physiokit"))
                                                  : agent("author", reference("Practitioner", v.by))});
  std::string why = fmt::format("version {} ({})", v.version, v.kind);
  if (!v.reason.empty()) why += ": " + v.reason;
  r["reason"] = json::array({{{"text", why}}});
  return r;
}

json consent_provenance(const clinic::Consent& c) {
  json r = provenance_base("cs-" + c.id, reference("Consent", c.id), c.recorded_us, "CREATE");
  r["agent"] =
      json::array({c.recorded_by.empty() ? agent("author", reference("Organization", c.clinic_id))
                                         : agent("author", reference("Practitioner", c.recorded_by))});
  return r;
}

json observation_provenance(const clinic::Observation& o) {
  json r = provenance_base("ob-" + o.id, reference("Observation", o.id), o.created_us, "CREATE");
  r["agent"] = json::array({agent("assembler", reference("Device", "physiokit"))});
  if (o.recording_id)
    r["entity"] = json::array(
        {{{"role", "source"},
          {"what",
           {{"identifier",
             {{"system", fmt::format("{}:recording", kRecordIdSystem)}, {"value", *o.recording_id}}},
            {"display", "the recording the measure was computed from"}}}}});
  return r;
}

json device_resource(std::string_view version) {
  return {{"resourceType", "Device"},
          {"id", "physiokit"},
          {"status", "active"},
          {"manufacturer", "physiokit"},
          {"deviceName",
           json::array({{{"name", "physiokit movement analysis"}, {"type", "user-friendly-name"}}})},
          {"type",
           {{"text",
             "Software that computes movement measures from recordings: BlazePose pose estimation of "
             "video, landmark-file analysis and wearable IMU analysis. The camera or sensor that "
             "captured a recording is not recorded."}}},
          {"version", json::array({{{"value", version}}})}};
}

std::string questionnaire_id(std::string_view instrument_id) {
  std::string s(instrument_id);
  for (auto& c : s)
    if (c == '_') c = '-';
  return s;
}

std::string instrument_id(std::string_view questionnaire_id) {
  std::string s(questionnaire_id);
  for (auto& c : s)
    if (c == '-') c = '_';
  return s;
}

json questionnaire_resource(const measures::Instrument& ins) {
  std::string name;
  bool upper = true;
  for (char c : ins.id) {
    if (c == '_') {
      upper = true;
      continue;
    }
    name += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  json items = json::array();
  for (const auto& it : ins.items) {
    json item = {{"linkId", it.id}, {"text", it.label}, {"required", false}};
    if (!it.options.empty()) {
      item["type"] = "choice";
      json opts = json::array();
      for (const auto& o : it.options)
        opts.push_back({{"valueCoding", {{"code", fmt::format("{:g}", o.value)}, {"display", o.label}}}});
      item["answerOption"] = opts;
    } else {
      item["type"] = it.integer ? "integer" : "decimal";
      if (!it.unit.empty())
        item["extension"] =
            json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"},
                          {"valueCoding", {{"display", it.unit}}}}});
    }
    items.push_back(item);
  }
  json r = {{"resourceType", "Questionnaire"},
            {"id", questionnaire_id(ins.id)},
            {"url", "http://physiokit.org/fhir/Questionnaire/" + questionnaire_id(ins.id)},
            {"name", name},
            {"title", ins.name},
            {"status", "active"},
            {"subjectType", json::array({"Patient"})},
            {"description", ins.description},
            {"item", items}};
  if (!ins.version.empty()) r["version"] = ins.version;
  if (!ins.licence.empty()) r["copyright"] = ins.licence;
  return r;
}

json questionnaire_response_resource(const clinic::QuestionnaireResponse& r,
                                     const measures::Instrument* instrument) {
  const json answers = json::parse(r.answers_json, nullptr, false);
  json items = json::array();
  if (answers.is_array()) {
    for (std::size_t i = 0; i < answers.size(); ++i) {
      const auto& a = answers[i];
      if (!a.is_number()) continue;
      const double v = a.get<double>();
      const measures::Item* item =
          instrument && i < instrument->items.size() ? &instrument->items[i] : nullptr;
      json answer;
      if (item && !item->options.empty()) {
        json c = {{"code", fmt::format("{:g}", v)}};
        for (const auto& o : item->options)
          if (o.value == v) c["display"] = o.label;
        answer = {{"valueCoding", c}};
      } else if (item && item->integer) {
        answer = {{"valueInteger", static_cast<long long>(v)}};
      } else {
        answer = {{"valueDecimal", v}};
      }
      json it = {{"linkId", item ? item->id : "item-" + std::to_string(i + 1)},
                 {"answer", json::array({answer})}};
      if (item && !item->label.empty()) it["text"] = item->label;
      items.push_back(it);
    }
  }
  json out = {
      {"resourceType", "QuestionnaireResponse"},
      {"id", r.id},
      {"meta", meta(r.created_us)},
      {"questionnaire", "http://physiokit.org/fhir/Questionnaire/" + questionnaire_id(r.instrument_id)},
      {"status", "completed"},
      {"subject", reference("Patient", r.patient_id)},
      {"authored", instant(r.completed_us)}};
  if (r.source == "staff" && !r.entered_by.empty()) {
    out["author"] = reference("Practitioner", r.entered_by);
    out["source"] = reference("Patient", r.patient_id);
  } else {
    out["author"] = reference("Patient", r.patient_id);
    out["source"] = reference("Patient", r.patient_id);
  }
  if (!items.empty()) out["item"] = items;
  return out;
}

namespace {

/// Text as XHTML character data: markup characters escaped, control characters (not allowed in XML)
/// dropped.
std::string xhtml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t')
          out += c;
        else if (c == '\n' || c == '\r')
          out += ' ';
    }
  }
  return out;
}

json narrative(const std::vector<std::string>& paragraphs) {
  std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";
  for (const auto& p : paragraphs) div += "<p>" + xhtml_escape(p) + "</p>";
  div += "</div>";
  return {{"status", "generated"}, {"div", div}};
}

/// The FHIR resource a note's source row is served as; null when it has none (exercise logs, proposals).
json source_reference(const notes::SourceRef& s) {
  if (s.type == "observation") return reference("Observation", s.id);
  if (s.type == "morning_pain") return reference("Observation", "mp-" + s.id);
  if (s.type == "questionnaire_response") return reference("QuestionnaireResponse", s.id);
  if (s.type == "appointment") return reference("Appointment", s.id);
  if (s.type == "episode") return reference("Condition", s.id);
  if (s.type == "program") return reference("CarePlan", s.id);
  return nullptr;
}

json soap_section_code(std::string_view code) {
  if (code == "S") return concept_of(coding(kLoinc, "61150-9", "Subjective Narrative"));
  if (code == "O") return concept_of(coding(kLoinc, "61149-1", "Objective Narrative"));
  if (code == "A") return concept_of(coding(kLoinc, "51848-0", "Evaluation note"));
  return concept_of(coding(kLoinc, "18776-5", "Plan of care note"));
}

}  // namespace

json composition_resource(const notes::Note& n) {
  const notes::NoteStatus status = n.status();
  TimeUs date = n.updated_us;
  std::string fhir_status = "preliminary";
  if (status != notes::NoteStatus::kDraft) {
    date = n.signature->signed_us;
    fhir_status = "final";
  }
  if (status == notes::NoteStatus::kAmended) {
    date = n.addenda.back().at_us;
    fhir_status = "amended";
  }
  json sections = json::array();
  for (const notes::Section& s : n.sections) {
    std::vector<std::string> paragraphs;
    json entries = json::array();
    std::vector<std::string> seen;
    for (const notes::Sentence& t : s.sentences) {
      paragraphs.push_back(t.text);
      for (const notes::SourceRef& src : t.sources) {
        json ref = source_reference(src);
        if (ref.is_null()) continue;
        const std::string key = ref["reference"].get<std::string>();
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        entries.push_back(std::move(ref));
      }
    }
    json section = {{"title", s.title}, {"code", soap_section_code(s.code)}};
    if (paragraphs.empty()) {
      section["text"] = narrative({"Nothing recorded."});
      section["emptyReason"] = concept_of(
          coding("http://terminology.hl7.org/CodeSystem/list-empty-reason", "nilknown", "Nil Known"));
    } else {
      section["text"] = narrative(paragraphs);
      if (!entries.empty()) section["entry"] = entries;
    }
    sections.push_back(section);
  }
  for (const notes::Addendum& a : n.addenda)
    sections.push_back(
        {{"title", "Addendum"},
         {"author", json::array({reference("Practitioner", a.author_id)})},
         {"text", narrative({fmt::format("{}: {}", instant(a.at_us), a.text), "Reason: " + a.reason})}});
  json r = {
      {"resourceType", "Composition"},
      {"id", n.header.id},
      {"meta", meta(date)},
      {"identifier", {{"system", fmt::format("{}:note", kRecordIdSystem)}, {"value", n.header.id}}},
      {"status", fhir_status},
      {"type", concept_of(coding(kLoinc, "11506-3", "Progress note"), "Progress note")},
      {"subject", reference("Patient", n.header.patient_id)},
      {"date", instant(date)},
      {"author", json::array({reference("Practitioner", n.header.author_id)})},
      {"title", status == notes::NoteStatus::kDraft ? "Progress note (draft, not signed)" : "Progress note"},
      {"section", sections}};
  if (!n.header.episode_id.empty())
    r["event"] = json::array(
        {{{"detail", json::array({reference("Condition", n.header.episode_id)})},
          {"period",
           {{"start", instant(n.header.window_from_us)}, {"end", instant(n.header.window_to_us)}}}}});
  if (n.signature)
    r["attester"] = json::array({{{"mode", "legal"},
                                  {"time", instant(n.signature->signed_us)},
                                  {"party", reference("Practitioner", n.signature->signer_id)}}});
  return r;
}

std::optional<ProvenanceId> parse_provenance_id(std::string_view id) {
  ProvenanceId out;
  if (id.starts_with("cs-") && is_hex_id(id.substr(3))) {
    out.kind = ProvenanceId::Kind::kConsent;
    out.record_id = std::string(id.substr(3));
    return out;
  }
  if (id.starts_with("ob-") && is_hex_id(id.substr(3))) {
    out.kind = ProvenanceId::Kind::kObservation;
    out.record_id = std::string(id.substr(3));
    return out;
  }
  if (id.starts_with("cp-")) {
    const auto rest = id.substr(3);
    const auto dash = rest.rfind('-');
    if (dash == std::string_view::npos || !is_hex_id(rest.substr(0, dash))) return std::nullopt;
    const auto v = rest.substr(dash + 1);
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 1) return std::nullopt;
    out.kind = ProvenanceId::Kind::kProgramVersion;
    out.record_id = std::string(rest.substr(0, dash));
    out.version = n;
    return out;
  }
  return std::nullopt;
}

}  // namespace physio::fhir
