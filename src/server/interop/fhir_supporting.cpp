#include "server/interop/fhir_supporting.hpp"

#include <algorithm>

#include "clinic/access.hpp"
#include "fhir/resources.hpp"

namespace physio::server {

Result<std::vector<nlohmann::json>> supporting_resources(store::Tx& tx, const std::string& clinic_id,
                                                         const std::vector<std::string>& refs,
                                                         const std::vector<std::string>& types) {
  std::vector<nlohmann::json> out;
  const auto wanted = [&](std::string_view t) {
    return std::find(types.begin(), types.end(), t) != types.end();
  };
  for (const auto& ref : refs) {
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
    }
  }
  return out;
}

}  // namespace physio::server
