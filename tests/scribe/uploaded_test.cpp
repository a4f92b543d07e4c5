// Transcripts from a clinic's own recogniser (scribe/uploaded_transcript.hpp): WebVTT, SRT and whisper.cpp
// JSON read into the transcript a recording gives, with word times and speakers where the file has them, and
// every refusal naming its line, cue or field.
#include <string>

#include <gtest/gtest.h>

#include "scribe/uploaded_transcript.hpp"

namespace physio::scribe {
namespace {

constexpr const char* kVtt =
    "WEBVTT - a visit\n"
    "Kind: captions\n"
    "\n"
    "NOTE written by the clinic's recogniser\n"
    "\n"
    "1\n"
    "00:00:01.000 --> 00:00:03.500\n"
    "<v Doctor>have you had any fever?</v>\n"
    "\n"
    "00:03.600 --> 00:05.000 align:start\n"
    "<v Patient><00:03.600>no, <00:04.100>no <00:04.500>fever.\n"
    "\n"
    "00:00:05.200 --> 00:00:07.000\n"
    "<v Patient>my knee hurts &amp; it is\n"
    "worse on stairs\n";

TEST(WebVtt, CuesSpeakersAndWordTimes) {
  auto t = parse_webvtt(kVtt, "visit.vtt");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->segments.size(), 3U);
  EXPECT_TRUE(t->speakers_known);
  EXPECT_EQ(t->segments[0].speaker, Speaker::kClinician);
  EXPECT_EQ(t->segments[0].text, "have you had any fever?");
  EXPECT_DOUBLE_EQ(*t->segments[0].start_s, 1.0);
  EXPECT_DOUBLE_EQ(*t->segments[0].end_s, 3.5);
  const Segment& a = t->segments[1];
  EXPECT_EQ(a.speaker, Speaker::kPatient);
  EXPECT_EQ(a.text, "no, no fever.");
  ASSERT_EQ(a.words.size(), 3U);
  EXPECT_EQ(a.words[2].text, "fever.");
  EXPECT_DOUBLE_EQ(*a.words[2].start_s, 4.5);
  EXPECT_DOUBLE_EQ(*a.words[2].end_s, 5.0);                                 // to the cue's end
  EXPECT_DOUBLE_EQ(*a.words[0].end_s, 4.1);                                 // to the next word's timestamp
  EXPECT_EQ(t->segments[2].text, "my knee hurts & it is worse on stairs");  // lines joined, entity read
  EXPECT_TRUE(t->segments[2].words.empty());                                // no inline times: no word times
}

TEST(WebVtt, Refusals) {
  auto refused = [](const std::string& text, const std::string& says) {
    auto t = parse_webvtt(text, "bad.vtt");
    ASSERT_FALSE(t) << text;
    EXPECT_NE(t.error().message().find(says), std::string::npos) << t.error().to_string();
    EXPECT_NE(t.error().message().find("bad.vtt"), std::string::npos) << t.error().to_string();
  };
  refused("1\n00:00:01.000 --> 00:00:02.000\nhello\n", "line 1: a WebVTT file starts with \"WEBVTT\"");
  refused("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nhello\n", "line 4: expected a cue timing line");
  refused("WEBVTT\n\n00:00:01,000 --> 00:00:02.000\nhello\n", "line 3: '00:00:01,000 --> 00:00:02.000'");
  refused("WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nhello\n", "line 3:");
  refused("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nhello\n",
          "line 3 (cue 1): ends at 2.000 s, before it starts");
  refused("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nhello\n\n00:00:01.000 --> 00:00:02.000\nagain\n",
          "line 6 (cue 2): starts at 1.000 s, before the cue before it (5.000 s)");
  refused("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", "no words");
  refused("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n00:00:02.000 --> 00:00:03.000\nagain\n",
          "line 5: a cue timing inside a cue's text");
}

TEST(Srt, BlocksAndSpeakerLabels) {
  const char* srt =
      "1\r\n00:00:01,000 --> 00:00:03,500\r\nDoctor: have you had any fever?\r\n\r\n"
      "2\r\n00:00:03,600 --> 00:00:05,000\r\n[patient] no, <i>no fever</i>.\r\n\r\n"
      "3\r\n00:00:05,200 --> 00:00:07,000\r\nNote: this is said\r\nover two lines\r\n";
  auto t = parse_srt(srt, "visit.srt");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->segments.size(), 3U);
  EXPECT_EQ(t->segments[0].speaker, Speaker::kClinician);
  EXPECT_EQ(t->segments[0].text, "have you had any fever?");
  EXPECT_EQ(t->segments[1].speaker, Speaker::kPatient);
  EXPECT_EQ(t->segments[1].text, "no, no fever.");
  EXPECT_DOUBLE_EQ(*t->segments[1].start_s, 3.6);
  // "Note:" names no speaker: it is text, and the speakers are then not all known.
  EXPECT_EQ(t->segments[2].speaker, Speaker::kUnknown);
  EXPECT_EQ(t->segments[2].text, "Note: this is said over two lines");
  EXPECT_FALSE(t->speakers_known);
}

TEST(Srt, Refusals) {
  auto says = [](const std::string& text) {
    auto t = parse_srt(text, "bad.srt");
    return t ? std::string("accepted") : t.error().message();
  };
  EXPECT_NE(says("hello\n00:00:01,000 --> 00:00:02,000\nhi\n").find("line 1: expected the number"),
            std::string::npos);
  EXPECT_NE(says("1\nhello\n").find("line 2: expected a timing line"), std::string::npos);
  EXPECT_NE(says("1\n00:00:01 --> 00:00:02,000\nhi\n").find("line 2: '00:00:01 --> 00:00:02,000'"),
            std::string::npos);
  EXPECT_NE(says("1\n00:00:03,000 --> 00:00:04,000\nhi\n\n2\n00:00:01,000 --> 00:00:02,000\nthere\n")
                .find("line 6 (cue 2): starts at 1.000 s, before the cue before it"),
            std::string::npos);
  EXPECT_NE(says("").find("no subtitle blocks"), std::string::npos);
}

constexpr const char* kWhisper = R"({
  "systeminfo": "AVX = 1", "model": {"type": "base"}, "result": {"language": "en"},
  "transcription": [
    {"timestamps": {"from": "00:00:01,000", "to": "00:00:03,500"}, "offsets": {"from": 1000, "to": 3500},
     "text": " Doctor: have you had any fever?"},
    {"timestamps": {"from": "00:00:03,600", "to": "00:00:05,000"}, "offsets": {"from": 3600, "to": 5000},
     "text": " No, no fever.", "speaker": "1",
     "tokens": [
       {"text": "[_BEG_]", "offsets": {"from": 3600, "to": 3600}, "id": 50364, "p": 0.9},
       {"text": " No", "offsets": {"from": 3600, "to": 3900}, "id": 1, "p": 0.8},
       {"text": ",", "offsets": {"from": 3900, "to": 4000}, "id": 2, "p": 0.6},
       {"text": " no", "offsets": {"from": 4100, "to": 4400}, "id": 3, "p": 0.95},
       {"text": " fe", "offsets": {"from": 4500, "to": 4700}, "id": 4, "p": 0.3},
       {"text": "ver.", "offsets": {"from": 4700, "to": 5000}, "id": 5, "p": 0.5}
     ]}
  ]
})";

TEST(WhisperJson, SegmentsWordsFromTokensAndConfidence) {
  auto t = parse_whisper_json(kWhisper, "visit.json");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->segments.size(), 2U);
  EXPECT_EQ(t->segments[0].speaker, Speaker::kClinician);  // from the "Doctor:" label
  EXPECT_EQ(t->segments[0].text, "have you had any fever?");
  const Segment& a = t->segments[1];
  EXPECT_EQ(a.speaker, Speaker::kUnknown);  // whisper.cpp's speaker "1" names no role
  EXPECT_EQ(a.text, "No, no fever.");
  ASSERT_EQ(a.words.size(), 3U);
  EXPECT_EQ(a.words[0].text, "No,");
  EXPECT_EQ(a.words[2].text, "fever.");
  EXPECT_DOUBLE_EQ(*a.words[2].start_s, 4.5);
  EXPECT_DOUBLE_EQ(*a.words[2].end_s, 5.0);
  EXPECT_NEAR(*a.words[2].confidence, 0.4, 1e-9);  // the mean of its tokens' p
  EXPECT_FALSE(t->speakers_known);
}

TEST(WhisperJson, Refusals) {
  auto says = [](const std::string& text) {
    auto t = parse_whisper_json(text, "bad.json");
    return t ? std::string("accepted") : t.error().message();
  };
  EXPECT_NE(says("{").find("not JSON"), std::string::npos);
  EXPECT_NE(says(R"({"segments": []})").find("transcription: missing"), std::string::npos);
  EXPECT_NE(says(R"({"transcription": [{"offsets": {"from": 0, "to": 1}}]})")
                .find("transcription[0].text: missing"),
            std::string::npos);
  EXPECT_NE(says(R"({"transcription": [{"offsets": {"from": "x", "to": 1}, "text": "hi"}]})")
                .find("transcription[0].offsets.from"),
            std::string::npos);
  EXPECT_NE(says(R"({"transcription": [{"offsets": {"from": 2000, "to": 3000}, "text": "a"},
                                      {"offsets": {"from": 1000, "to": 1500}, "text": "b"}]})")
                .find("cue 2: starts at 1.000 s, before the cue before it"),
            std::string::npos);
  EXPECT_NE(says(R"({"transcription": []})").find("no words"), std::string::npos);
}

TEST(UploadedTranscript, SizeEncodingAndFormat) {
  EXPECT_EQ(parse_uploaded_format("VTT"), UploadedFormat::kWebVtt);
  EXPECT_EQ(parse_uploaded_format("srt"), UploadedFormat::kSrt);
  EXPECT_EQ(parse_uploaded_format("whisper"), UploadedFormat::kWhisperJson);
  EXPECT_FALSE(parse_uploaded_format("docx"));
  EXPECT_EQ(detect_uploaded_format("\xEF\xBB\xBFWEBVTT\n"), UploadedFormat::kWebVtt);
  EXPECT_EQ(detect_uploaded_format("1\n00:00:01,000 --> 00:00:02,000\nhi\n"), UploadedFormat::kSrt);
  EXPECT_EQ(detect_uploaded_format(" {\"transcription\": []}"), UploadedFormat::kWhisperJson);
  EXPECT_FALSE(detect_uploaded_format("hello"));

  const std::string latin1 = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xE9\n";
  auto t = parse_uploaded_transcript(latin1, UploadedFormat::kWebVtt, "latin1.vtt");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message().find("latin1.vtt: line 4: not UTF-8"), std::string::npos)
      << t.error().to_string();
  const std::string utf8 = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xC3\xA9\n";
  EXPECT_TRUE(parse_uploaded_transcript(utf8, UploadedFormat::kWebVtt, "ok.vtt"));
  const std::string huge(kMaxUploadedTranscriptBytes + 1, 'a');
  t = parse_uploaded_transcript(huge, UploadedFormat::kSrt, "huge.srt");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message().find("more than the 8 MiB"), std::string::npos);
}

}  // namespace
}  // namespace physio::scribe
