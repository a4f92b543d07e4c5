// Scale-out: two `physio serve` processes on one PostgreSQL database (the throwaway cluster of
// tests/store/pg_cluster.hpp) behind haproxy (roundrobin, health checks on /readyz), each with one job
// worker. Checked through haproxy and on each server directly:
//   - a patient written through server A is read through server B, and a PATCH through B is read through A;
//   - the session cookie of a login through A works on B, and a login through haproxy works on both
//     (haproxy names the server in X-Physio-Backend);
//   - 20 uploads through haproxy, analysed while both workers run: every recording has one `done` job, one
//     set of observations and one analysis audit event, and both servers' workers took jobs from the queue;
//   - server A killed with SIGKILL while its worker holds a job: B claims that job only after its lease
//     expired (--job-lease-seconds 10) and finishes it once; haproxy keeps answering through B.
// Both servers use one --data directory: with --postgres the records are in the database, but uploaded
// files and reports are still kept under --data/files, so servers sharing a queue must share that folder
// (shared storage in a real deployment).
// Skips, naming what is missing, without haproxy or PostgreSQL's server binaries.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "server_system/system_support.hpp"
#include "store/pg_cluster.hpp"
#include "store/postgres/pg_connection.hpp"

namespace physio::systest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kScaleOutPassword = "correct horse battery";
constexpr const char* kScaleOutEmail = "physio@scale-out.example";

std::string haproxy_exe() {
  const char* e = std::getenv("PHYSIO_HAPROXY");
  return e != nullptr && *e != '\0' ? e : "/usr/sbin/haproxy";
}

std::string hostname() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return host;
}

// Ids are random hex (security::random_id) and lease owners host:pid; nothing here needs quoting.
std::string sql_text(const std::string& id) {
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != ':' && c != '.')
      throw std::runtime_error("odd id " + id);
  return "'" + id + "'";
}

std::string in_list(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + sql_text(id);
  return "(" + out + ")";
}

class ScaleOut : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);
    if (!fs::exists(haproxy_exe()))
      GTEST_SKIP() << "haproxy not found at " << haproxy_exe()
                   << " (scripts/install-deps.sh installs the Debian package; PHYSIO_HAPROXY names another)";
    std::string why;
    cluster_ = store::testing::PgCluster::get(why);
    if (cluster_ == nullptr) GTEST_SKIP() << why;
    url_ = cluster_->create_database();
    ASSERT_FALSE(url_.empty());
    auto c = store::postgres::PgConnection::open(url_, 10);
    ASSERT_TRUE(c) << c.error().to_string();
    pg_ = std::move(*c);
    dir_ = test::scratch_dir("scale_out");
    data_ = dir_ / "shared-data";
  }

  std::vector<std::vector<std::string>> pg(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    auto rs = pg_->query(sql);
    if (!rs) {
      ADD_FAILURE() << sql << ": " << rs.error().to_string();
      return out;
    }
    for (const auto& row : rs->rows) {
      std::vector<std::string> cells;
      for (std::size_t i = 0; i < row.size(); ++i) cells.push_back(row.text(i));
      out.push_back(std::move(cells));
    }
    return out;
  }

  std::unique_ptr<Server> start_server(const std::string& name) {
    std::string why;
    auto s = Server::start({"--postgres", url_, "--data", data_.string(), "--job-workers", "1",
                            "--job-lease-seconds", "10", "--secure-cookies", "false",
                            // Behind haproxy every peer is 127.0.0.1: the client's address (login throttle,
                            // audit trail) comes from X-Forwarded-For, as in a real deployment.
                            "--trust-forwarded-for", "true"},
                           dir_ / (name + ".log"), why);
    if (!s) ADD_FAILURE() << "server " << name << ": " << why;
    return s;
  }

  // haproxy on a free loopback port in front of both servers; nullptr (with a failure) when it does not come
  // up.
  std::unique_ptr<Child> start_haproxy(std::uint16_t a, std::uint16_t b, std::uint16_t& port) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      port = free_loopback_port();
      const fs::path cfg = dir_ / "haproxy.cfg";
      std::ofstream(cfg) << fmt::format(R"(global
    maxconn 256

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 2
    option redispatch 1
    option forwardfor

frontend physio
    bind 127.0.0.1:{}
    default_backend servers

backend servers
    balance roundrobin
    option httpchk GET /readyz
    http-response set-header X-Physio-Backend %s
    server a 127.0.0.1:{} check inter 300ms fall 2 rise 1
    server b 127.0.0.1:{} check inter 300ms fall 2 rise 1
)",
                                        port, a, b);
      auto child = Child::spawn({haproxy_exe(), "-f", cfg.string(), "-db"}, dir_ / "haproxy.log");
      if (!child) continue;
      const auto end = Clock::now() + std::chrono::seconds(15);
      while (Clock::now() < end && child->running()) {
        auto r = net::http_request("127.0.0.1", port, "GET", "/readyz", {}, {}, std::chrono::seconds(2));
        if (r && r->status == 200) return child;
        std::this_thread::sleep_for(milliseconds(100));
      }
      std::fprintf(stderr, "haproxy did not come up on port %u:\n%s\n", port, child->log_tail().c_str());
    }
    ADD_FAILURE() << "haproxy did not start";
    return nullptr;
  }

  // Waits until every job is done or failed; the final job JSON by id.
  std::map<std::string, nlohmann::json> wait_jobs(Api& api, const std::vector<std::string>& jobs,
                                                  std::chrono::seconds limit, int& non_200) {
    std::map<std::string, nlohmann::json> out;
    const auto end = Clock::now() + limit;
    while (out.size() < jobs.size() && Clock::now() < end) {
      for (const auto& id : jobs) {
        if (out.count(id)) continue;
        auto r = api.get("/api/jobs/" + id);
        if (!r || r->status != 200) {
          ++non_200;
          continue;
        }
        auto j = json_of(*r);
        if (j["state"] == "done" || j["state"] == "failed") out[id] = j;
      }
      std::this_thread::sleep_for(milliseconds(200));
    }
    return out;
  }

  store::testing::PgCluster* cluster_ = nullptr;
  std::string url_;
  std::unique_ptr<store::postgres::PgConnection> pg_;
  fs::path dir_, data_;
};

TEST_F(ScaleOut, TwoServersBehindHaproxyShareOnePostgres) {
  arm_watchdog(std::chrono::seconds(240), "ScaleOut test");
  const auto t0 = Clock::now();
  const auto clinic = run({physio_exe(), "admin", "--postgres", url_, "create-clinic", "Scale-out Clinic"});
  ASSERT_EQ(clinic.exit_code, 0) << clinic.err;
  const auto user =
      run({physio_exe(), "admin", "--postgres", url_, "create-user", "--clinic", last_line(clinic.out),
           "--role", "physiotherapist", "--email", kScaleOutEmail, "--no-mfa"},
          std::string(kScaleOutPassword) + "\n");
  ASSERT_EQ(user.exit_code, 0) << user.err;

  auto server_a = start_server("a");
  auto server_b = start_server("b");
  ASSERT_TRUE(server_a && server_b);
  const std::string owner_a = fmt::format("{}:{}", hostname(), server_a->process().pid());
  const std::string owner_b = fmt::format("{}:{}", hostname(), server_b->process().pid());
  std::uint16_t proxy_port = 0;
  auto haproxy = start_haproxy(server_a->port(), server_b->port(), proxy_port);
  ASSERT_TRUE(haproxy);

  // ---- one record, one session, two servers ----
  Api a(server_a->port()), b(server_b->port());
  {
    auto r = a.login(kScaleOutEmail, kScaleOutPassword);
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : r.error().to_string());
  }
  b.share_session_of(a);
  std::string patient;
  {
    auto r = a.request("POST", "/api/patients",
                       R"({"given_name":"Ada","family_name":"Across","birth_date":"1961-03-04"})");
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : r.error().to_string());
    patient = json_of(*r)["id"].get<std::string>();
    auto got = b.get("/api/patients/" + patient);
    ASSERT_TRUE(got) << got.error().to_string();
    ASSERT_EQ(got->status, 200) << "the session of a login through A does not work on B: " << got->body;
    EXPECT_EQ(json_of(*got)["family_name"], "Across");
    auto patched = b.request("PATCH", "/api/patients/" + patient, R"({"phone":"+1 555 0100"})");
    ASSERT_TRUE(patched && patched->status == 200) << (patched ? patched->body : patched.error().to_string());
    auto again = a.get("/api/patients/" + patient);
    ASSERT_TRUE(again && again->status == 200);
    EXPECT_EQ(json_of(*again)["phone"], "+1 555 0100");
    EXPECT_EQ(json_of(*again)["version"], json_of(*patched)["version"]);
  }

  // ---- through haproxy: a login there is good on both servers ----
  Api proxy(proxy_port);
  {
    auto r = proxy.login(kScaleOutEmail, kScaleOutPassword);
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : r.error().to_string());
    std::set<std::string> backends;
    for (int i = 0; i < 6; ++i) {
      auto got = proxy.get("/api/patients/" + patient);
      ASSERT_TRUE(got) << got.error().to_string();
      EXPECT_EQ(got->status, 200) << got->body;
      if (auto h = got->header("x-physio-backend")) backends.insert(std::string(*h));
    }
    EXPECT_EQ(backends, (std::set<std::string>{"a", "b"})) << "roundrobin should have used both servers";
  }

  // ---- 20 uploads through haproxy while both workers run: each analysed once ----
  const std::string csv = squat_csv(3);
  std::vector<std::string> jobs, recordings;
  std::map<std::string, int> upload_backends;
  for (int i = 0; i < 20; ++i) {
    auto r = proxy.request(
        "POST", "/api/patients/" + patient + "/recordings?kind=landmarks&exercise=deep_squat&name=x.csv", csv,
        "text/csv");
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->status, 202) << r->body;
    auto j = json_of(*r);
    jobs.push_back(j["job_id"].get<std::string>());
    recordings.push_back(j["recording_id"].get<std::string>());
    if (auto h = r->header("x-physio-backend")) ++upload_backends[std::string(*h)];
  }
  int non_200 = 0;
  auto finished = wait_jobs(proxy, jobs, std::chrono::seconds(150), non_200);
  ASSERT_EQ(finished.size(), jobs.size()) << "analyses unfinished; server logs end:\nA:\n"
                                          << server_a->process().log_tail() << "\nB:\n"
                                          << server_b->process().log_tail();
  EXPECT_EQ(non_200, 0);
  int rerun = 0;
  for (const auto& [id, j] : finished) {
    EXPECT_EQ(j["state"], "done") << j.dump();
    if (j["attempts"].get<int>() != 1) ++rerun;
  }
  std::vector<std::string> reference;
  {
    auto obs = proxy.get("/api/patients/" + patient + "/observations");
    ASSERT_TRUE(obs && obs->status == 200);
    const auto oj = json_of(*obs);
    reference = observation_keys(oj, recordings.front());
    EXPECT_FALSE(reference.empty());
    for (const auto& rec : recordings)
      EXPECT_EQ(observation_keys(oj, rec), reference)
          << "recording " << rec << ": not exactly one set of observations";
  }
  std::map<std::string, int> ran_by;
  for (auto& r :
       pg("SELECT lease_owner, count(*) FROM jobs WHERE id IN " + in_list(jobs) + " GROUP BY lease_owner"))
    ran_by[r[0]] = std::atoi(r[1].c_str());
  for (auto& r :
       pg("SELECT record_id, count(*) FROM audit_events WHERE action = 'recording.analyse' AND outcome <> "
          "'failure' AND record_id IN " +
          in_list(recordings) + " GROUP BY record_id"))
    EXPECT_EQ(r[1], "1") << "recording " << r[0] << " analysed " << r[1] << " times";
  EXPECT_EQ(
      pg("SELECT DISTINCT record_id FROM audit_events WHERE action = 'recording.analyse' AND record_id IN " +
         in_list(recordings))
          .size(),
      recordings.size());
  std::printf(
      "scale-out: uploads answered by a=%d b=%d; jobs run by A=%d B=%d; %d of 20 needed more than one "
      "attempt\n",
      upload_backends["a"], upload_backends["b"], ran_by[owner_a], ran_by[owner_b], rerun);
  std::fflush(stdout);
  EXPECT_EQ(ran_by[owner_a] + ran_by[owner_b], 20) << "jobs run by someone else?";
  EXPECT_GT(ran_by[owner_a], 0) << "server A's worker took no job from the shared queue";
  EXPECT_GT(ran_by[owner_b], 0) << "server B's worker took no job from the shared queue";

  // ---- kill -9 server A while its worker holds a job: B finishes it after the lease expires ----
  // Longer recordings, uploaded to A while the test watches the queue from the first byte on, so the kill
  // lands while A's worker holds one. When A finishes first (a busy machine), it is started again and the
  // next round tries once more.
  const std::string long_csv = squat_csv(40);
  std::vector<std::string> long_jobs, long_recordings;
  std::string caught_job;
  std::int64_t caught_attempts = 0, caught_lease_until = 0;
  Clock::time_point killed_at;
  for (int round = 0; round < 5 && caught_job.empty(); ++round) {
    if (!server_a) {
      std::printf("scale-out: A finished its job before the kill landed; starting A again (round %d)\n",
                  round + 1);
      server_a = start_server("a");
      ASSERT_TRUE(server_a);
      a.set_port(server_a->port());
    }
    const std::string owner = fmt::format("{}:{}", hostname(), server_a->process().pid());
    std::mutex mu;
    std::vector<std::string> round_jobs;
    std::atomic<bool> uploads_done{false}, killed{false};
    std::string upload_problem;
    std::thread uploads([&] {
      for (int i = 0; i < 3 && !killed; ++i) {
        auto r = a.request(
            "POST",
            "/api/patients/" + patient + "/recordings?kind=landmarks&exercise=deep_squat&name=long.csv",
            long_csv, "text/csv");
        std::lock_guard lk(mu);
        if (!r || r->status != 202) {
          if (!killed) upload_problem = r ? r->body : r.error().to_string();
          break;
        }
        auto j = json_of(*r);
        round_jobs.push_back(j["job_id"].get<std::string>());
        long_jobs.push_back(j["job_id"].get<std::string>());
        long_recordings.push_back(j["recording_id"].get<std::string>());
      }
      uploads_done = true;
    });
    const auto end = Clock::now() + std::chrono::seconds(90);
    std::string running;
    while (running.empty() && Clock::now() < end) {
      auto rows = pg("SELECT id FROM jobs WHERE state = 'running' AND lease_owner = " + sql_text(owner));
      if (!rows.empty()) {
        running = rows[0][0];
        break;
      }
      if (uploads_done) {
        std::lock_guard lk(mu);
        if (round_jobs.empty() ||
            pg("SELECT id FROM jobs WHERE state IN ('queued', 'running') AND id IN " + in_list(round_jobs))
                .empty())
          break;  // all of this round's jobs ended between two looks
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
    if (!running.empty()) {
      killed = true;
      server_a->process().kill9();
      killed_at = Clock::now();
    }
    uploads.join();
    ASSERT_EQ(upload_problem, "");
    if (running.empty()) continue;  // A is still up: upload again
    auto row = pg("SELECT state, lease_owner, attempts, lease_until_us, recording_id FROM jobs WHERE id = " +
                  sql_text(running));
    ASSERT_EQ(row.size(), 1u);
    if (row[0][0] == "running" && row[0][1] == owner) {
      caught_job = running;
      caught_attempts = std::atoll(row[0][2].c_str());
      caught_lease_until = std::atoll(row[0][3].c_str());
      if (std::find(long_jobs.begin(), long_jobs.end(), running) == long_jobs.end()) {
        long_jobs.push_back(running);  // its upload's answer was cut off by the kill, after the commit
        long_recordings.push_back(row[0][4]);
      }
    } else {
      server_a.reset();  // finished between the look and the kill
    }
  }
  ASSERT_FALSE(caught_job.empty()) << "could not kill A while it held a job";
  non_200 = 0;
  auto long_done = wait_jobs(proxy, long_jobs, std::chrono::seconds(150), non_200);
  const double takeover_s = std::chrono::duration<double>(Clock::now() - killed_at).count();
  ASSERT_EQ(long_done.size(), long_jobs.size()) << "B did not finish A's jobs; B's log ends:\n"
                                                << server_b->process().log_tail();
  EXPECT_EQ(non_200, 0) << "haproxy answered with errors after A died";
  {
    const auto& j = long_done.at(caught_job);
    EXPECT_EQ(j["state"], "done") << j.dump();
    EXPECT_EQ(j["attempts"].get<std::int64_t>(), caught_attempts + 1) << "claimed again exactly once";
    auto row = pg("SELECT lease_owner, finished_us FROM jobs WHERE id = " + sql_text(caught_job));
    ASSERT_EQ(row.size(), 1u);
    EXPECT_EQ(row[0][0], owner_b) << "the job of the killed server was finished by " << row[0][0];
    EXPECT_GE(std::atoll(row[0][1].c_str()), caught_lease_until) << "taken over before A's lease expired";
  }
  {
    auto obs = proxy.get("/api/patients/" + patient + "/observations");
    ASSERT_TRUE(obs && obs->status == 200);
    const auto oj = json_of(*obs);
    std::vector<std::string> long_reference;
    for (std::size_t i = 0; i < long_recordings.size(); ++i) {
      const auto& rec = long_recordings[i];
      EXPECT_EQ(long_done.at(long_jobs[i])["state"], "done") << long_done.at(long_jobs[i]).dump();
      const auto keys = observation_keys(oj, rec);
      if (long_reference.empty()) long_reference = keys;
      EXPECT_FALSE(keys.empty());
      EXPECT_EQ(keys, long_reference) << "recording " << rec << ": not exactly one set of observations";
    }
    for (auto& r :
         pg("SELECT record_id, count(*) FROM audit_events WHERE action = 'recording.analyse' AND outcome <> "
            "'failure' AND record_id IN " +
            in_list(long_recordings) + " GROUP BY record_id"))
      EXPECT_EQ(r[1], "1") << "recording " << r[0] << " analysed " << r[1] << " times";
  }
  std::printf("scale-out: A killed holding job %s (attempt %lld); B finished it %.1f s later; total %.1f s\n",
              caught_job.c_str(), static_cast<long long>(caught_attempts), takeover_s,
              std::chrono::duration<double>(Clock::now() - t0).count());

  const auto verify = run({physio_exe(), "audit", "verify", "--postgres", url_});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const int status = server_b->process().terminate(std::chrono::seconds(20));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "SIGTERM did not stop server B cleanly";
  haproxy->kill9();
  disarm_watchdog();
}

}  // namespace
}  // namespace physio::systest
