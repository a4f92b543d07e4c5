#pragma once
/// Scheduled questionnaires (migration 0025, docs/server/questionnaire-schedules.md): the schedules staff
/// set per patient and instrument, and the sends. Inserting a send is the claim on its due date: of two
/// servers only one gets the row, creates the link and e-mails it. The rules (what is due) are
/// rehab/questionnaire_schedule.hpp; the store does not depend on them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/tx.hpp"

namespace physio::store {

struct QuestionnaireScheduleRow {
  std::string id{};
  std::string clinic_id{};
  std::string patient_id{};
  std::optional<std::string> episode_id{};
  std::string instrument_id{};
  std::int64_t every_weeks = 0;  ///< 0: none
  std::string from_date{};       ///< "YYYY-MM-DD", the first periodic due date
  bool at_discharge = false;
  TimeUs stopped_us = 0;  ///< 0: running
  std::string created_by{};
  TimeUs created_us = 0;
  std::string updated_by{};
  TimeUs updated_us = 0;
};

struct QuestionnaireSendRow {
  std::string clinic_id{};
  std::string schedule_id{};
  std::string due_key{};  ///< "YYYY-MM-DD" or "discharge"
  std::string patient_id{};
  std::string link_id{};
  TimeUs claimed_us = 0;
  std::string email_status{};  ///< "sending", "sent", "failed: ...", "not wanted", "no address", "e-mail off"
  std::int64_t attempts = 0;   ///< e-mail attempts so far
  TimeUs last_attempt_us = 0;
  // Joined from the link (reads only).
  TimeUs link_expires_us = 0;
  TimeUs link_used_us = 0;
};

/// Stores a new schedule (id assigned).
Result<QuestionnaireScheduleRow> insert_questionnaire_schedule(Tx& tx, QuestionnaireScheduleRow row);
/// Writes a schedule's every_weeks, from_date, at_discharge, episode, stopped_us and updated_*.
Status update_questionnaire_schedule(Tx& tx, const QuestionnaireScheduleRow& row);
/// kNotFound when the clinic has no such schedule.
Result<QuestionnaireScheduleRow> get_questionnaire_schedule(Tx& tx, std::string_view clinic_id,
                                                            std::string_view id);
/// The patient's schedules, running first, then newest first.
Result<std::vector<QuestionnaireScheduleRow>> list_questionnaire_schedules(Tx& tx, std::string_view clinic_id,
                                                                           std::string_view patient_id);
/// Every running schedule of every clinic (the loop's work).
Result<std::vector<QuestionnaireScheduleRow>> running_questionnaire_schedules(Tx& tx, int limit = 5000);

/// The schedule's sends, oldest first, with their link's expiry and use.
Result<std::vector<QuestionnaireSendRow>> list_questionnaire_sends(Tx& tx, std::string_view clinic_id,
                                                                   std::string_view schedule_id);
/// Claims a send; false when someone claimed that due date first.
Result<bool> claim_questionnaire_send(Tx& tx, const QuestionnaireSendRow& row);
/// Sends whose e-mail failed with fewer than `max_attempts` attempts (every clinic), oldest first.
Result<std::vector<QuestionnaireSendRow>> failed_questionnaire_sends(Tx& tx, std::int64_t max_attempts,
                                                                     int limit = 500);
/// Claims the retry of a failed send that still has `attempts` attempts: the new link replaces the old
/// (which is closed unless it was used), status "sending"; false when another server retried it first.
Result<bool> claim_questionnaire_retry(Tx& tx, const QuestionnaireSendRow& row, std::string_view new_link_id,
                                       TimeUs now_us);
/// Names the link a claimed send made (claimed first, then the link, in one transaction).
Status set_questionnaire_send_link(Tx& tx, std::string_view clinic_id, std::string_view schedule_id,
                                   std::string_view due_key, std::string_view link_id);
/// What a "sending" send's e-mail became.
Status finish_questionnaire_send(Tx& tx, std::string_view clinic_id, std::string_view schedule_id,
                                 std::string_view due_key, std::string_view status);

}  // namespace physio::store
