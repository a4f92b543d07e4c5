#pragma once
/// The reminder loop (docs/server/reminders.md): once a period (a minute) it reads every enabled
/// reminder preference, asks rehab::decide_reminder whether the patient's local reminder time has
/// passed today with none sent, claims the local date by inserting the reminders_sent row (the UNIQUE
/// key makes the insert the claim, so a restarted loop or a second server never sends the day twice),
/// then delivers: the row is the in-app reminder, and an e-mail goes through the configured SMTP server.
///
/// The clock and the zones are injected, so tests drive `tick()` on a fake clock across a
/// daylight-saving change and a restart (a new loop on the same store).
///
/// The claim is committed before the e-mail is sent: a crash in between loses that day's e-mail rather
/// than sending it twice; the row says what happened ("sent", "failed: ...").
///
/// The same pass tells patients by e-mail that a message from their physiotherapist waits unread
/// (docs/server/messages.md), and about their appointments: booked, moved, cancelled, and the day before.

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
#include "server/net/smtp_client.hpp"
#include "store/store.hpp"

namespace physio::server {

struct ReminderLoopOptions {
  std::function<TimeUs()> clock;                      ///< empty: the system clock
  std::shared_ptr<const rehab::TzOffsetProvider> tz;  ///< empty: the system's tz database
  std::chrono::milliseconds period{60'000};
  net::SmtpServer smtp;   ///< host empty: e-mail off
  std::string mail_from;  ///< the From address of reminder e-mails
  /// The address the e-mails' sign-in links start with ("https://clinic.example", the public-url setting;
  /// never a request's Host header). Empty: no link.
  std::string public_url;
  std::int64_t catch_up_s = 6 * 3600;  ///< how late a missed reminder may still go out the same day
  /// How long a message from the clinic stays unread before the patient is told by e-mail that it waits
  /// (docs/server/messages.md); read in the app before then, no e-mail goes.
  std::int64_t message_notice_after_s = 15 * 60;
};

/// What one pass did.
struct ReminderTick {
  int preferences = 0;      ///< enabled preferences read
  int due = 0;              ///< decided due
  int claimed = 0;          ///< days claimed (reminders created)
  int already = 0;          ///< due but the day was claimed by someone else first
  int emailed = 0;          ///< e-mails accepted by the SMTP server
  int email_failed = 0;     ///< e-mails refused or not delivered
  int errors = 0;           ///< patients skipped because of an error (logged)
  int restricted = 0;       ///< due patients skipped because their record's processing is restricted
  int message_notices = 0;  ///< e-mails telling a patient a message waits, or a physiotherapist a pain alert
  int message_notices_failed = 0;  ///< such e-mails refused or not delivered
  int appointment_notices = 0;  ///< appointment e-mails (booked, moved, cancelled, the day before) accepted
  int appointment_notices_failed = 0;  ///< such e-mails refused or not delivered
  int waitlist_offers = 0;             ///< e-mails offering a freed time accepted by the SMTP server
};

class ReminderLoop {
 public:
  ReminderLoop(store::Store& store, ReminderLoopOptions options);
  ~ReminderLoop();
  ReminderLoop(const ReminderLoop&) = delete;
  ReminderLoop& operator=(const ReminderLoop&) = delete;

  /// Runs `tick()` on a thread once per period until `stop()`.
  void start();
  void stop();

  /// One pass at the clock's now. Fails only when the preferences cannot be read; a patient whose
  /// reminder fails is counted in `errors` and logged.
  Result<ReminderTick> tick();

 private:
  /// Unread messages from the clinic older than the notice delay: one e-mail each telling the patient a
  /// message waits (never its text), decided once per message across servers.
  void notify_messages(TimeUs now, ReminderTick& out);
  /// Appointments booked, moved or cancelled since two days, and those starting in 23 to 25 hours: one
  /// e-mail each to a patient who agreed to e-mails (docs/server/reminders.md, "Appointment e-mails").
  /// A series booked (or cancelled) together is one e-mail naming every date and each date left out.
  void notify_appointments(TimeUs now, ReminderTick& out);
  /// One e-mail for the visits of one series booked or cancelled together (`group`: same series, patient
  /// and change), every notice claimed in one transaction.
  void notify_series(const std::vector<const clinic::Appointment*>& group, const std::vector<TimeUs>& about,
                     TimeUs now, ReminderTick& out);
  /// Freed times offered to the waiting list: one e-mail per offer, claimed once (migration 0031).
  void notify_waitlist_offers(TimeUs now, ReminderTick& out);

  store::Store& store_;
  ReminderLoopOptions o_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int jump_listener_ = 0;  ///< woken by a jump of the test clock
  std::thread thread_;
};

/// "Tue, 24 Nov 2026 08:00:00 +0000" (RFC 5322) for a UTC instant.
std::string rfc5322_date(TimeUs t);

}  // namespace physio::server
