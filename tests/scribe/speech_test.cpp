// scribe/speech: WAV reading and its refusals, resampling, utterances, and recognition of recorded speech
// from Debian's pocketsphinx-testdata (skipped, with the reason, when the package or model is absent).
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "scribe/speech/recognizer.hpp"
#include "scribe/speech/resample.hpp"
#include "scribe/speech/segment.hpp"
#include "scribe/speech/wav.hpp"
#include "scribe/wer.hpp"

namespace physio::scribe::speech {
namespace {

namespace fs = std::filesystem;

constexpr double kFlatGainTolDb = 0.1;
constexpr double kAliasRejectionDb = 60.0;
const fs::path kTestData = "/usr/share/pocketsphinx/test/data";

Audio sine(int rate, double f_hz, double seconds, double amplitude = 0.5, int channels = 1) {
  Audio a;
  a.rate_hz = rate;
  auto n = static_cast<std::size_t>(seconds * rate);
  a.channels.assign(static_cast<std::size_t>(channels), std::vector<std::int16_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    double v = amplitude * std::sin(2 * std::numbers::pi * f_hz * static_cast<double>(i) / rate);
    for (auto& c : a.channels) c[i] = static_cast<std::int16_t>(std::lround(v * 32767.0));
  }
  return a;
}

std::string with_format(std::uint16_t tag, std::uint16_t bits) {
  std::string w = encode_wav(sine(16000, 440, 0.1));
  w[20] = static_cast<char>(tag & 0xFF);
  w[21] = static_cast<char>(tag >> 8);
  w[34] = static_cast<char>(bits);
  return w;
}

TEST(SpeechWav, RoundTripsAndReadsStereoAtAnyRate) {
  Audio a = sine(44100, 440, 0.5, 0.5, 2);
  a.channels[1][10] = -1234;
  auto b = parse_wav(encode_wav(a), "a.wav");
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_EQ(b->rate_hz, 44100);
  ASSERT_EQ(b->channels.size(), 2u);
  EXPECT_EQ(b->channels, a.channels);
  EXPECT_NEAR(b->duration_s(), 0.5, 1e-4);
}

TEST(SpeechWav, RefusesEachBadInputByName) {
  auto err = [](std::string_view bytes, const WavLimits& l = {}) {
    auto r = parse_wav(bytes, "x.wav", l);
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().to_string();
  };
  EXPECT_NE(err("ID3\x03 an mp3 file").find("not a WAV file (RIFF/WAVE header missing)"), std::string::npos);
  EXPECT_NE(err("RIFF\x10\0\0\0AVI LIST").find("not a WAV file"), std::string::npos);
  EXPECT_NE(err(with_format(7, 8)).find("mu-law audio is not read"), std::string::npos);
  EXPECT_NE(err(with_format(6, 8)).find("A-law"), std::string::npos);
  EXPECT_NE(err(with_format(0x55, 0)).find("MP3"), std::string::npos);
  EXPECT_NE(err(with_format(3, 32)).find("IEEE float"), std::string::npos);
  EXPECT_NE(err(with_format(1, 24)).find("24-bit PCM is not read"), std::string::npos);
  Audio empty;
  empty.rate_hz = 16000;
  empty.channels.assign(1, {});
  EXPECT_NE(err(encode_wav(empty)).find("no audio samples"), std::string::npos);
  std::string w = encode_wav(sine(16000, 440, 0.1));
  EXPECT_NE(err(w.substr(0, 30)).find("too short"), std::string::npos);
  EXPECT_NE(err(w.substr(0, 36)).find("no 'data' chunk"), std::string::npos);
  WavLimits short_limit;
  short_limit.max_duration_s = 0.05;
  std::string long_msg = err(w, short_limit);
  EXPECT_NE(long_msg.find("more than the 0.00 h allowed"), std::string::npos) << long_msg;
  auto too_long = parse_wav(w, "x.wav", short_limit);
  EXPECT_EQ(too_long.error().code(), ErrorCode::kOutOfRange);
  auto missing = load_wav("/nonexistent/visit.wav");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST(SpeechWav, FourHoursAreRefusedFromTheHeaderAlone) {
  // A header announcing 5 h of 16 kHz mono, with no samples behind it: refused before reading.
  std::string w = encode_wav(sine(16000, 440, 0.01));
  std::uint32_t bytes = 5u * 3600u * 16000u * 2u;
  for (int i = 0; i < 4; ++i)
    w[40 + static_cast<std::size_t>(i)] = static_cast<char>((bytes >> (8 * i)) & 0xFF);
  auto r = parse_wav(w, "long.wav");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find("lasts 5.00 h, more than the 4.00 h allowed"), std::string::npos)
      << r.error().to_string();
}

TEST(SpeechWav, SilenceAndClippingAreReported) {
  Audio quiet = sine(16000, 440, 1.0, 0.001);
  EXPECT_TRUE(inspect_audio(quiet).silent);
  EXPECT_FALSE(inspect_audio(sine(16000, 440, 1.0, 0.3)).silent);
  Audio loud = sine(16000, 440, 1.0, 2.0);  // driven to full scale
  for (auto& s : loud.channels[0]) s = static_cast<std::int16_t>(std::clamp<int>(s * 2, -32768, 32767));
  AudioCheck c = inspect_audio(loud);
  EXPECT_GT(c.clipped_fraction, 0.3);
  EXPECT_FALSE(c.silent);
  // The recogniser refuses silence before loading any model.
  RecognizeOptions o;
  auto r = recognize(quiet, o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find("the recording is silent"), std::string::npos);
}

double rms_middle(const std::vector<float>& x) {
  double s = 0;
  std::size_t b = x.size() / 4, e = 3 * x.size() / 4;
  for (std::size_t i = b; i < e; ++i) s += static_cast<double>(x[i]) * x[i];
  return std::sqrt(s / static_cast<double>(e - b));
}

TEST(SpeechResample, FlatPassbandAndAliasesRejected) {
  for (int rate : {44100, 48000, 22050, 8000}) {
    Audio pass = sine(rate, 1000, 1.0, 0.5);
    auto y = resample(channel_as_float(pass.channels[0]), rate, kRecogniserRateHz);
    EXPECT_NEAR(static_cast<double>(y.size()), 16000.0, 1.0) << rate;
    double gain_db = 20 * std::log10(rms_middle(y) / (0.5 / std::sqrt(2.0)));
    EXPECT_NEAR(gain_db, 0.0, kFlatGainTolDb) << rate;
    if (rate > 2 * 8000) {
      // A tone above 8 kHz (the new Nyquist frequency) must not fold back into the band.
      Audio high = sine(rate, 10500, 1.0, 0.5);
      auto z = resample(channel_as_float(high.channels[0]), rate, kRecogniserRateHz);
      double rejection_db = 20 * std::log10((0.5 / std::sqrt(2.0)) / rms_middle(z));
      EXPECT_GT(rejection_db, kAliasRejectionDb) << rate;
    }
  }
}

TEST(SpeechSegment, CutsAtPausesAndBoundsLength) {
  std::vector<float> x(16000 * 4, 0.0f);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.0005f * static_cast<float>((i * 7919) % 13) / 13.0f;
  auto burst = [&](double from_s, double to_s) {
    for (auto i = static_cast<std::size_t>(from_s * 16000); i < static_cast<std::size_t>(to_s * 16000); ++i)
      x[i] = 0.3f * static_cast<float>(std::sin(0.2 * static_cast<double>(i)));
  };
  burst(0.5, 1.2);
  burst(2.5, 3.4);
  auto u = find_utterances(x);
  ASSERT_EQ(u.size(), 2u);
  EXPECT_NEAR(static_cast<double>(u[0].begin) / 16000, 0.35, 0.02);
  EXPECT_NEAR(static_cast<double>(u[1].end) / 16000, 3.55, 0.02);
  SegmentOptions o;
  o.max_utterance_s = 0.4;
  for (const auto& v : find_utterances(x, o))
    EXPECT_LE(v.end - v.begin, static_cast<std::size_t>(0.71 * 16000));
}

// Recognition of recorded read speech (LibriVox, in pocketsphinx-testdata).
class SpeechRecognition : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kTestData / "librivox"))
      GTEST_SKIP() << "pocketsphinx-testdata is not installed (scripts/install-deps.sh test)";
    auto m = find_model(ModelKind::kStock);
    if (!m) GTEST_SKIP() << m.error().to_string();
    model_ = *m;
  }
  ModelFiles model_;
};

TEST_F(SpeechRecognition, RecognisesRecordedSpeechWithTimesAndConfidences) {
  auto a = load_wav(kTestData / "librivox/sense_and_sensibility_01_austen_64kb-0880.wav");
  ASSERT_TRUE(a) << a.error().to_string();
  RecognizeOptions o;
  o.model = model_;
  double last_progress = -1;
  o.progress = [&](double f) {
    EXPECT_GE(f, last_progress);
    last_progress = f;
  };
  auto r = recognize(*a, o);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(last_progress, 1.0);
  EXPECT_FALSE(r->transcript.speakers_known);
  std::string text;
  for (const auto& s : r->transcript.segments) {
    EXPECT_EQ(s.speaker, Speaker::kUnknown);
    for (const auto& w : s.words) {
      ASSERT_TRUE(w.start_s && w.end_s && w.confidence);
      EXPECT_LT(*w.start_s, *w.end_s);
      EXPECT_LE(*w.end_s, a->duration_s() + 0.01);
      EXPECT_GE(*w.confidence, 0.0);
      EXPECT_LE(*w.confidence, 1.0);
    }
    text += s.text + " ";
  }
  auto w = compute_wer("he was not an ill disposed young man", text);
  EXPECT_LE(w.wer(), 0.5) << text;
}

TEST_F(SpeechRecognition, TwoChannelsAreTwoSpeakers) {
  auto c1 = load_wav(kTestData / "librivox/sense_and_sensibility_01_austen_64kb-0880.wav");
  auto c2 = load_wav(kTestData / "librivox/sense_and_sensibility_01_austen_64kb-0930.wav");
  ASSERT_TRUE(c1 && c2);
  Audio st;
  st.rate_hz = 16000;
  std::size_t n = c1->frames() + c2->frames();
  st.channels.assign(2, std::vector<std::int16_t>(n, 0));
  std::copy(c1->channels[0].begin(), c1->channels[0].end(), st.channels[0].begin());
  std::copy(c2->channels[0].begin(), c2->channels[0].end(),
            st.channels[1].begin() + static_cast<long>(c1->frames()));
  RecognizeOptions o;
  o.model = model_;
  auto r = recognize(st, o);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(r->transcript.speakers_known);
  ASSERT_GE(r->transcript.segments.size(), 2u);
  EXPECT_EQ(r->transcript.segments.front().speaker, Speaker::kClinician);
  EXPECT_EQ(r->transcript.segments.back().speaker, Speaker::kPatient);
  EXPECT_GT(*r->transcript.segments.back().start_s, c1->duration_s() - 0.5);
  // The same sound on both channels is one speaker's: mixed, unlabelled.
  Audio same = *c1;
  same.channels.push_back(same.channels[0]);
  auto m = recognize(same, o);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->transcript.speakers_known);
  EXPECT_EQ(m->channels_recognised, 1);
}

TEST_F(SpeechRecognition, CancelledBeforeItStarts) {
  auto a = load_wav(kTestData / "librivox/sense_and_sensibility_01_austen_64kb-0880.wav");
  ASSERT_TRUE(a);
  std::atomic<bool> cancel{true};
  RecognizeOptions o;
  o.model = model_;
  o.cancel = &cancel;
  auto r = recognize(*a, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "recognition cancelled");
}

TEST(SpeechModels, AdaptedModelIsBuiltDeterministically) {
  const fs::path script = test::source_dir() / "scripts/build-speech-models.sh";
  if (std::system("command -v sphinx_lm_convert >/dev/null && test -x /usr/lib/irstlm/bin/compile-lm") != 0)
    GTEST_SKIP() << "sphinxbase-utils or irstlm is not installed (scripts/install-deps.sh)";
  fs::path dir = test::scratch_dir("speech_models");
  std::string a = (dir / "a").string();
  ASSERT_EQ(std::system((script.string() + " " + a + " >/dev/null").c_str()), 0);
  // The second build to compare with: the one set-up made (scripts/install-deps.sh) when it read the same
  // inputs, built at another time into another folder; otherwise a second build here.
  fs::path other = test::source_dir() / "build/speech-models";
  auto stamp_a = load_text_file(dir / "a/inputs.sha256"),
       stamp_other = load_text_file(other / "inputs.sha256");
  ASSERT_TRUE(stamp_a);
  if (!stamp_other || *stamp_other != *stamp_a) {
    other = dir / "b";
    ASSERT_EQ(std::system((script.string() + " " + other.string() + " >/dev/null").c_str()), 0);
  }
  auto ha = load_text_file(dir / "a/SHA256SUMS"), hb = load_text_file(other / "SHA256SUMS");
  ASSERT_TRUE(ha && hb) << other;
  EXPECT_EQ(*ha, *hb) << "the model built into " << a << " differs from " << other;
  // The physiotherapy words the stock dictionary lacks have pronunciations.
  auto dict = load_text_file(dir / "a/physio.dict");
  ASSERT_TRUE(dict);
  EXPECT_NE(dict->find("\nparacetamol P AE R AH S EH T AH M AA L\n"), std::string::npos);
  auto m = find_model(ModelKind::kAdapted, dir / "a");
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_GT(m->domain_weight, 0.0);
}

}  // namespace
}  // namespace physio::scribe::speech
