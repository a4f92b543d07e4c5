#pragma once
/// Records as the API shows them (JSON). Times as ISO 8601 UTC; internal fields (hashes, lease tokens,
/// file paths) never leave the server.

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"

namespace physio::server {

nlohmann::json patient_json(const clinic::Patient& p);
nlohmann::json episode_json(const clinic::Episode& e);
nlohmann::json consent_json(const clinic::Consent& c);
nlohmann::json appointment_json(const clinic::Appointment& a);
nlohmann::json observation_json(const clinic::Observation& o);
nlohmann::json user_json(const clinic::User& u);
/// The recording with its newest job and, once analysed, the summary the timeline shows.
nlohmann::json recording_json(const clinic::Recording& r, const clinic::Job* job);

}  // namespace physio::server
