#pragma once
/// Utterances of a 16 kHz channel, cut at pauses, so a long recording is recognised as short independent
/// pieces (in parallel, each with its own cepstral mean).
///
/// Contract: input [n] samples at 16 kHz in [-1, 1); output utterances in time order, not overlapping,
/// each [begin, end) in samples. 10 ms frames; a frame is speech when its energy is more than
/// `threshold_db` above the noise floor (the 10th percentile of frame energies) and above -55 dBFS;
/// speech runs closer than `min_pause_s` are joined; each utterance is padded by `pad_s` each side;
/// one longer than `max_utterance_s` is cut at its quietest frame between half that length and all of
/// it; a run of less than `min_speech_s` of speech is dropped.

#include <cstddef>
#include <span>
#include <vector>

namespace physio::scribe::speech {

/// The recogniser's frame rate: 10 ms frames.
inline constexpr double kFramesPerS = 100.0;

struct SegmentOptions {
  double threshold_db = 8.0;
  double min_pause_s = 0.3;
  double pad_s = 0.15;
  double max_utterance_s = 20.0;
  double min_speech_s = 0.12;
};

struct Utterance {
  std::size_t begin = 0;  ///< first sample
  std::size_t end = 0;    ///< one past the last sample
};

std::vector<Utterance> find_utterances(std::span<const float> samples_16k, const SegmentOptions& o = {});

}  // namespace physio::scribe::speech
