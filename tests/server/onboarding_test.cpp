// Onboarding from the pages (docs/server/api.md, "Invitations and password reset"): a patient invited from
// the record and a physiotherapist from the Staff page set their password from the e-mailed link (once;
// a second use and an expired link answer 410 with words), the links start with the public-url setting,
// a forgotten-password request answers the same for an address nobody uses, is limited per address and per
// client address, and ends the account's sessions; staff enrol their second factor from a QR code and
// sign in once with each recovery code. E-mails go to an SMTP sink on loopback.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "core/wall_clock.hpp"
#include "security/totp.hpp"
#include "server/http/http_util.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

/// An SMTP server on loopback that keeps every message's DATA.
class Sink {
 public:
  Sink() {
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
  ~Sink() {
    ::shutdown(fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }
  std::vector<std::string> messages() {
    std::lock_guard l(m_);
    return messages_;
  }
  /// Waits (up to 10 s) until `n` messages arrived; all of them.
  std::vector<std::string> wait_for(std::size_t n) {
    for (int i = 0; i < 1000 && messages().size() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return messages();
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
      if (l == "DATA") {
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

constexpr const char* kPublicUrl = "https://clinic.example";

std::unique_ptr<TestServer> start(const std::string& name, Sink* sink, bool mfa = false) {
  ServerOptionsForTest o;
  o.mfa_for_staff = mfa;
  o.tweak = [sink](server::Settings& s) {
    if (sink) {
      s.smtp_host = "127.0.0.1";
      s.smtp_port = sink->port();
    }
    s.public_url = kPublicUrl;
  };
  return TestServer::start(name, o);
}

/// The set-password link's token in an e-mail ("" when none), and checks the link's address.
std::string token_of(const std::string& mail) {
  const std::string prefix = std::string(kPublicUrl) + "/set-password/";
  const auto at = mail.find(prefix);
  if (at == std::string::npos) return {};
  std::string token;
  for (std::size_t k = at + prefix.size(); k < mail.size(); ++k) {
    const char c = mail[k];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) break;
    token += c;
  }
  return token;
}

std::string fresh_patient(TestServer& ts, const std::string& email, bool email_ok) {
  auto p = must(ts.store().write([&](store::Tx& tx) {
    return tx.create_patient({.clinic_id = ts.seeded().clinic_a,
                              .given_name = "Ana",
                              .family_name = "Invited",
                              .birth_date = "1985-03-04",
                              .email = email,
                              .email_ok = email_ok});
  }));
  return p.id;
}

net::ClientResponse post_public(TestServer& ts, const std::string& path, const nlohmann::json& body) {
  auto r = net::http_request("127.0.0.1", ts.port(), "POST", path, {{"content-type", "application/json"}},
                             body.dump());
  if (!r) throw std::runtime_error(r.error().to_string());
  return *r;
}

std::string cookie_of(const net::ClientResponse& r) {
  for (const auto& h : r.headers)
    if (h.name == "set-cookie") return h.value.substr(0, h.value.find(';'));
  return {};
}

int audit_count(TestServer& ts, const std::string& action, const std::string& outcome = "success") {
  auto rs = must(ts.store().read([&](store::Tx& tx) {
    return tx.connection().query("SELECT COUNT(*) FROM audit_events WHERE action = ? AND outcome = ?",
                                 {action, outcome});
  }));
  return static_cast<int>(rs.rows.front().i64(0));
}

TEST(Onboarding, APatientInvitedFromTheRecordSetsAPasswordOnceAndIsSignedIn) {
  Sink sink;
  auto ts = start("onboarding_patient", &sink);
  Client desk(ts->port());
  ASSERT_EQ(desk.login(ts->seeded().user_email.at("front_desk")).status, 200);

  // Refused in words without an address or without the patient's agreement to e-mails.
  const std::string no_address = fresh_patient(*ts, "", false);
  auto r = desk.request("POST", "/api/patients/" + no_address + "/invite");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("no e-mail address"), std::string::npos) << r.body;
  const std::string no_consent = fresh_patient(*ts, "no.consent@example.org", false);
  r = desk.request("POST", "/api/patients/" + no_consent + "/invite");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("not agreed to e-mails"), std::string::npos) << r.body;
  EXPECT_TRUE(sink.messages().empty());

  const std::string pid = fresh_patient(*ts, "Ana.Invited@example.org", true);
  r = desk.request("POST", "/api/patients/" + pid + "/invite");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(desk.json(r)["user"]["patient_id"], pid);
  EXPECT_NE(desk.json(r)["status"].get<std::string>().find("72 hours"), std::string::npos);
  const auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("To: <ana.invited@example.org>"), std::string::npos) << mails[0];
  const std::string token = token_of(mails[0]);
  ASSERT_GE(token.size(), 40u) << mails[0];
  EXPECT_EQ(audit_count(*ts, "patient.invite"), 1);

  // The password rules the server has; an unknown token is 404.
  EXPECT_EQ(post_public(*ts, "/api/password/set", {{"token", token}, {"password", "short"}}).status, 400);
  EXPECT_EQ(
      post_public(*ts, "/api/password/set", {{"token", "x" + token}, {"password", "a long new password"}})
          .status,
      404);
  auto set = post_public(*ts, "/api/password/set", {{"token", token}, {"password", "a long new password"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_TRUE(nlohmann::json::parse(set.body)["signed_in"].get<bool>());
  const std::string cookie = cookie_of(set);
  ASSERT_FALSE(cookie.empty());
  auto me = net::http_request("127.0.0.1", ts->port(), "GET", "/api/me", {{"cookie", cookie}});
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(nlohmann::json::parse(me->body)["user"]["patient_id"], pid);
  EXPECT_EQ(audit_count(*ts, "user.password_set"), 1);

  // Once only: the second use is 410 with words, and audited as refused.
  auto again =
      post_public(*ts, "/api/password/set", {{"token", token}, {"password", "another long password"}});
  EXPECT_EQ(again.status, 410);
  EXPECT_NE(again.body.find("used or has expired"), std::string::npos) << again.body;
  EXPECT_EQ(audit_count(*ts, "user.password_set", "denied"), 1);
  Client patient(ts->port());
  const auto signed_in = patient.login("ana.invited@example.org", "a long new password");
  EXPECT_EQ(signed_in.status, 200) << signed_in.body;
  EXPECT_EQ(patient.login("ana.invited@example.org", "another long password").status, 401);

  // Invited again: the same login, a new link; the older link is closed.
  r = desk.request("POST", "/api/patients/" + pid + "/invite");
  ASSERT_EQ(r.status, 201) << r.body;
  r = desk.request("POST", "/api/patients/" + pid + "/invite");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto more = sink.wait_for(3);
  ASSERT_EQ(more.size(), 3u);
  EXPECT_EQ(
      post_public(*ts, "/api/password/set", {{"token", token_of(more[1])}, {"password", "a third password!"}})
          .status,
      410);
  EXPECT_EQ(
      post_public(*ts, "/api/password/set", {{"token", token_of(more[2])}, {"password", "a third password!"}})
          .status,
      200);
  // Setting a password ends the account's sessions: the patient signs in again with the new one.
  EXPECT_EQ(patient.request("GET", "/api/me").status, 401);
  ASSERT_EQ(patient.login("ana.invited@example.org", "a third password!").status, 200);
  // A patient cannot invite anyone; another clinic's patient is not found.
  EXPECT_EQ(patient.request("POST", "/api/patients/" + pid + "/invite").status, 403);
  EXPECT_EQ(desk.request("POST", "/api/patients/" + ts->seeded().p3 + "/invite").status, 404);
}

TEST(Onboarding, AnInvitationLinkExpiresOnTheTestClock) {
  wall_clock::enable_test_mode();
  Sink sink;
  auto ts = start("onboarding_expiry", &sink);
  Client desk(ts->port());
  ASSERT_EQ(desk.login(ts->seeded().user_email.at("front_desk")).status, 200);
  const std::string pid = fresh_patient(*ts, "late@example.org", true);
  ASSERT_EQ(desk.request("POST", "/api/patients/" + pid + "/invite").status, 201);
  const std::string token = token_of(sink.wait_for(1).at(0));
  ASSERT_FALSE(token.empty());
  ASSERT_TRUE(wall_clock::advance(71LL * 3600 * kUsPerSecond));
  // Still open after 71 hours (one more invitation shows it: a fresh link for another patient works).
  const std::string other = fresh_patient(*ts, "other@example.org", true);
  Client desk2(ts->port());
  ASSERT_EQ(desk2.login(ts->seeded().user_email.at("front_desk")).status, 200);
  ASSERT_EQ(desk2.request("POST", "/api/patients/" + other + "/invite").status, 201);
  const std::string other_token = token_of(sink.wait_for(2).at(1));
  ASSERT_TRUE(wall_clock::advance(2LL * 3600 * kUsPerSecond));  // 73 hours after the first
  auto late = post_public(*ts, "/api/password/set", {{"token", token}, {"password", "a long new password"}});
  EXPECT_EQ(late.status, 410);
  EXPECT_NE(late.body.find("expired"), std::string::npos);
  EXPECT_EQ(
      post_public(*ts, "/api/password/set", {{"token", other_token}, {"password", "a long new password"}})
          .status,
      200);
}

TEST(Onboarding, AForgottenPasswordAnswersTheSameForUnknownAddressesAndEndsSessions) {
  Sink sink;
  auto ts = start("onboarding_forgot", &sink);
  const std::string email = ts->seeded().user_email.at("patient");
  Client before(ts->port());
  ASSERT_EQ(before.login(email).status, 200);
  ASSERT_EQ(before.get("/api/me").status, 200);

  std::vector<double> known_ms, unknown_ms;
  std::string known_body, unknown_body;
  for (int i = 0; i < 4; ++i) {
    for (bool known : {true, false}) {
      const auto t0 = std::chrono::steady_clock::now();
      auto r = post_public(*ts, "/api/password/forgot",
                           {{"email", known ? email : "nobody" + std::to_string(i) + "@example.org"}});
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      EXPECT_EQ(r.status, 202) << r.body;
      (known ? known_ms : unknown_ms).push_back(ms);
      (known ? known_body : unknown_body) = r.body;
    }
  }
  // The same words, and about the same time (the e-mail goes beside the answer).
  EXPECT_EQ(known_body, unknown_body);
  std::sort(known_ms.begin(), known_ms.end());
  std::sort(unknown_ms.begin(), unknown_ms.end());
  std::printf("forgot password: median %.1f ms for an account, %.1f ms for no account\n", known_ms[2],
              unknown_ms[2]);
  EXPECT_LT(std::abs(known_ms[2] - unknown_ms[2]), 50.0);
  // Mail for the account only: four requests, four links; only the last one works.
  const auto mails = sink.wait_for(4);
  ASSERT_EQ(mails.size(), 4u);
  for (const auto& m : mails) EXPECT_NE(m.find("To: <" + email + ">"), std::string::npos);
  EXPECT_EQ(
      post_public(*ts, "/api/password/set", {{"token", token_of(mails[0])}, {"password", "a reset password"}})
          .status,
      410);
  auto set = post_public(*ts, "/api/password/set",
                         {{"token", token_of(mails[3])}, {"password", "a reset password"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(audit_count(*ts, "user.password_reset_request"), 4);
  // The reset ended the session signed in before it.
  EXPECT_EQ(before.get("/api/me").status, 401);
  Client after(ts->port());
  EXPECT_EQ(after.login(email, "a reset password").status, 200);
  EXPECT_EQ(after.login(email).status, 401);
}

TEST(Onboarding, ForgotPasswordIsLimitedPerAddressAndPerClient) {
  Sink sink;
  auto ts = start("onboarding_forgot_limit", &sink);
  // Per address (login-max-failures, 5): the sixth request for one address is refused, whoever asks.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(post_public(*ts, "/api/password/forgot", {{"email", "someone@example.org"}}).status, 202) << i;
  auto sixth = post_public(*ts, "/api/password/forgot", {{"email", "SOMEONE@example.org"}});
  EXPECT_EQ(sixth.status, 429);
  EXPECT_NE(sixth.body.find("this address"), std::string::npos) << sixth.body;
  // Per client address (the sign-in's bucket of 10): other addresses from here, then refused.
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(post_public(*ts, "/api/password/forgot", {{"email", "x" + std::to_string(i) + "@example.org"}})
                  .status,
              202)
        << i;
  auto eleventh = post_public(*ts, "/api/password/forgot", {{"email", "fresh@example.org"}});
  EXPECT_EQ(eleventh.status, 429);
  EXPECT_NE(eleventh.body.find("too many attempts"), std::string::npos) << eleventh.body;
}

TEST(Onboarding, AnInvitedPhysiotherapistEnrolsFromAQrCodeAndUsesEachRecoveryCodeOnce) {
  Sink sink;
  auto ts = start("onboarding_staff", &sink, true);
  Client admin(ts->port());
  // The fixture's staff have a second factor to set up; the administrator signs in with theirs.
  auto first = admin.login(ts->seeded().user_email.at("admin"));
  ASSERT_EQ(first.status, 401);
  const auto enrol = nlohmann::json::parse(first.body);
  ASSERT_EQ(enrol["error"], "totp_enrollment_required");
  EXPECT_TRUE(enrol["otpauth_qr"].get<std::string>().starts_with("data:image/svg+xml;base64,"));
  const std::string admin_key = *security::base32_decode(enrol["totp_secret"].get<std::string>());
  auto signed_in = admin.login(ts->seeded().user_email.at("admin"), kPassword,
                               security::totp(admin_key, server::now_us() / kUsPerSecond));
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  EXPECT_EQ(admin.json(signed_in)["recovery_codes"].size(), 10u);

  auto r =
      admin.request("POST", "/api/staff/invite",
                    R"({"email":"new.physio@example.org","role":"physiotherapist","display_name":"Nia"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(admin
                .request("POST", "/api/staff/invite",
                         R"({"email":"new.physio@example.org","role":"physiotherapist"})")
                .status,
            409);
  EXPECT_EQ(audit_count(*ts, "user.invite"), 1);
  const auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("authenticator app"), std::string::npos);
  auto set = post_public(*ts, "/api/password/set",
                         {{"token", token_of(mails[0])}, {"password", "physio password 1"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_FALSE(
      nlohmann::json::parse(set.body)["signed_in"].get<bool>());  // staff sign in with a second factor
  EXPECT_TRUE(cookie_of(set).empty());

  Client physio(ts->port());
  auto e = physio.login("new.physio@example.org", "physio password 1");
  ASSERT_EQ(e.status, 401);
  const auto ej = nlohmann::json::parse(e.body);
  ASSERT_TRUE(ej.contains("otpauth_qr"));
  const std::string key = *security::base32_decode(ej["totp_secret"].get<std::string>());
  auto ok = physio.login("new.physio@example.org", "physio password 1",
                         security::totp(key, server::now_us() / kUsPerSecond));
  ASSERT_EQ(ok.status, 200) << ok.body;
  const auto codes = physio.json(ok)["recovery_codes"].get<std::vector<std::string>>();
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  EXPECT_EQ(physio.json(physio.get("/api/me/recovery-codes"))["left"], 10);

  auto with_code = [&](const std::string& code) {
    return post_public(
        *ts, "/api/login",
        {{"email", "new.physio@example.org"}, {"password", "physio password 1"}, {"recovery_code", code}});
  };
  auto once = with_code(codes[0]);
  ASSERT_EQ(once.status, 200) << once.body;
  EXPECT_EQ(nlohmann::json::parse(once.body)["recovery_codes_left"], 9);
  auto twice = with_code(codes[0]);
  EXPECT_EQ(twice.status, 401);
  EXPECT_NE(twice.body.find("already used"), std::string::npos);
  // Typed in capitals without the hyphen, a code still works (once).
  std::string typed;
  for (char c : codes[1])
    if (c != '-') typed += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(with_code(typed).status, 200);
  EXPECT_EQ(physio.json(physio.get("/api/me/recovery-codes"))["left"], 8);

  // A new set: the old codes stop working.
  auto fresh = physio.request("POST", "/api/me/recovery-codes");
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(physio.json(fresh)["recovery_codes"].size(), 10u);
  EXPECT_EQ(with_code(codes[2]).status, 401);
  EXPECT_EQ(with_code(physio.json(fresh)["recovery_codes"][0].get<std::string>()).status, 200);
  EXPECT_EQ(audit_count(*ts, "user.recovery_codes"), 1);
}

TEST(Onboarding, NoInvitationWithoutEmailOnTheServer) {
  auto ts = start("onboarding_no_mail", nullptr);
  Client desk(ts->port());
  ASSERT_EQ(desk.login(ts->seeded().user_email.at("front_desk")).status, 200);
  const std::string pid = fresh_patient(*ts, "ana@example.org", true);
  auto r = desk.request("POST", "/api/patients/" + pid + "/invite");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("smtp-host"), std::string::npos) << r.body;
  // The forgotten-password answer stays the same.
  EXPECT_EQ(
      post_public(*ts, "/api/password/forgot", {{"email", ts->seeded().user_email.at("patient")}}).status,
      202);
}

}  // namespace
}  // namespace physio::test
