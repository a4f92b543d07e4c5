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
  fs::create_directories(p.parent_path());
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

TEST(ScribeCli, SegmentsPrintTheTranscriptAsRead) {
  auto in = write("segments.txt",
                  "[doctor] any fever?\n[patient] <UNSURE>no</UNSURE> fever\n[patient_guest] hello\n");
  auto r = physio_cli("scribe segments " + in.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("[0] clinician: any fever?"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("[1] patient: no fever"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("[2] other: hello"), std::string::npos) << r.output;
  auto missing = physio_cli("scribe segments " + (in.parent_path() / "absent.txt").string());
  EXPECT_NE(missing.exit_code, 0) << missing.output;
}

TEST(ScribeCli, AgreementBetweenTwoFolders) {
  const char* a =
      R"({"format": "physiokit-scribe-annotation", "version": 2, "dataset": "aci-bench", "id": "D2N001",
    "set": "dev", "transcript": {"format": "aci-csv", "file": "x.csv", "encounter_id": "D2N001"},
    "facts": [{"kind": "red_flag", "value": "fever", "negated": true, "locations": [{"segment": 0, "quote": "no fever"}]},
              {"kind": "pain_site", "value": "knee", "negated": false, "locations": [{"segment": 1, "quote": "knee"}]}]})";
  const char* b =
      R"({"format": "physiokit-scribe-annotation", "version": 2, "dataset": "aci-bench", "id": "D2N001",
    "set": "dev", "transcript": {"format": "aci-csv", "file": "x.csv", "encounter_id": "D2N001"},
    "facts": [{"kind": "red_flag", "value": "fever", "negated": false, "locations": [{"segment": 0, "quote": "fever"}]},
              {"kind": "red_flag", "value": "weight_loss", "negated": true, "locations": [{"segment": 0, "quote": "weight"}]},
              {"kind": "pain_site", "value": "knee", "negated": false, "locations": [{"segment": 1, "quote": "knee"}]}]})";
  fs::path first = write("ag1/aci-bench/D2N001.json", a).parent_path().parent_path();
  fs::path second = write("ag2/aci-bench/D2N001.json", b).parent_path().parent_path();
  fs::path out = first.parent_path() / "agreement.json";
  auto r = physio_cli("scribe agreement " + first.string() + " " + second.string() + " -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("agreement over 1 consultations"), std::string::npos) << r.output;
  auto text = load_text_file(out);
  ASSERT_TRUE(text);
  auto j = nlohmann::json::parse(*text);
  EXPECT_EQ(j["per_kind"]["red_flag"]["units"], 2);
  EXPECT_EQ(j["per_kind"]["red_flag"]["agreed"], 0);
  EXPECT_EQ(j["per_kind"]["pain_site"]["units"], 1);
  auto none =
      physio_cli("scribe agreement " + first.string() + " " + (first.parent_path() / "nothing").string());
  EXPECT_NE(none.exit_code, 0) << none.output;
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
  fs::path sugg = test::scratch_dir("scribe_cli_eval") / "suggestions.jsonl";
  auto r = physio_cli("scribe eval --annotations " + ann.string() + " --set dev --data " + data->string() +
                      " -o " + out.string() + " --suggestions " + sugg.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("development set"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("held-out set"), std::string::npos);
  auto text = load_text_file(out);
  ASSERT_TRUE(text);
  auto j = nlohmann::json::parse(*text);
  EXPECT_TRUE(j["sets"]["dev"]["overall"]["precision"].is_number());
  // --suggestions: one line per suggested fact, as many as the report counts, those matched as many as it
  // counts matched.
  auto lines = load_text_file(sugg);
  ASSERT_TRUE(lines);
  std::size_t n = 0, matched = 0;
  for (std::size_t at = 0, nl; (nl = lines->find('\n', at)) != std::string::npos; at = nl + 1) {
    auto line = nlohmann::json::parse(lines->substr(at, nl - at));
    ++n;
    matched += line["matched"].get<bool>() ? 1 : 0;
    EXPECT_EQ(line["set"], "dev");
    EXPECT_FALSE(line["turns"].empty());
  }
  EXPECT_EQ(n, j["sets"]["dev"]["overall"]["predicted"].get<std::size_t>());
  EXPECT_EQ(matched, j["sets"]["dev"]["overall"]["predicted_matched"].get<std::size_t>());
  // A PriMock57 channel with its partner beside it is merged.
  auto doc = *data / "consultations-primock57" / "transcripts" / "day1_consultation01_doctor.TextGrid";
  auto f = physio_cli("scribe facts " + doc.string());
  EXPECT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("merged with"), std::string::npos);
}

// physio scribe transcribe: exit statuses 0 done, 2 usage, 3 missing file, 4 bad input.
TEST(ScribeCli, TranscribeExitStatuses) {
  auto usage = physio_cli("scribe transcribe");
  EXPECT_EQ(usage.exit_code, 2) << usage.output;
  auto missing = physio_cli("scribe transcribe /nonexistent/visit.wav --model stock");
  EXPECT_EQ(missing.exit_code, 3) << missing.output;
  EXPECT_NE(missing.output.find("no such file"), std::string::npos) << missing.output;
  auto model = physio_cli("scribe transcribe x.wav --model large");
  EXPECT_EQ(model.exit_code, 2) << model.output;
  EXPECT_NE(model.output.find("--model: expected stock or adapted"), std::string::npos) << model.output;
  if (!fs::exists("/usr/share/pocketsphinx/model/en-us/en-us"))
    GTEST_SKIP() << "pocketsphinx-en-us is not installed (scripts/install-deps.sh)";
  auto text = write("not-audio.wav", "just some text, not audio\n");
  auto bad = physio_cli("scribe transcribe " + text.string() + " --model stock");
  EXPECT_EQ(bad.exit_code, 4) << bad.output;
  EXPECT_NE(bad.output.find("not a WAV file"), std::string::npos) << bad.output;
  // One second of digital silence, 16-bit mono.
  std::string silent = "RIFF";
  auto put32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) silent.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  put32(36 + 32000);
  silent += "WAVEfmt ";
  put32(16);
  silent += std::string("\x01\x00\x01\x00", 4);
  put32(16000);
  put32(32000);
  silent += std::string("\x02\x00\x10\x00", 4);
  silent += "data";
  put32(32000);
  silent += std::string(32000, '\0');
  auto quiet = physio_cli("scribe transcribe " + write("silent.wav", silent).string() + " --model stock");
  EXPECT_EQ(quiet.exit_code, 4) << quiet.output;
  EXPECT_NE(quiet.output.find("the recording is silent"), std::string::npos) << quiet.output;
  auto hours = physio_cli("scribe transcribe " + write("short.wav", silent).string() +
                          " --model stock --max-hours 0.0001");
  EXPECT_EQ(hours.exit_code, 4) << hours.output;
  EXPECT_NE(hours.output.find("h allowed"), std::string::npos) << hours.output;
}

// A recorded utterance through transcribe, then its transcript JSON through facts.
TEST(ScribeCli, TranscriptFromTranscribeIsReadByFacts) {
  const fs::path wav =
      "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav";
  if (!fs::exists(wav))
    GTEST_SKIP() << "pocketsphinx-testdata is not installed (scripts/install-deps.sh test)";
  fs::path ref = write("ref.txt", "he was not an ill disposed young man\n");
  fs::path out = ref.parent_path() / "heard.json";
  auto r = physio_cli("scribe transcribe " + wav.string() + " --model stock -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("physio: transcribe 100 %"), std::string::npos) << r.output;
  auto text = load_text_file(out);
  ASSERT_TRUE(text);
  auto j = nlohmann::json::parse(*text);
  EXPECT_EQ(j["format"], "physiokit-transcript");
  EXPECT_EQ(j["speakers_known"], false);
  EXPECT_EQ(j["recognizer"]["model"], "stock");
  ASSERT_FALSE(j["segments"].empty());
  const auto& w = j["segments"][0]["words"][0];
  EXPECT_TRUE(w.contains("start_s") && w.contains("end_s") && w.contains("confidence")) << w.dump();
  auto facts = physio_cli("scribe facts " + out.string());
  ASSERT_EQ(facts.exit_code, 0) << facts.output;
  EXPECT_NE(facts.output.find("\"physiokit-scribe-facts\""), std::string::npos) << facts.output;
  auto wer = physio_cli("scribe wer " + ref.string() + " " + out.string());
  ASSERT_EQ(wer.exit_code, 0) << wer.output;
  EXPECT_NE(wer.output.find("\"reference_words\": 8"), std::string::npos) << wer.output;
}

}  // namespace
}  // namespace physio
