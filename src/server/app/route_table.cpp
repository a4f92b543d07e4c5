#include "server/app/route_table.hpp"

#include "server/app/api_test_clock.hpp"
#include "server/auth/routes.hpp"
#include "server/billing/routes.hpp"
#include "server/care/routes.hpp"
#include "server/insight/routes.hpp"
#include "server/interop/routes.hpp"
#include "server/live/routes.hpp"
#include "server/privacy/routes.hpp"
#include "server/record/routes.hpp"
#include "server/rehab/routes.hpp"
#include "server/schedule/routes.hpp"

namespace physio::server {

const RouteTable& api_routes() {
  static const RouteTable routes = [] {
    RouteTable r;
    add_meta_routes(r);
    add_session_routes(r);
    add_onboarding_routes(r);
    add_patient_routes(r);
    add_registration_routes(r);
    add_own_details_routes(r);
    add_icd10_routes(r);
    add_schedule_routes(r);
    add_recording_routes(r);
    add_live_routes(r);
    add_program_routes(r);
    add_program_print_route(r);
    add_exercise_log_routes(r);
    add_progression_routes(r);
    add_today_routes(r);
    add_caseload_routes(r);
    add_flag_routes(r);
    add_model_routes(r);
    add_recovery_routes(r);
    add_reminder_routes(r);
    add_questionnaire_routes(r);
    add_rtm_routes(r);
    add_note_routes(r);
    add_transcript_routes(r);
    add_exercise_video_routes(r);
    add_clinic_exercise_routes(r);
    add_privacy_routes(r);
    add_message_routes(r);
    add_staff_routes(r);
    add_clinic_routes(r);
    add_fhir_routes(r);
    add_smart_authorize_routes(r);
    add_smart_token_routes(r);
    add_smart_app_routes(r);
    add_test_clock_routes(r);
    return r;
  }();
  return routes;
}

}  // namespace physio::server
