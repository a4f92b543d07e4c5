#include "server/interop/fhir_supporting.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "clinic/access.hpp"
#include "fhir/resources.hpp"
#include "store/schedule_store.hpp"

namespace physio::server {

Result<std::vector<nlohmann::json>> clinic_locations(store::Tx& tx, const std::string& clinic_id) {
  const auto clinic = PHYSIO_TRY(tx.get_clinic(clinic_id));
  std::vector<nlohmann::json> out{fhir::site_location_resource(clinic)};
  for (const auto& [name, first_us] : PHYSIO_TRY(store::clinic_rooms(tx, clinic_id)))
    out.push_back(fhir::room_location_resource(clinic, {name, first_us}));
  return out;
}

Result<std::vector<nlohmann::json>> supporting_resources(store::Tx& tx, const std::string& clinic_id,
                                                         const std::vector<std::string>& refs,
                                                         const std::vector<std::string>& types,
                                                         const std::vector<std::string>& have, bool follow) {
  std::vector<nlohmann::json> out;
  const auto wanted = [&](std::string_view t) {
    return std::find(types.begin(), types.end(), t) != types.end();
  };
  // A Location references the site it is part of and the Organization: followed, so that what is added
  // resolves too.
  std::vector<std::string> work = refs;
  std::set<std::string> seen(have.begin(), have.end());
  std::optional<std::vector<nlohmann::json>> locations;
  for (std::size_t i = 0; i < work.size(); ++i) {
    const std::string ref = work[i];
    if (!seen.insert(ref).second) continue;
    const auto slash = ref.find('/');
    if (slash == std::string::npos) continue;
    const std::string type = ref.substr(0, slash);
    const std::string id = ref.substr(slash + 1);
    if (!wanted(type)) continue;
    if (type == "Practitioner") {
      auto u = tx.get_user(id);
      if (!u) {
        if (u.error().code() == ErrorCode::kNotFound) continue;
        return std::unexpected(u.error());
      }
      if (u->clinic_id == clinic_id && clinic::is_clinician(u->role))
        out.push_back(fhir::practitioner_resource(*u));
    } else if (type == "Organization") {
      if (id != clinic_id) continue;
      out.push_back(fhir::organization_resource(PHYSIO_TRY(tx.get_clinic(id))));
    } else if (type == "Device" && id == "physiokit") {
      out.push_back(fhir::device_resource(PHYSIO_VERSION_STRING));
    } else if (type == "Location") {
      if (!locations) locations = PHYSIO_TRY(clinic_locations(tx, clinic_id));
      for (const auto& l : *locations) {
        if (l.value("id", std::string()) != id) continue;
        out.push_back(l);
        if (follow)
          for (const auto* key : {"partOf", "managingOrganization"})
            if (l.contains(key)) work.push_back(l[key].value("reference", std::string()));
      }
    }
  }
  return out;
}

}  // namespace physio::server
