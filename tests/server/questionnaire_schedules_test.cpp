// Scheduled questionnaires end to end: the schedule set through the route, the loop on a fake clock moving
// through five weeks with e-mails into an SMTP sink on loopback (they arrive on the due dates and only
// then, and their links work), two loops on one store (one send per due date), no e-mail without the
// patient's agreement (the link waits on their Today page), nothing for a restricted record, the retry of a
// failed e-mail with a fresh link, and the route's refusals.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <atomic>
#include <cctype>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "rehab/calendar.hpp"
#include "server/background/questionnaire_loop.hpp"
#include "server/background/reminder_loop.hpp"
#include "server/http/http_util.hpp"
#include "server_fixture.hpp"
#include "store/questionnaire_schedules.hpp"

namespace physio::test {
namespace {

using server::QuestionnaireLoop;
using server::QuestionnaireLoopOptions;

/// An SMTP server on loopback that accepts any number of messages, one connection after another.
class QsMailSink {
 public:
  QsMailSink() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 8);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        serve(c);
        ::close(c);
      }
    });
  }
  ~QsMailSink() {
    ::shutdown(fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }
  std::vector<std::string> messages() {
    std::lock_guard l(m_);
    return messages_;
  }

 private:
  void serve(int c) {
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
    std::string l, data;
    while (line(l)) {
      if (l.starts_with("EHLO")) {
        send("250-sink.test\r\n250 8BITMIME\r\n");
      } else if (l == "DATA") {
        send("354 go ahead\r\n");
        while (line(l) && l != ".") data += l + "\r\n";
        {
          std::lock_guard g(m_);
          messages_.push_back(data);
        }
        send("250 queued\r\n");
      } else if (l == "QUIT") {
        send("221 bye\r\n");
        return;
      } else {
        send("250 OK\r\n");
      }
    }
  }
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::mutex m_;
  std::vector<std::string> messages_;
};

void qs_set_email(store::Store& st, const std::string& clinic_id, const std::string& patient_id,
                  const std::string& email, bool email_ok) {
  must(st.write([&](store::Tx& tx) -> Result<clinic::Patient> {
    auto p = PHYSIO_TRY(tx.get_patient(clinic_id, patient_id));
    p.email = email;
    p.email_ok = email_ok;
    p.time_zone = "UTC";
    return tx.update_patient(p);
  }));
}

std::string qs_token_of(const std::string& mail) {
  const auto at = mail.find("/q/");
  if (at == std::string::npos) return {};
  std::string token;
  for (std::size_t k = at + 3; k < mail.size(); ++k) {
    const char c = mail[k];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) break;
    token += c;
  }
  return token.size() >= 20 ? token : std::string();
}

std::string qs_date_header(const std::string& mail) {
  const auto at = mail.find("Date: ");
  return at == std::string::npos ? std::string() : mail.substr(at + 6, mail.find("\r\n", at) - at - 6);
}

constexpr TimeUs kQsHour = 3600 * kUsPerSecond;

TEST(QuestionnaireSchedules, EmailsArriveOnTheDueDatesOnlyWithAWorkingLink) {
  auto ts = TestServer::start("qsched_five_weeks");
  const auto& s = ts->seeded();
  qs_set_email(ts->store(), s.clinic_a, s.p1, "alice.patient@test.example", true);
  Client physio(ts->port());
  physio.login(s.user_email.at("physiotherapist"));
  const TimeUs today = server::now_us() / rehab::kUsPerDay * rehab::kUsPerDay;  // UTC midnight
  const std::string first = rehab::format_date(today / rehab::kUsPerDay + 2);
  auto put = physio.request("PUT", "/api/patients/" + s.p1 + "/questionnaire-schedules",
                            R"({"instrument":"psfs","every_weeks":2,"from_date":")" + first + R"("})");
  ASSERT_EQ(put.status, 201) << put.body;
  auto pj = physio.json(put);
  EXPECT_EQ(pj["next"]["due"], first);
  EXPECT_EQ(pj["words"].get<std::string>().substr(0, 19), "every 2 weeks from ");

  QsMailSink sink;
  std::atomic<TimeUs> now{today};
  QuestionnaireLoopOptions o;
  o.clock = [&now] { return now.load(); };
  o.smtp.host = "127.0.0.1";
  o.smtp.port = sink.port();
  o.mail_from = "clinic@test.example";
  o.public_url = "http://127.0.0.1:" + std::to_string(ts->port());
  // Two servers on one store, each running its loop at every instant.
  QuestionnaireLoop a(ts->store(), o), b(ts->store(), o);
  int claimed = 0, already = 0;
  std::vector<std::pair<TimeUs, std::size_t>> arrivals;  // when, how many mails by then
  for (TimeUs t = today; t < today + 35 * rehab::kUsPerDay; t += kQsHour / 2) {
    now = t;
    const std::size_t before = sink.messages().size();
    for (auto* loop : {&a, &b}) {
      auto r = loop->tick();
      ASSERT_TRUE(r) << r.error().to_string();
      EXPECT_EQ(r->errors, 0);
      claimed += r->claimed;
      already += r->already;
    }
    if (sink.messages().size() != before) arrivals.emplace_back(t, sink.messages().size() - before);
  }
  // Due on day 2, 16 and 30, at 09:00 UTC (the patient's zone; the default sending hour): the first
  // half-hour tick at or after it.
  ASSERT_EQ(arrivals.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(arrivals[i].first, today + (2 + 14 * static_cast<TimeUs>(i)) * rehab::kUsPerDay + 9 * kQsHour);
    EXPECT_EQ(arrivals[i].second, 1u);
  }
  EXPECT_EQ(claimed, 3);
  EXPECT_EQ(already, 0);  // the second loop read the claim before deciding
  const auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 3u);
  EXPECT_NE(mails[0].find("To: <alice.patient@test.example>\r\n"), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("Subject: A short questionnaire from your physiotherapist\r\n"), std::string::npos);
  EXPECT_NE(mails[0].find("Patient-Specific Functional Scale"), std::string::npos) << mails[0];
  EXPECT_EQ(qs_date_header(mails[0]), server::rfc5322_date(arrivals[0].first));

  // Each link opens the form and takes one answer.
  Client anon(ts->port());
  for (const auto& m : mails) {
    const std::string token = qs_token_of(m);
    ASSERT_FALSE(token.empty()) << m;
    auto form = anon.get("/api/q/" + token);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_EQ(anon.json(form)["instrument"]["id"], "psfs");
  }
  auto answer =
      anon.request("POST", "/api/q/" + qs_token_of(mails[2]), R"({"answers":[6,5,null,null,null]})");
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(anon.request("POST", "/api/q/" + qs_token_of(mails[2]), R"({"answers":[6]})").status, 410);

  // The physiotherapist sees three sends, the newest answered.
  auto list = physio.get("/api/patients/" + s.p1 + "/questionnaire-schedules");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto sends = physio.json(list)["schedules"][0]["sends"];
  ASSERT_EQ(sends.size(), 3u);
  EXPECT_EQ(sends[0]["email"], "sent");
  EXPECT_FALSE(sends[0]["answered"].is_null());
  EXPECT_TRUE(sends[1]["answered"].is_null());
  EXPECT_EQ(sends[2]["due"], first);
}

TEST(QuestionnaireSchedules, WithoutAgreementTheLinkWaitsOnTheTodayPageAndRestrictedGetsNothing) {
  auto ts = TestServer::start("qsched_consent");
  const auto& s = ts->seeded();
  qs_set_email(ts->store(), s.clinic_a, s.p1, "alice.patient@test.example", false);  // not agreed
  qs_set_email(ts->store(), s.clinic_a, s.p2, "bob.patient@test.example", true);
  Client physio(ts->port());
  physio.login(s.user_email.at("physiotherapist"));
  for (const auto& p : {s.p1, s.p2})
    ASSERT_EQ(physio
                  .request("PUT", "/api/patients/" + p + "/questionnaire-schedules",
                           R"({"instrument":"koos_jr","every_weeks":1})")
                  .status,
              201);
  // P2's processing is restricted after the schedule was set.
  auto restrict =
      physio.request("POST", "/api/patients/" + s.p2 + "/restriction", R"({"reason":"disputed"})");
  ASSERT_LT(restrict.status, 300) << restrict.body;

  QsMailSink sink;
  QuestionnaireLoopOptions o;
  const TimeUs later = server::now_us() + 2 * rehab::kUsPerDay;
  o.clock = [later] { return later; };
  o.smtp.host = "127.0.0.1";
  o.smtp.port = sink.port();
  o.mail_from = "clinic@test.example";
  QuestionnaireLoop loop(ts->store(), o);
  auto r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->claimed, 1);    // P1 only
  EXPECT_EQ(r->link_only, 1);  // without an e-mail
  EXPECT_EQ(r->emailed, 0);
  EXPECT_TRUE(sink.messages().empty());
  const auto p2_schedules = must(ts->store().read(
      [&](store::Tx& tx) { return store::list_questionnaire_schedules(tx, s.clinic_a, s.p2); }));
  ASSERT_EQ(p2_schedules.size(), 1u);
  EXPECT_TRUE(must(ts->store().read([&](store::Tx& tx) {
                return store::list_questionnaire_sends(tx, s.clinic_a, p2_schedules[0].id);
              })).empty());

  Client patient(ts->port());
  patient.login(s.user_email.at("patient"));
  auto due = patient.get("/api/patients/" + s.p1 + "/questionnaires-due");
  ASSERT_EQ(due.status, 200) << due.body;
  const auto j = patient.json(due);
  ASSERT_EQ(j["waiting"].size(), 1u) << j.dump();
  EXPECT_EQ(j["waiting"][0]["instrument"], "koos_jr");
  EXPECT_EQ(j["waiting"][0]["path"], "/patients/" + s.p1 + "/questionnaires/koos_jr");
  // The patient's own schedule only: another patient's answers 404.
  EXPECT_EQ(patient.get("/api/patients/" + s.p2 + "/questionnaires-due").status, 404);
  auto list = physio.get("/api/patients/" + s.p1 + "/questionnaire-schedules");
  EXPECT_EQ(physio.json(list)["schedules"][0]["sends"][0]["email"], "not wanted");
}

TEST(QuestionnaireSchedules, AFailedEmailIsTriedAgainWithAFreshLink) {
  auto ts = TestServer::start("qsched_retry");
  const auto& s = ts->seeded();
  qs_set_email(ts->store(), s.clinic_a, s.p1, "alice.patient@test.example", true);
  Client physio(ts->port());
  physio.login(s.user_email.at("physiotherapist"));
  ASSERT_EQ(physio
                .request("PUT", "/api/patients/" + s.p1 + "/questionnaire-schedules",
                         R"({"instrument":"psfs","every_weeks":4})")
                .status,
            201);
  std::uint16_t closed_port = 0;
  {
    QsMailSink gone;
    closed_port = gone.port();
  }
  std::atomic<TimeUs> now{server::now_us() / rehab::kUsPerDay * rehab::kUsPerDay + 10 * kQsHour};
  QuestionnaireLoopOptions o;
  o.clock = [&now] { return now.load(); };
  o.smtp.host = "127.0.0.1";
  o.smtp.port = closed_port;
  o.mail_from = "clinic@test.example";
  {
    QuestionnaireLoop loop(ts->store(), o);
    auto r = loop.tick();
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->claimed, 1);
    EXPECT_EQ(r->email_failed, 1);
  }
  QsMailSink sink;
  o.smtp.port = sink.port();
  QuestionnaireLoop loop(ts->store(), o);
  now = now.load() + 10 * 60 * kUsPerSecond;  // too soon
  EXPECT_EQ(loop.tick()->retried, 0);
  now = now.load() + 25 * 60 * kUsPerSecond;
  auto r = loop.tick();
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->retried, 1);
  EXPECT_EQ(r->emailed, 1);
  EXPECT_EQ(r->claimed, 0);
  ASSERT_EQ(sink.messages().size(), 1u);
  Client anon(ts->port());
  EXPECT_EQ(anon.get("/api/q/" + qs_token_of(sink.messages()[0])).status, 200);
  auto list = physio.get("/api/patients/" + s.p1 + "/questionnaire-schedules");
  const auto send = physio.json(list)["schedules"][0]["sends"][0];
  EXPECT_EQ(send["email"], "sent");
  EXPECT_EQ(send["attempts"], 2);
  EXPECT_EQ(loop.tick()->retried, 0);
}

TEST(QuestionnaireSchedules, TheRouteNamesTheFieldItRefusesAndStopsASchedule) {
  auto ts = TestServer::start("qsched_route");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  physio.login(s.user_email.at("physiotherapist"));
  const std::string path = "/api/patients/" + s.p1 + "/questionnaire-schedules";
  auto field_of = [&](const std::string& body) {
    auto r = physio.request("PUT", path, body);
    EXPECT_EQ(r.status, 400) << body << " " << r.body;
    return physio.json(r).value("field", std::string());
  };
  EXPECT_EQ(field_of(R"({"instrument":"psfs","every_weeks":13})"), "/every_weeks");
  EXPECT_EQ(field_of(R"({"instrument":"psfs","every_weeks":0})"), "/at_discharge");
  EXPECT_EQ(field_of(R"({"instrument":"tug","every_weeks":2})"), "/instrument");
  EXPECT_EQ(field_of(R"({"instrument":"psfs","every_weeks":2,"from_date":"2020-01-01"})"), "/from_date");
  EXPECT_EQ(field_of(R"({"instrument":"psfs","every_weeks":2,"from_date":"2026-02-30"})"), "/from_date");

  ASSERT_EQ(
      physio.request("PUT", path, R"({"instrument":"psfs","every_weeks":0,"at_discharge":true})").status,
      201);
  // The same questionnaire again changes the running schedule.
  auto changed = physio.request("PUT", path, R"({"instrument":"psfs","every_weeks":3,"at_discharge":true})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(physio.json(changed)["every_weeks"], 3);
  EXPECT_EQ(physio.json(physio.get(path))["schedules"].size(), 1u);
  EXPECT_EQ(physio.request("DELETE", path).status, 400);
  auto stopped = physio.request("DELETE", path + "?instrument=psfs");
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_EQ(physio.json(stopped)["stopped"], 1);
  const auto after = physio.json(physio.get(path))["schedules"][0];
  EXPECT_FALSE(after["running"].get<bool>());
  EXPECT_TRUE(after["next"].is_null());
}

}  // namespace
}  // namespace physio::test
