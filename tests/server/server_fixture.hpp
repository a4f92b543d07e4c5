#pragma once
/// A clinic server running in the test process on a free port, over a fresh store, with two clinics:
/// A (every staff role, patients P1 and P2 with logins) and B (a physiotherapist, patient P3). Each
/// patient has a landmark recording with its job, an appointment, a consent, a home exercise program and a
/// pending progression proposal (on a second program), so every route has an
/// "own", "another patient of the same clinic" and "another clinic" record to aim at.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "core/time.hpp"
#include "jobs/job_runner.hpp"
#include "server/app/app.hpp"
#include "server/net/http.hpp"
#include "server/net/http_client.hpp"
#include "store/store.hpp"

namespace physio::test {

/// The value of `r`; a failed result throws its error (prefixed with `what`), failing the test.
template <typename T>
T must(Result<T> r, const char* what = "") {
  if (!r)
    throw std::runtime_error((*what ? std::string(what) + ": " : std::string()) + r.error().to_string());
  return std::move(*r);
}

inline constexpr const char* kPassword = "correct horse battery";

/// A day, in microseconds.
inline constexpr TimeUs kDayUs = 86'400LL * 1'000'000;

struct Seeded {
  std::string clinic_a, clinic_b;
  std::map<std::string, std::string>
      user_email;  ///< "admin", "physiotherapist", ..., "patient" (P1), "patient2", "b_physio", "b_patient"
  std::map<std::string, std::string> user_id;
  std::string p1, p2, p3;                           ///< patients: P1, P2 in A; P3 in B
  std::map<std::string, std::string> recording;     ///< by patient id
  std::map<std::string, std::string> job;           ///< by patient id
  std::map<std::string, std::string> appointment;   ///< by patient id
  std::map<std::string, std::string> live_session;  ///< by patient id (a finished one)
  std::map<std::string, std::string> program;       ///< by patient id (mini_squat 3x10 at 10 kg, bridge)
  std::map<std::string, std::string> proposal;      ///< by patient id: pending, on a program of its own
  std::map<std::string, std::string> episode;       ///< by patient id: knee OA (M17.11, right) with goals
  std::map<std::string, std::string> observation;   ///< by patient id: postural sway (local code)
  std::map<std::string, std::string> consent;       ///< by patient id: telehealth, given
  std::map<std::string, std::string> audit_seq;     ///< by patient id: one audit event about the patient
  std::map<std::string, std::string> risk_flag;  ///< by patient id: an open no-show flag on the appointment
};

struct ServerOptionsForTest {
  std::string postgres_url;  ///< empty: SQLite
  int job_workers = 0;
  server::TestHooks hooks;
  bool mfa_for_staff = false;
  std::function<void(server::Settings&)> tweak;  ///< changes to the server's settings
  std::chrono::milliseconds idle_poll{100};      ///< how often idle job workers look at the queue
};

class TestServer {
 public:
  static std::unique_ptr<TestServer> start(const std::string& name, ServerOptionsForTest o = {});
  ~TestServer();

  std::uint16_t port() const { return http_->port(); }
  store::Store& store() { return *store_; }
  server::App& app() { return *app_; }
  const Seeded& seeded() const { return seeded_; }
  const std::filesystem::path& data_dir() const { return data_; }
  jobs::JobRunner* runner() { return runner_.get(); }

  /// Inserts a login directly (fast: one password hash shared by all test users).
  std::string add_user(const std::string& clinic_id, clinic::Role role, const std::string& email,
                       std::optional<std::string> patient_id = std::nullopt, bool mfa = false);

 private:
  void seed(bool mfa_for_staff);
  std::filesystem::path data_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<server::App> app_;
  std::unique_ptr<jobs::JobRunner> runner_;
  std::unique_ptr<net::HttpServer> http_;
  Seeded seeded_;
};

/// A signed-in browser: keeps the session cookie and the CSRF token.
class Client {
 public:
  explicit Client(std::uint16_t port) : port_(port) {}
  /// Signs in (no second factor); the response of the login request.
  net::ClientResponse login(const std::string& email, const std::string& password = kPassword,
                            const std::string& totp = "");
  net::ClientResponse request(const std::string& method, const std::string& target,
                              const std::string& body = "",
                              const std::string& content_type = "application/json", bool with_csrf = true,
                              const std::vector<net::Header>& extra_headers = {});
  net::ClientResponse get(const std::string& target) { return request("GET", target); }
  /// Whether the session still holds (GET /api/me answers 200); takes up the CSRF token it names.
  bool still_signed_in();
  nlohmann::json json(const net::ClientResponse& r) const;
  const std::string& cookie() const { return cookie_; }
  const std::string& csrf() const { return csrf_; }

 private:
  std::uint16_t port_;
  std::string cookie_, csrf_;
};

/// Inserts the fixture's two-exercise program (mini squat 3 x 10 at 10 kg, bridge) for a patient;
/// returns its id.
Result<std::string> seed_program_row(store::Tx& tx, const std::string& clinic_id,
                                     const std::string& patient_id, const std::string& by);

/// A landmark file (physio CSV of the synthetic squatting person) for uploads.
std::string squat_landmarks_csv();

/// A shell command's exit status and its stdout + stderr.
struct Run {
  int status = -1;
  std::string out;
};
Run run(const std::string& cmd);

}  // namespace physio::test
