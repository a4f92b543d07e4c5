#pragma once
/// Scheduled questionnaires as pure code (docs/server/questionnaire-schedules.md): which sends of a
/// patient's schedule are due at an instant, given the schedule, the sends already claimed, the patient's
/// discharge, their time zone and the clinic's sending hour; what the next send is (for the pages); and
/// when a failed e-mail is tried again.
///
/// A schedule is "every N weeks from a date" (N 1-12; the first send on that date), "at discharge", or
/// both. Each send has a key: its due date ("YYYY-MM-DD") for the periodic ones, "discharge" for the one at
/// discharge. The store makes the key unique per schedule, so deciding from the claimed keys alone gives
/// the same answer on every server and after any restart.
///
/// The rules:
/// - A periodic send is due from the clinic's sending hour (local, in the patient's zone) on its due date.
///   Only the latest due date that has come is ever sent: a server down over one or several due dates sends
///   once when it is back, not once per date missed; an earlier date never sent stays unsent.
/// - Discharge (the day the episode was finished, in the patient's zone) stops the periodic sends: no due
///   date on or after the discharge day is sent, and with "at discharge" on, no periodic date is caught up
///   after discharge either (the discharge send replaces it).
/// - "At discharge" sends once, from the sending hour on the discharge day (at once when discharge is
///   recorded later that day) until `discharge_window_days` after it.
/// - A stopped schedule, an erased patient or one whose processing is restricted gets nothing.
/// - A patient without an address, who has not agreed to e-mails or withdrew that agreement gets the link
///   without an e-mail (it waits on their Today page).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "clinic/records.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "rehab/calendar.hpp"

namespace physio::rehab {

inline constexpr int kMaxScheduleWeeks = 12;
inline constexpr const char* kDischargeKey = "discharge";

struct QuestionnaireScheduleRule {
  int every_weeks = 0;    ///< 0: no periodic sends; else 1-12
  LocalDay from_day = 0;  ///< the first periodic due date (local day)
  bool at_discharge = false;
  bool stopped = false;
};

/// What the rule needs to know about the patient now.
struct ScheduleFacts {
  std::optional<LocalDay> discharge_day;  ///< the local day care ended; nullopt while in care
  bool restricted = false;                ///< processing restricted (GDPR art. 18)
  bool erased = false;                    ///< the record was erased (GDPR art. 17)
  bool email_allowed = false;             ///< an address, and the patient agreed to e-mails
};

struct ScheduleClock {
  int send_hour = 9;               ///< the clinic's sending hour, local (0-23)
  int discharge_window_days = 14;  ///< how long after discharge the discharge send may still go
};

struct DueSend {
  std::string key;     ///< "YYYY-MM-DD" or "discharge"
  LocalDay day = 0;    ///< the due date
  TimeUs due_us = 0;   ///< the instant it became due
  bool email = false;  ///< e-mail it (otherwise the link only)
  friend bool operator==(const DueSend&, const DueSend&) = default;
};

/// Checks a schedule's fields: N 0-12, at least one of periodic or at discharge. The error names the field
/// ("every_weeks", "at_discharge").
Status check_schedule(const QuestionnaireScheduleRule& s);

/// The sends due at `now` and not yet claimed (`claimed`: the keys already stored for this schedule): at
/// most one periodic and one at discharge.
std::vector<DueSend> due_sends(const QuestionnaireScheduleRule& s, const std::set<std::string>& claimed,
                               const ScheduleFacts& facts, TimeUs now, const UtcOffsetFn& offset,
                               const ScheduleClock& clock = {});

/// The next send after `now` that is not claimed: its due date, or "discharge" (day 0) when only the
/// discharge send remains and care goes on; nullopt when nothing more will be sent.
std::optional<DueSend> next_send(const QuestionnaireScheduleRule& s, const std::set<std::string>& claimed,
                                 const ScheduleFacts& facts, TimeUs now, const UtcOffsetFn& offset,
                                 const ScheduleClock& clock = {});

/// The e-mail retry rule: a failed e-mail is tried again `retry_after_s` after its last attempt, at most
/// `max_attempts` attempts in all, and never after the link has expired.
struct RetryRule {
  int max_attempts = 3;
  std::int64_t retry_after_s = 30 * 60;
};
bool retry_due(int attempts, TimeUs last_attempt_us, TimeUs link_expires_us, TimeUs now,
               const RetryRule& rule = {});

/// The local day the patient was discharged: the schedule's episode (`episode_id`) when it names one, else
/// the patient's care as a whole: nullopt while any episode is planned, active or on hold, else the day the
/// latest finished episode was finished (its last update). Cancelled episodes are not a discharge.
std::optional<LocalDay> discharge_day(const std::vector<clinic::Episode>& episodes,
                                      const std::optional<std::string>& episode_id,
                                      const UtcOffsetFn& offset);

/// "every 2 weeks from Fri 6 Nov 2026 and at discharge" for a page or the audit.
std::string schedule_words(const QuestionnaireScheduleRule& s);

/// "Fri 20 Nov 2026".
std::string day_words(LocalDay day);

}  // namespace physio::rehab
