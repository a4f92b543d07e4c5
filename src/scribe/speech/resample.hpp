#pragma once
/// Sample-rate conversion for the recogniser, which wants 16 kHz mono 16-bit samples.
///
/// `resample` is a polyphase windowed-sinc converter for any rational ratio out/in (reduced by their
/// greatest common divisor): each output sample is the input convolved with a Kaiser-windowed (beta 8.6)
/// sinc low-pass whose cut-off is 0.45 x the lower of the two rates (0.9 x its Nyquist frequency), over
/// kResampleZeroCrossings zero crossings of that sinc each side. Below the cut-off the gain is flat to
/// within 0.1 dB; above the lower Nyquist frequency aliases are attenuated by more than 60 dB
/// (tests/scribe/speech_wav_test.cpp checks both). Equal rates copy the input.

#include <cstdint>
#include <span>
#include <vector>

#include "scribe/speech/wav.hpp"

namespace physio::scribe::speech {

inline constexpr int kRecogniserRateHz = 16000;
inline constexpr int kResampleZeroCrossings = 16;

/// [n_in] at in_rate_hz -> [n_in * out/in, rounded down] at out_rate_hz.
std::vector<float> resample(std::span<const float> in, int in_rate_hz, int out_rate_hz);

/// One channel as floats in [-1, 1).
std::vector<float> channel_as_float(std::span<const std::int16_t> samples);
/// The mean of all channels.
std::vector<float> mix_to_mono(const Audio& audio);
/// Floats to 16-bit samples, rounded and saturated.
std::vector<std::int16_t> to_pcm16(std::span<const float> samples);

}  // namespace physio::scribe::speech
