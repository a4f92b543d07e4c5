#pragma once
/// The clinical record context's routes: recordings and their jobs (with the job-progress socket), outcome
/// measures, SOAP notes.

#include "server/http/routes.hpp"

namespace physio::server {

void add_recording_routes(RouteTable& routes);
/// Called by add_recording_routes: the clinician's report of a recording (api_clinician_report.cpp).
void add_clinician_report_routes(RouteTable& routes);
void add_questionnaire_routes(RouteTable& routes);
/// Called by add_questionnaire_routes: the single-use links and their public form.
void add_questionnaire_link_routes(RouteTable& routes);
/// Called by add_questionnaire_routes: the patients' questionnaire schedules.
void add_questionnaire_schedule_routes(RouteTable& routes);
void add_note_routes(RouteTable& routes);
/// Visit recordings and dictations of draft notes, their transcripts and fact suggestions.
void add_transcript_routes(RouteTable& routes);
/// Called by add_transcript_routes: a transcript from the clinic's own recogniser
/// (api_transcript_upload.cpp).
void add_transcript_upload_routes(RouteTable& routes);
/// A clinic's demonstration videos of library exercises (api_exercise_videos.cpp).
void add_exercise_video_routes(RouteTable& routes);

}  // namespace physio::server
