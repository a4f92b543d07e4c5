// Transcript readers: physiokit JSON, Praat TextGrid (long and short), tagged dialogues, ACI-BENCH CSV, text.
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe {
namespace {

constexpr double kReaderTimeTol = 1e-9;

TEST(ScribeReaders, JsonWithWordsTimesAndSpeakers) {
  auto t = parse_transcript_json(R"({"format": "physiokit-transcript", "version": 1, "segments": [
      {"speaker": "clinician", "start_s": 0.5, "end_s": 2.0, "text": "Any <UNSURE>fever</UNSURE>?"},
      {"speaker": "patient", "words": [{"text": "no", "start_s": 2.1, "end_s": 2.3, "confidence": 0.9},
                                       {"text": "fever", "start_s": 2.3, "end_s": 2.8}]}]})",
                                 "t.json");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->segments.size(), 2u);
  EXPECT_TRUE(t->speakers_known);
  EXPECT_EQ(t->segments[0].speaker, Speaker::kClinician);
  EXPECT_EQ(t->segments[0].text, "Any fever?");
  EXPECT_EQ(t->segments[1].text, "no fever");
  EXPECT_NEAR(*t->segments[1].start_s, 2.1, kReaderTimeTol);
  EXPECT_NEAR(*t->segments[1].end_s, 2.8, kReaderTimeTol);
  EXPECT_NEAR(*t->segments[1].words[0].confidence, 0.9, kReaderTimeTol);
  // Round trip through the writer.
  auto back = parse_transcript_json(transcript_to_json(*t).dump(), "back.json");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->segments[1].words.size(), 2u);
}

TEST(ScribeReaders, JsonErrorsNameTheFileAndField) {
  struct Case {
    const char* json;
    const char* expect;
  };
  const Case cases[] = {
      {R"({"segments": [{"text": "a"}, {"text": 3}]})", "t.json: segments[1].text: expected a string"},
      {R"({"segments": [{"text": "a", "start_s": -1}]})", "segments[0].start_s: expected a time >= 0 s"},
      {R"({"segments": [{"text": "a", "start_s": 2, "end_s": 1}]})",
       "segments[0]: end_s 1 is before start_s 2"},
      {R"({"segments": [{"speaker": "nurse", "text": "a"}]})", "segments[0].speaker: expected clinician"},
      {R"({"segments": [{"words": [{"text": "a", "confidence": 2}]}]})",
       "segments[0].words[0].confidence: expected 0-1"},
      {R"({"segments": [{}]})", "segments[0]: needs \"text\" or \"words\""},
      {R"({"version": 2, "segments": []})", "version: only version 1 is read"},
      {R"([1, 2])", "expected a JSON object"},
      {R"({"segments": [)", "t.json: not valid JSON"},
  };
  for (const auto& c : cases) {
    auto t = parse_transcript_json(c.json, "t.json");
    ASSERT_FALSE(t) << c.json;
    EXPECT_NE(t.error().to_string().find(c.expect), std::string::npos) << t.error().to_string();
  }
}

constexpr const char* kLongTextGrid = R"(File type = "ooTextFile"
Object class = "TextGrid"

xmin = 0
xmax = 10
tiers? <exists>
size = 1
item []:
    item [1]:
        class = "IntervalTier"
        name = "Patient"
        xmin = 0
        xmax = 10
        intervals: size = 3
        intervals [1]:
            xmin = 0
            xmax = 1.5
            text = ""
        intervals [2]:
            xmin = 1.5
            xmax = 4
            text = "It's on the ""left"" side. <UNIN/>"
        intervals [3]:
            xmin = 4
            xmax = 10
            text = "Two
lines."
)";

TEST(ScribeReaders, TextGridLongFormat) {
  auto t = parse_textgrid(kLongTextGrid, "p.TextGrid");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->segments.size(), 2u);  // the empty interval is dropped
  EXPECT_EQ(t->segments[0].speaker, Speaker::kPatient);
  EXPECT_EQ(t->segments[0].text, "It's on the \"left\" side.");
  EXPECT_EQ(t->segments[1].text, "Two lines.");
  EXPECT_NEAR(*t->segments[0].start_s, 1.5, kReaderTimeTol);
  EXPECT_NEAR(*t->segments[1].end_s, 10.0, kReaderTimeTol);
}

TEST(ScribeReaders, TextGridShortFormatAndMerge) {
  const char* doctor =
      "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n0\n5\n<exists>\n1\n\"IntervalTier\"\n"
      "\"Doctor\"\n0\n5\n2\n0\n1\n\"Any fever?\"\n3\n5\n\"OK.\"\n";
  const char* patient =
      "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n0\n5\n<exists>\n1\n\"IntervalTier\"\n"
      "\"Patient\"\n0\n5\n1\n1\n3\n\"No.\"\n";
  auto d = parse_textgrid(doctor, "d.TextGrid");
  auto p = parse_textgrid(patient, "p.TextGrid");
  ASSERT_TRUE(d) << d.error().to_string();
  ASSERT_TRUE(p) << p.error().to_string();
  auto m = merge_channels(*d, *p);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->segments.size(), 3u);
  EXPECT_EQ(m->segments[0].text, "Any fever?");
  EXPECT_EQ(m->segments[1].speaker, Speaker::kPatient);
  EXPECT_EQ(m->segments[1].text, "No.");
  EXPECT_EQ(m->segments[2].speaker, Speaker::kClinician);
}

TEST(ScribeReaders, TextGridErrorsNameTheLine) {
  std::string open_quote =
      std::string(kLongTextGrid).substr(0, std::string(kLongTextGrid).find("Two")) + "Two";
  auto a = parse_textgrid(open_quote, "p.TextGrid");
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().to_string().find("p.TextGrid: line 26: a text that is never closed"), std::string::npos)
      << a.error().to_string();
  auto b = parse_textgrid("File type = \"ooTextFile\"\nObject class = \"Sound\"\n", "s.TextGrid");
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().to_string().find("expected a Praat TextGrid"), std::string::npos);
  std::string bad_number = kLongTextGrid;
  bad_number.replace(bad_number.find("xmax = 4"), 8, "xmax = 4x");
  auto c = parse_textgrid(bad_number, "p.TextGrid");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().to_string().find("line 21: \"4x\" is not a number"), std::string::npos)
      << c.error().to_string();
  std::string truncated =
      std::string(kLongTextGrid).substr(0, std::string(kLongTextGrid).find("intervals [3]"));
  auto e = parse_textgrid(truncated, "p.TextGrid");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().to_string().find("the file ends where xmin was expected"), std::string::npos);
}

TEST(ScribeReaders, TaggedDialogue) {
  auto t = parse_tagged_dialogue(
      "[doctor] which knee was it\n[patient] my right knee\nand it is swollen\n\n[patient_guest] she fell\n",
      "d");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->segments.size(), 3u);
  EXPECT_EQ(t->segments[1].text, "my right knee and it is swollen");
  EXPECT_EQ(t->segments[2].speaker, Speaker::kOther);
  auto bad = parse_tagged_dialogue("hello there\n[doctor] hi", "d.txt");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(), "d.txt: line 1: expected a speaker tag such as [doctor] or [patient]");
  auto unclosed = parse_tagged_dialogue("[doctor hi", "d.txt");
  ASSERT_FALSE(unclosed);
  EXPECT_NE(unclosed.error().to_string().find("line 1: a speaker tag"), std::string::npos);
}

TEST(ScribeReaders, DialogueCsvWithQuotedMultiLineFields) {
  const char* csv =
      "dataset,encounter_id,dialogue,note\r\n"
      "aci,D1,\"[doctor] hi , \"\"martha\"\"\n[patient] hello\",\"note, with comma\"\n"
      "aci,D2,\"[doctor] bye\",n\n";
  auto rows = parse_dialogue_csv(csv, "x.csv");
  ASSERT_TRUE(rows) << rows.error().to_string();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].encounter_id, "D1");
  EXPECT_EQ((*rows)[0].dialogue, "[doctor] hi , \"martha\"\n[patient] hello");
  EXPECT_EQ((*rows)[1].dialogue, "[doctor] bye");
  auto short_row = parse_dialogue_csv("encounter_id,dialogue\nD1,\"a\nb\"\nD2\n", "x.csv");
  ASSERT_FALSE(short_row);
  EXPECT_EQ(short_row.error().to_string(), "x.csv: line 4: expected 2 columns, got 1");
  auto open = parse_dialogue_csv("encounter_id,dialogue\nD1,\"never closed\n", "x.csv");
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().to_string(), "x.csv: line 2: column 2: a quoted field is never closed");
  auto no_cols = parse_dialogue_csv("id,text\n1,a\n", "x.csv");
  ASSERT_FALSE(no_cols);
  EXPECT_NE(no_cols.error().to_string().find("expected columns \"encounter_id\" and \"dialogue\""),
            std::string::npos);
}

TEST(ScribeReaders, PlainTextAndFormatDetection) {
  auto t = parse_plain_text("my knee hurts\n\n  it started monday  \n", "t.txt");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->segments.size(), 2u);
  EXPECT_FALSE(t->speakers_known);
  EXPECT_EQ(t->segments[1].text, "it started monday");
  EXPECT_FALSE(parse_plain_text("\n \n", "e.txt"));
  EXPECT_EQ(detect_transcript_format("  {\"segments\": []}"), TranscriptFormat::kJson);
  EXPECT_EQ(detect_transcript_format(kLongTextGrid), TranscriptFormat::kTextGrid);
  EXPECT_EQ(detect_transcript_format("[doctor] hi"), TranscriptFormat::kDialogue);
  EXPECT_EQ(detect_transcript_format("dataset,encounter_id,dialogue,note\n"), TranscriptFormat::kDialogue);
  EXPECT_EQ(detect_transcript_format("my knee hurts"), TranscriptFormat::kText);
  EXPECT_EQ(parse_transcript_format("aci"), TranscriptFormat::kDialogue);
  EXPECT_FALSE(parse_transcript_format("docx"));
  EXPECT_EQ(strip_markup("<UNSURE>Hello how</UNSURE> um. <UNIN/> fine < 5"), "Hello how um. fine < 5");
}

TEST(ScribeReaders, SharedPrimock57PairAndAciCsv) {
  PHYSIO_REQUIRE_SHARED("consultations-primock57");
  auto dir = shared_path / "transcripts";
  auto d = load_text_file(dir / "day1_consultation01_doctor.TextGrid");
  auto p = load_text_file(dir / "day1_consultation01_patient.TextGrid");
  ASSERT_TRUE(d && p);
  auto dt = parse_textgrid(*d, "doctor");
  auto pt = parse_textgrid(*p, "patient");
  ASSERT_TRUE(dt && pt);
  auto m = merge_channels(*dt, *pt);
  ASSERT_TRUE(m);
  EXPECT_GT(m->segments.size(), 50u);
  for (std::size_t i = 1; i < m->segments.size(); ++i)
    EXPECT_LE(*m->segments[i - 1].start_s, *m->segments[i].start_s);
  auto aci = test::shared_data("consultations-aci-bench");
  if (!aci) GTEST_SKIP() << "reference data ../shared/data/consultations-aci-bench is absent; skipping";
  auto csv = load_text_file(*aci / "train.csv");
  ASSERT_TRUE(csv);
  auto rows = parse_dialogue_csv(*csv, "train.csv");
  ASSERT_TRUE(rows) << rows.error().to_string();
  EXPECT_EQ(rows->size(), 67u);
  for (const auto& r : *rows) {
    auto t = parse_tagged_dialogue(r.dialogue, r.encounter_id);
    EXPECT_TRUE(t) << r.encounter_id;
  }
}

}  // namespace
}  // namespace physio::scribe
