#pragma once
/// Speech recognition of a visit recording with Debian's pocketsphinx (docs/validation/scribe.md, "Speech
/// recognition"), offline, on the clinic's machine.
///
/// Contract: `Audio` (any rate, 1-8 channels) -> `scribe::Transcript` with one segment per utterance, each
/// with its words, their start/end times in seconds from the start of the recording, and a confidence per
/// word: pocketsphinx's posterior probability of the word in the utterance's word lattice (`ps_seg_prob`
/// after the best-path search, as a probability in [0, 1]).
///
/// - Channels: two channels that are not copies of each other (correlation of the 16 kHz signals below
///   kSameSourceCorrelation) are one speaker each: **channel 1 the clinician, channel 2 the patient**, and
///   the transcript says `speakers_known: true`. One channel, copies, or more than two channels are mixed
///   to mono and the transcript is unlabelled (`speakers_known: false`, every speaker unknown).
/// - Each channel is resampled to 16 kHz (resample.hpp) and cut into utterances at pauses (segment.hpp);
///   utterances are recognised in parallel by `threads` decoders, each its own pocketsphinx instance.
/// - Refused: silence (no 20 ms frame reaches -50 dBFS), a recording over the configured maximum
///   (WavLimits, checked when reading). Clipping is a warning with the fraction of clipped samples.
/// - Progress: `progress(fraction)` is called on the calling thread, about five times a second, with the
///   fraction of the audio recognised so far; `cancel` set to true stops the work after the utterances
///   being decoded (at most kMaxUtteranceS of audio each) and returns a kIo error "recognition cancelled".
/// - Built without pocketsphinx (`PHYSIO_HAVE_POCKETSPHINX` unset), `recognize` returns kUnsupported with
///   the package to install.

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "scribe/speech/wav.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe::speech {

inline constexpr double kSameSourceCorrelation = 0.9;
inline constexpr double kMaxUtteranceS = 20.0;

/// The files of one pocketsphinx model: the acoustic model folder, the n-gram language model (ARPA or
/// binary), the pronunciation dictionary, and for the adapted model a physiotherapy n-gram model that is
/// linearly interpolated with `lm` word by word (P = (1 - w) P_lm + w P_domain, sphinxbase's
/// ngram_model_set), w = `domain_weight`.
struct ModelFiles {
  std::string name;  ///< "stock" or "adapted", for messages and the transcript
  std::filesystem::path hmm, lm, dict;
  std::filesystem::path domain_lm;  ///< empty for the stock model
  double domain_weight = 0.0;
};

enum class ModelKind { kStock, kAdapted };
/// "stock", "adapted"; nullopt otherwise.
std::optional<ModelKind> parse_model_kind(std::string_view name);

/// The stock en-us model: $PHYSIO_POCKETSPHINX_MODEL, else /usr/share/pocketsphinx/model/en-us (Debian's
/// pocketsphinx-en-us). The adapted model: `physio.lm.bin`, `physio.dict` and `weight` (the domain
/// weight, one number) in `adapted_dir`, else in $PHYSIO_SPEECH_MODELS, else in the build's speech-models
/// folder (scripts/build-speech-models.sh), with the stock acoustic model and the stock n-gram model.
/// Errors say which file is missing and how to get it.
Result<ModelFiles> find_model(ModelKind kind, const std::filesystem::path& adapted_dir = {});

struct RecognizeOptions {
  ModelFiles model;
  int threads = 2;
  std::function<void(double fraction)> progress;
  const std::atomic<bool>* cancel = nullptr;
  /// Channel handling: auto (as above), "mix" (always mono), "speakers" (two channels always per speaker).
  std::string channels = "auto";
};

struct RecognizeResult {
  Transcript transcript;
  AudioCheck check;
  double audio_s = 0;    ///< the recording's duration
  double elapsed_s = 0;  ///< wall-clock time of the recognition
  int channels_recognised = 0;
  std::vector<std::string> warnings;  ///< clipping, channels mixed
};

Result<RecognizeResult> recognize(const Audio& audio, const RecognizeOptions& options);

}  // namespace physio::scribe::speech
