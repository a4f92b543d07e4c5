#pragma once
/// Scheduled questionnaires (docs/server/questionnaire-schedules.md): once a period (a minute, and at once
/// on a jump of the test clock) the loop reads every running schedule, asks rehab::due_sends what is due
/// from the sends already stored, and for each due send claims it (the insert of the send row, unique per
/// schedule and due date, in the transaction that creates the questionnaire link), then e-mails the link
/// through the configured SMTP server when the patient agreed to e-mails. The claim is committed before
/// the e-mail goes: a crash in between loses that e-mail rather than sending it twice.
///
/// A failed e-mail is tried again by rehab::retry_due with a fresh link (the token of the first was never
/// kept; its link is closed), the retry claimed by a compare-and-set on the attempt count.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/time.hpp"
#include "rehab/calendar.hpp"
#include "rehab/questionnaire_schedule.hpp"
#include "server/net/smtp_client.hpp"
#include "store/store.hpp"

namespace physio::server {

struct QuestionnaireLoopOptions {
  std::function<TimeUs()> clock;                      ///< empty: the wall clock
  std::shared_ptr<const rehab::TzOffsetProvider> tz;  ///< empty: the system's tz database
  std::chrono::milliseconds period{60'000};
  net::SmtpServer smtp;    ///< host empty: e-mail off (links are still made)
  std::string mail_from;   ///< the From address
  std::string public_url;  ///< "https://clinic.example" the e-mailed link starts with
  std::int64_t link_days = 7;
  rehab::ScheduleClock schedule;  ///< the sending hour
  rehab::RetryRule retry;
  /// The instrument's name for the e-mail; empty: the measure library's name (the id when unknown).
  std::function<std::string(std::string_view instrument_id)> instrument_name;
};

struct QuestionnaireTick {
  int schedules = 0;     ///< running schedules read
  int due = 0;           ///< sends decided due
  int claimed = 0;       ///< sends claimed here (links made)
  int already = 0;       ///< due but claimed by another server first
  int emailed = 0;       ///< e-mails accepted by the SMTP server
  int email_failed = 0;  ///< e-mails refused or not delivered
  int link_only = 0;     ///< links made without an e-mail (not agreed, no address, e-mail off)
  int retried = 0;       ///< failed e-mails tried again
  int errors = 0;
};

class QuestionnaireLoop {
 public:
  QuestionnaireLoop(store::Store& store, QuestionnaireLoopOptions options);
  ~QuestionnaireLoop();
  QuestionnaireLoop(const QuestionnaireLoop&) = delete;
  QuestionnaireLoop& operator=(const QuestionnaireLoop&) = delete;

  void start();
  void stop();

  /// One pass at the clock's now. Fails only when the schedules cannot be read.
  Result<QuestionnaireTick> tick();

 private:
  void retry_failed(TimeUs now, QuestionnaireTick& out);

  store::Store& store_;
  QuestionnaireLoopOptions o_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int jump_listener_ = 0;
  std::thread thread_;
};

}  // namespace physio::server
