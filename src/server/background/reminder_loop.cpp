#include "server/background/reminder_loop.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "core/wall_clock.hpp"
#include "rehab/program_rows.hpp"
#include "rehab/reminders.hpp"
#include "rehab/tz_system.hpp"
#include "schedule/series.hpp"
#include "server/http/http_util.hpp"
#include "store/appointment_notices.hpp"
#include "store/clinic_calendar.hpp"
#include "store/clinic_contact.hpp"
#include "store/messages.hpp"

namespace physio::server {
namespace {

/// "Sign in: <url><path>" on its own line with a blank line after it, or a blank line when the server
/// has no public address for links.
std::string sign_in_line(const std::string& public_url, const std::string& path) {
  if (public_url.empty()) return "";
  return fmt::format("\nSign in: {}{}\n", public_url, path);
}

struct Due {
  clinic::ReminderPreference preference;
  clinic::Patient patient;
  std::string footer;  ///< the e-mail's closing lines: the clinic's name, address and telephone
  rehab::ReminderDecision decision;
};

std::string channels_of(const clinic::ReminderPreference& p) {
  std::string out;
  if (p.in_app) out = "in_app";
  if (p.email) out += out.empty() ? "email" : ",email";
  return out;
}

/// Why the clinic may not e-mail the patient now ("" when it may): processing restricted, no address, no
/// agreement to e-mails, or no SMTP server configured.
Result<std::string> email_refusal(store::Tx& tx, const clinic::Patient& p, bool smtp_on) {
  if (PHYSIO_TRY(tx.get_restriction(p.clinic_id, p.id))) return std::string("restricted");
  if (p.email.empty()) return std::string("no address");
  if (!p.email_ok) return std::string("not wanted");
  if (!smtp_on) return std::string("e-mail off");
  return std::string();
}

}  // namespace

std::string rfc5322_date(TimeUs t) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun",
                                          "Mon", "Tue", "Wed"};  // from 1970-01-01
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t s = t / kUsPerSecond - (t % kUsPerSecond < 0 ? 1 : 0);
  const std::int64_t day = s / 86'400 - (s % 86'400 < 0 ? 1 : 0);
  const std::int64_t sod = s - day * 86'400;
  const std::string date = rehab::format_date(day);  // YYYY-MM-DD
  const int month = std::stoi(date.substr(5, 2));
  return fmt::format("{}, {} {} {} {:02}:{:02}:{:02} +0000", kDays[((day % 7) + 7) % 7], date.substr(8, 2),
                     kMonths[month - 1], date.substr(0, 4), sod / 3600, sod / 60 % 60, sod % 60);
}

ReminderLoop::ReminderLoop(store::Store& store, ReminderLoopOptions options)
    : store_(store), o_(std::move(options)) {
  if (!o_.clock) o_.clock = [] { return now_us(); };
  if (!o_.tz) o_.tz = std::make_shared<rehab::SystemTzProvider>();
}

ReminderLoop::~ReminderLoop() {
  stop();
}

void ReminderLoop::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  // A jump of the test clock (docs/server/operations.md) runs a pass at once.
  jump_listener_ = wall_clock::add_listener([this] {
    { std::lock_guard l(mutex_); }
    wake_.notify_all();
  });
  thread_ = std::thread([this] {
    std::unique_lock lk(mutex_);
    while (!stopping_) {
      const auto seen = wall_clock::jumps();
      lk.unlock();
      if (auto t = tick(); !t) {
        spdlog::warn("reminders: {}", t.error().to_string());
      } else if (t->claimed > 0 || t->errors > 0) {
        spdlog::info("reminders: {} sent, {} e-mailed, {} e-mail(s) failed, {} error(s)", t->claimed,
                     t->emailed, t->email_failed, t->errors);
      }
      lk.lock();
      wake_.wait_for(lk, o_.period, [&] { return stopping_ || wall_clock::jumps() != seen; });
    }
  });
}

void ReminderLoop::stop() {
  if (jump_listener_ != 0) wall_clock::remove_listener(jump_listener_);
  jump_listener_ = 0;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

Result<ReminderTick> ReminderLoop::tick() {
  const TimeUs now = o_.clock();
  ReminderTick out;
  const auto prefs =
      PHYSIO_TRY(store_.read([](store::Tx& tx) { return tx.list_enabled_reminder_preferences(); }));
  out.preferences = static_cast<int>(prefs.size());
  for (const auto& pref : prefs) {
    // Decide from the stored last-sent time alone, as every server would.
    auto due = store_.read([&](store::Tx& tx) -> Result<std::optional<Due>> {
      rehab::ReminderSettings s;
      s.enabled = pref.enabled;
      s.local_minute_of_day = PHYSIO_TRY(rehab::parse_local_time(pref.local_time));
      s.time_zone = pref.time_zone;
      s.catch_up_s = o_.catch_up_s;
      const TimeUs last = PHYSIO_TRY(tx.last_reminder_sent_us(pref.clinic_id, pref.patient_id));
      auto d = PHYSIO_TRY(rehab::decide_reminder(s, last, now, *o_.tz));
      if (!d.due_now) return std::optional<Due>{};
      // A restricted record (GDPR art. 18) gets no reminders while the restriction lasts.
      if (PHYSIO_TRY(tx.get_restriction(pref.clinic_id, pref.patient_id))) {
        ++out.restricted;
        return std::optional<Due>{};
      }
      auto patient = PHYSIO_TRY(tx.get_patient(pref.clinic_id, pref.patient_id));
      auto clinic = PHYSIO_TRY(store::get_clinic_contact(tx, pref.clinic_id)).contact;
      return std::optional<Due>{Due{pref, std::move(patient), clinic::email_footer(clinic), std::move(d)}};
    });
    if (!due) {
      ++out.errors;
      spdlog::warn("reminders: patient {}: {}", pref.patient_id, due.error().to_string());
      continue;
    }
    if (!*due) continue;
    ++out.due;
    const Due& d = **due;

    // The claim: the insert succeeds for exactly one caller per patient and local date.
    clinic::ReminderSent row;
    row.clinic_id = pref.clinic_id;
    row.patient_id = pref.patient_id;
    row.local_date = d.decision.local_date;
    row.occurrence_us = d.decision.occurrence_us;
    row.sent_us = now;
    row.channels = channels_of(pref);
    row.message = fmt::format("Time for today's home exercises ({}).", pref.local_time);
    if (pref.email) {
      if (o_.smtp.host.empty())
        row.email_status = "e-mail off";
      else if (d.patient.email.empty())
        row.email_status = "no address";
    }
    auto claimed = store_.write([&](store::Tx& tx) { return tx.claim_reminder_day(row); });
    if (!claimed) {
      ++out.errors;
      spdlog::warn("reminders: patient {}: {}", pref.patient_id, claimed.error().to_string());
      continue;
    }
    if (!*claimed) {
      ++out.already;
      continue;
    }
    ++out.claimed;
    const clinic::ReminderSent& sent = **claimed;
    if (!pref.email || !sent.email_status.empty()) continue;

    net::MailMessage m;
    m.from = o_.mail_from;
    m.to = d.patient.email;
    m.subject = "Exercise reminder";
    m.body =
        fmt::format("Hello {},\n\nit is time for today's home exercises ({}).\n{}\n\n{}",
                    d.patient.given_name, pref.local_time, sign_in_line(o_.public_url, "/today"), d.footer);
    m.date = rfc5322_date(now);
    m.message_id = fmt::format("<reminder-{}@physiokit>", sent.id);
    std::string status = "sent";
    if (auto st = net::send_mail(o_.smtp, m); !st) {
      status = "failed: " + st.error().message();
      ++out.email_failed;
      spdlog::warn("reminders: e-mail to patient {}: {}", pref.patient_id, st.error().to_string());
    } else {
      ++out.emailed;
    }
    if (auto st = store_.write(
            [&](store::Tx& tx) { return tx.set_reminder_email_status(sent.clinic_id, sent.id, status); });
        !st) {
      ++out.errors;
      spdlog::warn("reminders: patient {}: {}", pref.patient_id, st.error().to_string());
    }
  }
  notify_messages(now, out);
  notify_appointments(now, out);
  notify_waitlist_offers(now, out);
  return out;
}

void ReminderLoop::notify_messages(TimeUs now, ReminderTick& out) {
  auto waiting = store_.read([&](store::Tx& tx) {
    return store::messages_awaiting_notice(tx, now - o_.message_notice_after_s * kUsPerSecond);
  });
  if (!waiting) {
    ++out.errors;
    spdlog::warn("message notices: {}", waiting.error().to_string());
    return;
  }
  for (const auto& m : *waiting) {
    // Decide what the notice is, and claim it, in one transaction: the first server to claim sends.
    struct Claim {
      std::string status;  ///< "" = send now
      clinic::Patient patient;
      clinic::ClinicContact clinic;
      std::vector<std::string> physiotherapists;  ///< an automatic alert's recipients
    };
    // An automatic alert on the patient's side (a stop-level pain report) goes to the clinic's
    // physiotherapists: that they have one waiting, never whose or what (docs/server/messages.md).
    const bool alert = m.from_patient;
    auto claim = store_.write([&](store::Tx& tx) -> Result<std::optional<Claim>> {
      Claim c;
      c.patient = PHYSIO_TRY(tx.get_patient(m.clinic_id, m.patient_id));
      c.clinic = PHYSIO_TRY(store::get_clinic_contact(tx, m.clinic_id)).contact;
      if (alert)
        for (const auto& u : PHYSIO_TRY(tx.list_users(m.clinic_id)))
          if (u.role == clinic::Role::kPhysiotherapist && !u.disabled && !u.email.empty())
            c.physiotherapists.push_back(u.email);
      if (m.read_us != 0)
        c.status = "read first";
      else if (alert)
        c.status = o_.smtp.host.empty() ? "e-mail off" : c.physiotherapists.empty() ? "no address" : "";
      else
        c.status = PHYSIO_TRY(email_refusal(tx, c.patient, !o_.smtp.host.empty()));
      if (!PHYSIO_TRY(
              store::set_message_notice(tx, m.clinic_id, m.id, c.status.empty() ? "sending" : c.status)))
        return std::optional<Claim>{};
      return std::optional<Claim>{std::move(c)};
    });
    if (!claim) {
      ++out.errors;
      spdlog::warn("message notices: message {}: {}", m.id, claim.error().to_string());
      continue;
    }
    if (!*claim || !(*claim)->status.empty()) continue;
    const Claim& c = **claim;
    if (alert) {
      std::string status = "sent";
      for (std::size_t i = 0; i < c.physiotherapists.size(); ++i) {
        net::MailMessage mail;
        mail.from = o_.mail_from;
        mail.to = c.physiotherapists[i];
        mail.subject = "Pain alert: a patient was told to stop exercising";
        mail.body = fmt::format(
            "A patient at {} reported pain at the stop level and was told that their physiotherapist has "
            "been "
            "told. The alert waits, unread, in the patient's conversation and at the top of your caseload. "
            "For the patient's privacy, who it is and what they reported are not in this e-mail.\n\n{}",
            c.clinic.name, clinic::email_footer(c.clinic));
        mail.date = rfc5322_date(now);
        mail.message_id = fmt::format("<pain-alert-{}-{}@physiokit>", m.id, i);
        if (auto st = net::send_mail(o_.smtp, mail); !st) {
          status = "failed: " + st.error().message();
          ++out.message_notices_failed;
          spdlog::warn("pain alert e-mails: message {}: {}", m.id, st.error().to_string());
        } else {
          ++out.message_notices;
        }
      }
      auto st = store_.write(
          [&](store::Tx& tx) { return store::finish_message_notice(tx, m.clinic_id, m.id, status); });
      if (!st) {
        ++out.errors;
        spdlog::warn("message notices: message {}: {}", m.id, st.error().to_string());
      }
      continue;
    }
    net::MailMessage mail;
    mail.from = o_.mail_from;
    mail.to = c.patient.email;
    mail.subject = "A message from your physiotherapist";
    mail.body = fmt::format(
        "Hello {},\n\nyou have a new message from your physiotherapist at {}. Sign in to read it; for your "
        "privacy it is not in this e-mail.\n{}\n\n{}",
        c.patient.given_name, c.clinic.name,
        sign_in_line(o_.public_url, "/patients/" + c.patient.id + "#messages"),
        clinic::email_footer(c.clinic));
    mail.date = rfc5322_date(now);
    mail.message_id = fmt::format("<message-{}@physiokit>", m.id);
    std::string status = "sent";
    if (auto st = net::send_mail(o_.smtp, mail); !st) {
      status = "failed: " + st.error().message();
      ++out.message_notices_failed;
      spdlog::warn("message notices: e-mail to patient {}: {}", m.patient_id, st.error().to_string());
    } else {
      ++out.message_notices;
    }
    auto st = store_.write(
        [&](store::Tx& tx) { return store::finish_message_notice(tx, m.clinic_id, m.id, status); });
    if (!st) {
      ++out.errors;
      spdlog::warn("message notices: message {}: {}", m.id, st.error().to_string());
    }
  }
}

namespace {

/// "Wed 3 Dec 2026 at 09:30" in the patient's zone.
std::string when_words(TimeUs t, const rehab::UtcOffsetFn& offset) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun",
                                          "Mon", "Tue", "Wed"};  // from 1970-01-01
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const rehab::LocalDay day = rehab::local_day(t, offset);
  const TimeUs local = t + offset(t) * kUsPerSecond;
  const std::int64_t sod = (local / kUsPerSecond) % 86'400;
  const std::string d = rehab::format_date(day);
  return fmt::format("{} {} {} {} at {:02}:{:02}", kDays[((day % 7) + 7) % 7], std::stoi(d.substr(8, 2)),
                     kMonths[std::stoi(d.substr(5, 2)) - 1], d.substr(0, 4), (sod + 86'400) % 86'400 / 3600,
                     (sod + 86'400) % 86'400 / 60 % 60);
}

}  // namespace

void ReminderLoop::notify_appointments(TimeUs now, ReminderTick& out) {
  constexpr TimeUs kHour = 3600 * kUsPerSecond;
  struct Work {
    clinic::Appointment a;
    std::string kind;
    TimeUs about = 0;
  };
  auto found = store_.read([&](store::Tx& tx) -> Result<std::vector<Work>> {
    std::vector<Work> w;
    for (auto& a : PHYSIO_TRY(store::appointments_changed_since(tx, now - 48 * kHour))) {
      const TimeUs about = a.updated_us;
      w.push_back({std::move(a), "change", about});
    }
    for (auto& a : PHYSIO_TRY(store::appointments_due_reminder(tx, now + 23 * kHour, now + 25 * kHour))) {
      const TimeUs about = a.start_us;
      w.push_back({std::move(a), "reminder", about});
    }
    return w;
  });
  if (!found) {
    ++out.errors;
    spdlog::warn("appointment e-mails: {}", found.error().to_string());
    return;
  }
  // Visits of one series booked together, or cancelled together with one reason: one e-mail for them all.
  std::set<std::string> grouped;
  {
    std::map<std::string, std::vector<const Work*>> groups;
    for (const auto& w : *found) {
      if (w.kind != "change" || w.a.series_id.empty()) continue;
      const bool booked = w.a.status == "booked" && w.a.updated_us == w.a.created_us;
      if (!booked && w.a.status != "cancelled") continue;
      groups[w.a.clinic_id + "/" + w.a.series_id + "/" + w.a.patient_id + "/" +
             (booked ? std::string("booked") : "cancelled:" + w.a.cancel_reason)]
          .push_back(&w);
    }
    for (const auto& [key, list] : groups) {
      std::vector<const clinic::Appointment*> group;
      std::vector<TimeUs> about;
      for (const Work* w : list) {
        group.push_back(&w->a);
        about.push_back(w->about);
        grouped.insert(w->a.id);
      }
      notify_series(group, about, now, out);
    }
  }
  for (const auto& w : *found) {
    if (w.kind == "change" && grouped.contains(w.a.id)) continue;
    struct Claim {
      std::string status;  ///< "" = send now
      clinic::Patient patient;
      std::string clinic_name, clinician;
      clinic::ClinicContact clinic;
    };
    auto claim = store_.write([&](store::Tx& tx) -> Result<std::optional<Claim>> {
      Claim c;
      c.patient = PHYSIO_TRY(tx.get_patient(w.a.clinic_id, w.a.patient_id));
      c.clinic = PHYSIO_TRY(store::get_clinic_contact(tx, w.a.clinic_id)).contact;
      c.clinic_name = c.clinic.name;
      if (auto u = tx.get_user(w.a.practitioner_id); u) c.clinician = u->display_name;
      // A visit that has begun is not announced (a no-show marked, an attended visit closed).
      if (w.a.start_us <= now || (w.a.status != "booked" && w.a.status != "cancelled"))
        c.status = "past";
      else
        c.status = PHYSIO_TRY(email_refusal(tx, c.patient, !o_.smtp.host.empty()));
      if (!PHYSIO_TRY(store::claim_appointment_notice(tx, w.a, w.kind, w.about,
                                                      c.status.empty() ? "sending" : c.status, now)))
        return std::optional<Claim>{};
      return std::optional<Claim>{std::move(c)};
    });
    if (!claim) {
      ++out.errors;
      spdlog::warn("appointment e-mails: appointment {}: {}", w.a.id, claim.error().to_string());
      continue;
    }
    if (!*claim || !(*claim)->status.empty()) continue;
    const Claim& c = **claim;
    const std::string when = when_words(w.a.start_us, rehab::zone_of(c.patient));
    const std::string with = c.clinician.empty() ? std::string() : " with " + c.clinician;
    const std::string where = w.a.room.empty() ? std::string() : fmt::format(" ({})", w.a.room);
    net::MailMessage mail;
    mail.from = o_.mail_from;
    mail.to = c.patient.email;
    std::string what;
    if (w.kind == "reminder") {
      mail.subject = "Your appointment tomorrow";
      what = fmt::format("a reminder of your appointment{} at {} on {}{}.", with, c.clinic_name, when, where);
    } else if (w.a.status == "cancelled") {
      mail.subject = "Your appointment was cancelled";
      what = fmt::format("your appointment{} at {} on {} was cancelled. To book another time, {}.", with,
                         c.clinic_name, when, clinic::phone_the_clinic(c.clinic));
    } else if (w.a.updated_us > w.a.created_us) {
      mail.subject = "Your appointment has changed";
      what = fmt::format("your appointment{} at {} is now on {}{}.", with, c.clinic_name, when, where);
    } else {
      mail.subject = "Your appointment is booked";
      what = fmt::format("your appointment{} at {} is booked for {}{}.", with, c.clinic_name, when, where);
    }
    mail.body = fmt::format("Hello {},\n\n{}\n\nSign in to see or cancel your appointments.\n{}\n\n{}",
                            c.patient.given_name, what,
                            sign_in_line(o_.public_url, "/patients/" + c.patient.id + "#appointments"),
                            clinic::email_footer(c.clinic));
    mail.date = rfc5322_date(now);
    mail.message_id = fmt::format("<appointment-{}-{}-{}@physiokit>", w.a.id, w.kind, w.about);
    std::string status = "sent";
    if (auto st = net::send_mail(o_.smtp, mail); !st) {
      status = "failed: " + st.error().message();
      ++out.appointment_notices_failed;
      spdlog::warn("appointment e-mails: patient {}: {}", w.a.patient_id, st.error().to_string());
    } else {
      ++out.appointment_notices;
    }
    auto st = store_.write(
        [&](store::Tx& tx) { return store::finish_appointment_notice(tx, w.a, w.kind, w.about, status); });
    if (!st) {
      ++out.errors;
      spdlog::warn("appointment e-mails: appointment {}: {}", w.a.id, st.error().to_string());
    }
  }
}

void ReminderLoop::notify_series(const std::vector<const clinic::Appointment*>& group,
                                 const std::vector<TimeUs>& about, TimeUs now, ReminderTick& out) {
  const clinic::Appointment& first = *group.front();
  const bool cancelled = first.status == "cancelled";
  struct Claim {
    std::string status;  ///< "" = send now
    clinic::Patient patient;
    std::string clinic_name, clinician;
    std::vector<const clinic::Appointment*> visits;  ///< the notices this server claimed
    std::vector<std::size_t> index;
    std::vector<schedule::SkippedVisit> skipped;
  };
  auto claim = store_.write([&](store::Tx& tx) -> Result<Claim> {
    Claim c;
    c.patient = PHYSIO_TRY(tx.get_patient(first.clinic_id, first.patient_id));
    c.clinic_name = PHYSIO_TRY(tx.get_clinic(first.clinic_id)).name;
    if (auto u = tx.get_user(first.practitioner_id); u) c.clinician = u->display_name;
    const bool all_past =
        std::all_of(group.begin(), group.end(), [&](const auto* a) { return a->start_us <= now; });
    c.status =
        all_past ? std::string("past") : PHYSIO_TRY(email_refusal(tx, c.patient, !o_.smtp.host.empty()));
    for (std::size_t i = 0; i < group.size(); ++i)
      if (PHYSIO_TRY(store::claim_appointment_notice(tx, *group[i], "change", about[i],
                                                     c.status.empty() ? "sending" : c.status, now))) {
        c.visits.push_back(group[i]);
        c.index.push_back(i);
      }
    if (!cancelled)
      if (auto row = PHYSIO_TRY(store::get_series(tx, first.clinic_id, first.series_id))) {
        auto list = nlohmann::json::parse(row->skipped_json, nullptr, false);
        if (list.is_array())
          for (const auto& k : list)
            if (auto t = parse_iso_time(k.value("start", "")))
              c.skipped.push_back({*t, k.value("reason", "")});
      }
    return c;
  });
  if (!claim) {
    ++out.errors;
    spdlog::warn("appointment e-mails: series {}: {}", first.series_id, claim.error().to_string());
    return;
  }
  const Claim& c = *claim;
  if (c.visits.empty() || !c.status.empty()) return;
  std::vector<TimeUs> starts;
  for (const auto* a : c.visits) starts.push_back(a->start_us);
  const std::string with = c.clinician.empty() ? std::string() : " with " + c.clinician;
  const std::string list =
      schedule::series_summary(starts, first.duration_min, c.skipped, rehab::zone_of(c.patient));
  const std::size_t n = c.visits.size();
  net::MailMessage mail;
  mail.from = o_.mail_from;
  mail.to = c.patient.email;
  std::string what;
  if (cancelled) {
    mail.subject = n == 1 ? "Your appointment was cancelled" : "Your appointments were cancelled";
    what = fmt::format("{} at {} {} cancelled:\n\n{}\nContact the clinic to book other times.",
                       n == 1 ? "this appointment" + with : fmt::format("these {} appointments{}", n, with),
                       c.clinic_name, n == 1 ? "was" : "were", list);
  } else {
    mail.subject = n == 1 ? "Your appointment is booked" : "Your appointments are booked";
    what = fmt::format(
        "{} at {} {} booked:\n\n{}\nSign in to see or cancel your appointments.",
        n == 1 ? "your appointment" + with : fmt::format("your {} weekly appointments{}", n, with),
        c.clinic_name, n == 1 ? "is" : "are", list);
  }
  mail.body = fmt::format("Hello {},\n\n{}\n\n{}\n", c.patient.given_name, what, c.clinic_name);
  mail.date = rfc5322_date(now);
  mail.message_id = fmt::format("<series-{}-{}-{}@physiokit>", first.series_id, cancelled ? "cancel" : "book",
                                about[c.index.front()]);
  std::string status = "sent";
  if (auto st = net::send_mail(o_.smtp, mail); !st) {
    status = "failed: " + st.error().message();
    ++out.appointment_notices_failed;
    spdlog::warn("appointment e-mails: patient {}: {}", first.patient_id, st.error().to_string());
  } else {
    ++out.appointment_notices;
  }
  auto st = store_.write([&](store::Tx& tx) -> Status {
    for (std::size_t k = 0; k < c.visits.size(); ++k)
      PHYSIO_TRY(store::finish_appointment_notice(tx, *c.visits[k], "change", about[c.index[k]], status));
    return ok();
  });
  if (!st) {
    ++out.errors;
    spdlog::warn("appointment e-mails: series {}: {}", first.series_id, st.error().to_string());
  }
}

void ReminderLoop::notify_waitlist_offers(TimeUs now, ReminderTick& out) {
  auto pending = store_.read([&](store::Tx& tx) { return store::pending_waitlist_offers(tx); });
  if (!pending) {
    ++out.errors;
    spdlog::warn("waiting-list offers: {}", pending.error().to_string());
    return;
  }
  for (const auto& o : *pending) {
    struct Claim {
      std::string status;
      clinic::Patient patient;
      std::string clinic_name, clinician;
    };
    auto claim = store_.write([&](store::Tx& tx) -> Result<std::optional<Claim>> {
      Claim c;
      c.patient = PHYSIO_TRY(tx.get_patient(o.clinic_id, o.patient_id));
      c.clinic_name = PHYSIO_TRY(tx.get_clinic(o.clinic_id)).name;
      if (auto u = tx.get_user(o.clinician_id); u) c.clinician = u->display_name;
      c.status = o.start_us <= now ? std::string("past")
                                   : PHYSIO_TRY(email_refusal(tx, c.patient, !o_.smtp.host.empty()));
      if (!PHYSIO_TRY(store::set_waitlist_offer_status(tx, o.clinic_id, o.appointment_id, "pending",
                                                       c.status.empty() ? "sending" : c.status)))
        return std::optional<Claim>{};
      return std::optional<Claim>{std::move(c)};
    });
    if (!claim) {
      ++out.errors;
      spdlog::warn("waiting-list offers: appointment {}: {}", o.appointment_id, claim.error().to_string());
      continue;
    }
    if (!*claim || !(*claim)->status.empty()) continue;
    const Claim& c = **claim;
    const std::string with = c.clinician.empty() ? std::string() : " with " + c.clinician;
    net::MailMessage mail;
    mail.from = o_.mail_from;
    mail.to = c.patient.email;
    mail.subject = "An earlier appointment is free";
    mail.body = fmt::format(
        "Hello {},\n\nyou are on the waiting list at {}, and a time has become free: {}{} ({} minutes).\n\n"
        "If you would like it, contact the clinic; the first to answer is booked.\n\n{}\n",
        c.patient.given_name, c.clinic_name, when_words(o.start_us, rehab::zone_of(c.patient)), with,
        o.duration_min, c.clinic_name);
    mail.date = rfc5322_date(now);
    mail.message_id = fmt::format("<waitlist-offer-{}@physiokit>", o.appointment_id);
    std::string status = "sent";
    if (auto st = net::send_mail(o_.smtp, mail); !st) {
      status = "failed: " + st.error().message();
      spdlog::warn("waiting-list offers: patient {}: {}", o.patient_id, st.error().to_string());
    } else {
      ++out.waitlist_offers;
    }
    auto st = store_.write([&](store::Tx& tx) {
      return store::set_waitlist_offer_status(tx, o.clinic_id, o.appointment_id, "sending", status);
    });
    if (!st) {
      ++out.errors;
      spdlog::warn("waiting-list offers: appointment {}: {}", o.appointment_id, st.error().to_string());
    }
  }
}

}  // namespace physio::server
