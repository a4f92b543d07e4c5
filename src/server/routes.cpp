#include "server/routes.hpp"

namespace physio::server {

const std::vector<Route>& api_routes() {
  static const std::vector<Route> routes = [] {
    std::vector<Route> r;
    add_meta_routes(r);
    add_session_routes(r);
    add_patient_routes(r);
    add_recording_routes(r);
    add_live_routes(r);
    add_program_routes(r);
    add_exercise_log_routes(r);
    add_progression_routes(r);
    add_today_routes(r);
    add_caseload_routes(r);
    add_reminder_routes(r);
    add_questionnaire_routes(r);
    add_rtm_routes(r);
    add_note_routes(r);
    add_privacy_routes(r);
    add_staff_routes(r);
    add_fhir_routes(r);
    return r;
  }();
  return routes;
}

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<std::pair<std::string, std::string>>& params) {
  params.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto ps = pattern.find('/');
    const auto qs = path.find('/');
    const std::string_view pseg = pattern.substr(0, ps);
    const std::string_view seg = path.substr(0, qs);
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (seg.empty() || seg.size() > 128) return false;
      params.emplace_back(std::string(pseg.substr(1, pseg.size() - 2)), std::string(seg));
    } else if (pseg != seg) {
      return false;
    }
    pattern = ps == std::string_view::npos ? std::string_view{} : pattern.substr(ps);
    path = qs == std::string_view::npos ? std::string_view{} : path.substr(qs);
  }
  return true;
}

}  // namespace physio::server
