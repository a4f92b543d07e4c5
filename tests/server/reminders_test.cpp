// Exercise reminders end to end: the loop on a fake clock and a fake zone across daylight-saving changes
// and a restart (exactly one reminder per local day), e-mail into an SMTP sink on loopback, the routes,
// and the iCalendar feed checked structurally.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "../rehab/fake_tz.hpp"
#include "rehab/reminders.hpp"
#include "server/background/reminder_loop.hpp"
#include "server/http/http_util.hpp"
#include "server/net/smtp_client.hpp"
#include "server/rehab/reminder_ics.hpp"
#include "server_fixture.hpp"
#include "store/appointment_notices.hpp"
#include "store/clinic_calendar.hpp"
#include "store/clinic_contact.hpp"
#include "store/messages.hpp"

namespace physio::test {
namespace {

using rehab::test::utc;
using server::ReminderLoop;
using server::ReminderLoopOptions;

void set_preference(store::Store& st, const std::string& clinic_id, const std::string& patient_id,
                    const std::string& zone, const std::string& time, bool email = false) {
  clinic::ReminderPreference p;
  p.clinic_id = clinic_id;
  p.patient_id = patient_id;
  p.local_time = time;
  p.time_zone = zone;
  p.email = email;
  p.updated_by = "test";
  must(st.write([&](store::Tx& tx) { return tx.put_reminder_preference(p); }));
}

void set_email(store::Store& st, const std::string& clinic_id, const std::string& patient_id,
               const std::string& email, bool email_ok = false) {
  must(st.write([&](store::Tx& tx) -> Result<clinic::Patient> {
    auto p = PHYSIO_TRY(tx.get_patient(clinic_id, patient_id));
    p.email = email;
    p.email_ok = email_ok;
    return tx.update_patient(p);
  }));
}

// ---- daylight-saving changes and a restart ---------------------------------------------------------

struct DstCase {
  const char* name;
  const char* zone;
  const char* time;
  TimeUs from, to;
};

void PrintTo(const DstCase& c, std::ostream* os) {
  *os << c.name;
}

class ReminderLoopAcrossDst : public ::testing::TestWithParam<DstCase> {};

TEST_P(ReminderLoopAcrossDst, ExactlyOnePerLocalDayAcrossARestart) {
  const DstCase& c = GetParam();
  auto ts = TestServer::start(std::string("reminders_dst_") + c.name);
  const auto& s = ts->seeded();
  set_preference(ts->store(), s.clinic_a, s.p1, c.zone, c.time);

  auto tz = std::make_shared<rehab::test::FakeTz>();
  std::atomic<TimeUs> now{c.from};
  ReminderLoopOptions o;
  o.clock = [&now] { return now.load(); };
  o.tz = tz;
  const TimeUs restart_at = c.from + (c.to - c.from) / 2;
  auto loop = std::make_unique<ReminderLoop>(ts->store(), o);
  int claimed = 0, i = 0;
  bool restarted = false;
  for (TimeUs t = c.from; t < c.to; t += (10 * 60 + (i++ % 7) * 13) * kUsPerSecond) {
    if (!restarted && t >= restart_at) {
      // A restart: a new loop object on the same store, which knows only what the store keeps. It runs
      // once at the old loop's last instant too (a second server at the same moment).
      loop = std::make_unique<ReminderLoop>(ts->store(), o);
      auto again = loop->tick();
      ASSERT_TRUE(again) << again.error().to_string();
      EXPECT_EQ(again->claimed, 0);
      restarted = true;
    }
    now = t;
    auto r = loop->tick();
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->errors, 0);
    claimed += r->claimed;
  }
  ASSERT_TRUE(restarted);

  const auto sent =
      must(ts->store().read([&](store::Tx& tx) { return tx.list_reminders_sent(s.clinic_a, s.p1, 1000); }));
  EXPECT_EQ(static_cast<int>(sent.size()), claimed);
  const auto off = rehab::test::offset_of(*tz, c.zone);
  std::map<std::string, std::vector<clinic::ReminderSent>> by_day;
  for (const auto& r : sent) {
    EXPECT_EQ(r.local_date, rehab::format_date(rehab::local_day(r.sent_us, off)));
    by_day[r.local_date].push_back(r);
  }
  const int minute = rehab::parse_local_time(c.time).value();
  for (rehab::LocalDay d = rehab::local_day(c.from, off) + 1; d < rehab::local_day(c.to, off); ++d) {
    const auto it = by_day.find(rehab::format_date(d));
    ASSERT_NE(it, by_day.end()) << c.name << ": no reminder on " << rehab::format_date(d);
    ASSERT_EQ(it->second.size(), 1u) << c.name << " on " << rehab::format_date(d);
    const TimeUs occ = rehab::local_time_to_utc(d, minute, off);
    EXPECT_EQ(it->second[0].occurrence_us, occ);
    EXPECT_GE(it->second[0].sent_us, occ);
    EXPECT_LT(it->second[0].sent_us - occ, 12 * 60 * kUsPerSecond)
        << c.name << " on " << rehab::format_date(d);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Eu2026AndUs2026, ReminderLoopAcrossDst,
    ::testing::Values(
        // Spring forward: Lisbon 2026-03-29 01:00 UTC; New York 2026-03-08 02:00 local (02:30 does not
        // exist).
        DstCase{"Lisbon_spring_0800", "Europe/Lisbon", "08:00", utc(2026, 3, 26), utc(2026, 4, 1)},
        DstCase{"NewYork_spring_0230_skipped", "America/New_York", "02:30", utc(2026, 3, 5),
                utc(2026, 3, 11)},
        // Fall back: Lisbon 2026-10-25; New York 2026-11-01, 01:30 happens twice.
        DstCase{"Lisbon_autumn_0130", "Europe/Lisbon", "01:30", utc(2026, 10, 22), utc(2026, 10, 28)},
        DstCase{"NewYork_autumn_0130_repeated", "America/New_York", "01:30", utc(2026, 10, 29),
                utc(2026, 11, 4)}),
    [](const ::testing::TestParamInfo<DstCase>& i) { return std::string(i.param.name); });

TEST(Reminders, TheDayIsClaimedOnceEvenWhenTwoLoopsDecideTogether) {
  auto ts = TestServer::start("reminders_claim");
  const auto& s = ts->seeded();
  clinic::ReminderSent r;
  r.clinic_id = s.clinic_a;
  r.patient_id = s.p1;
  r.local_date = "2026-03-29";
  r.channels = "in_app";
  auto first = must(ts->store().write([&](store::Tx& tx) { return tx.claim_reminder_day(r); }));
  auto second = must(ts->store().write([&](store::Tx& tx) { return tx.claim_reminder_day(r); }));
  EXPECT_TRUE(first.has_value());
  EXPECT_FALSE(second.has_value());
}

// ---- e-mail into a local SMTP sink -----------------------------------------------------------------

/// Accepts `connections` connections on 127.0.0.1 one after the other and speaks enough SMTP to take one
/// message on each, which it records (`data` holds them all, in order; `messages` counts them).
class SmtpSink {
 public:
  explicit SmtpSink(int connections = 1) : connections_(connections) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 4);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpSink() {
    ::shutdown(fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }
  // Read after the sender returned (the thread has finished with them by then).
  std::string mail_from, rcpt_to, data;
  std::vector<std::string> commands;
  int messages = 0;

 private:
  void serve() {
    for (int i = 0; i < connections_; ++i)
      if (!serve_one()) return;
  }
  bool serve_one() {
    const int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return false;
    std::string buf;
    auto send = [c](std::string_view s) { (void)!::write(c, s.data(), s.size()); };
    auto line = [&](std::string& out) -> bool {
      for (;;) {
        if (auto nl = buf.find("\r\n"); nl != std::string::npos) {
          out = buf.substr(0, nl);
          buf.erase(0, nl + 2);
          return true;
        }
        char chunk[512];
        const ssize_t n = ::read(c, chunk, sizeof chunk);
        if (n <= 0) return false;
        buf.append(chunk, static_cast<std::size_t>(n));
      }
    };
    send("220 sink.test ESMTP\r\n");
    std::string l;
    while (line(l)) {
      commands.push_back(l.substr(0, 4));
      if (l.starts_with("EHLO")) {
        send("250-sink.test\r\n250 8BITMIME\r\n");
      } else if (l.starts_with("MAIL FROM:")) {
        mail_from = l.substr(10);
        send("250 OK\r\n");
      } else if (l.starts_with("RCPT TO:")) {
        rcpt_to = l.substr(8);
        send("250 OK\r\n");
      } else if (l == "DATA") {
        send("354 go ahead\r\n");
        while (line(l) && l != ".") data += l + "\r\n";
        ++messages;
        send("250 queued\r\n");
      } else if (l == "QUIT") {
        send("221 bye\r\n");
        break;
      } else {
        send("500 what\r\n");
      }
    }
    ::close(c);
    return true;
  }
  int connections_ = 1;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST(Reminders, EmailGoesToThePatientsAddressThroughTheSmtpServer) {
  auto ts = TestServer::start("reminders_smtp");
  const auto& s = ts->seeded();
  set_email(ts->store(), s.clinic_a, s.p1, "alice.patient@test.example");
  set_preference(ts->store(), s.clinic_a, s.p1, "Europe/Lisbon", "08:00", true);
  // The clinic's own words close the e-mail: its name, address and telephone number.
  ASSERT_TRUE(ts->store().write([&](store::Tx& tx) {
    return store::put_clinic_contact(
        tx, s.clinic_a, {"Riverside Physiotherapy", "1 River Street", "020 7946 0000", "999"}, "");
  }));
  SmtpSink sink;
  ReminderLoopOptions o;
  std::atomic<TimeUs> now{utc(2026, 3, 30, 7, 5)};  // 08:05 WEST
  o.clock = [&now] { return now.load(); };
  o.tz = std::make_shared<rehab::test::FakeTz>();
  o.smtp.host = "127.0.0.1";
  o.smtp.port = sink.port();
  o.smtp.timeout = std::chrono::milliseconds(5000);
  o.mail_from = "clinic@test.example";
  o.public_url = "https://clinic.example";
  ReminderLoop loop(ts->store(), o);
  auto r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->claimed, 1);
  EXPECT_EQ(r->emailed, 1);
  // A sign-in link to the patient's day, on the public address.
  EXPECT_NE(sink.data.find("Sign in: https://clinic.example/today\r\n"), std::string::npos) << sink.data;
  EXPECT_EQ(sink.rcpt_to, "<alice.patient@test.example>");
  EXPECT_EQ(sink.mail_from, "<clinic@test.example>");
  EXPECT_NE(sink.data.find("To: <alice.patient@test.example>\r\n"), std::string::npos) << sink.data;
  EXPECT_NE(sink.data.find("Subject: Exercise reminder\r\n"), std::string::npos);
  EXPECT_NE(sink.data.find("Date: Mon, 30 Mar 2026 07:05:00 +0000\r\n"), std::string::npos) << sink.data;
  EXPECT_NE(sink.data.find("(08:00)"), std::string::npos);
  EXPECT_NE(sink.data.find("Riverside Physiotherapy\r\n1 River Street\r\nTelephone: 020 7946 0000\r\n"),
            std::string::npos)
      << sink.data;
  const std::vector<std::string> want = {"EHLO", "MAIL", "RCPT", "DATA", "QUIT"};
  EXPECT_EQ(sink.commands, want);
  auto rows = must(ts->store().read([&](store::Tx& tx) { return tx.list_reminders_sent(s.clinic_a, s.p1); }));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].email_status, "sent");
  EXPECT_EQ(rows[0].channels, "in_app,email");

  // The same day later: nothing more, and no second connection is attempted.
  now = utc(2026, 3, 30, 9, 0);
  r = loop.tick();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->claimed, 0);
}

// docs/server/messages.md: a message from the clinic left unread for the notice delay brings one e-mail
// saying a message waits (never its text); one read in the app first brings none; a patient's own message
// none.
TEST(Reminders, AnUnreadMessageBringsOneNoticeWithoutItsText) {
  auto ts = TestServer::start("messages_notice");
  const auto& s = ts->seeded();
  // An address without the patient's agreement to e-mails: no notice (the message waits in the app).
  set_email(ts->store(), s.clinic_a, s.p1, "alice.patient@test.example", false);
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  const std::string base = "/api/patients/" + s.p1 + "/messages";
  ASSERT_EQ(physio.request("POST", base, R"({"body":"Before the agreement."})").status, 201);
  SmtpSink sink;
  ReminderLoopOptions o;
  std::atomic<TimeUs> now{server::now_us() + 20 * 60 * kUsPerSecond};
  o.clock = [&now] { return now.load(); };
  o.tz = std::make_shared<rehab::test::FakeTz>();
  o.smtp.host = "127.0.0.1";
  o.smtp.port = sink.port();
  o.smtp.timeout = std::chrono::milliseconds(5000);
  o.mail_from = "clinic@test.example";
  o.public_url = "https://clinic.example";
  ReminderLoop loop(ts->store(), o);
  auto r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->message_notices, 0);
  EXPECT_EQ(r->message_notices_failed, 0);
  auto first = ts->store().read([&](store::Tx& tx) { return store::list_messages(tx, s.clinic_a, s.p1); });
  ASSERT_TRUE(first && first->size() == 1u);
  EXPECT_EQ(first->front().notice_status, "not wanted");

  // With the agreement, a new message from the clinic brings one notice.
  set_email(ts->store(), s.clinic_a, s.p1, "alice.patient@test.example", true);
  ASSERT_EQ(patient.request("POST", base, R"({"body":"a question from me"})").status, 201);
  ASSERT_EQ(physio.request("POST", base, R"({"body":"The secret advice: rest the knee."})").status, 201);
  // Five minutes on: not yet (the patient may read it in the app).
  now = server::now_us() + 5 * 60 * kUsPerSecond;
  r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->message_notices, 0);
  // Twenty minutes on: one notice, to the patient's address, without the message's text.
  now = server::now_us() + 20 * 60 * kUsPerSecond;
  r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->message_notices, 1);
  EXPECT_EQ(r->message_notices_failed, 0);
  EXPECT_EQ(sink.rcpt_to, "<alice.patient@test.example>");
  EXPECT_NE(sink.data.find("Subject: A message from your physiotherapist\r\n"), std::string::npos)
      << sink.data;
  EXPECT_EQ(sink.data.find("secret"), std::string::npos) << sink.data;
  EXPECT_EQ(sink.data.find("rest the knee"), std::string::npos) << sink.data;
  EXPECT_NE(sink.data.find("Sign in: https://clinic.example/patients/" + s.p1 + "#messages\r\n"),
            std::string::npos)
      << sink.data;
  // Never twice (the sink takes one connection; a second send would fail and be counted).
  r = loop.tick();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message_notices, 0);
  EXPECT_EQ(r->message_notices_failed, 0);
  // A message read in the app before the delay brings no e-mail.
  ASSERT_EQ(physio.request("POST", base, R"({"body":"and another"})").status, 201);
  ASSERT_EQ(patient.request("POST", base + "/read", "").status, 200);
  now = server::now_us() + 20 * 60 * kUsPerSecond;
  r = loop.tick();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message_notices, 0);
  EXPECT_EQ(r->message_notices_failed, 0);
}

// docs/server/messages.md, "Pain alerts": a stop-level pain report left unread for the notice delay is
// e-mailed to the clinic's physiotherapists, once, without the patient's name or what they reported; the
// patient gets no e-mail about it.
TEST(Reminders, AStopLevelPainAlertIsEmailedToThePhysiotherapistOnce) {
  auto ts = TestServer::start("pain_alert_notice");
  const auto& s = ts->seeded();
  set_email(ts->store(), s.clinic_a, s.p1, "alice.patient@test.example", true);
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  auto r0 = patient.request("POST", "/api/patients/" + s.p1 + "/exercise-logs",
                            R"({"exercise_id":"mini_squat","reps_per_set":[10],"pain_during_nprs":8})");
  ASSERT_EQ(r0.status, 201) << r0.body;
  // Two connections: the seeded appointment's confirmation goes to the patient first, now that they agreed to
  // e-mails; the second is the pain alert's. A third send (the alert again) would find no sink and be
  // counted.
  SmtpSink sink(2);
  ReminderLoopOptions o;
  std::atomic<TimeUs> now{server::now_us() + 5 * 60 * kUsPerSecond};
  o.clock = [&now] { return now.load(); };
  o.tz = std::make_shared<rehab::test::FakeTz>();
  o.smtp.host = "127.0.0.1";
  o.smtp.port = sink.port();
  o.smtp.timeout = std::chrono::milliseconds(5000);
  o.mail_from = "clinic@test.example";
  ReminderLoop loop(ts->store(), o);
  auto r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->message_notices, 0);  // within the delay: the physiotherapist may read it in the app
  now = server::now_us() + 20 * 60 * kUsPerSecond;
  r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->message_notices, 1);
  EXPECT_EQ(r->message_notices_failed, 0);
  EXPECT_EQ(sink.rcpt_to, "<" + s.user_email.at("physiotherapist") + ">");
  EXPECT_NE(sink.data.find("Subject: Pain alert: a patient was told to stop exercising\r\n"),
            std::string::npos)
      << sink.data;
  EXPECT_EQ(sink.data.find("8/10"), std::string::npos) << sink.data;
  EXPECT_EQ(sink.data.find("Alpha"), std::string::npos) << sink.data;
  auto msgs = ts->store().read([&](store::Tx& tx) { return store::list_messages(tx, s.clinic_a, s.p1); });
  ASSERT_TRUE(msgs && msgs->size() == 1u);
  EXPECT_EQ(msgs->front().notice_status, "sent");
  r = loop.tick();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message_notices, 0);
  EXPECT_EQ(r->message_notices_failed, 0);
}

TEST(Reminders, ARestrictedRecordGetsNoReminderUntilTheRestrictionIsLifted) {
  // docs/server/privacy.md: contacting the patient is processing (GDPR art. 18).
  auto ts = TestServer::start("reminders_restricted");
  const auto& s = ts->seeded();
  set_preference(ts->store(), s.clinic_a, s.p1, "Europe/Lisbon", "08:00", false);
  must(ts->store().write([&](store::Tx& tx) {
    return tx.put_restriction(
        {.clinic_id = s.clinic_a, .patient_id = s.p1, .restricted_by = "u", .reason = "objection"});
  }));
  ReminderLoopOptions o;
  std::atomic<TimeUs> now{utc(2026, 3, 30, 7, 5)};  // 08:05 WEST
  o.clock = [&now] { return now.load(); };
  o.tz = std::make_shared<rehab::test::FakeTz>();
  ReminderLoop loop(ts->store(), o);
  auto r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->restricted, 1);
  EXPECT_EQ(r->claimed, 0);
  must(ts->store().write([&](store::Tx& tx) { return tx.lift_restriction(s.clinic_a, s.p1); }));
  r = loop.tick();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->restricted, 0);
  EXPECT_EQ(r->claimed, 1);
}

TEST(Reminders, AnSmtpServerThatIsDownLeavesTheInAppReminderAndSaysWhy) {
  auto ts = TestServer::start("reminders_smtp_down");
  const auto& s = ts->seeded();
  set_email(ts->store(), s.clinic_a, s.p1, "alice.patient@test.example");
  set_preference(ts->store(), s.clinic_a, s.p1, "UTC", "08:00", true);
  std::uint16_t closed_port = 0;
  {
    SmtpSink gone;  // a port that was just in use and is closed now
    closed_port = gone.port();
    net::MailMessage m{.from = "a@b.example", .to = "c@d.example", .subject = "x", .body = "y"};
    ASSERT_TRUE(net::send_mail({.host = "127.0.0.1", .port = closed_port}, m));
  }
  ReminderLoopOptions o;
  o.clock = [] { return utc(2026, 5, 4, 8, 30); };
  o.tz = std::make_shared<rehab::test::FakeTz>();
  o.smtp.host = "127.0.0.1";
  o.smtp.port = closed_port;
  o.mail_from = "clinic@test.example";
  ReminderLoop loop(ts->store(), o);
  auto r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->claimed, 1);
  EXPECT_EQ(r->email_failed, 1);
  auto rows = must(ts->store().read([&](store::Tx& tx) { return tx.list_reminders_sent(s.clinic_a, s.p1); }));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].email_status.starts_with("failed: ")) << rows[0].email_status;
}

TEST(Reminders, SmtpDataEscapesDotsAndRefusesHeaderInjection) {
  net::MailMessage m{
      .from = "a@b.example", .to = "c@d.example", .subject = "Hi", .body = ".one\n..two\nthree"};
  auto d = net::smtp_data(m);
  ASSERT_TRUE(d);
  EXPECT_NE(d->find("\r\n\r\n..one\r\n...two\r\nthree\r\n.\r\n"), std::string::npos) << *d;
  m.to = "c@d.example>\r\nRCPT TO:<evil@x.example";
  EXPECT_FALSE(net::smtp_data(m));
  m.to = "c@d.example";
  m.subject = "Hi\r\nBcc: evil@x.example";
  EXPECT_FALSE(net::smtp_data(m));
}

// ---- the iCalendar feed ----------------------------------------------------------------------------

/// Structural checks of RFC 5545: CRLF everywhere, lines of at most 75 octets, continuation lines
/// starting with a space, BEGIN/END balanced. Returns the unfolded content lines.
std::vector<std::string> check_ics(const std::string& ics) {
  std::vector<std::string> physical;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    const auto crlf = ics.find("\r\n", pos);
    EXPECT_NE(crlf, std::string::npos) << "the calendar does not end in CRLF";
    if (crlf == std::string::npos) break;
    const std::string l = ics.substr(pos, crlf - pos);
    EXPECT_EQ(l.find('\n'), std::string::npos) << "bare LF in: " << l;
    EXPECT_EQ(l.find('\r'), std::string::npos) << "bare CR in: " << l;
    EXPECT_LE(l.size(), 75u) << "line longer than 75 octets: " << l;
    physical.push_back(l);
    pos = crlf + 2;
  }
  std::vector<std::string> lines;
  for (const auto& l : physical) {
    if (!l.empty() && l[0] == ' ') {
      EXPECT_FALSE(lines.empty());
      if (!lines.empty()) lines.back() += l.substr(1);
    } else {
      lines.push_back(l);
    }
  }
  std::vector<std::string> stack;
  for (const auto& l : lines) {
    if (l.starts_with("BEGIN:")) stack.push_back(l.substr(6));
    if (l.starts_with("END:")) {
      EXPECT_FALSE(stack.empty()) << l;
      if (stack.empty()) continue;
      EXPECT_EQ(stack.back(), l.substr(4));
      stack.pop_back();
    }
  }
  EXPECT_TRUE(stack.empty());
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
  return lines;
}

bool has(const std::vector<std::string>& lines, const std::string& l) {
  return std::find(lines.begin(), lines.end(), l) != lines.end();
}

TEST(Reminders, CalendarHasADailyEventAtTheLocalTimeWithItsZone) {
  rehab::test::FakeTz tz;
  server::ReminderCalendar in;
  in.preference.clinic_id = "c1";
  in.preference.patient_id = "p1";
  in.preference.local_time = "07:45";
  in.preference.time_zone = "America/New_York";
  in.description =
      "Knee program: mini squats, bridges; then the morning pain question, "
      "\"how was the night?\" — answer in the app (ação, 膝).";
  in.now_us = utc(2026, 6, 10, 15, 0);
  auto ics = server::reminder_calendar(in, tz);
  ASSERT_TRUE(ics) << ics.error().to_string();
  const auto lines = check_ics(*ics);
  EXPECT_TRUE(has(lines, "VERSION:2.0"));
  EXPECT_TRUE(has(lines, "DTSTART;TZID=America/New_York:20260610T074500"));
  EXPECT_TRUE(has(lines, "RRULE:FREQ=DAILY"));
  EXPECT_TRUE(has(lines, "TZID:America/New_York"));
  EXPECT_TRUE(has(lines, "DTSTAMP:20260610T150000Z"));
  // The zone's 2026 changes, at local time before each: 02:00 EST -> EDT, 02:00 EDT -> EST.
  EXPECT_TRUE(has(lines, "DTSTART:20260308T020000"));
  EXPECT_TRUE(has(lines, "DTSTART:20261101T020000"));
  EXPECT_TRUE(has(lines, "TZOFFSETFROM:-0500"));
  EXPECT_TRUE(has(lines, "TZOFFSETTO:-0400"));
  // The long description was folded (and unfolds to its escaped text, UTF-8 intact).
  EXPECT_NE(ics->find("\r\n "), std::string::npos);
  EXPECT_TRUE(has(lines,
                  "DESCRIPTION:Knee program: mini squats\\, bridges\\; then the morning pain question\\, "
                  "\"how was the night?\" — answer in the app (ação\\, 膝)."));

  in.preference.enabled = false;
  const auto off = check_ics(server::reminder_calendar(in, tz).value());
  EXPECT_FALSE(has(off, "BEGIN:VEVENT"));
  in.preference.time_zone = "Mars/Olympus";
  EXPECT_FALSE(server::reminder_calendar(in, tz));
}

TEST(Reminders, FoldingNeverSplitsAUtf8Sequence) {
  const std::string line = "DESCRIPTION:" + std::string(62, 'a') + "ção" + std::string(80, 'b');
  const std::string folded = server::ics_fold(line);
  std::size_t pos = 0;
  std::string unfolded;
  while (pos < folded.size()) {
    const auto crlf = folded.find("\r\n", pos);
    std::string piece = folded.substr(pos, crlf - pos);
    EXPECT_LE(piece.size(), 75u);
    // No piece starts with a UTF-8 continuation byte (after the folding space).
    const std::string body = pos == 0 ? piece : piece.substr(1);
    ASSERT_FALSE(body.empty());
    EXPECT_NE(static_cast<unsigned char>(body[0]) & 0xC0, 0x80);
    unfolded += body;
    pos = crlf + 2;
  }
  EXPECT_EQ(unfolded, line);
}

// ---- the routes -----------------------------------------------------------------------------------

TEST(Reminders, PatientSetsTheirReminderReadsTheListAndSubscribesToTheCalendar) {
  auto ts = TestServer::start("reminders_routes");
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  const std::string base = "/api/patients/" + s.p1;

  auto r = patient.get(base + "/reminder-settings");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(patient.json(r)["set"].get<bool>());

  r = patient.request("PUT", base + "/reminder-settings", R"({"local_time":"25:00"})");
  EXPECT_EQ(r.status, 400) << r.body;
  r = patient.request("PUT", base + "/reminder-settings",
                      R"({"local_time":"07:30","time_zone":"Mars/Olympus"})");
  EXPECT_EQ(r.status, 400) << r.body;
  r = patient.request("PUT", base + "/reminder-settings", R"({"local_time":"07:30","email":true})");
  EXPECT_EQ(r.status, 400) << "no address on record: " << r.body;
  r = patient.request("PUT", base + "/reminder-settings",
                      R"({"local_time":"07:30","time_zone":"Europe/Lisbon"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = patient.json(r);
  EXPECT_EQ(j["local_time"], "07:30");
  EXPECT_EQ(j["time_zone"], "Europe/Lisbon");
  EXPECT_TRUE(j["enabled"].get<bool>());
  EXPECT_TRUE(j["next"].is_string());

  // The loop sends today's (a fake clock at 07:40 WEST); the patient's page lists it.
  ReminderLoopOptions o;
  o.clock = [] { return utc(2026, 7, 1, 6, 40); };
  o.tz = std::make_shared<rehab::test::FakeTz>();
  ReminderLoop loop(ts->store(), o);
  ASSERT_EQ(loop.tick().value().claimed, 1);
  r = patient.get(base + "/reminders");
  ASSERT_EQ(r.status, 200) << r.body;
  j = patient.json(r);
  ASSERT_EQ(j["reminders"].size(), 1u);
  EXPECT_EQ(j["reminders"][0]["local_date"], "2026-07-01");
  EXPECT_EQ(j["reminders"][0]["channels"], "in_app");

  r = patient.get(base + "/reminders.ics");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").value_or(""), "text/calendar; charset=utf-8");
  const auto lines = check_ics(r.body);
  EXPECT_TRUE(has(lines, "RRULE:FREQ=DAILY"));
  bool dtstart = false;
  for (const auto& l : lines)
    dtstart |= l.starts_with("DTSTART;TZID=Europe/Lisbon:") && l.ends_with("T073000");
  EXPECT_TRUE(dtstart) << r.body;

  // Staff who record sessions may set it too; front desk may not; the changes are audited.
  Client assistant(ts->port());
  ASSERT_EQ(assistant.login(s.user_email.at("assistant")).status, 200);
  EXPECT_EQ(assistant.request("PUT", base + "/reminder-settings", R"({"local_time":"18:00"})").status, 200);
  Client desk(ts->port());
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  EXPECT_EQ(desk.request("PUT", base + "/reminder-settings", R"({"local_time":"18:00"})").status, 403);
  auto audit = must(ts->store().read([&](store::Tx& tx) {
    return tx.list_audit(s.clinic_a, store::AuditQuery{.patient_id = s.p1, .limit = 1000});
  }));
  int updates = 0;
  for (const auto& e : audit.items)
    updates += e.action == "reminder_settings.update" && e.outcome == "success";
  EXPECT_EQ(updates, 2);
}

// Calendar programs cannot sign in: the patient makes a private address of the feed. It answers without a
// session, is shown once (the settings say only that it exists), a new one replaces the old, removing it
// ends it at once, an unknown token is 404 and guessing is throttled like sign-in; each fetch is audited.
TEST(Reminders, APrivateCalendarAddressServesTheFeedWithoutASession) {
  auto ts = TestServer::start("reminders_calendar_address");
  const auto& s = ts->seeded();
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  const std::string base = "/api/patients/" + s.p1;
  ASSERT_EQ(patient
                .request("PUT", base + "/reminder-settings",
                         R"({"local_time":"07:30","time_zone":"Europe/Lisbon"})")
                .status,
            200);
  EXPECT_TRUE(patient.json(patient.get(base + "/reminder-settings"))["calendar_address"].is_null());
  auto r = patient.request("POST", base + "/calendar-address", "");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string first = patient.json(r)["path"];
  ASSERT_TRUE(first.starts_with("/api/calendar/")) << first;
  EXPECT_TRUE(patient.json(r)["url"].get<std::string>().ends_with(first));
  auto settings = patient.json(patient.get(base + "/reminder-settings"));
  ASSERT_TRUE(settings["calendar_address"].is_object()) << settings.dump();
  EXPECT_EQ(settings.dump().find(first.substr(14)), std::string::npos) << "the token is shown once only";

  Client calendar(ts->port());  // no session: a calendar program
  r = calendar.get(first);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").value_or(""), "text/calendar; charset=utf-8");
  EXPECT_TRUE(has(check_ics(r.body), "RRULE:FREQ=DAILY"));
  EXPECT_EQ(r.header("cache-control").value_or(""), "no-store");

  // A new address replaces the old; removing it ends it.
  r = patient.request("POST", base + "/calendar-address", "");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string second = patient.json(r)["path"];
  EXPECT_NE(second, first);
  EXPECT_EQ(calendar.get(first).status, 404);
  EXPECT_EQ(calendar.get(second).status, 200);
  // Another patient cannot make or remove this patient's address; front desk has no clinical reach.
  Client desk(ts->port());
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  EXPECT_EQ(desk.request("POST", base + "/calendar-address", "").status, 403);
  EXPECT_EQ(patient.request("DELETE", "/api/patients/" + s.p2 + "/calendar-address", "").status, 404);
  EXPECT_EQ(patient.request("DELETE", base + "/calendar-address", "").status, 204);
  EXPECT_EQ(calendar.get(second).status, 404);
  EXPECT_TRUE(patient.json(patient.get(base + "/reminder-settings"))["calendar_address"].is_null());

  // Guessing: unknown tokens count against the address until it is throttled.
  int throttled = 0;
  for (int i = 0; i < 30 && throttled == 0; ++i)
    throttled += calendar.get("/api/calendar/guess" + std::to_string(i)).status == 429;
  EXPECT_EQ(throttled, 1);

  auto audit = must(ts->store().read([&](store::Tx& tx) {
    return tx.list_audit(s.clinic_a, store::AuditQuery{.patient_id = s.p1, .limit = 1000});
  }));
  int created = 0, fetched = 0, removed = 0;
  for (const auto& e : audit.items) {
    if (e.outcome != "success") continue;  // the front desk's refused attempt is there too, as denied
    created += e.action == "calendar_address.create";
    removed += e.action == "calendar_address.delete";
    fetched += e.action == "reminder.calendar" && e.role == "calendar_address";
  }
  EXPECT_EQ(created, 2);
  EXPECT_EQ(removed, 1);
  EXPECT_EQ(fetched, 2);
}

}  // namespace
}  // namespace physio::test

namespace physio::test {
namespace {

TEST(Reminders, AppointmentEmailsGoOncePerChangeAndTheDayBeforeOnlyWithTheAgreement) {
  auto ts = TestServer::start("appointment_notices");
  const auto& s = ts->seeded();
  set_email(ts->store(), s.clinic_a, s.p1, "ann@test.example", true);
  set_email(ts->store(), s.clinic_a, s.p2, "bea@test.example", false);  // an address, no agreement
  auto tick = [&](SmtpSink* sink, TimeUs at) {
    ReminderLoopOptions o;
    o.clock = [at] { return at; };
    o.tz = std::make_shared<rehab::test::FakeTz>();
    o.smtp.host = "127.0.0.1";
    o.smtp.port = sink ? sink->port() : 1;  // port 1: nothing listens, a send would fail and be counted
    o.smtp.timeout = std::chrono::milliseconds(5000);
    o.mail_from = "clinic@test.example";
    o.public_url = "https://clinic.example";
    ReminderLoop loop(ts->store(), o);
    auto r = loop.tick();
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? *r : server::ReminderTick{};
  };
  const std::string appt = s.appointment.at(s.p1);
  // The seeded bookings were just made: Ann's is announced, once; Bea's is not (no agreement).
  {
    SmtpSink sink;
    const auto r = tick(&sink, server::now_us());
    EXPECT_EQ(r.appointment_notices, 1);
    EXPECT_EQ(r.appointment_notices_failed, 0);
    EXPECT_EQ(sink.rcpt_to, "<ann@test.example>");
    EXPECT_NE(sink.data.find("Subject: Your appointment is booked"), std::string::npos) << sink.data;
    EXPECT_NE(sink.data.find("with physiotherapist at Clinic A is booked for Fri 15 Jan 2027 at 08:00"),
              std::string::npos)
        << sink.data;
    // A sign-in link to the patient's appointments, on the public address.
    EXPECT_NE(sink.data.find("Sign in: https://clinic.example/patients/" + s.p1 + "#appointments\r\n"),
              std::string::npos)
        << sink.data;
  }
  EXPECT_EQ(tick(nullptr, server::now_us()).appointment_notices_failed, 0);  // nothing more to send
  auto bea = ts->store().read([&](store::Tx& tx) -> Result<std::string> {
    auto a = PHYSIO_TRY(tx.get_appointment(s.clinic_a, s.appointment.at(s.p2)));
    return store::appointment_notice_status(tx, s.clinic_a, a.id, "change", a.updated_us);
  });
  ASSERT_TRUE(bea);
  EXPECT_EQ(*bea, "not wanted");
  // Moved a day later: one e-mail saying so.
  auto moved = ts->store().write([&](store::Tx& tx) -> Result<clinic::Appointment> {
    auto a = PHYSIO_TRY(tx.get_appointment(s.clinic_a, appt));
    a.start_us += 86'400LL * 1'000'000;
    return tx.update_appointment(a);
  });
  ASSERT_TRUE(moved);
  {
    SmtpSink sink;
    const auto r = tick(&sink, server::now_us());
    EXPECT_EQ(r.appointment_notices, 1);
    EXPECT_NE(sink.data.find("Subject: Your appointment has changed"), std::string::npos) << sink.data;
    EXPECT_NE(sink.data.find("is now on Sat 16 Jan 2027 at 08:00"), std::string::npos) << sink.data;
  }
  // The day before it starts: a reminder, once.
  const TimeUs day_before = moved->start_us - 24LL * 3600 * 1'000'000;
  {
    SmtpSink sink;
    const auto r = tick(&sink, day_before);
    EXPECT_EQ(r.appointment_notices, 1);
    EXPECT_NE(sink.data.find("Subject: Your appointment tomorrow"), std::string::npos) << sink.data;
  }
  EXPECT_EQ(tick(nullptr, day_before).appointment_notices_failed, 0);
  // Cancelled: said so.
  ASSERT_TRUE(ts->store().write([&](store::Tx& tx) -> Result<clinic::Appointment> {
    auto a = PHYSIO_TRY(tx.get_appointment(s.clinic_a, appt));
    a.status = "cancelled";
    a.cancel_reason = "the physiotherapist is ill";
    return tx.update_appointment(a);
  }));
  {
    SmtpSink sink;
    const auto r = tick(&sink, server::now_us());
    EXPECT_EQ(r.appointment_notices, 1);
    EXPECT_NE(sink.data.find("Subject: Your appointment was cancelled"), std::string::npos) << sink.data;
    EXPECT_EQ(sink.data.find("ill"), std::string::npos) << "the reason stays out of the e-mail";
  }
}

// A weekly series over the clinic's closed days: one e-mail naming every booked date and each closed date
// left out with its reason (not one e-mail per visit, and no closed date said to be booked); "cancel the
// rest of the series" is one e-mail too, and the freed time is offered to the waiting list, audited.
TEST(Reminders, ASeriesIsOneEmailNamingEachDateAndItsCancellationOffersTheFreedTime) {
  auto ts = TestServer::start("series_notices");
  const auto& s = ts->seeded();
  set_email(ts->store(), s.clinic_a, s.p1, "ann@test.example", true);
  set_email(ts->store(), s.clinic_a, s.p2, "bea@test.example", true);
  auto tick = [&](SmtpSink& sink) {
    ReminderLoopOptions o;
    o.clock = [] { return server::now_us(); };
    o.tz = std::make_shared<rehab::test::FakeTz>();
    o.smtp.host = "127.0.0.1";
    o.smtp.port = sink.port();
    o.smtp.timeout = std::chrono::milliseconds(5000);
    o.mail_from = "clinic@test.example";
    ReminderLoop loop(ts->store(), o);
    auto r = loop.tick();
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? *r : server::ReminderTick{};
  };
  {
    SmtpSink seeded(8);  // the fixture's own bookings, announced and out of the way
    tick(seeded);
  }
  Client desk(ts->port());
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  const std::string physio = s.user_id.at("physiotherapist");
  auto r = desk.request("PUT", "/api/closures",
                        R"({"days":[{"date":"2027-12-23","reason":"Christmas closure"},)"
                        R"({"date":"2027-12-30","reason":"New Year closure"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(desk.json(r)["days"][0]["weekday"], "Thursday");
  // One visit on a closed day: refused in words.
  r = desk.request(
      "POST", "/api/patients/" + s.p1 + "/appointments",
      R"({"start":"2027-12-23T10:00:00Z","duration_min":30,"practitioner_id":")" + physio + "\"}");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(desk.json(r)["error"], "clinic_closed");
  EXPECT_EQ(desk.json(r)["message"], "the clinic is closed on Thu 23 Dec 2027 (Christmas closure)");
  // Weekly x6 from Thursday 2 December: 4 booked, the two closed Thursdays left out and named.
  r = desk.request("POST", "/api/patients/" + s.p1 + "/appointments",
                   R"({"start":"2027-12-02T09:00:00Z","duration_min":30,"repeat_every_weeks":1,)"
                   R"("repeat_count":6,"practitioner_id":")" +
                       physio + "\"}");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto series = desk.json(r);
  ASSERT_EQ(series["appointments"].size(), 4u);
  ASSERT_EQ(series["skipped"].size(), 2u);
  EXPECT_EQ(series["skipped"][0]["start"], "2027-12-23T09:00:00.000000Z");
  EXPECT_EQ(series["skipped"][0]["reason"], "the clinic is closed (Christmas closure)");
  EXPECT_EQ(series["skipped"][0]["problems"][0]["kind"], "clinic_closed");
  for (const auto& a : series["appointments"]) EXPECT_NE(a["start"], "2027-12-23T09:00:00.000000Z");
  {
    SmtpSink sink(8);
    const auto t = tick(sink);
    EXPECT_EQ(t.appointment_notices, 1) << "one e-mail for the series, not one per visit";
    EXPECT_EQ(t.appointment_notices_failed, 0);
    EXPECT_EQ(sink.messages, 1);
    EXPECT_EQ(sink.rcpt_to, "<ann@test.example>");
    EXPECT_NE(sink.data.find("Subject: Your appointments are booked"), std::string::npos) << sink.data;
    EXPECT_NE(sink.data.find("your 4 weekly appointments with physiotherapist at Clinic A are booked:"),
              std::string::npos)
        << sink.data;
    const auto not_booked = sink.data.find("Not booked:");
    ASSERT_NE(not_booked, std::string::npos) << sink.data;
    for (const char* d : {"  - Thu 2 Dec 2027 09:00-09:30", "  - Thu 9 Dec 2027 09:00-09:30",
                          "  - Thu 16 Dec 2027 09:00-09:30", "  - Thu 6 Jan 2028 09:00-09:30"}) {
      const auto at = sink.data.find(d);
      EXPECT_NE(at, std::string::npos) << d << "\n" << sink.data;
      EXPECT_LT(at, not_booked) << d;
    }
    EXPECT_GT(sink.data.find("  - Thu 23 Dec 2027: the clinic is closed (Christmas closure)"), not_booked);
    EXPECT_NE(sink.data.find("  - Thu 30 Dec 2027: the clinic is closed (New Year closure)"),
              std::string::npos);
    EXPECT_EQ(sink.data.substr(0, not_booked).find("23 Dec"), std::string::npos)
        << "a closed date said booked";
  }
  // Bea waits for any time; the rest of Ann's series is cancelled from the third visit.
  ASSERT_EQ(desk.request("PUT", "/api/patients/" + s.p2 + "/waitlist", R"({"note":"any time"})").status, 200);
  const std::string third = series["appointments"][2]["id"];
  r = desk.request("POST", "/api/appointments/" + third + "/cancel-series", R"({"reason":"moving away"})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(desk.json(r)["cancelled"].size(), 2u);
  EXPECT_TRUE(desk.json(r)["kept"].empty());
  // The first two visits stay booked.
  auto list = desk.json(desk.get("/api/patients/" + s.p1 + "/appointments"));
  int booked = 0;
  for (const auto& a : list) booked += a["series_id"] == series["series_id"] && a["status"] == "booked";
  EXPECT_EQ(booked, 2);
  // A second cancel of the same rest has nothing left.
  EXPECT_EQ(
      desk.request("POST", "/api/appointments/" + third + "/cancel-series", R"({"reason":"again"})").status,
      409);
  auto offers = must(
      ts->store().read([&](store::Tx& tx) { return store::patient_waitlist_offers(tx, s.clinic_a, s.p2); }));
  ASSERT_EQ(offers.size(), 1u) << "one offer per waiting patient";
  EXPECT_EQ(offers[0].start_us, *server::parse_iso_time("2027-12-16T09:00:00Z"));
  auto audit = must(ts->store().read([&](store::Tx& tx) {
    return tx.list_audit(s.clinic_a, store::AuditQuery{.patient_id = s.p2, .limit = 1000});
  }));
  EXPECT_EQ(std::count_if(audit.items.begin(), audit.items.end(),
                          [](const auto& e) { return e.action == "waitlist.offer"; }),
            1);
  {
    SmtpSink sink(8);
    const auto t = tick(sink);
    EXPECT_EQ(t.appointment_notices, 1) << "one e-mail for the cancelled rest of the series";
    EXPECT_EQ(t.waitlist_offers, 1);
    EXPECT_EQ(sink.messages, 2);
    EXPECT_NE(sink.data.find("Subject: Your appointments were cancelled"), std::string::npos) << sink.data;
    EXPECT_NE(sink.data.find("these 2 appointments with physiotherapist at Clinic A were cancelled:"),
              std::string::npos)
        << sink.data;
    EXPECT_NE(sink.data.find("  - Thu 6 Jan 2028 09:00-09:30"), std::string::npos);
    EXPECT_NE(sink.data.find("Subject: An earlier appointment is free"), std::string::npos) << sink.data;
    EXPECT_NE(sink.data.find("a time has become free: Thu 16 Dec 2027 at 09:00 with physiotherapist"),
              std::string::npos)
        << sink.data;
  }
  auto sent = must(
      ts->store().read([&](store::Tx& tx) { return store::patient_waitlist_offers(tx, s.clinic_a, s.p2); }));
  EXPECT_EQ(sent[0].status, "sent");
}

}  // namespace
}  // namespace physio::test
