// Recognition of a whole recording: channels -> 16 kHz -> utterances -> a queue shared by `threads`
// decoders -> segments in time order.
#include "scribe/speech/recognizer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/file_io.hpp"
#include "scribe/speech/decoder.hpp"
#include "scribe/speech/resample.hpp"
#include "scribe/speech/segment.hpp"

#ifndef PHYSIO_SPEECH_MODELS_DIR
#define PHYSIO_SPEECH_MODELS_DIR ""
#endif

namespace physio::scribe::speech {
namespace fs = std::filesystem;

std::optional<ModelKind> parse_model_kind(std::string_view name) {
  if (name == "stock") return ModelKind::kStock;
  if (name == "adapted") return ModelKind::kAdapted;
  return std::nullopt;
}

Result<ModelFiles> find_model(ModelKind kind, const fs::path& adapted_dir) {
  fs::path stock = "/usr/share/pocketsphinx/model/en-us";
  if (const char* env = std::getenv("PHYSIO_POCKETSPHINX_MODEL"); env && *env) stock = env;
  std::error_code ec;
  ModelFiles m;
  m.hmm = stock / "en-us";
  if (!fs::is_directory(m.hmm, ec))
    return fail(ErrorCode::kNotFound,
                "the stock acoustic model {} is missing: install Debian's pocketsphinx-en-us "
                "(scripts/install-deps.sh)",
                m.hmm.string());
  if (kind == ModelKind::kStock) {
    m.name = "stock";
    m.lm = stock / "en-us.lm.bin";
    m.dict = stock / "cmudict-en-us.dict";
    return m;
  }
  m.name = "adapted";
  fs::path dir = adapted_dir;
  if (dir.empty())
    if (const char* env = std::getenv("PHYSIO_SPEECH_MODELS"); env && *env) dir = env;
  if (dir.empty()) dir = PHYSIO_SPEECH_MODELS_DIR;
  m.lm = stock / "en-us.lm.bin";
  m.domain_lm = dir / "physio.lm.bin";
  m.dict = dir / "physio.dict";
  for (const auto& p : {m.domain_lm, m.dict, dir / "weight"})
    if (dir.empty() || !fs::exists(p, ec))
      return fail(ErrorCode::kNotFound,
                  "the adapted speech model is not built ({} missing): run scripts/build-speech-models.sh "
                  "(or pass --model stock)",
                  p.string());
  auto w = load_text_file(dir / "weight", 64);
  if (!w) return std::unexpected(w.error());
  char* end = nullptr;
  m.domain_weight = std::strtod(w->c_str(), &end);
  if (end == w->c_str() || !(m.domain_weight > 0.0 && m.domain_weight < 1.0))
    return fail(ErrorCode::kParse, "{}: expected a domain weight between 0 and 1, got \"{}\"",
                (dir / "weight").string(), *w);
  return m;
}

namespace {

struct Channel {
  Speaker speaker = Speaker::kUnknown;
  std::vector<std::int16_t> pcm;  // [n] at 16 kHz
};

double correlation(std::span<const float> a, std::span<const float> b) {
  double sab = 0, saa = 0, sbb = 0;
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    sab += static_cast<double>(a[i]) * b[i];
    saa += static_cast<double>(a[i]) * a[i];
    sbb += static_cast<double>(b[i]) * b[i];
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 1.0;
}

struct Job {
  std::size_t channel = 0;
  Utterance utt;
};

}  // namespace

Result<RecognizeResult> recognize(const Audio& audio, const RecognizeOptions& o) {
  auto t0 = std::chrono::steady_clock::now();
  RecognizeResult r;
  r.audio_s = audio.duration_s();
  if (audio.frames() == 0 || audio.channels.empty()) return fail(ErrorCode::kMissingData, "no audio samples");
  if (o.channels != "auto" && o.channels != "mix" && o.channels != "speakers")
    return fail(ErrorCode::kInvalidArgument, "channels: expected auto, mix or speakers, got \"{}\"",
                o.channels);
  r.check = inspect_audio(audio);
  if (r.check.silent)
    return fail(ErrorCode::kMissingData,
                "the recording is silent (its loudest 20 ms reach {:.1f} dBFS, below {:.0f} dBFS): nothing "
                "to recognise",
                r.check.peak_frame_dbfs, kSilenceDbfs);
  if (r.check.clipped_fraction >= kClippingWarnFraction)
    r.warnings.push_back(fmt::format(
        "{:.2f} % of the samples are clipped (at full scale): recognition may suffer; record at a lower gain",
        100.0 * r.check.clipped_fraction));

  // Channels at 16 kHz, one per speaker or one mixed.
  std::vector<Channel> channels;
  bool per_speaker = audio.channels.size() == 2 && o.channels != "mix";
  if (per_speaker) {
    auto a = resample(channel_as_float(audio.channels[0]), audio.rate_hz, kRecogniserRateHz);
    auto b = resample(channel_as_float(audio.channels[1]), audio.rate_hz, kRecogniserRateHz);
    if (o.channels == "auto" && correlation(a, b) >= kSameSourceCorrelation) {
      per_speaker = false;
      r.warnings.push_back("the two channels carry the same sound: mixed to one, speakers not labelled");
    } else {
      channels.push_back({Speaker::kClinician, to_pcm16(a)});
      channels.push_back({Speaker::kPatient, to_pcm16(b)});
    }
  }
  if (!per_speaker) {
    if (audio.channels.size() > 2)
      r.warnings.push_back(
          fmt::format("{} channels mixed to one: speakers not labelled", audio.channels.size()));
    channels.push_back(
        {Speaker::kUnknown, to_pcm16(resample(mix_to_mono(audio), audio.rate_hz, kRecogniserRateHz))});
  }
  r.channels_recognised = static_cast<int>(channels.size());

  std::vector<Job> jobs;
  std::size_t total_samples = 0;
  for (std::size_t c = 0; c < channels.size(); ++c) {
    auto f = channel_as_float(channels[c].pcm);
    SegmentOptions so;
    so.max_utterance_s = kMaxUtteranceS;
    for (const auto& u : find_utterances(f, so)) {
      jobs.push_back({c, u});
      total_samples += u.end - u.begin;
    }
  }
  // Longest first, so the last decoders to finish are not left with a long one.
  std::vector<std::size_t> order(jobs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return jobs[x].utt.end - jobs[x].utt.begin > jobs[y].utt.end - jobs[y].utt.begin;
  });

  std::vector<std::vector<DecodedWord>> results(jobs.size());
  std::mutex mu;
  std::condition_variable cv;
  std::size_t next = 0, done_samples = 0;
  int running = 0;
  std::optional<Error> first_error;
  bool cancelled = false;
  auto cancel_requested = [&] { return o.cancel != nullptr && o.cancel->load(); };

  int n_threads = std::clamp(o.threads, 1, 16);
  n_threads = static_cast<int>(
      std::min<std::size_t>(static_cast<std::size_t>(n_threads), std::max<std::size_t>(1, jobs.size())));
  auto worker = [&] {
    auto dec = make_decoder(o.model);
    {
      std::lock_guard lock(mu);
      if (!dec && !first_error) first_error = dec.error();
    }
    while (dec) {
      std::size_t k;
      {
        std::lock_guard lock(mu);
        if (cancel_requested()) cancelled = true;
        if (next >= order.size() || first_error || cancelled) break;
        k = order[next++];
      }
      const Job& j = jobs[k];
      std::span<const std::int16_t> pcm(channels[j.channel].pcm.data() + j.utt.begin,
                                        j.utt.end - j.utt.begin);
      auto words = (*dec)->decode(pcm);
      std::lock_guard lock(mu);
      if (!words) {
        if (!first_error) first_error = words.error();
        break;
      }
      results[k] = std::move(*words);
      done_samples += j.utt.end - j.utt.begin;
      cv.notify_all();
    }
    std::lock_guard lock(mu);
    --running;
    cv.notify_all();
  };
  std::vector<std::thread> pool;
  running = n_threads;
  for (int i = 0; i < n_threads; ++i) pool.emplace_back(worker);
  {
    std::unique_lock lock(mu);
    while (running > 0) {
      cv.wait_for(lock, std::chrono::milliseconds(200));
      if (o.progress && total_samples > 0) {
        double f = static_cast<double>(done_samples) / static_cast<double>(total_samples);
        lock.unlock();
        o.progress(f);
        lock.lock();
      }
    }
  }
  for (auto& t : pool) t.join();
  if (first_error) return std::unexpected(*first_error);
  if (cancelled) return fail(ErrorCode::kIo, "recognition cancelled");
  if (o.progress) o.progress(1.0);

  // Segments in time order (the clinician first on equal times).
  std::vector<std::size_t> by_time(jobs.size());
  for (std::size_t i = 0; i < by_time.size(); ++i) by_time[i] = i;
  std::stable_sort(by_time.begin(), by_time.end(), [&](std::size_t x, std::size_t y) {
    if (jobs[x].utt.begin != jobs[y].utt.begin) return jobs[x].utt.begin < jobs[y].utt.begin;
    return jobs[x].channel < jobs[y].channel;
  });
  Transcript& t = r.transcript;
  t.speakers_known = per_speaker;
  for (std::size_t k : by_time) {
    if (results[k].empty()) continue;
    const Job& j = jobs[k];
    double t_utt = static_cast<double>(j.utt.begin) / kRecogniserRateHz;
    Segment s;
    s.speaker = channels[j.channel].speaker;
    for (auto& w : results[k]) {
      Word word;
      word.text = std::move(w.text);
      word.start_s = t_utt + w.start_s;
      word.end_s = t_utt + w.end_s;
      word.confidence = w.confidence;
      if (!s.text.empty()) s.text += ' ';
      s.text += word.text;
      s.words.push_back(std::move(word));
    }
    s.start_s = s.words.front().start_s;
    s.end_s = s.words.back().end_s;
    t.segments.push_back(std::move(s));
  }
  r.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace physio::scribe::speech
