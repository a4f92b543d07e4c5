// A walk's scale on the clinic path (docs/metrics/gait-video.md, "Scale"): a patient's height on the record,
// the height given with an upload, and what the analysis of a walk says about the scale it used. The
// walk is ../shared/data/sports2d-demo/demo.mp4 (a woman walking across the view; Sports2D's demo); its
// speed and step lengths are held to `physio gait --height-cm` on the same video. Skips visibly without
// the shared clip or the pose models.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "pose/model_files.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json wait_for_job(Client& c, const std::string& job_id, std::chrono::seconds limit) {
  json job;
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    job = c.json(c.get("/api/jobs/" + job_id));
    if (job["state"] == "done" || job["state"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return job;
}

TEST(GaitScale, BadHeightsAreRefusedNamingTheField) {
  auto ts = TestServer::start("gait_scale_bad");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string csv = squat_landmarks_csv();
  const std::string base = "/api/patients/" + s.p1 + "/recordings?kind=landmarks&test=gait&name=walk.csv";
  for (const char* bad : {"0", "-5", "400", "abc", "17.5", ""}) {
    auto r = physio.request("POST", base + "&height_cm=" + bad, csv, "text/csv");
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    const json j = json::parse(r.body);
    EXPECT_EQ(j["field"], "height_cm") << r.body;
    EXPECT_NE(j["message"].get<std::string>().find("height_cm"), std::string::npos) << r.body;
  }
  // A height is a walk's scale only.
  auto r = physio.request("POST",
                          "/api/patients/" + s.p1 + "/recordings?kind=landmarks&exercise=squat&height_cm=170",
                          csv, "text/csv");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["field"], "height_cm");
  // Accepted: stored on the recording.
  r = physio.request("POST", base + "&height_cm=170", csv, "text/csv");
  ASSERT_EQ(r.status, 202) << r.body;
  const json rec = json::parse(
      physio.get("/api/recordings/" + json::parse(r.body)["recording_id"].get<std::string>()).body);
  EXPECT_EQ(rec["height_cm"], 170);

  // On the record: whole centimetres 50-250, null clears it.
  const std::string path = "/api/patients/" + s.p1;
  for (const char* bad : {R"({"height_cm":0})", R"({"height_cm":-5})", R"({"height_cm":400})",
                          R"({"height_cm":"abc"})", R"({"height_cm":172.5})"}) {
    auto p = physio.request("PATCH", path, bad);
    EXPECT_EQ(p.status, 400) << bad << ": " << p.body;
    EXPECT_EQ(json::parse(p.body)["field"], "/height_cm") << p.body;
  }
  EXPECT_TRUE(json::parse(physio.get(path).body)["height_cm"].is_null());
  auto p = physio.request("PATCH", path, R"({"height_cm":172})");
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(json::parse(p.body)["height_cm"], 172);
  p = physio.request("PATCH", path, R"({"height_cm":null})");
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_TRUE(json::parse(p.body)["height_cm"].is_null());
  // Edited like the other demographics: the front desk may, the patient may not.
  Client desk(ts->port());
  ASSERT_EQ(desk.login(s.user_email.at("front_desk")).status, 200);
  EXPECT_EQ(desk.request("PATCH", path, R"({"height_cm":165})").status, 200);
  Client patient(ts->port());
  ASSERT_EQ(patient.login(s.user_email.at("patient")).status, 200);
  EXPECT_EQ(patient.request("PATCH", path, R"({"height_cm":180})").status, 403);
  EXPECT_EQ(json::parse(physio.get(path).body)["height_cm"], 165);
}

/// The number at `key` of a JSON object, or NaN.
double number(const json& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? j[key].get<double>() : std::nan("");
}

TEST(GaitScale, AWalkHasSpeedAndStepLengthsWithAHeightAndSaysWhyWithout) {
  PHYSIO_REQUIRE_SHARED("sports2d-demo");
  if (!model_file("pose_detection.tflite") || !model_file("pose_landmark_full.tflite"))
    GTEST_SKIP() << "the pose models are absent from " << models_dir().string()
                 << " (scripts/fetch-models.sh); skipping";
  const fs::path video = shared_path / "demo.mp4";
  // The batch path with the height.
  const fs::path out = scratch_dir("gait_scale_cli") / "gait.json";
  const test::Run cli = run(std::string(PHYSIO_BIN) + " gait " + video.string() +
                            " --height-cm 172 --models " + models_dir().string() + " -o " + out.string());
  ASSERT_EQ(cli.status, 0) << cli.out;
  const json batch = json::parse(*load_file(out));

  ServerOptionsForTest o;
  o.job_workers = 1;
  o.tweak = [](server::Settings& st) { st.models_dir = models_dir(); };
  auto ts = TestServer::start("gait_scale_video", o);
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string bytes = *load_file(video, 64 << 20);
  auto upload = [&](const std::string& query, const std::string& body) {
    auto r = physio.request("POST", "/api/patients/" + s.p1 + "/recordings?" + query, body,
                            "application/octet-stream");
    EXPECT_EQ(r.status, 202) << r.body;
    const json j = json::parse(r.body);
    const json job = wait_for_job(physio, j["job_id"], std::chrono::minutes(20));
    EXPECT_EQ(job["state"], "done") << job.dump();
    return json::parse(physio.get("/api/recordings/" + j["recording_id"].get<std::string>()).body);
  };
  const std::string video_query = "kind=video&test=gait&name=demo.mp4";
  auto speeds = [&] {
    return json::parse(physio.get("/api/patients/" + s.p1 + "/observations?code=gait-speed").body).size();
  };

  // No height with the upload or on the record: cadence, no speed or lengths, and the reason.
  const json none = upload(video_query, bytes);
  const json& sn = none["summary"];
  EXPECT_TRUE(std::isfinite(number(sn, "cadence_steps_per_min"))) << sn.dump();
  EXPECT_FALSE(sn.contains("speed_mps")) << sn.dump();
  EXPECT_FALSE(sn["gait_left"].contains("step_length_m")) << sn.dump();
  EXPECT_EQ(sn["scale"],
            "no scale: step length and speed not given (no height with the upload or on the "
            "patient's record)");
  EXPECT_EQ(speeds(), 0u);

  // The height on the record is used when the upload gives none.
  ASSERT_EQ(physio.request("PATCH", "/api/patients/" + s.p1, R"({"height_cm":172})").status, 200);
  const json rec = upload(video_query, bytes);
  const json& sr = rec["summary"];
  EXPECT_EQ(sr["scale"], "scale from the patient's height 172 cm, on the patient's record");
  const double speed = number(sr, "speed_mps");
  std::printf(
      "gait scale figures: speed %.2f m/s (physio gait %.2f); step length left %s right %s (physio "
      "gait %s, %s); stride length left %s right %s (physio gait %s, %s)\n",
      speed, number(batch, "speed_mps"), rec["result"]["sides"]["left"]["step_length_m"].dump().c_str(),
      rec["result"]["sides"]["right"]["step_length_m"].dump().c_str(),
      batch["sides"]["left"]["step_length_m"].dump().c_str(),
      batch["sides"]["right"]["step_length_m"].dump().c_str(),
      rec["result"]["sides"]["left"]["stride_length_m"].dump().c_str(),
      rec["result"]["sides"]["right"]["stride_length_m"].dump().c_str(),
      batch["sides"]["left"]["stride_length_m"].dump().c_str(),
      batch["sides"]["right"]["stride_length_m"].dump().c_str());
  EXPECT_GT(speed, 0.3);
  // Against `physio gait` on the video: the speed equal within the JSON's rounding (0.01 m/s), the stride
  // lengths within 1 %. The command's pose run and the job's give landmark series that differ by a frame
  // at some of the far foot's contacts, which moves a step length by a few centimetres: step lengths are
  // held to the command on the landmarks the job kept (the same frames), equal within rounding (0.001 m).
  EXPECT_NEAR(speed, number(batch, "speed_mps"), 0.0051);
  const fs::path kept_rec =
      ts->data_dir() / "files" / s.clinic_a / rec["id"].get<std::string>() / "landmarks.plmk";
  const fs::path out_kept = scratch_dir("gait_scale_cli_kept") / "gait.json";
  const test::Run cli_kept = run(std::string(PHYSIO_BIN) + " gait " + kept_rec.string() +
                                 " --height-cm 172 -o " + out_kept.string());
  ASSERT_EQ(cli_kept.status, 0) << cli_kept.out;
  const json same = json::parse(*load_file(out_kept));
  EXPECT_NEAR(speed, number(same, "speed_mps"), 0.0051);
  int lengths = 0;
  for (const char* side : {"left", "right"}) {
    const json& mine = rec["result"]["sides"][side];
    const double stride_video = number(batch["sides"][side], "stride_length_m");
    if (std::isfinite(stride_video)) {
      EXPECT_NEAR(number(mine, "stride_length_m"), stride_video, 0.01 * stride_video) << side;
    }
    for (const char* k : {"step_length_m", "stride_length_m"}) {
      const double m = number(mine, k), theirs = number(same["sides"][side], k);
      EXPECT_EQ(std::isfinite(m), std::isfinite(theirs)) << side << ' ' << k;
      if (!std::isfinite(m) || !std::isfinite(theirs)) continue;
      ++lengths;
      EXPECT_NEAR(m, theirs, 0.0011) << side << ' ' << k;
    }
    if (sr.contains("gait_" + std::string(side)) && mine["step_length_m"].is_number()) {
      EXPECT_EQ(sr["gait_" + std::string(side)]["step_length_m"], mine["step_length_m"]);
    }
  }
  EXPECT_GE(lengths, 2);
  EXPECT_EQ(speeds(), 1u);
  const json steps =
      json::parse(physio.get("/api/patients/" + s.p1 + "/observations?code=gait-step-length").body);
  EXPECT_GE(steps.size(), 1u);
  for (const auto& m : steps) EXPECT_EQ(m["unit"], "m");

  // A height given with the upload is preferred to the record's, and said so: the lengths scale with it.
  // The same walk as the landmarks the job kept (no second pose run).
  const fs::path kept =
      ts->data_dir() / "files" / s.clinic_a / rec["id"].get<std::string>() / "landmarks.plmk";
  const json given =
      upload("kind=landmarks&test=gait&name=walk.plmk&height_cm=180", *load_file(kept, 64 << 20));
  EXPECT_EQ(given["height_cm"], 180);
  EXPECT_EQ(given["summary"]["scale"], "scale from the patient's height 180 cm, given with the upload");
  EXPECT_NEAR(number(given["summary"], "speed_mps"), speed * 180.0 / 172.0, 0.011);
}

}  // namespace
}  // namespace physio::test
