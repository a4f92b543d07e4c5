// A clinic's demonstration videos of library exercises over the server (docs/server/exercise-videos.md):
// uploaded by a physiotherapist (MP4 or WebM, anything else 415), listed with the library, watched by the
// clinic's patients whole or by byte ranges (206, 416), replaced (the old file deleted), deleted; another
// clinic has its own.
#include <filesystem>

#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// An MP4-shaped body of `n` bytes: an "ftyp" box, then a counting pattern.
std::string mp4(std::size_t n, char fill_from = 0) {
  std::string s(
      "\0\0\0\x18"
      "ftypisom\0\0\x02\0isomiso2",
      24);
  for (std::size_t i = s.size(); i < n; ++i)
    s.push_back(static_cast<char>(fill_from + static_cast<char>(i % 97)));
  return s;
}

std::size_t files_named(const fs::path& dir, std::string_view prefix) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    n += e.is_regular_file() && e.path().filename().string().starts_with(prefix);
  return n;
}

TEST(ExerciseVideos, UploadedByAPhysiotherapistWatchedByTheClinicsPatients) {
  auto ts = TestServer::start("exercise-videos");
  const auto& s = ts->seeded();
  Client physio(ts->port()), patient(ts->port()), desk(ts->port()), other(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  ASSERT_EQ(other.login(s.user_email.at("b_physio")).status, 200);
  const std::string url = "/api/exercises/mini_squat/video";

  // Refusals: not a video, empty, unknown exercise, a patient or the front desk uploading.
  EXPECT_EQ(physio.request("POST", url, "hello, this is not a video", "video/mp4").status, 415);
  EXPECT_EQ(physio.request("POST", url, "", "video/mp4").status, 400);
  EXPECT_EQ(physio.request("POST", "/api/exercises/no_such_thing/video", mp4(100), "video/mp4").status, 404);
  EXPECT_EQ(patient.request("POST", url, mp4(100), "video/mp4").status, 403);
  EXPECT_EQ(desk.request("POST", url, mp4(100), "video/mp4").status, 403);
  EXPECT_EQ(patient.get(url).status, 404) << "no video yet";

  const std::string first = mp4(10'000);
  auto up = physio.request("POST", url, first, "video/mp4");
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(physio.json(up)["media_type"], "video/mp4");
  const json lib = patient.json(patient.get("/api/exercises"));
  for (const auto& e : lib) {
    EXPECT_EQ(e["video"].get<bool>(), e["id"] == "mini_squat") << e["id"];
    EXPECT_TRUE(e["figure"].get<bool>()) << e["id"] << " has its figure";
  }
  EXPECT_FALSE(other.json(other.get("/api/exercises"))[0]["video"].get<bool>());
  EXPECT_EQ(other.get(url).status, 404) << "another clinic has its own videos";

  // Whole, then by ranges.
  auto whole = patient.get(url);
  ASSERT_EQ(whole.status, 200);
  EXPECT_EQ(whole.body, first);
  EXPECT_EQ(whole.header("content-type").value_or(""), "video/mp4");
  EXPECT_EQ(whole.header("accept-ranges").value_or(""), "bytes");
  auto part = patient.request("GET", url, "", "application/json", true, {{"range", "bytes=100-199"}});
  ASSERT_EQ(part.status, 206);
  EXPECT_EQ(part.body, first.substr(100, 100));
  EXPECT_EQ(part.header("content-range").value_or(""), "bytes 100-199/10000");
  auto tail = patient.request("GET", url, "", "application/json", true, {{"range", "bytes=-10"}});
  ASSERT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, first.substr(9'990));
  auto open = patient.request("GET", url, "", "application/json", true, {{"range", "bytes=9000-"}});
  ASSERT_EQ(open.status, 206);
  EXPECT_EQ(open.body, first.substr(9'000));
  auto beyond = patient.request("GET", url, "", "application/json", true, {{"range", "bytes=20000-"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.header("content-range").value_or(""), "bytes */10000");
  EXPECT_EQ(desk.get(url).status, 403) << "the front desk does not read the exercise library";

  // Replaced: the old file is deleted; then deleted: none left.
  EXPECT_EQ(files_named(ts->data_dir(), "exercise-video-"), 1u);
  ASSERT_EQ(physio.request("POST", url, mp4(5'000, 7), "video/mp4").status, 201);
  EXPECT_EQ(patient.get(url).body, mp4(5'000, 7));
  EXPECT_EQ(files_named(ts->data_dir(), "exercise-video-"), 1u) << "the replaced video's file is deleted";
  EXPECT_EQ(patient.request("DELETE", url).status, 403);
  auto del = physio.request("DELETE", url);
  ASSERT_EQ(del.status, 200);
  EXPECT_TRUE(physio.json(del)["deleted"].get<bool>());
  EXPECT_EQ(files_named(ts->data_dir(), "exercise-video-"), 0u);
  EXPECT_EQ(patient.get(url).status, 404);
  EXPECT_FALSE(physio.json(physio.request("DELETE", url))["deleted"].get<bool>());

  // Each change is in the audit trail.
  store::AuditQuery q;
  q.limit = 1000;
  auto trail = must(ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_a, q); }));
  int uploads = 0, deletions = 0;
  for (const auto& e : trail.items) {
    uploads += e.action == "exercise_video.upload" && e.outcome == "success";
    deletions += e.action == "exercise_video.delete" && e.outcome == "success";
  }
  EXPECT_EQ(uploads, 2);
  EXPECT_EQ(deletions, 1);
}

}  // namespace
}  // namespace physio::test
