// The decoder over pocketsphinx 5prealpha's C API (Debian 12: cmd_ln_t configuration, ps_decoder_t).
// Each utterance is processed whole (full_utt), so cepstral mean normalisation is per utterance ("batch"),
// and pocketsphinx's own voice activity detection is off: utterances were cut at pauses already, and
// frame numbers then map straight to time (100 frames a second).
#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include <cstdio>
#include <mutex>

#include "scribe/speech/decoder.hpp"
#include "scribe/speech/segment.hpp"

namespace physio::scribe::speech {
namespace {

// The sphinxbase error handler writes to stderr until a log file is given; one process-wide setting.
void quiet_logs() {
  static std::once_flag once;
  std::call_once(once, [] { err_set_logfp(nullptr); });
}

bool is_filler(std::string_view w) {
  return w.empty() || w.front() == '<' || w.front() == '[' || w.front() == '+';
}

class PocketsphinxDecoder final : public Decoder {
 public:
  explicit PocketsphinxDecoder(ps_decoder_t* ps, cmd_ln_t* config) : ps_(ps), config_(config) {}
  ~PocketsphinxDecoder() override {
    ps_free(ps_);
    cmd_ln_free_r(config_);
  }
  PocketsphinxDecoder(const PocketsphinxDecoder&) = delete;
  PocketsphinxDecoder& operator=(const PocketsphinxDecoder&) = delete;

  Result<std::vector<DecodedWord>> decode(std::span<const std::int16_t> pcm) override {
    std::vector<DecodedWord> words;
    if (pcm.size() < 1600) return words;  // under 0.1 s: nothing to recognise
    if (ps_start_utt(ps_) < 0) return fail(ErrorCode::kInternal, "pocketsphinx: cannot start an utterance");
    if (ps_process_raw(ps_, pcm.data(), pcm.size(), FALSE, TRUE) < 0) {
      ps_end_utt(ps_);
      return fail(ErrorCode::kInternal, "pocketsphinx: the utterance could not be processed");
    }
    if (ps_end_utt(ps_) < 0) return fail(ErrorCode::kInternal, "pocketsphinx: cannot end the utterance");
    logmath_t* lmath = ps_get_logmath(ps_);
    for (ps_seg_t* seg = ps_seg_iter(ps_); seg != nullptr; seg = ps_seg_next(seg)) {
      std::string w = ps_seg_word(seg);
      if (is_filler(w)) continue;
      if (auto paren = w.find('('); paren != std::string::npos && paren > 0) w.resize(paren);
      int sf = 0, ef = 0;
      ps_seg_frames(seg, &sf, &ef);
      int32 ascr = 0, lscr = 0, lback = 0;
      int32 post = ps_seg_prob(seg, &ascr, &lscr, &lback);
      double p = logmath_exp(lmath, post);
      if (!(p >= 0.0)) p = 0.0;
      if (p > 1.0) p = 1.0;
      words.push_back({std::move(w), sf / kFramesPerS, (ef + 1) / kFramesPerS, p});
    }
    return words;
  }

 private:
  ps_decoder_t* ps_;
  cmd_ln_t* config_;
};

}  // namespace

Result<std::unique_ptr<Decoder>> make_decoder(const ModelFiles& model) {
  // Loading touches sphinxbase's process-wide state (logging, the error handler): one at a time.
  static std::mutex load_mutex;
  std::lock_guard lock(load_mutex);
  quiet_logs();
  std::error_code ec;
  for (const auto& [what, p] : {std::pair{"acoustic model", model.hmm}, std::pair{"language model", model.lm},
                                std::pair{"dictionary", model.dict}})
    if (!std::filesystem::exists(p, ec))
      return fail(ErrorCode::kNotFound, "the {} model's {} {} is missing", model.name, what, p.string());
  if (!model.domain_lm.empty() && !std::filesystem::exists(model.domain_lm, ec))
    return fail(ErrorCode::kNotFound, "the {} model's physiotherapy language model {} is missing", model.name,
                model.domain_lm.string());
  std::string hmm = model.hmm.string(), lm = model.lm.string(), dict = model.dict.string();
  const bool interpolate = !model.domain_lm.empty();
  // Beams: pocketsphinx's defaults except a bound on active HMMs and word exits per frame and no
  // second flat-lexicon pass, which together keep a visit above real time on one core (bench/RESULTS.md);
  // the best-path pass stays on: it gives the word posteriors.
  cmd_ln_t* config = cmd_ln_init(nullptr, ps_args(), TRUE,                                //
                                 "-hmm", hmm.c_str(), "-dict", dict.c_str(),              //
                                 "-remove_silence", "no", "-cmn", "batch",                //
                                 "-maxhmmpf", "3000", "-maxwpf", "10", "-fwdflat", "no",  //
                                 "-bestpath", "yes", nullptr);
  if (config == nullptr) return fail(ErrorCode::kInternal, "pocketsphinx: the configuration was refused");
  ps_decoder_t* ps = ps_init(config);
  if (ps == nullptr) {
    cmd_ln_free_r(config);
    return fail(ErrorCode::kParse, "pocketsphinx could not load the {} model ({}, {})", model.name, hmm,
                dict);
  }
  auto give_up = [&](std::string what) -> Result<std::unique_ptr<Decoder>> {
    ps_free(ps);
    cmd_ln_free_r(config);
    return fail(ErrorCode::kParse, "pocketsphinx could not load the {} model: {}", model.name, what);
  };
  logmath_t* lmath = ps_get_logmath(ps);
  ngram_model_t* base = ngram_model_read(config, lm.c_str(), NGRAM_AUTO, lmath);
  if (base == nullptr) return give_up("the language model " + lm);
  ngram_model_t* search_lm = base;
  if (interpolate) {
    std::string domain = model.domain_lm.string();
    ngram_model_t* dom = ngram_model_read(config, domain.c_str(), NGRAM_AUTO, lmath);
    if (dom == nullptr) {
      ngram_model_free(base);
      return give_up("the language model " + domain);
    }
    ngram_model_t* models[2] = {base, dom};
    char stock_name[] = "stock", domain_name[] = "physio";
    char* names[2] = {stock_name, domain_name};
    const float32 weights[2] = {static_cast<float32>(1.0 - model.domain_weight),
                                static_cast<float32>(model.domain_weight)};
    // The set keeps its own references to both models (sphinxbase 5prealpha retains them).
    search_lm = ngram_model_set_init(config, models, names, weights, 2);
    ngram_model_free(base);
    ngram_model_free(dom);
    if (search_lm == nullptr) return give_up("the two language models could not be interpolated");
  }
  // ps_set_lm keeps its own reference to the model.
  int added = ps_set_lm(ps, "physio", search_lm);
  ngram_model_free(search_lm);
  if (added < 0 || ps_set_search(ps, "physio") < 0) return give_up("the n-gram search could not start");
  return std::unique_ptr<Decoder>(new PocketsphinxDecoder(ps, config));
}

}  // namespace physio::scribe::speech
