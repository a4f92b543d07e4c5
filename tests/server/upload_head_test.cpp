// An upload is streamed to disk, so no byte of it is read before the caller is known (security finding
// M2): without a valid session, or without the CSRF token, the answer comes from the request's head while
// the body is still on the wire, and nothing is written under the server's temporary folder.
#include <filesystem>

#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

std::size_t files_under(const std::filesystem::path& dir) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file()) ++n;
  return n;
}

/// Sends the head of an 8 MiB upload and its first MiB, then reads the answer (5 s at most: a server that
/// waits for the rest of the body never answers in time).
net::ClientResponse half_upload(TestServer& ts, const std::string& target,
                                const std::vector<net::Header>& headers) {
  auto c = must(net::HttpClientConnection::connect("127.0.0.1", ts.port(), std::chrono::milliseconds(5000)),
                "connect");
  std::string head = "POST " + target +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                     "Content-Length: 8388608\r\n";
  for (const auto& h : headers) head += h.name + ": " + h.value + "\r\n";
  head += "\r\n";
  if (auto sent = c.send_raw(head + std::string(1 << 20, 'x')); !sent)
    ADD_FAILURE() << "send: " << sent.error().to_string();
  return must(c.read_response(), "the answer before the body is in");
}

TEST(ServerUploads, NothingIsReadBeforeTheCallerIsKnown) {
  auto ts = TestServer::start("upload_head");
  const auto& s = ts->seeded();
  const std::string target = "/api/patients/" + s.p1 + "/recordings?kind=landmarks&name=set.csv";
  const auto tmp = ts->data_dir() / "tmp";
  const std::size_t before = files_under(tmp);

  auto anonymous = half_upload(*ts, target, {});
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(files_under(tmp), before);

  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  auto no_csrf = half_upload(*ts, target, {{"cookie", patient.cookie()}});
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;
  EXPECT_NE(no_csrf.body.find("csrf"), std::string::npos) << no_csrf.body;
  EXPECT_EQ(files_under(tmp), before);

  auto forged = half_upload(*ts, target, {{"cookie", "physio_session=not-a-session"}, {"x-csrf-token", "x"}});
  EXPECT_EQ(forged.status, 401) << forged.body;
  EXPECT_EQ(files_under(tmp), before);
}

TEST(ServerUploads, AnUploadToARecordOutOfReachIsRefusedOnItsHead) {
  auto ts = TestServer::start("upload_head_reach");
  const auto& s = ts->seeded();
  const auto tmp = ts->data_dir() / "tmp";
  const std::size_t before = files_under(tmp);
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::vector<net::Header> signed_in = {{"cookie", physio.cookie()}, {"x-csrf-token", physio.csrf()}};
  // Another clinic's patient, and a made-up one: the same 404 from the head, nothing written.
  for (const std::string& id : {s.p3, std::string("no-such-patient")}) {
    auto r = half_upload(*ts, "/api/patients/" + id + "/recordings?kind=landmarks&name=set.csv", signed_in);
    EXPECT_EQ(r.status, 404) << id << ": " << r.body;
    EXPECT_EQ(files_under(tmp), before) << id;
  }
  // A patient uploading to another patient's record.
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  auto other = half_upload(*ts, "/api/patients/" + s.p2 + "/recordings?kind=landmarks&name=set.csv",
                           {{"cookie", patient.cookie()}, {"x-csrf-token", patient.csrf()}});
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(files_under(tmp), before);
  // Audio for a note that does not exist in the caller's clinic.
  auto note = half_upload(*ts, "/api/notes/no-such-note/audio?kind=dictation&section=S", signed_in);
  EXPECT_EQ(note.status, 404) << note.body;
  EXPECT_EQ(files_under(tmp), before);
  // The denials are audited.
  auto denied = ts->store().read([&](store::Tx& tx) -> Result<std::int64_t> {
    auto rs =
        PHYSIO_TRY(tx.connection().query("SELECT COUNT(*) FROM audit_events WHERE outcome = 'denied'", {}));
    return rs.rows.front().i64(0);
  });
  ASSERT_TRUE(denied);
  EXPECT_GE(*denied, 3);
}

}  // namespace
}  // namespace physio::test
