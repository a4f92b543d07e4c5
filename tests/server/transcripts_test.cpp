// Visit recordings and dictations over the server (docs/server/visit-capture.md): refused without the
// patient's consent and for audio that is not what it should be; a recognised visit's suggestions accepted
// (a sentence citing the words), edited or discarded (a red flag only with a reason, and never left undecided
// at signing); the audio played span by span, then deleted when the note is signed or the consent withdrawn.
// The recognition itself is stood in for by a transcript written through the store's lease, so these tests
// do not depend on the recogniser's words; tests/scribe checks recognition.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/file_io.hpp"
#include "scribe/dictation.hpp"
#include "scribe/extract.hpp"
#include "scribe/speech/recognizer.hpp"
#include "scribe/speech/wav.hpp"
#include "scribe/suggest.hpp"
#include "server/background/transcription_loop.hpp"
#include "server_fixture.hpp"
#include "store/transcripts.hpp"

namespace physio::test {
namespace {

using json = nlohmann::json;

/// `seconds` of a 440 Hz tone at 16 kHz (not silent), or silence.
std::string wav(double seconds, bool silent = false) {
  scribe::speech::Audio a;
  a.rate_hz = 16000;
  a.channels.emplace_back(static_cast<std::size_t>(seconds * 16000));
  if (!silent)
    for (std::size_t i = 0; i < a.channels[0].size(); ++i)
      a.channels[0][i] =
          static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 440 * static_cast<double>(i) / 16000));
  return scribe::speech::encode_wav(a);
}

/// Stands in for the recogniser: claims the queued recording and stores `dialogue` as its transcript with
/// its suggestions, as the transcription loop does.
/// Stands in for one recognition: a visit's facts as suggestions, or a dictation's utterances as suggestions
/// of `section`, stored as the transcription loop stores them.
void recognise_as(TestServer& ts, const std::string& dialogue, bool visit = true,
                  const std::string& section = "S") {
  auto t = must(scribe::parse_tagged_dialogue(dialogue, "visit"));
  for (std::size_t i = 0; i < t.segments.size(); ++i) {
    t.segments[i].start_s = 2.0 * static_cast<double>(i);
    t.segments[i].end_s = 2.0 * static_cast<double>(i) + 1.5;
  }
  const auto vocab = must(scribe::default_vocabulary());
  json facts{{"warnings", json::array()},
             {"suggestions",
              json::parse(visit ? scribe::suggestions_to_json(scribe::extract_facts(t, *vocab), t).dump()
                                : scribe::dictation_suggestions_to_json(t, section).dump())}};
  auto row = must(
      ts.store().write([&](store::Tx& tx) { return store::claim_transcript(tx, "test", 60'000'000, 2); }));
  ASSERT_TRUE(row.has_value());
  std::string words;
  for (const auto& s : t.segments) words += s.text + " ";
  ASSERT_TRUE(ts.store().write([&](store::Tx& tx) {
    return store::finish_transcript(tx, row->id, "test", scribe::transcript_to_json(t).dump(), facts.dump(),
                                    words, t.speakers_known);
  }));
}

std::string give_consent(Client& c, const std::string& patient, const std::string& status) {
  auto r = c.request(
      "POST", "/api/patients/" + patient + "/consents",
      R"({"kind":"visit_audio_recording","status":")" + status + R"(","method":"in_person_verbal"})");
  return std::to_string(r.status) + " " + r.body;
}

TEST(VisitCapture, ConsentAudioChecksSuggestionsSigningAndDeletion) {
  auto ts = TestServer::start("visit-capture");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  auto r = physio.request("POST", "/api/patients/" + s.p1 + "/notes", "{}");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string note = json::parse(r.body)["id"];
  const std::string audio = "/api/notes/" + note + "/audio";

  // Without the consent a visit is not recorded; a dictation (the clinician's own words) is.
  r = physio.request("POST", audio + "?kind=visit", wav(2), "audio/wav");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("consent_required"), std::string::npos);
  EXPECT_EQ(physio.request("POST", audio + "?kind=dictation&section=S", wav(2), "audio/wav").status, 202);
  // Bad audio, each with its reason.
  EXPECT_EQ(physio.request("POST", audio + "?kind=dictation&section=X", wav(2), "audio/wav").status, 400);
  EXPECT_EQ(physio.request("POST", audio + "?kind=dictation", wav(2), "audio/wav").status, 400);
  r = physio.request("POST", audio + "?kind=dictation&section=S", "not a recording at all", "audio/wav");
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_NE(r.body.find("WAV"), std::string::npos) << r.body;
  r = physio.request("POST", audio + "?kind=dictation&section=S", wav(2, true), "audio/wav");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("silent"), std::string::npos);
  EXPECT_EQ(physio.request("POST", audio + "?kind=dictation&section=S", "", "audio/wav").status, 400);

  ASSERT_EQ(give_consent(physio, s.p1, "given").substr(0, 3), "201");
  r = physio.request("POST", audio + "?kind=visit", wav(3), "audio/wav");
  ASSERT_EQ(r.status, 202) << r.body;
  // The dictation was queued first: stand in for both recognitions in order.
  recognise_as(*ts, "[doctor] left knee flexion one hundred and ten degrees", false);
  recognise_as(
      *ts,
      "[doctor] any numbness or tingling in your legs\n[patient] no\n[patient] i have pain in my left "
      "knee\n[patient] it has been hurting for three weeks\n[patient] the pain is worse going up stairs\n"
      "[patient] just taking some ibuprofen");
  r = physio.get("/api/notes/" + note + "/transcripts");
  ASSERT_EQ(r.status, 200) << r.body;
  json items = json::parse(r.body)["items"];
  ASSERT_EQ(items.size(), 2u);
  // The dictation waits as a suggestion of its section, its number written as a number; nothing is in the
  // note before it is accepted.
  const json dictated = items[0]["suggestions"];
  ASSERT_EQ(dictated.size(), 1u) << items[0].dump(1);
  EXPECT_EQ(dictated[0]["sentence"], "Left knee flexion 110 degrees.");
  EXPECT_EQ(dictated[0]["section"], "S");
  EXPECT_EQ(physio.get("/api/notes/" + note).body.find("110 degrees"), std::string::npos);
  json visit = items[1];
  EXPECT_EQ(visit["kind"], "visit");
  EXPECT_EQ(visit["state"], "done");
  const std::string tid = visit["id"];
  const json sug = visit["suggestions"];
  ASSERT_GE(sug.size(), 5u) << sug.dump(1);
  EXPECT_EQ(sug[0]["red_flag"], true) << "red flags first";
  EXPECT_EQ(sug[0]["sentence"], "Denies numbness or tingling.");
  auto index_of = [&](const std::string& sentence) {
    for (const auto& x : sug)
      if (x["sentence"] == sentence) return x["index"].get<int>();
    ADD_FAILURE() << "no suggestion \"" << sentence << "\" in " << sug.dump(1);
    return -1;
  };
  const int knee = index_of("Pain in the left knee."), weeks = index_of("Symptoms for 3 weeks."),
            stairs = index_of("Worse with stairs."), ibuprofen = index_of("Takes ibuprofen.");

  // A span of the audio plays; the whole recording too.
  r = physio.get(audio + "?transcript=" + tid + "&from=2&to=3.5");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, 4), "RIFF");
  EXPECT_LT(r.body.size(), wav(3).size());
  EXPECT_EQ(physio.get(audio).status, 400);
  // Spans out of bounds are the caller's mistake, never a 500: beyond any recording, or after this one ends.
  for (const char* span :
       {"&from=1e300&to=2e300", "&from=0&to=1e300", "&from=1e19&to=1.1e19", "&from=5&to=9"}) {
    r = physio.get(audio + "?transcript=" + tid + span);
    EXPECT_EQ(r.status, 400) << span << ": " << r.body;
  }

  int version = json::parse(physio.get("/api/notes/" + note).body)["version"];
  auto decide = [&](int index, const std::string& action, const std::string& text = "") {
    json body{{"version", version}, {"transcript_id", tid}, {"index", index}, {"action", action}};
    if (!text.empty()) body["text"] = text;
    auto resp = physio.request("POST", "/api/notes/" + note + "/suggestions", body.dump());
    if (resp.status == 200) version = json::parse(resp.body)["note_version"];
    return resp;
  };
  ASSERT_EQ(decide(knee, "accept").status, 200);
  ASSERT_EQ(decide(weeks, "accept").status, 200);
  ASSERT_EQ(decide(stairs, "edit", "Pain worse climbing stairs, better on the level.").status, 200);
  ASSERT_EQ(decide(ibuprofen, "discard").status, 200);
  EXPECT_EQ(decide(knee, "accept").status, 409) << "decided once";
  // A red flag is never dropped silently, and the note is not signed while one is undecided.
  r = decide(0, "discard");
  EXPECT_EQ(r.status, 400) << r.body;
  r = physio.request("POST", "/api/notes/" + note + "/sign", json{{"version", version}}.dump());
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("red flag"), std::string::npos) << r.body;
  // The refusal names the suggestion it waits for.
  EXPECT_NE(r.body.find("Denies numbness or tingling."), std::string::npos) << r.body;
  ASSERT_EQ(decide(0, "accept").status, 200);

  // The note holds exactly what was accepted, each citing the words; the discarded one is absent.
  json n = json::parse(physio.get("/api/notes/" + note).body);
  const std::string text = n["text"];
  for (const char* want :
       {"Pain in the left knee.", "Symptoms for 3 weeks.", "Pain worse climbing stairs, better on the level.",
        "Denies numbness or tingling."})
    EXPECT_NE(text.find(want), std::string::npos) << want << " in " << text;
  EXPECT_EQ(text.find("ibuprofen"), std::string::npos) << text;
  bool cited = false;
  for (const auto& sec : n["sections"])
    for (const auto& sen : sec["sentences"])
      for (const auto& src : sen["sources"])
        if (src["type"] == "transcript") {
          const auto d = n["source_details"]["transcript:" + src["id"].get<std::string>()];
          cited |= d["label"].get<std::string>().find("left knee") != std::string::npos;
          EXPECT_EQ(d["transcript_id"], tid);
        }
  EXPECT_TRUE(cited) << n["source_details"].dump(1);

  // Signing deletes the audio (the transcript stays); the loop's pass removes the file.
  r = physio.request("POST", "/api/notes/" + note + "/sign", json{{"version", version}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  server::TranscriptionLoopOptions lo;
  lo.files_dir = ts->data_dir() / "files";
  lo.owner = "test";
  server::TranscriptionLoop loop(ts->store(), lo);
  EXPECT_EQ(loop.housekeeping(), 2);
  r = physio.get(audio + "?transcript=" + tid + "&from=0&to=1");
  EXPECT_EQ(r.status, 410) << r.body;
  items = json::parse(physio.get("/api/notes/" + note + "/transcripts").body)["items"];
  EXPECT_EQ(items[1]["audio"], false);
  EXPECT_EQ(items[1]["audio_deleted_why"], "deleted when the note was signed");
  EXPECT_EQ(items[1]["state"], "done");
  // The transcript is searchable by the patient's clinician.
  r = physio.get("/api/patients/" + s.p1 + "/transcripts?q=KNEE%20stairs");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(json::parse(r.body)["items"].size(), 1u) << r.body;
  EXPECT_EQ(json::parse(physio.get("/api/patients/" + s.p1 + "/transcripts?q=shoulder").body)["items"].size(),
            0u);
  // A signed note takes no more recordings.
  EXPECT_EQ(physio.request("POST", audio + "?kind=dictation&section=S", wav(2), "audio/wav").status, 409);
}

TEST(VisitCapture, AWithdrawnConsentDeletesTheAudioAndStopsTheRecognition) {
  auto ts = TestServer::start("visit-withdrawn");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string note =
      json::parse(physio.request("POST", "/api/patients/" + s.p1 + "/notes", "{}").body)["id"];
  ASSERT_EQ(give_consent(physio, s.p1, "given").substr(0, 3), "201");
  auto r = physio.request("POST", "/api/notes/" + note + "/audio?kind=visit", wav(2), "audio/wav");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string tid = json::parse(r.body)["id"];
  ASSERT_EQ(give_consent(physio, s.p1, "withdrawn").substr(0, 3), "201");
  server::TranscriptionLoopOptions lo;
  lo.files_dir = ts->data_dir() / "files";
  lo.owner = "test";
  server::TranscriptionLoop loop(ts->store(), lo);
  EXPECT_EQ(loop.housekeeping(), 1);
  EXPECT_FALSE(loop.run_one()) << "nothing is left to recognise";
  const json t = json::parse(physio.get("/api/notes/" + note + "/transcripts").body)["items"][0];
  EXPECT_EQ(t["state"], "failed");
  EXPECT_EQ(t["audio"], false);
  EXPECT_NE(t["error"].get<std::string>().find("withdrew consent"), std::string::npos) << t.dump(1);
  EXPECT_EQ(physio.request("POST", "/api/notes/" + note + "/audio?kind=visit", wav(2), "audio/wav").status,
            409);
}

TEST(VisitCapture, ARecordingOverTheClinicsLimitIsRefusedFromItsHeader) {
  ServerOptionsForTest o;
  o.tweak = [](server::Settings& st) { st.max_audio_minutes = 1; };
  auto ts = TestServer::start("visit-long", o);
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string note =
      json::parse(physio.request("POST", "/api/patients/" + s.p1 + "/notes", "{}").body)["id"];
  auto r =
      physio.request("POST", "/api/notes/" + note + "/audio?kind=dictation&section=P", wav(61), "audio/wav");
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_NE(r.body.find("1 minutes"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace physio::test

namespace physio::test {
namespace {

// The transcription loop with the real recogniser: a recorded reading (Debian's pocketsphinx-testdata,
// LibriVox) dictated into the Plan comes back as suggestions of the Plan; one accepted lands there citing the
// dictation.
TEST(VisitCapture, ADictationIsRecognisedAndLandsInItsSection) {
  const std::filesystem::path reading =
      "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav";
  if (!std::filesystem::exists(reading)) GTEST_SKIP() << "pocketsphinx-testdata is not installed";
  if (auto m = scribe::speech::find_model(scribe::speech::ModelKind::kStock); !m)
    GTEST_SKIP() << m.error().to_string();
  auto ts = TestServer::start("visit-dictation");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  const std::string note =
      json::parse(physio.request("POST", "/api/patients/" + s.p1 + "/notes", "{}").body)["id"];
  const int plan_before =
      static_cast<int>(json::parse(physio.get("/api/notes/" + note).body)["sections"][3]["sentences"].size());
  auto bytes = must(load_file(reading, 64u << 20));
  auto r =
      physio.request("POST", "/api/notes/" + note + "/audio?kind=dictation&section=P", bytes, "audio/wav");
  ASSERT_EQ(r.status, 202) << r.body;
  server::TranscriptionLoopOptions lo;
  lo.files_dir = ts->data_dir() / "files";
  lo.owner = "test";
  server::TranscriptionLoop loop(ts->store(), lo);
  ASSERT_TRUE(loop.run_one());
  const json t = json::parse(physio.get("/api/notes/" + note + "/transcripts").body)["items"][0];
  ASSERT_EQ(t["state"], "done") << t.dump(1);
  ASSERT_FALSE(t["segments"].empty());
  ASSERT_FALSE(t["suggestions"].empty()) << t.dump(1);
  EXPECT_EQ(t["suggestions"][0]["section"], "P");
  EXPECT_EQ(t["suggestions"][0]["kind"], "dictation");
  // Nothing is in the note until accepted.
  ASSERT_EQ(json::parse(physio.get("/api/notes/" + note).body)["sections"][3]["sentences"].size(),
            static_cast<std::size_t>(plan_before));
  const int version = json::parse(physio.get("/api/notes/" + note).body)["version"];
  auto r2 = physio.request(
      "POST", "/api/notes/" + note + "/suggestions",
      json{{"version", version}, {"transcript_id", t["id"]}, {"index", 0}, {"action", "accept"}}.dump());
  ASSERT_EQ(r2.status, 200) << r2.body;
  const json n = json::parse(physio.get("/api/notes/" + note).body);
  const auto& plan = n["sections"][3]["sentences"];
  ASSERT_EQ(plan.size(), static_cast<std::size_t>(plan_before) + 1) << n.dump(1);
  const auto& last = plan.back();
  EXPECT_EQ(last["sources"][0]["type"], "dictation");
  const std::string text = last["text"];
  EXPECT_TRUE(std::isupper(static_cast<unsigned char>(text[0])) && text.back() == '.') << text;
  const auto detail = n["source_details"]["dictation:" + last["sources"][0]["id"].get<std::string>()];
  EXPECT_NE(detail["label"].get<std::string>().find("Dictation at"), std::string::npos) << detail.dump();
  EXPECT_EQ(detail["audio"], true);
}

// A clinic's recogniser may give the speakers the wrong way round. An uploaded transcript whose
// "Clinician" tells of their own knee while the "Patient" asks the questions is read the other way round
// (the knee pain is the patient's), and the clinician is told so beside the suggestions; the same visit
// with the labels right carries no such warning.
TEST(VisitCapture, AnUploadedTranscriptWithSwappedLabelsIsReadTheRightWayRoundAndSaysSo) {
  auto ts = TestServer::start("visit-upload-roles");
  const auto& s = ts->seeded();
  Client physio(ts->port());
  ASSERT_EQ(physio.login(s.user_email.at("physiotherapist")).status, 200);
  ASSERT_EQ(give_consent(physio, s.p1, "given").substr(0, 3), "201");
  const std::vector<std::pair<bool, std::string>> turns = {
      {true, "what brings you in today and how have you been since your last visit"},
      {false, "i have pain in my left knee and my knee has been swelling, i'm finding it hard to sleep"},
      {true, "how long have you had it and do you remember how it started for you"},
      {false, "it has been hurting for three weeks, i think i twisted it when i was out walking my dog"},
      {true, "does anything make your knee worse, and are you taking anything for your pain"},
      {false, "the pain is worse going up stairs and i'm taking ibuprofen, i feel it most in the mornings"},
      {true, "have you had any numbness or tingling in your leg or any problems with your balance"},
      {false, "no, i haven't had any of that, my main worry is my knee and getting back to my running"}};
  auto vtt = [&](const std::string& asker, const std::string& teller) {
    std::string out = "WEBVTT\n\n";
    for (std::size_t i = 0; i < turns.size(); ++i)
      out += fmt::format("00:00:{:02}.000 --> 00:00:{:02}.500\n<v {}>{}\n\n", 2 * i, 2 * i + 1,
                         turns[i].first ? asker : teller, turns[i].second);
    return out;
  };
  auto upload = [&](const std::string& body) {
    auto r = physio.request("POST", "/api/patients/" + s.p1 + "/notes", "{}");
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string note = json::parse(r.body)["id"];
    r = physio.request("POST", "/api/notes/" + note + "/transcript?format=webvtt&name=visit.vtt", body,
                       "text/vtt");
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body);
  };
  auto sentences = [](const json& t) {
    std::vector<std::string> out;
    for (const auto& x : t["suggestions"]) out.push_back(x["sentence"]);
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  auto swapped_warning = [](const json& t) {
    for (const auto& w : t["warnings"])
      if (w.get<std::string>().find("labels look swapped") != std::string::npos) return true;
    return false;
  };

  const json right = upload(vtt("Clinician", "Patient"));
  EXPECT_FALSE(swapped_warning(right)) << right["warnings"].dump();
  const auto right_sentences = sentences(right);
  EXPECT_TRUE(has(right_sentences, "Pain in the left knee.")) << right["suggestions"].dump(1);

  const json swapped = upload(vtt("Patient", "Clinician"));
  EXPECT_TRUE(swapped_warning(swapped)) << swapped["warnings"].dump();
  EXPECT_EQ(sentences(swapped), right_sentences) << swapped["suggestions"].dump(1);
}

}  // namespace
}  // namespace physio::test
