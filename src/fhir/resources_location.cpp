// Builders of the clinic's places: its site and the rooms its appointments name, as Location resources.
#include "fhir/narrative.hpp"
#include "fhir/resource_util.hpp"
#include "fhir/resources.hpp"
#include "security/hash.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

constexpr std::string_view kPhysicalType = "http://terminology.hl7.org/CodeSystem/location-physical-type";

}  // namespace

std::string room_location_id(std::string_view clinic_id, std::string_view room) {
  std::string key(clinic_id);
  key += '\n';
  key += room;
  return "room-" + security::sha256_hex(key).substr(0, 24);
}

json site_location_resource(const clinic::Clinic& c) {
  return with_narrative(json{{"resourceType", "Location"},
                             {"id", c.id},
                             {"meta", meta(c.created_us)},
                             {"status", "active"},
                             {"name", c.name},
                             {"mode", "instance"},
                             {"physicalType", concept_of(coding(kPhysicalType, "si", "Site"))},
                             {"managingOrganization", reference("Organization", c.id)}});
}

json room_location_resource(const clinic::Clinic& c, const ClinicRoom& room) {
  return with_narrative(json{{"resourceType", "Location"},
                             {"id", room_location_id(c.id, room.name)},
                             {"meta", meta(room.first_used_us)},
                             {"status", "active"},
                             {"name", room.name},
                             {"mode", "instance"},
                             {"physicalType", concept_of(coding(kPhysicalType, "ro", "Room"))},
                             {"managingOrganization", reference("Organization", c.id)},
                             {"partOf", reference("Location", c.id)}});
}

}  // namespace physio::fhir
