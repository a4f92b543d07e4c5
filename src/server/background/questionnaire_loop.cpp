#include "server/background/questionnaire_loop.hpp"

#include <set>

#include <spdlog/spdlog.h>

#include "core/wall_clock.hpp"
#include "measures/library.hpp"
#include "rehab/program_rows.hpp"
#include "rehab/tz_system.hpp"
#include "security/hash.hpp"
#include "security/random.hpp"
#include "server/background/reminder_loop.hpp"
#include "store/clinic_contact.hpp"
#include "store/questionnaire_schedules.hpp"

namespace physio::server {
namespace {

/// Why the link goes without an e-mail ("" when it may be e-mailed).
std::string email_refusal(const clinic::Patient& p, bool smtp_on) {
  if (p.email.empty()) return "no address";
  if (!p.email_ok) return "not wanted";
  if (!smtp_on) return "e-mail off";
  return "";
}

/// What a pass needs about one schedule's patient.
struct Work {
  store::QuestionnaireScheduleRow schedule;
  clinic::Patient patient;
  clinic::ClinicContact clinic;
  std::vector<rehab::DueSend> due;
};

/// A new link for the schedule's instrument; the token is returned once, only its hash is stored.
Result<std::pair<clinic::QuestionnaireLink, std::string>> make_link(store::Tx& tx,
                                                                    const store::QuestionnaireScheduleRow& s,
                                                                    TimeUs now, std::int64_t days) {
  clinic::QuestionnaireLink l;
  l.clinic_id = s.clinic_id;
  l.patient_id = s.patient_id;
  l.episode_id = s.episode_id;
  l.instrument_id = s.instrument_id;
  l.created_by = s.created_by;
  l.expires_us = now + days * rehab::kUsPerDay;
  std::string token = security::random_token();
  l.token_sha256 = security::sha256_hex(token);
  auto row = PHYSIO_TRY(tx.create_questionnaire_link(l));
  return std::make_pair(std::move(row), std::move(token));
}

}  // namespace

QuestionnaireLoop::QuestionnaireLoop(store::Store& store, QuestionnaireLoopOptions options)
    : store_(store), o_(std::move(options)) {
  if (!o_.clock) o_.clock = [] { return wall_clock::now_us(); };
  if (!o_.tz) o_.tz = std::make_shared<rehab::SystemTzProvider>();
  if (!o_.instrument_name)
    o_.instrument_name = [](std::string_view id) {
      if (auto lib = measures::default_measure_library(); lib)
        if (auto in = (*lib)->find(id); in) return (*in)->name;
      return std::string(id);
    };
}

QuestionnaireLoop::~QuestionnaireLoop() {
  stop();
}

void QuestionnaireLoop::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
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
        spdlog::warn("questionnaire schedules: {}", t.error().to_string());
      } else if (t->claimed > 0 || t->errors > 0 || t->retried > 0) {
        spdlog::info("questionnaire schedules: {} sent, {} e-mailed, {} failed, {} link only, {} error(s)",
                     t->claimed, t->emailed, t->email_failed, t->link_only, t->errors);
      }
      lk.lock();
      wake_.wait_for(lk, o_.period, [&] { return stopping_ || wall_clock::jumps() != seen; });
    }
  });
}

void QuestionnaireLoop::stop() {
  if (jump_listener_ != 0) wall_clock::remove_listener(jump_listener_);
  jump_listener_ = 0;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

namespace {

net::MailMessage questionnaire_mail(const QuestionnaireLoopOptions& o, const clinic::Patient& p,
                                    const clinic::ClinicContact& clinic, const std::string& instrument,
                                    const std::string& token, TimeUs now, TimeUs expires,
                                    const std::string& id) {
  net::MailMessage m;
  m.from = o.mail_from;
  m.to = p.email;
  m.subject = "A short questionnaire from your physiotherapist";
  const auto offset = rehab::zone_of(p);
  m.body = fmt::format(
      "Hello {},\n\nyour physiotherapist at {} asks you to fill in a short questionnaire: {}.\nIt takes a "
      "few "
      "minutes and helps them see how you are doing.\n\nOpen this link to answer (it works once, until "
      "{}):\n{}/q/{}\n\nYou can also answer it after signing in, from your Today page:\n{}/today\n\n{}",
      p.given_name, clinic.name, instrument, rehab::day_words(rehab::local_day(expires, offset)),
      o.public_url, token, o.public_url, clinic::email_footer(clinic));
  m.date = rfc5322_date(now);
  m.message_id = fmt::format("<questionnaire-{}@physiokit>", id);
  return m;
}

}  // namespace

Result<QuestionnaireTick> QuestionnaireLoop::tick() {
  const TimeUs now = o_.clock();
  QuestionnaireTick out;
  const auto schedules =
      PHYSIO_TRY(store_.read([](store::Tx& tx) { return store::running_questionnaire_schedules(tx); }));
  out.schedules = static_cast<int>(schedules.size());
  for (const auto& s : schedules) {
    // Decide from the stored sends alone, as every server would.
    auto work = store_.read([&](store::Tx& tx) -> Result<std::optional<Work>> {
      if (PHYSIO_TRY(tx.get_tombstone(s.clinic_id, s.patient_id))) return std::optional<Work>{};
      Work w;
      w.schedule = s;
      w.patient = PHYSIO_TRY(tx.get_patient(s.clinic_id, s.patient_id));
      w.clinic = PHYSIO_TRY(store::get_clinic_contact(tx, s.clinic_id)).contact;
      const auto offset = rehab::zone_of(w.patient);
      rehab::QuestionnaireScheduleRule rule;
      rule.every_weeks = static_cast<int>(s.every_weeks);
      rule.from_day = rehab::parse_date(s.from_date).value_or(0);
      rule.at_discharge = s.at_discharge;
      rehab::ScheduleFacts f;
      f.restricted = PHYSIO_TRY(tx.get_restriction(s.clinic_id, s.patient_id)).has_value();
      f.discharge_day =
          rehab::discharge_day(PHYSIO_TRY(tx.list_episodes(s.clinic_id, s.patient_id)), s.episode_id, offset);
      f.email_allowed = !w.patient.email.empty() && w.patient.email_ok;
      std::set<std::string> claimed;
      for (const auto& sent : PHYSIO_TRY(store::list_questionnaire_sends(tx, s.clinic_id, s.id)))
        claimed.insert(sent.due_key);
      w.due = rehab::due_sends(rule, claimed, f, now, offset, o_.schedule);
      return std::optional<Work>{std::move(w)};
    });
    if (!work) {
      ++out.errors;
      spdlog::warn("questionnaire schedules: schedule {}: {}", s.id, work.error().to_string());
      continue;
    }
    if (!*work) continue;
    const Work& w = **work;
    for (const auto& d : w.due) {
      ++out.due;
      const std::string refusal = d.email ? email_refusal(w.patient, !o_.smtp.host.empty())
                                          : (w.patient.email.empty() ? "no address" : "not wanted");
      // The claim and the link in one transaction: only the server whose insert lands makes a link.
      auto claim = store_.write(
          [&](store::Tx& tx) -> Result<std::optional<std::pair<clinic::QuestionnaireLink, std::string>>> {
            store::QuestionnaireSendRow row;
            row.clinic_id = s.clinic_id;
            row.schedule_id = s.id;
            row.due_key = d.key;
            row.patient_id = s.patient_id;
            row.claimed_us = now;
            row.email_status = refusal.empty() ? "sending" : refusal;
            row.attempts = refusal.empty() ? 1 : 0;
            row.last_attempt_us = refusal.empty() ? now : 0;
            if (!PHYSIO_TRY(store::claim_questionnaire_send(tx, row)))
              return std::optional<std::pair<clinic::QuestionnaireLink, std::string>>{};
            auto link = PHYSIO_TRY(make_link(tx, s, now, o_.link_days));
            PHYSIO_CHECK(store::set_questionnaire_send_link(tx, s.clinic_id, s.id, d.key, link.first.id));
            store::AuditEventInput e;
            e.clinic_id = s.clinic_id;
            e.actor_id = "system:questionnaire_schedule";
            e.role = "system";
            e.action = "questionnaire_schedule.send";
            e.record_type = "questionnaire_link";
            e.record_id = link.first.id;
            e.patient_id = s.patient_id;
            e.outcome = "success";
            PHYSIO_CHECK(tx.append_audit({e}));
            return std::optional{std::move(link)};
          });
      if (!claim) {
        ++out.errors;
        spdlog::warn("questionnaire schedules: schedule {}: {}", s.id, claim.error().to_string());
        continue;
      }
      if (!*claim) {
        ++out.already;
        continue;
      }
      ++out.claimed;
      if (!refusal.empty()) {
        ++out.link_only;
        continue;
      }
      const auto& [link, token] = **claim;
      const auto m = questionnaire_mail(o_, w.patient, w.clinic, o_.instrument_name(s.instrument_id), token,
                                        now, link.expires_us, link.id);
      std::string status = "sent";
      if (auto st = net::send_mail(o_.smtp, m); !st) {
        status = "failed: " + st.error().message();
        ++out.email_failed;
        spdlog::warn("questionnaire schedules: e-mail to patient {}: {}", s.patient_id,
                     st.error().to_string());
      } else {
        ++out.emailed;
      }
      if (auto st = store_.write([&](store::Tx& tx) {
            return store::finish_questionnaire_send(tx, s.clinic_id, s.id, d.key, status);
          });
          !st) {
        ++out.errors;
        spdlog::warn("questionnaire schedules: schedule {}: {}", s.id, st.error().to_string());
      }
    }
  }
  retry_failed(now, out);
  return out;
}

void QuestionnaireLoop::retry_failed(TimeUs now, QuestionnaireTick& out) {
  auto failed = store_.read(
      [&](store::Tx& tx) { return store::failed_questionnaire_sends(tx, o_.retry.max_attempts); });
  if (!failed) {
    ++out.errors;
    spdlog::warn("questionnaire schedules: retries: {}", failed.error().to_string());
    return;
  }
  for (const auto& f : *failed) {
    if (!rehab::retry_due(static_cast<int>(f.attempts), f.last_attempt_us, f.link_expires_us, now, o_.retry))
      continue;
    struct Claim {
      clinic::Patient patient;
      clinic::ClinicContact clinic;
      std::string instrument, token;
      clinic::QuestionnaireLink link;
    };
    auto claim = store_.write([&](store::Tx& tx) -> Result<std::optional<Claim>> {
      auto s = PHYSIO_TRY(store::get_questionnaire_schedule(tx, f.clinic_id, f.schedule_id));
      if (s.stopped_us != 0) return std::optional<Claim>{};
      if (PHYSIO_TRY(tx.get_restriction(f.clinic_id, f.patient_id))) return std::optional<Claim>{};
      if (PHYSIO_TRY(tx.get_tombstone(f.clinic_id, f.patient_id))) return std::optional<Claim>{};
      Claim c;
      c.patient = PHYSIO_TRY(tx.get_patient(f.clinic_id, f.patient_id));
      if (!email_refusal(c.patient, !o_.smtp.host.empty()).empty()) return std::optional<Claim>{};
      c.clinic = PHYSIO_TRY(store::get_clinic_contact(tx, f.clinic_id)).contact;
      c.instrument = s.instrument_id;
      // The old link stays usable if it was used; else it is closed and a fresh one goes.
      if (f.link_used_us != 0) return std::optional<Claim>{};
      if (!PHYSIO_TRY(store::claim_questionnaire_retry(tx, f, "", now))) return std::optional<Claim>{};
      auto link = PHYSIO_TRY(make_link(tx, s, now, o_.link_days));
      PHYSIO_CHECK(
          store::set_questionnaire_send_link(tx, f.clinic_id, f.schedule_id, f.due_key, link.first.id));
      c.link = std::move(link.first);
      c.token = std::move(link.second);
      return std::optional<Claim>{std::move(c)};
    });
    if (!claim) {
      ++out.errors;
      spdlog::warn("questionnaire schedules: retry {}: {}", f.schedule_id, claim.error().to_string());
      continue;
    }
    if (!*claim) continue;
    ++out.retried;
    const Claim& c = **claim;
    const auto m = questionnaire_mail(o_, c.patient, c.clinic, o_.instrument_name(c.instrument), c.token, now,
                                      c.link.expires_us, c.link.id);
    std::string status = "sent";
    if (auto st = net::send_mail(o_.smtp, m); !st) {
      status = "failed: " + st.error().message();
      ++out.email_failed;
    } else {
      ++out.emailed;
    }
    if (auto st = store_.write([&](store::Tx& tx) {
          return store::finish_questionnaire_send(tx, f.clinic_id, f.schedule_id, f.due_key, status);
        });
        !st)
      ++out.errors;
  }
}

}  // namespace physio::server
