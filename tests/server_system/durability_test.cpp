// Durability under kill -9: the real `physio serve` on a SQLite data directory takes a stream of writes
// (patient registrations and PATCHes from two clients) and landmark uploads (job workers on), and is killed
// with SIGKILL at a random moment (half of the kills, on average, wait from there for a worker to hold a
// job), then restarted on the same directory, again and again. After every
// kill, with the server dead:
//   - PRAGMA integrity_check and foreign_key_check on <data>/physio.db (opened read-only) are clean;
//   - every write answered 2xx is in the database: acknowledged patients with their acknowledged version
//     and phone (or the newer one of a PATCH in flight at the kill), acknowledged recordings with their job;
//   - `physio audit verify` passes.
// After every restart the session cookie of the one login still works. After the last restart the queue
// drains: every recording has one job, `done` (or `failed` with the engine's reason), every job that was
// running at a kill was claimed again once its lease expired, and every recording has exactly one set of
// observations and one analysis audit event (a re-run adds nothing). At the end the server stops cleanly
// on SIGTERM and the checks run once more.
//
// PHYSIO_DURABILITY_KILLS sets the number of kills (default 5); PHYSIO_DURABILITY_SEED repeats a run (the
// seed is printed). The long run for bench/RESULTS.md: PHYSIO_DURABILITY_KILLS=50.
#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "server_system/system_support.hpp"

namespace physio::systest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kEmail = "physio@durability.example";

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

// ---- what the clients were told ------------------------------------------------------------------

struct PatientState {
  int owner = 0;                      ///< the writer thread that registered it (only it sends PATCHes)
  std::int64_t version = 0;           ///< acknowledged
  std::string phone;                  ///< acknowledged
  std::vector<std::string> inflight;  ///< phones of PATCHes sent since the last acknowledged one, unanswered
};

struct Upload {
  std::string patient_id, recording_id, job_id;
};

struct Ledger {
  std::mutex mu;
  std::map<std::string, PatientState> patients;
  std::vector<Upload> uploads;
  std::int64_t creates = 0, patches = 0;
  std::vector<std::string> unexpected;  ///< non-2xx answers, transport errors while the server was up

  std::vector<std::string> patients_of(int owner) {
    std::lock_guard lk(mu);
    std::vector<std::string> out;
    for (const auto& [id, p] : patients)
      if (p.owner == owner) out.push_back(id);
    return out;
  }
  std::string any_patient(std::mt19937_64& rng) {
    std::lock_guard lk(mu);
    if (patients.empty()) return "";
    auto it = patients.begin();
    std::advance(it, static_cast<long>(rng() % patients.size()));
    return it->first;
  }
  void note(std::string what) {
    std::lock_guard lk(mu);
    if (unexpected.size() < 50) unexpected.push_back(std::move(what));
  }
};

// ---- the database, read directly -----------------------------------------------------------------

class Db {
 public:
  explicit Db(const fs::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      error_ = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    } else {
      sqlite3_busy_timeout(db_, 5000);
    }
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  const std::string& error() const { return error_; }

  /// Every row as text cells; ADD_FAILURE on an error.
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* t = sqlite3_column_text(st, i);
        row.emplace_back(t != nullptr ? reinterpret_cast<const char*>(t) : "");
      }
      out.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    return out;
  }

  /// The first cell of the first row ("" when there is none: the failure is already recorded).
  std::string scalar(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() || r[0].empty() ? std::string() : r[0][0];
  }

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

// ---- the test ------------------------------------------------------------------------------------

class Durability : public ::testing::Test {
 protected:
  void SetUp() override { ::signal(SIGPIPE, SIG_IGN); }

  fs::path data_, log_;
  Ledger ledger_;
  std::map<std::string, std::int64_t> interrupted_;  ///< job -> attempts when a kill caught it running
  std::set<std::pair<std::string, std::int64_t>> cut_runs_;  ///< (job, attempt) runs a kill cut off

  std::unique_ptr<Server> start_server() {
    std::string why;
    auto s = Server::start({"--data", data_.string(), "--job-workers", "2", "--job-lease-seconds", "10",
                            // Every interrupted run costs an attempt; with the default 3 a job caught by
                            // three kills would end "lease expired on the last attempt". Not under test here.
                            "--job-max-attempts", "20", "--secure-cookies", "false"},
                           log_, why);
    if (!s) ADD_FAILURE() << why;
    return s;
  }

  // The checks that run with the server dead: the file is sound and holds every acknowledged write.
  void check_store_at_rest(const std::string& when) {
    SCOPED_TRACE(when);
    {
      Db db(data_ / "physio.db");
      ASSERT_EQ(db.error(), "");
      const auto integrity = db.rows("PRAGMA integrity_check");
      ASSERT_EQ(integrity.size(), 1u);
      EXPECT_EQ(integrity[0][0], "ok");
      EXPECT_TRUE(db.rows("PRAGMA foreign_key_check").empty()) << "rows that break a foreign key";

      std::map<std::string, std::pair<std::int64_t, std::string>> stored;
      for (auto& r : db.rows("SELECT id, version, phone FROM patients"))
        stored[r[0]] = {std::atoll(r[1].c_str()), r[2]};
      std::set<std::string> recordings, jobs;
      for (auto& r : db.rows("SELECT id FROM recordings")) recordings.insert(r[0]);
      for (auto& r : db.rows("SELECT id, recording_id FROM jobs")) jobs.insert(r[0]);

      std::lock_guard lk(ledger_.mu);
      int missing = 0;
      for (const auto& [id, p] : ledger_.patients) {
        auto it = stored.find(id);
        if (it == stored.end()) {
          if (++missing <= 5) ADD_FAILURE() << "acknowledged patient " << id << " is not in the database";
          continue;
        }
        check_patient(id, p, it->second.first, it->second.second);
      }
      for (const auto& u : ledger_.uploads) {
        EXPECT_TRUE(recordings.count(u.recording_id))
            << "acknowledged recording " << u.recording_id << " is missing";
        EXPECT_TRUE(jobs.count(u.job_id)) << "acknowledged job " << u.job_id << " is missing";
      }
      // Jobs a kill caught running: they must be claimed again once their lease expires.
      for (auto& r : db.rows("SELECT id, attempts FROM jobs WHERE state = 'running'")) {
        interrupted_[r[0]] = std::atoll(r[1].c_str());
        cut_runs_.insert(
            {r[0], std::atoll(r[1].c_str())});  // a run not yet taken over is seen by later kills too
      }
    }
    const auto verify = run({physio_exe(), "audit", "verify", "--data", data_.string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  }

  static void check_patient(const std::string& id, const PatientState& p, std::int64_t version,
                            const std::string& phone) {
    // A PATCH in flight at a kill may or may not have committed; nothing else may have happened. Each
    // committed one adds a version, in the order they were sent (one writer owns a patient), but an earlier
    // one may be lost while a later one, sent after the restart, commits: with `extra` of them committed,
    // the stored phone is that of the last one committed, the extra-th or a later one sent.
    const auto extra = version - p.version;
    if (extra < 0 || extra > static_cast<std::int64_t>(p.inflight.size())) {
      ADD_FAILURE() << "patient " << id << ": version " << version << ", acknowledged " << p.version
                    << " with " << p.inflight.size() << " PATCH(es) unanswered";
      return;
    }
    if (extra == 0) {
      EXPECT_EQ(phone, p.phone) << "patient " << id << ": the acknowledged PATCH is not what is stored";
    } else {
      const auto first = p.inflight.begin() + (extra - 1);
      EXPECT_NE(std::find(first, p.inflight.end(), phone), p.inflight.end())
          << "patient " << id << ": stored phone " << phone << " fits no PATCH sent (" << extra << " of "
          << p.inflight.size() << " unanswered committed)";
    }
  }

  // One client's stream of registrations and PATCHes until `stop`.
  void writer(int index, std::uint16_t port, const Api& session, std::uint64_t seed,
              const std::atomic<bool>& stop, const std::atomic<bool>& killed) {
    std::mt19937_64 rng(seed);
    Api api(port);
    api.share_session_of(session);
    auto mine = ledger_.patients_of(index);
    std::int64_t n = 0;
    while (!stop) {
      ++n;
      const bool create = mine.size() < 3 || rng() % 100 < 55;
      if (create) {
        const nlohmann::json body = {{"given_name", fmt::format("Given{}", index)},
                                     {"family_name", fmt::format("Family{}x{}", index, rng() % 100000)},
                                     {"birth_date", "1970-01-02"},
                                     // Names one letter apart on one birth date: said to be different people.
                                     {"not_a_duplicate", true}};
        auto r = api.request("POST", "/api/patients", body.dump());
        if (!r) {
          if (!killed) ledger_.note("POST /api/patients: " + r.error().to_string());
          return;
        }
        if (r->status != 201) {
          ledger_.note(fmt::format("POST /api/patients: {} {}", r->status, r->body));
          continue;
        }
        auto j = json_of(*r);
        std::lock_guard lk(ledger_.mu);
        ledger_.patients[j["id"].get<std::string>()] =
            PatientState{index, j["version"].get<std::int64_t>(), "", {}};
        ++ledger_.creates;
        mine.push_back(j["id"].get<std::string>());
      } else {
        const std::string id = mine[rng() % mine.size()];
        const std::string phone = fmt::format("+44 20 7946 {:04}", rng() % 10000);
        {
          std::lock_guard lk(ledger_.mu);
          ledger_.patients[id].inflight.push_back(phone);
        }
        auto r = api.request("PATCH", "/api/patients/" + id, nlohmann::json{{"phone", phone}}.dump());
        if (!r) {
          if (!killed) ledger_.note("PATCH: " + r.error().to_string());
          return;
        }
        std::lock_guard lk(ledger_.mu);
        auto& p = ledger_.patients[id];
        if (r->status != 200) {
          p.inflight.pop_back();
          if (ledger_.unexpected.size() < 50)
            ledger_.unexpected.push_back(fmt::format("PATCH: {} {}", r->status, r->body));
          continue;
        }
        auto j = json_of(*r);
        p.version = j["version"].get<std::int64_t>();
        p.phone = phone;
        p.inflight.clear();
        ++ledger_.patches;
      }
    }
  }

  // Landmark uploads to random acknowledged patients until `stop`.
  void uploader(std::uint16_t port, const Api& session, std::uint64_t seed, const std::string& csv,
                const std::atomic<bool>& stop, const std::atomic<bool>& killed) {
    std::mt19937_64 rng(seed);
    Api api(port);
    api.share_session_of(session);
    while (!stop) {
      const std::string pid = ledger_.any_patient(rng);
      if (pid.empty()) {
        std::this_thread::sleep_for(milliseconds(20));
        continue;
      }
      auto r = api.request(
          "POST", "/api/patients/" + pid + "/recordings?kind=landmarks&exercise=deep_squat&name=x.csv", csv,
          "text/csv");
      if (!r) {
        if (!killed) ledger_.note("upload: " + r.error().to_string());
        return;
      }
      if (r->status != 202) {
        ledger_.note(fmt::format("upload: {} {}", r->status, r->body));
      } else {
        auto j = json_of(*r);
        std::lock_guard lk(ledger_.mu);
        ledger_.uploads.push_back(
            {pid, j["recording_id"].get<std::string>(), j["job_id"].get<std::string>()});
      }
      // Faster than the two workers can analyse, so jobs are queued and running at every kill.
      std::this_thread::sleep_for(milliseconds(100 + static_cast<int>(rng() % 200)));
    }
  }
};

// The oracle alone, on the case a run met (seed 4170007593): PATCH A lost in one kill, PATCH B sent after
// the restart committed and its answer lost in the next; the stored phone is B's, one version on.
TEST_F(Durability, TheOracleTakesALaterCommittedPatchAfterALostOne) {
  const PatientState p{0, 5, "+44 20 7946 0001", {"+44 20 7946 1385", "+44 20 7946 4876"}};
  check_patient("p", p, 6, "+44 20 7946 4876");  // B committed, A lost
  check_patient("p", p, 6, "+44 20 7946 1385");  // A committed, B not
  check_patient("p", p, 7, "+44 20 7946 4876");  // both
  check_patient("p", p, 5, "+44 20 7946 0001");  // neither
  EXPECT_NONFATAL_FAILURE(check_patient("p", p, 6, "+44 20 7946 9999"), "fits no PATCH sent");
  EXPECT_NONFATAL_FAILURE(check_patient("p", p, 7, "+44 20 7946 1385"), "fits no PATCH sent");
  EXPECT_NONFATAL_FAILURE(check_patient("p", p, 8, "+44 20 7946 4876"), "PATCH(es) unanswered");
}

TEST_F(Durability, KillNineKeepsAcknowledgedWritesAndRunsEveryJobOnce) {
  const int kills = std::max(1, env_int("PHYSIO_DURABILITY_KILLS", 5));
  const std::uint64_t seed = std::getenv("PHYSIO_DURABILITY_SEED") != nullptr
                                 ? std::strtoull(std::getenv("PHYSIO_DURABILITY_SEED"), nullptr, 10)
                                 : std::random_device{}();
  std::printf("durability: seed %llu (PHYSIO_DURABILITY_SEED=%llu repeats it), %d kills\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed), kills);
  std::fflush(stdout);
  RecordProperty("seed", std::to_string(seed));
  arm_watchdog(std::chrono::seconds(180 + 20 * kills), "Durability test");
  const auto t0 = Clock::now();
  std::mt19937_64 rng(seed);

  data_ = test::scratch_dir("durability") / "data";
  log_ = data_.parent_path() / "server.log";
  const auto clinic =
      run({physio_exe(), "admin", "--data", data_.string(), "create-clinic", "Durability Clinic"});
  ASSERT_EQ(clinic.exit_code, 0) << clinic.err;
  const auto user = run({physio_exe(), "admin", "--data", data_.string(), "create-user", "--clinic",
                         last_line(clinic.out), "--role", "physiotherapist", "--email", kEmail, "--no-mfa"},
                        std::string(kPassword) + "\n");
  ASSERT_EQ(user.exit_code, 0) << user.err;
  const std::string csv = squat_csv(3);

  Api session(0);
  std::unique_ptr<Server> server;
  int aimed_kills = 0;
  for (int k = 0; k <= kills; ++k) {
    server = start_server();
    ASSERT_TRUE(server);
    session.set_port(server->port());
    if (session.cookie().empty()) {
      auto r = session.login(kEmail, kPassword);
      ASSERT_TRUE(r && r->status == 200) << (r ? r->body : r.error().to_string());
    } else {
      // The login was acknowledged before a kill: its session is still there.
      auto r = session.get("/api/patients?limit=1");
      ASSERT_TRUE(r) << r.error().to_string();
      ASSERT_EQ(r->status, 200) << "the session did not survive the restart: " << r->body;
    }
    if (k == kills) break;  // the last start: it stays up and the queue drains below

    std::atomic<bool> stop{false}, killed{false};
    std::vector<std::thread> clients;
    for (int w = 0; w < 2; ++w)
      clients.emplace_back([&, w, s = rng()] { writer(w, server->port(), session, s, stop, killed); });
    clients.emplace_back([&, s = rng()] { uploader(server->port(), session, s, csv, stop, killed); });
    const auto wait = milliseconds(300 + static_cast<int>(rng() % 2200));
    std::this_thread::sleep_for(wait);
    // Every other kill, on average, is aimed: it lands as soon as a worker holds a job (an analysis of
    // the small file takes tens of milliseconds, so a blind kill seldom catches one).
    const bool aim = rng() % 2 == 0;
    if (aim) {
      const auto give_up = Clock::now() + std::chrono::seconds(3);
      Db db(data_ / "physio.db");
      while (Clock::now() < give_up && db.scalar("SELECT count(*) FROM jobs WHERE state = 'running'") == "0")
        std::this_thread::sleep_for(milliseconds(2));
      ++aimed_kills;
    }
    killed = true;
    server->process().kill9();
    stop = true;
    for (auto& t : clients) t.join();
    {
      std::lock_guard lk(ledger_.mu);
      std::printf(
          "kill %d/%d (%s) after %lld ms: %lld registrations, %lld PATCHes, %zu uploads acknowledged so "
          "far\n",
          k + 1, kills, aim ? "aimed at a running job" : "at a random moment",
          static_cast<long long>(wait.count()), static_cast<long long>(ledger_.creates),
          static_cast<long long>(ledger_.patches), ledger_.uploads.size());
      std::fflush(stdout);
      for (const auto& u : ledger_.unexpected)
        ADD_FAILURE() << "unexpected answer while the server ran: " << u;
      ledger_.unexpected.clear();
    }
    check_store_at_rest(fmt::format("after kill {}", k + 1));
    if (HasFatalFailure()) return;
  }

  // ---- the last run: the queue drains ----
  const auto drain_start = Clock::now();
  std::int64_t pending = 0;
  for (;;) {
    {
      Db db(data_ / "physio.db");
      pending =
          std::atoll(db.scalar("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").c_str());
    }
    // Interrupted jobs wait out their 10 s lease; the rest take well under a second each.
    if (pending == 0 ||
        Clock::now() - drain_start > std::chrono::seconds(60) + pending * std::chrono::seconds(3))
      break;
    std::this_thread::sleep_for(milliseconds(250));
  }
  ASSERT_EQ(pending, 0) << "jobs still queued or running; the server log ends:\n"
                        << server->process().log_tail();
  const double drain_s = std::chrono::duration<double>(Clock::now() - drain_start).count();

  // Through the API: every acknowledged patient with its data, every acknowledged recording analysed once.
  std::map<std::string, nlohmann::json> listed;
  for (std::string cursor;;) {
    auto r = session.get("/api/patients?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : r.error().to_string());
    auto j = json_of(*r);
    for (auto& p : j["items"]) listed[p["id"].get<std::string>()] = p;
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"].get<std::string>();
  }
  std::vector<Upload> uploads;
  {
    std::lock_guard lk(ledger_.mu);
    uploads = ledger_.uploads;
    for (const auto& [id, p] : ledger_.patients) {
      auto it = listed.find(id);
      if (it == listed.end()) {
        ADD_FAILURE() << "acknowledged patient " << id << " is not listed";
        continue;
      }
      check_patient(id, p, it->second["version"].get<std::int64_t>(),
                    it->second["phone"].is_null() ? "" : it->second["phone"].get<std::string>());
    }
  }
  std::map<std::string, std::vector<const Upload*>> by_patient;
  for (const auto& u : uploads) by_patient[u.patient_id].push_back(&u);
  std::vector<std::string> reference;  // the observations of one analysis of the CSV
  std::int64_t failed = 0;
  for (const auto& [pid, ups] : by_patient) {
    auto recs = session.get("/api/patients/" + pid + "/recordings");
    auto obs = session.get("/api/patients/" + pid + "/observations");
    ASSERT_TRUE(recs && recs->status == 200 && obs && obs->status == 200);
    const auto rj = json_of(*recs), oj = json_of(*obs);
    for (const auto* u : ups) {
      const nlohmann::json* rec = nullptr;
      for (const auto& r : rj)
        if (r["id"] == u->recording_id) rec = &r;
      if (rec == nullptr) {
        ADD_FAILURE() << "acknowledged recording " << u->recording_id << " is not listed";
        continue;
      }
      const auto& job = (*rec)["job"];
      ASSERT_TRUE(job.is_object());
      EXPECT_EQ(job["id"], u->job_id);
      const std::string state = job["state"].get<std::string>();
      const auto keys = observation_keys(oj, u->recording_id);
      if (state == "failed") {
        ++failed;
        const std::string error = job["error"].get<std::string>();
        EXPECT_EQ(error.find("lease expired"), std::string::npos) << "job " << u->job_id << ": " << error;
        EXPECT_TRUE(keys.empty());
        continue;
      }
      EXPECT_EQ(state, "done") << job.dump();
      if (reference.empty()) reference = keys;
      EXPECT_FALSE(keys.empty()) << "recording " << u->recording_id << " has no observations";
      EXPECT_EQ(keys, reference) << "recording " << u->recording_id
                                 << ": its observations are not one set (duplicated or partial)";
    }
  }

  ASSERT_FALSE(reference.empty())
      << "no acknowledged upload was analysed: nothing showed one set of observations";

  // In the database, for every recording (also those whose upload was cut off before the answer).
  std::int64_t recordings = 0, reruns = 0, max_attempts = 0;
  {
    Db db(data_ / "physio.db");
    std::map<std::string, std::int64_t> obs_count, analysed;
    for (auto& r : db.rows("SELECT recording_id, count(*) FROM observations GROUP BY recording_id"))
      obs_count[r[0]] = std::atoll(r[1].c_str());
    for (auto& r : db.rows("SELECT record_id, count(*) FROM audit_events WHERE action = 'recording.analyse' "
                           "AND outcome <> 'failure' GROUP BY record_id"))
      analysed[r[0]] = std::atoll(r[1].c_str());
    std::map<std::string, int> jobs_per_recording;
    for (auto& r : db.rows("SELECT r.id, j.id, j.state, j.attempts, j.error FROM recordings r "
                           "JOIN jobs j ON j.recording_id = r.id")) {
      ++recordings;
      ++jobs_per_recording[r[0]];
      const std::int64_t attempts = std::atoll(r[3].c_str());
      max_attempts = std::max(max_attempts, attempts);
      if (attempts > 1) ++reruns;
      if (auto it = interrupted_.find(r[1]); it != interrupted_.end()) {
        EXPECT_GT(attempts, it->second)
            << "job " << r[1] << " was running at a kill but was not claimed again";
      }
      if (r[2] == "failed") {
        EXPECT_EQ(r[4].find("lease expired"), std::string::npos) << r[4];
        EXPECT_EQ(obs_count[r[0]], 0);
        continue;
      }
      EXPECT_EQ(r[2], "done") << "recording " << r[0];
      EXPECT_EQ(obs_count[r[0]], static_cast<std::int64_t>(reference.size()))
          << "recording " << r[0] << ": observations stored more than once, or partly";
      EXPECT_EQ(analysed[r[0]], 1) << "recording " << r[0] << ": analysis recorded " << analysed[r[0]]
                                   << " times";
    }
    for (const auto& [rec, n] : jobs_per_recording) EXPECT_EQ(n, 1) << "recording " << rec;
    EXPECT_EQ(db.rows("SELECT id FROM recordings WHERE id NOT IN (SELECT recording_id FROM jobs)").size(),
              0u);
  }

  const int status = server->process().terminate(std::chrono::seconds(20));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "SIGTERM did not stop the server cleanly";
  check_store_at_rest("after the final SIGTERM");

  const double total_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::int64_t acked_writes = 0, acked_uploads = 0;
  {
    std::lock_guard lk(ledger_.mu);
    acked_writes = ledger_.creates + ledger_.patches;
    acked_uploads = static_cast<std::int64_t>(ledger_.uploads.size());
    std::printf(
        "durability summary: seed %llu; %d kills (%d aimed at a running job); %lld acknowledged writes (%lld "
        "registrations, %lld PATCHes); "
        "%lld acknowledged uploads, %lld recordings in the store (%lld failed); %zu job runs cut off by a "
        "kill "
        "(%zu jobs), %lld jobs run more than once (most attempts %lld); drain %.1f s; total %.1f s\n",
        static_cast<unsigned long long>(seed), kills, aimed_kills, static_cast<long long>(acked_writes),
        static_cast<long long>(ledger_.creates), static_cast<long long>(ledger_.patches),
        static_cast<long long>(acked_uploads), static_cast<long long>(recordings),
        static_cast<long long>(failed), cut_runs_.size(), interrupted_.size(), static_cast<long long>(reruns),
        static_cast<long long>(max_attempts), drain_s, total_s);
  }
  RecordProperty("kills", kills);
  RecordProperty("acknowledged_writes", std::to_string(acked_writes));
  RecordProperty("acknowledged_uploads", std::to_string(acked_uploads));
  RecordProperty("jobs_rerun", std::to_string(reruns));
  EXPECT_GT(acked_writes, 0);
  EXPECT_GT(acked_uploads, 0);
  disarm_watchdog();
}

}  // namespace
}  // namespace physio::systest
