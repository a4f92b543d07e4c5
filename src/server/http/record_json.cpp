#include "server/http/record_json.hpp"

#include "server/http/handler_util.hpp"
#include "server/http/http_util.hpp"

namespace physio::server {
namespace {
nlohmann::json opt(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}
}  // namespace

nlohmann::json patient_json(const clinic::Patient& p) {
  return {{"id", p.id},
          {"given_name", p.given_name},
          {"family_name", p.family_name},
          {"birth_date", p.birth_date},
          {"sex", opt(p.sex)},
          {"mrn", opt(p.mrn)},
          {"email", opt(p.email)},
          {"phone", opt(p.phone)},
          {"language", opt(p.language)},
          {"time_zone", opt(p.time_zone)},
          {"preferred_contact", opt(p.preferred_contact)},
          {"email_ok", p.email_ok},
          {"height_cm", p.height_cm > 0 ? nlohmann::json(p.height_cm) : nlohmann::json(nullptr)},
          {"version", p.version},
          {"created", iso_time(p.created_us)},
          {"updated", iso_time(p.updated_us)}};
}

nlohmann::json episode_json(const clinic::Episode& e) {
  return {{"id", e.id},
          {"patient_id", e.patient_id},
          {"status", e.status},
          {"icd10_code", opt(e.icd10_code)},
          {"condition_text", opt(e.condition_text)},
          {"side", opt(e.side)},
          {"onset_date", opt(e.onset_date)},
          {"surgery_date", opt(e.surgery_date)},
          {"referral_source", opt(e.referral_source)},
          {"referral_date", opt(e.referral_date)},
          {"goals", opt(e.goals)},
          {"created", iso_time(e.created_us)}};
}

nlohmann::json consent_json(const clinic::Consent& c) {
  return {{"id", c.id},
          {"patient_id", c.patient_id},
          {"kind", c.kind},
          {"status", c.status},
          {"recorded_by", c.recorded_by},
          {"recorded", iso_time(c.recorded_us)},
          {"method", opt(c.method)},
          {"text_version", opt(c.text_version)},
          {"note", opt(c.note)}};
}

nlohmann::json appointment_json(const clinic::Appointment& a) {
  return {{"id", a.id},
          {"patient_id", a.patient_id},
          {"practitioner_id", opt(a.practitioner_id)},
          {"start", iso_time(a.start_us)},
          {"duration_min", a.duration_min},
          {"status", a.status},
          {"reason", opt(a.reason)}};
}

nlohmann::json observation_json(const clinic::Observation& o) {
  return {{"id", o.id},
          {"code_system", o.code_system},
          {"code", o.code},
          {"display", o.display},
          {"value", o.value},
          {"unit", o.unit},
          {"time", iso_time(o.effective_us)},
          {"method", opt(o.method)},
          {"body_site", opt(o.body_site)},
          {"side", opt(o.side)},
          {"source", opt(o.source)},
          {"recording_id", o.recording_id ? nlohmann::json(*o.recording_id) : nlohmann::json(nullptr)}};
}

nlohmann::json user_json(const clinic::User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"role", clinic::to_string(u.role)},
          {"display_name", u.display_name},
          {"clinic_id", u.clinic_id},
          {"patient_id", u.patient_id ? nlohmann::json(*u.patient_id) : nlohmann::json(nullptr)},
          {"mfa_required", u.mfa_required},
          {"mfa_enrolled", u.totp_secret.has_value() && !u.totp_secret->starts_with("pending:")},
          {"disabled", u.disabled},
          {"locked", u.locked_until_us > now_us()}};
}

nlohmann::json recording_json(const clinic::Recording& r, const clinic::Job* job) {
  nlohmann::json j = {{"id", r.id},
                      {"patient_id", r.patient_id},
                      {"kind", r.kind},
                      {"exercise_id", opt(r.exercise_id)},
                      {"test", opt(r.test)},
                      {"original_name", r.original_name},
                      {"size_bytes", r.size_bytes},
                      {"sha256", r.sha256},
                      {"video_deleted", r.video_deleted},
                      {"height_cm", r.height_cm > 0 ? nlohmann::json(r.height_cm) : nlohmann::json(nullptr)},
                      {"created", iso_time(r.created_us)},
                      {"job", job ? job_json(*job) : nlohmann::json(nullptr)},
                      {"summary", nullptr},
                      {"report_url", nullptr}};
  if (!r.result_json.empty()) {
    auto res = nlohmann::json::parse(r.result_json, nullptr, false);
    if (!res.is_discarded()) {
      nlohmann::json s = nlohmann::json::object();
      if (res.contains("summary")) {
        const auto& sm = res["summary"];
        for (const char* k : {"count", "partial_count", "mean_rom_deg", "best_rom_deg", "score"})
          if (sm.contains(k)) s[k] = sm[k];
        if (sm.contains("count")) s["repetitions"] = sm["count"];
        if (sm.contains("partial_count")) s["partial"] = sm["partial_count"];
      }
      if (res.contains("warnings")) s["warnings"] = res["warnings"];
      // Gait from a video: cadence, asymmetry, speed, and each side's stride and stance.
      for (const char* k : {"cadence_steps_per_min", "step_time_asymmetry_pct", "speed_mps"})
        if (res.contains(k) && res[k].is_number()) s[k] = res[k];
      if (res.contains("scale") && res["scale"].is_string()) s["scale"] = res["scale"];  // which, or why none
      if (res.contains("sides") && res["sides"].is_object()) {
        for (const char* side : {"left", "right"}) {
          if (!res["sides"].contains(side) || !res["sides"][side].is_object()) continue;
          const auto& in = res["sides"][side];
          nlohmann::json o = nlohmann::json::object();
          for (const char* k : {"stride_time_s", "step_time_s", "stance_pct", "swing_pct", "stride_length_m",
                                "step_length_m"})
            if (in.contains(k) && in[k].is_number()) o[k] = in[k];
          s["gait_" + std::string(side)] = o;
        }
      }
      // The movements the engine did not count, each with why: the timeline says so without the result.
      if (res.contains("reps") && res["reps"].is_array()) {
        nlohmann::json not_counted = nlohmann::json::array();
        const auto& reps = res["reps"];
        for (std::size_t i = 0; i < reps.size(); ++i) {
          const auto& rep = reps[i];
          if (!rep.is_object() || !rep.contains("not_counted_reason") ||
              !rep["not_counted_reason"].is_string())
            continue;
          nlohmann::json n = {{"reason", rep["not_counted_reason"]}};
          for (const char* k : {"start_s", "end_s"})
            if (rep.contains(k) && rep[k].is_number()) n[k] = rep[k];
          not_counted.push_back(n);
        }
        if (!not_counted.empty()) s["not_counted"] = not_counted;
      }
      j["summary"] = s;
      j["result"] = res;
    }
  }
  if (!r.report_path.empty()) j["report_url"] = "/api/recordings/" + r.id + "/report";
  return j;
}

nlohmann::json job_json(const clinic::Job& j) {
  return {{"id", j.id},
          {"state", j.state},
          {"progress", j.progress},
          {"message", j.message},
          {"error", j.error},
          {"attempts", j.attempts},
          {"recording_id", j.recording_id},
          {"patient_id", j.patient_id},
          {"created", iso_time(j.created_us)},
          {"finished", j.finished_us ? nlohmann::json(iso_time(j.finished_us)) : nlohmann::json(nullptr)}};
}

nlohmann::json program_json(const clinic::HomeProgram& row, const rehab::Program& p) {
  nlohmann::json j = rehab::to_json(p);
  j["status"] = row.status;
  j["created"] = iso_time(row.created_us);
  j["updated"] = iso_time(row.updated_us);
  for (auto& h : j["history"]) h["at"] = iso_time(h["at_us"].get<TimeUs>());
  return j;
}

nlohmann::json log_json(const clinic::ExerciseLog& l) {
  using nlohmann::json;
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  json reps = json::parse(l.reps_per_set, nullptr, false);
  return {{"id", l.id},
          {"patient_id", l.patient_id},
          {"program_id", l.program_id.empty() ? json(nullptr) : json(l.program_id)},
          {"program_version", l.program_version},
          {"exercise_id", l.exercise_id},
          {"done", iso_time(l.done_us)},
          {"reps_per_set", reps.is_discarded() ? json::array() : reps},
          {"pain_during_nprs", opt(l.pain_during_nprs)},
          {"rpe", opt(l.rpe)},
          {"rir", opt(l.rir)},
          {"comment", l.comment},
          {"source", l.source},
          {"live_session_id", l.live_session_id.empty() ? json(nullptr) : json(l.live_session_id)},
          {"mean_quality", opt(l.mean_quality)},
          {"severe_cues", l.severe_cues},
          {"rom_deg", opt(l.rom_deg)},
          {"counted", l.not_counted_reason.empty()},
          {"not_counted_reason", l.not_counted_reason.empty() ? json(nullptr) : json(l.not_counted_reason)}};
}

nlohmann::json restriction_json(const store::PatientRestriction& r) {
  return {{"restricted", true},
          {"since", iso_time(r.restricted_us)},
          {"by", r.restricted_by},
          {"reason", r.reason},
          {"banner", restriction_words(r)}};
}

nlohmann::json restriction_of(const std::optional<store::PatientRestriction>& r) {
  return r ? restriction_json(*r) : nlohmann::json(nullptr);
}

}  // namespace physio::server
