// `physio scribe` end to end: the built binary, its JSON and its exit statuses.
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

fs::path write(const std::string& name, const std::string& body) {
  static const fs::path dir = test::scratch_dir("scribe_cli");
  fs::path p = dir / name;
  EXPECT_TRUE(save_file_atomic(p, body));
  return p;
}

TEST(ScribeCli, FactsFromADialogueToAFile) {
  auto in = write("visit.txt",
                  "[doctor] any numbness or tingling\n[patient] no\n[patient] my right knee hurts, "
                  "about six or seven out of ten, for three weeks\n");
  fs::path out = in.parent_path() / "facts.json";
  auto r = physio_cli("scribe facts " + in.string() + " -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto text = load_text_file(out);
  ASSERT_TRUE(text);
  auto j = nlohmann::json::parse(*text);
  EXPECT_EQ(j["format"], "physiokit-scribe-facts");
  ASSERT_GE(j["facts"].size(), 4u) << *text;
  EXPECT_EQ(j["facts"][0]["kind"], "red_flag");  // red flags first
  EXPECT_EQ(j["facts"][0]["negated"], true);
  bool score = false, duration = false;
  for (const auto& f : j["facts"]) {
    if (f["kind"] == "pain_score") score = f["value"] == "6-7";
    if (f["kind"] == "duration") duration = f["value"] == "21";
  }
  EXPECT_TRUE(score) << *text;
  EXPECT_TRUE(duration) << *text;
}

TEST(ScribeCli, PlainTextToStdoutAndFormats) {
  auto in = write("note.txt", "denies fever\n");
  auto r = physio_cli("scribe facts " + in.string() + " --format text");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"fever\""), std::string::npos);
  EXPECT_NE(r.output.find("no speaker labels"), std::string::npos);
  auto bad = physio_cli("scribe facts " + in.string() + " --format docx");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--format: expected auto, json, textgrid, aci or text"), std::string::npos);
}

TEST(ScribeCli, BadInputExitsNonZeroWithTheFileAndField) {
  auto in = write("bad.json", R"({"segments": [{"text": 3}]})");
  auto r = physio_cli("scribe facts " + in.string());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find("bad.json: segments[0].text: expected a string"), std::string::npos) << r.output;
  auto missing = physio_cli("scribe facts /nonexistent/visit.json");
  EXPECT_EQ(missing.exit_code, 3) << missing.output;
  auto half = physio_cli("scribe facts --doctor " + in.string());
  EXPECT_EQ(half.exit_code, 2) << half.output;
  auto no_dir = physio_cli("scribe eval --annotations /nonexistent");
  EXPECT_EQ(no_dir.exit_code, 3) << no_dir.output;
}

TEST(ScribeCli, EvalOnTheSharedConsultations) {
  auto data = test::shared_data_dir();
  if (!data || !fs::is_directory(*data / "consultations-primock57") ||
      !fs::is_directory(*data / "consultations-aci-bench"))
    GTEST_SKIP() << "reference data ../shared/data/consultations-{primock57,aci-bench} is absent; skipping";
  fs::path ann = test::source_dir() / "data" / "scribe" / "annotations";
  fs::path out = test::scratch_dir("scribe_cli_eval") / "report.json";
  auto r = physio_cli("scribe eval --annotations " + ann.string() + " --set dev --data " + data->string() +
                      " -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("development set"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("held-out set"), std::string::npos);
  auto text = load_text_file(out);
  ASSERT_TRUE(text);
  auto j = nlohmann::json::parse(*text);
  EXPECT_TRUE(j["sets"]["dev"]["overall"]["precision"].is_number());
  // A PriMock57 channel with its partner beside it is merged.
  auto doc = *data / "consultations-primock57" / "transcripts" / "day1_consultation01_doctor.TextGrid";
  auto f = physio_cli("scribe facts " + doc.string());
  EXPECT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("merged with"), std::string::npos);
}

}  // namespace
}  // namespace physio
