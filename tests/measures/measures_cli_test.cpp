// `physio measures` end to end: the built binary, its exact JSON and its exit statuses.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_run.hpp"
#include "common/test_data.hpp"
#include "core/file_io.hpp"

namespace physio {
namespace {

namespace fs = std::filesystem;
using test::physio_cli;

// The stdout JSON: stderr is merged by physio_cli, and our JSON starts at the first '{'.
nlohmann::json json_of(const std::string& out) {
  auto at = out.find('{');
  return at == std::string::npos ? nlohmann::json() : nlohmann::json::parse(out.substr(at), nullptr, false);
}

fs::path answers_file(const std::string& name, const std::string& body) {
  static const fs::path dir = test::scratch_dir("measures_cli");
  fs::path p = dir / name;
  EXPECT_TRUE(save_file_atomic(p, body));
  return p;
}

TEST(MeasuresCli, ListShowsEveryId) {
  auto r = physio_cli("measures list");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* id : {"nprs", "psfs", "lefs", "odi", "ndi", "koos", "koos_jr", "quickdash", "tug",
                         "chair_stand_30s", "five_times_sts", "gait_speed_10mwt", "six_minute_walk", "berg"})
    EXPECT_NE(r.output.find(id), std::string::npos) << id;
}

TEST(MeasuresCli, ScoresOdiExactly) {
  // Fairbank & Pynsent 2000 example: 16 over nine answered sections = 35.5 %.
  auto f = answers_file("odi.json", R"({"answers": [3, 2, 2, 1, 2, 2, 1, null, 2, 1]})");
  auto r = physio_cli("measures score odi " + f.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto j = json_of(r.output);
  ASSERT_TRUE(j.is_object()) << r.output;
  EXPECT_EQ(j.size(), 5u);
  EXPECT_EQ(j["instrument"], "odi");
  ASSERT_TRUE(j["scores"].is_object());
  EXPECT_EQ(j["scores"].size(), 1u);
  EXPECT_NEAR(j["scores"]["total"].get<double>(), 16.0 / 45.0 * 100.0, 1e-6);
  EXPECT_EQ(j["missing"], nlohmann::json::array({"odi_8"}));
  EXPECT_EQ(j["valid"], true);
  EXPECT_TRUE(j["reason"].is_null());
  // Keys in the contract's order.
  EXPECT_LT(r.output.find("\"instrument\""), r.output.find("\"scores\""));
  EXPECT_LT(r.output.find("\"missing\""), r.output.find("\"valid\""));
}

TEST(MeasuresCli, KoosSubscalesAndPsfsShortList) {
  std::string zeros = "0";
  for (int i = 1; i < 42; ++i) zeros += ", 0";
  auto k = physio_cli("measures score koos " +
                      answers_file("koos.json", "{\"answers\": [" + zeros + "]}").string());
  ASSERT_EQ(k.exit_code, 0) << k.output;
  auto kj = json_of(k.output);
  for (const char* sub : {"symptoms", "pain", "adl", "sport_rec", "qol"})
    EXPECT_EQ(kj["scores"][sub], 100.0) << sub;

  auto p =
      physio_cli("measures score psfs " + answers_file("psfs.json", R"({"answers": [3, 5, 7]})").string());
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_EQ(json_of(p.output)["scores"]["total"], 5.0);
}

TEST(MeasuresCli, NotValidHasItsOwnStatus) {
  auto f = answers_file("qd.json", R"({"answers": [2, 2, 2, 2, 2, 2, 2, 2, 2, null, null]})");
  auto r = physio_cli("measures score quickdash " + f.string());
  EXPECT_EQ(r.exit_code, 5) << r.output;
  auto j = json_of(r.output);
  EXPECT_EQ(j["valid"], false);
  EXPECT_TRUE(j["scores"]["total"].is_null());
  EXPECT_EQ(j["missing"], nlohmann::json::array({"qd_10", "qd_11"}));
  EXPECT_NE(j["reason"].get<std::string>().find("at least 10 needed"), std::string::npos);
}

TEST(MeasuresCli, ErrorsAndUsage) {
  auto bad = physio_cli("measures score nprs " + answers_file("nprs.json", R"({"answers": [12]})").string());
  EXPECT_EQ(bad.exit_code, 4) << bad.output;
  EXPECT_NE(bad.output.find("item pain"), std::string::npos) << bad.output;

  auto text =
      physio_cli("measures score nprs " + answers_file("nprs_text.json", R"({"answers": ["7"]})").string());
  EXPECT_EQ(text.exit_code, 4) << text.output;
  EXPECT_NE(text.output.find("answers[0]"), std::string::npos) << text.output;

  auto unknown = physio_cli("measures score womac " + answers_file("w.json", R"({"answers": [1]})").string());
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("unknown instrument 'womac'"), std::string::npos) << unknown.output;

  auto count = physio_cli("measures score odi " +
                          answers_file("odi9.json", R"({"answers": [1, 1, 1, 1, 1, 1, 1, 1, 1]})").string());
  EXPECT_EQ(count.exit_code, 4) << count.output;
  EXPECT_NE(count.output.find("odi takes 10 answers"), std::string::npos) << count.output;

  EXPECT_EQ(physio_cli("measures score odi").exit_code, 2);
  EXPECT_EQ(physio_cli("measures").exit_code, 2);
  EXPECT_EQ(physio_cli("measures score odi /nonexistent/answers.json").exit_code, 3);
}

TEST(MeasuresCli, ChangeAndExplain) {
  auto base = answers_file("tug0.json", R"({"answers": [14.0]})");
  auto cur = answers_file("tug1.json", R"({"answers": [13.2]})");
  auto r = physio_cli("measures score tug " + cur.string() + " --explain");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("at or above the STEADI fall-risk cut-off 12 s"), std::string::npos) << r.output;
  auto c = physio_cli("measures change tug " + base.string() + " " + cur.string());
  ASSERT_EQ(c.exit_code, 0) << c.output;
  auto j = json_of(c.output);
  EXPECT_NEAR(j["changes"][0]["improvement"].get<double>(), 0.8, 1e-9);
  EXPECT_EQ(j["changes"][0]["beyond_mdc"], false);
}

}  // namespace
}  // namespace physio
