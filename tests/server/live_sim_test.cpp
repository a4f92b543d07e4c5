// Live equals batch, through the real programs: `physio live-sim` plays landmark files over the live
// protocol to a running server, and each session's stored result (repetitions, cues, valid) must equal
// `physio analyze` on the same file. The live counts (what the patient saw) are reported and held to the
// agreement measured for the live analyser. Files: one UI-PRMD sequence per exercise (subject s01, correct
// set) and the Pose2Sim pose output of the shared balancing videos (no library exercise: both refuse it).
// PHYSIO_LIVE_SIM_ALL=1 plays all 100 UI-PRMD sequences.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <map>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
#include "exercise/ui_prmd.hpp"
#include "kinematics/formats/load.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct LiveSimCase {
  fs::path file;
  std::string exercise, side;  ///< side "" for bilateral exercises
};

json load_json(const fs::path& p) {
  auto text = load_text_file(p);
  if (!text) return {};
  return json::parse(*text, nullptr, false);
}

/// analyze's cues as (rule, repetition, time rounded to 1 ms).
std::vector<std::string> cue_keys(const json& cues, const char* rule_key) {
  std::vector<std::string> out;
  if (!cues.is_array()) return out;
  for (const auto& c : cues)
    out.push_back(
        fmt::format("{} rep {} at {:.3f}", c.value(rule_key, ""), c.value("rep", 0), c.value("t_s", 0.0)));
  return out;
}

TEST(LiveSim, StoredResultsEqualAnalyzeAndLiveCountsAgree) {
  PHYSIO_REQUIRE_SHARED("ui-prmd-kinect");
  const fs::path shared_root = shared_path.parent_path();
  const bool all = std::getenv("PHYSIO_LIVE_SIM_ALL") != nullptr;
  const fs::path dir = scratch_dir("live_sim_files");

  // The files: UI-PRMD sequences as .plmk (the repetitions of one set, end to end).
  auto listed = exercise::list_ui_prmd(shared_path);
  ASSERT_TRUE(listed) << listed.error().to_string();
  std::map<std::string, const exercise::UiPrmdFile*> groups;  // name -> first file of the set
  for (const auto& f : *listed) {
    if (!all && (f.subject != "s01" || !f.correct)) continue;
    groups.try_emplace(f.exercise + "_" + f.subject + (f.correct ? "_correct" : "_incorrect"), &f);
  }
  std::vector<LiveSimCase> cases;
  for (const auto& [name, first] : groups) {
    auto set = exercise::load_ui_prmd_set(*listed, first->exercise, first->subject, first->correct);
    ASSERT_TRUE(set) << set.error().to_string();
    ASSERT_TRUE(*set);
    const kin::LandmarkSequence* seq = &(*set)->landmarks;
    auto ex = exercise::find_exercise(first->exercise);
    ASSERT_TRUE(ex) << ex.error().to_string();
    // The side as the evaluation takes it: the batch analysis' own choice.
    auto batch = exercise::analyse_exercise(*seq, **ex, {});
    ASSERT_TRUE(batch) << name << ": " << batch.error().to_string();
    const bool one_sided = (*ex)->laterality == exercise::Laterality::kUnilateral;
    const fs::path file = dir / (name + ".plmk");
    ASSERT_TRUE(kin::save_landmarks(*seq, file));
    cases.push_back({file, (*ex)->id, one_sided ? batch->side : ""});
  }
  // Pose output of the shared videos (Pose2Sim's 3D landmarks of the balancing trial).
  const fs::path trc =
      shared_root / "pose2sim-demo/pose-3d/S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc";
  if (fs::exists(trc)) cases.push_back({trc, "deep_squat", ""});

  ServerOptionsForTest o;
  o.job_workers = 1;
  auto ts = TestServer::start("live_sim", o);
  const std::string bin = PHYSIO_BIN;

  // physio analyze on every file.
  std::map<std::string, json> analyzed;
  for (const auto& c : cases) {
    const fs::path out = dir / (c.file.stem().string() + ".analyze.json");
    const auto r = run(bin + " analyze " + c.file.string() + " --exercise " + c.exercise +
                       (c.side.empty() ? "" : " --side " + c.side) + " -o " + out.string());
    ASSERT_TRUE(r.status == 0 || r.status == 5) << r.out;
    analyzed[c.file.string()] = load_json(out);
  }

  // physio live-sim, one run per exercise and side (all sequences of it side by side), at 3x speed. The runs
  // wait on the frames' own times, so three play at once (each its own sessions on the one server).
  std::map<std::string, std::vector<const LiveSimCase*>> runs;
  for (const auto& c : cases) runs[c.exercise + " " + c.side].push_back(&c);
  struct Played {
    fs::path out;
    physio::test::Run run;
  };
  auto play = [&](const std::vector<const LiveSimCase*>& cs) {
    std::string files;
    for (const auto* c : cs) files += " --landmarks " + c->file.string();
    const fs::path out = dir / ("sim_" + cs.front()->exercise + cs.front()->side + ".json");
    return Played{out,
                  run("echo '" + std::string(kPassword) + "' | " + bin +
                      " live-sim --url http://127.0.0.1:" + std::to_string(ts->port()) + " --user " +
                      ts->seeded().user_email.at("patient") + " --password-stdin --exercise " +
                      cs.front()->exercise + (cs.front()->side.empty() ? "" : " --side " + cs.front()->side) +
                      files + " --speed 3 --stagger 0.2 -o " + out.string())};
  };
  std::vector<std::vector<const LiveSimCase*>> queue;
  for (const auto& [key, cs] : runs) queue.push_back(cs);
  std::vector<Played> played;
  constexpr std::size_t kAtOnce = 3;
  for (std::size_t i = 0; i < queue.size(); i += kAtOnce) {
    std::vector<std::future<Played>> batch;
    for (std::size_t k = i; k < std::min(queue.size(), i + kAtOnce); ++k)
      batch.push_back(std::async(std::launch::async, [&play, &queue, k] { return play(queue[k]); }));
    for (auto& f : batch) played.push_back(f.get());
  }
  std::map<std::string, json> simulated;
  for (const auto& p : played) {
    ASSERT_TRUE(p.run.status == 0 || p.run.status == 5) << p.run.out;
    const json j = load_json(p.out);
    ASSERT_TRUE(j.contains("sessions")) << p.run.out;
    for (const auto& s : j["sessions"]) simulated[s["file"].get<std::string>()] = s;
  }

  int n = 0, live_equal = 0, live_within_one = 0;
  for (const auto& c : cases) {
    const std::string key = c.file.string();
    ASSERT_TRUE(simulated.contains(key)) << key;
    const json& a = analyzed[key];
    const json& s = simulated[key];
    SCOPED_TRACE(c.file.filename().string());
    EXPECT_EQ(s["frames_acknowledged"], s["frames_sent"]);
    EXPECT_EQ(s["refused"], 0);
    // The stored analysis is the batch analysis: same validity, count and cues as physio analyze.
    EXPECT_EQ(s["valid"], a.value("valid", false));
    if (a.value("valid", false)) {
      EXPECT_EQ(s["repetitions"], a["summary"]["count"]);
      EXPECT_EQ(cue_keys(s["cues"], "id"), cue_keys(a["cues"], "rule"));
      const auto live = s["repetitions_live"].get<int>(), batch = a["summary"]["count"].get<int>();
      ++n;
      live_equal += live == batch;
      live_within_one += std::abs(live - batch) <= 1;
      if (live != batch)
        std::printf("[live-sim] %s: live %d, stored/analyze %d\n", c.file.filename().c_str(), live, batch);
    } else {
      EXPECT_TRUE(s.contains("reasons")) << s.dump();
    }
  }
  std::printf("[live-sim] %d valid sequences: live count equal to analyze on %d, within one on %d\n", n,
              live_equal, live_within_one);
  EXPECT_GE(n, all ? 90 : 9);
  // The live analyser sees only the frames so far (docs/server/live.md, "Live and stored"). Measured on
  // 2026-11-24: one set per exercise, equal on 10/10; all 100 sequences, equal on 91 and within one on 98
  // (the stored results equal physio analyze on all 100).
  if (all) {
    EXPECT_GE(live_within_one * 100, n * 95);
    EXPECT_GE(live_equal * 100, n * 90);
  } else {
    EXPECT_EQ(live_within_one, n);
    EXPECT_GE(live_equal * 10, n * 8);
  }
}

}  // namespace
}  // namespace physio::test
