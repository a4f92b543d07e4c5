// `physio audit verify` on a live store, then after each kind of tampering made directly in the
// database with SQL: it fails, exit status 1, naming the event.
#include <sqlite3.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>

#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

void sql(const std::filesystem::path& db, const std::string& statement) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

class AuditVerifyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer::start(::testing::UnitTest::GetInstance()->current_test_info()->name());
    const auto& s = server_->seeded();
    Client c(server_->port());
    ASSERT_EQ(c.login(s.user_email.at("physiotherapist")).status, 200);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(c.get("/api/patients/" + s.p1).status, 200);
    ASSERT_EQ(c.request("PATCH", "/api/patients/" + s.p1, R"({"phone":"123"})").status, 200);
    data_ = server_->data_dir();
    server_.reset();  // stopped: the file is quiet
    cmd_ = std::string(PHYSIO_BIN) + " audit verify --data " + data_.string();
    const auto ok = run(cmd_);
    ASSERT_EQ(ok.status, 0) << ok.out;
    ASSERT_NE(ok.out.find("intact"), std::string::npos) << ok.out;
  }
  std::filesystem::path db() const { return data_ / "physio.db"; }
  std::unique_ptr<TestServer> server_;
  std::filesystem::path data_;
  std::string cmd_;
};

TEST_F(AuditVerifyCli, EditedEvent) {
  sql(db(), "UPDATE audit_events SET outcome = 'denied' WHERE seq = 3");
  const auto r = run(cmd_);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("event 3"), std::string::npos) << r.out;
}

TEST_F(AuditVerifyCli, DeletedEvent) {
  sql(db(), "DELETE FROM audit_events WHERE seq = 2");
  const auto r = run(cmd_);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("BROKEN at event"), std::string::npos) << r.out;
}

TEST_F(AuditVerifyCli, InsertedEvent) {
  // A forged event slotted in as number 2, the later ones moved up.
  sql(db(),
      "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 2; UPDATE audit_events SET seq = seq - 999 "
      "WHERE seq >= 1002;"
      "INSERT INTO audit_events SELECT 2, time_us, clinic_id, actor_id, role, 'patient.read', record_type, "
      "record_id,"
      " patient_id, client, outcome, detail, prev_hash, hash FROM audit_events WHERE seq = 3;"
      "UPDATE audit_head SET seq = seq + 1");
  const auto r = run(cmd_);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("BROKEN at event"), std::string::npos) << r.out;
}

TEST_F(AuditVerifyCli, ReorderedEvents) {
  sql(db(),
      "UPDATE audit_events SET seq = -1 WHERE seq = 2; UPDATE audit_events SET seq = 2 WHERE seq = 3;"
      "UPDATE audit_events SET seq = 3 WHERE seq = -1");
  const auto r = run(cmd_);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("event 2"), std::string::npos) << r.out;
}

TEST_F(AuditVerifyCli, TruncatedTail) {
  sql(db(), "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)");
  const auto r = run(cmd_);
  EXPECT_EQ(r.status, 1) << r.out;
}

}  // namespace
}  // namespace physio::test
