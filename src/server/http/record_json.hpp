#pragma once
/// Records as the API shows them (JSON). Times as ISO 8601 UTC; internal fields (hashes, lease tokens,
/// file paths) never leave the server.

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "rehab/program.hpp"
#include "store/tx.hpp"

namespace physio::server {

nlohmann::json patient_json(const clinic::Patient& p);
nlohmann::json episode_json(const clinic::Episode& e);
nlohmann::json consent_json(const clinic::Consent& c);
nlohmann::json appointment_json(const clinic::Appointment& a);
nlohmann::json observation_json(const clinic::Observation& o);
nlohmann::json user_json(const clinic::User& u);
/// The recording with its newest job and, once analysed, the summary the timeline shows.
nlohmann::json recording_json(const clinic::Recording& r, const clinic::Job* job);
/// An analysis job's state, progress and error.
nlohmann::json job_json(const clinic::Job& j);
/// A home program (its parsed form `p`) with its status and times.
nlohmann::json program_json(const clinic::HomeProgram& row, const rehab::Program& p);
/// An exercise log as the patient or clinician entered it (or the live set stored it).
nlohmann::json log_json(const clinic::ExerciseLog& l);
/// A restriction of processing: since, by, reason and the banner's words.
nlohmann::json restriction_json(const store::PatientRestriction& r);
/// The restriction of processing as the patient's JSON shows it (a banner for the pages), or null.
nlohmann::json restriction_of(const std::optional<store::PatientRestriction>& r);

}  // namespace physio::server
