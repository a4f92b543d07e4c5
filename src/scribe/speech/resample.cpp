// A polyphase table of windowed-sinc taps: for output sample n the input position is n * M / L (L/M the
// reduced rate ratio), whose fractional part picks one of L phases. Computing the taps once per phase keeps
// an hour of 44.1 kHz audio to a few seconds of work.
#include "scribe/speech/resample.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace physio::scribe::speech {
namespace {

constexpr double kCutoffFraction = 0.9;  // of the lower Nyquist frequency
constexpr double kKaiserBeta = 8.6;

double sinc(double x) {
  if (std::abs(x) < 1e-12) return 1.0;
  double px = std::numbers::pi * x;
  return std::sin(px) / px;
}

double kaiser(double x) {  // x in [-1, 1]
  if (std::abs(x) >= 1.0) return 0.0;
  return std::cyl_bessel_i(0.0, kKaiserBeta * std::sqrt(1.0 - x * x)) / std::cyl_bessel_i(0.0, kKaiserBeta);
}

}  // namespace

std::vector<float> resample(std::span<const float> in, int in_rate_hz, int out_rate_hz) {
  if (in_rate_hz == out_rate_hz || in.empty()) return {in.begin(), in.end()};
  const long g = std::gcd(in_rate_hz, out_rate_hz);
  const long L = out_rate_hz / g;  // up
  const long M = in_rate_hz / g;   // down
  // The low-pass in input-sample units: cut-off `scale` cycles per two samples.
  const double scale = kCutoffFraction * std::min(1.0, static_cast<double>(L) / static_cast<double>(M));
  const long half = static_cast<long>(std::ceil(kResampleZeroCrossings / scale));
  const long taps = 2 * half;
  // [L][taps]: tap j of phase p weighs input sample i + j - half + 1 for position i + p / L.
  std::vector<float> table(static_cast<std::size_t>(L * taps));
  for (long p = 0; p < L; ++p) {
    double frac = static_cast<double>(p) / static_cast<double>(L);
    double sum = 0;
    for (long j = 0; j < taps; ++j) {
      double d = frac - static_cast<double>(j - half + 1);  // position minus the input sample's index
      double w = scale * sinc(scale * d) * kaiser(d / static_cast<double>(half));
      table[static_cast<std::size_t>(p * taps + j)] = static_cast<float>(w);
      sum += w;
    }
    // Unit gain at 0 Hz for every phase.
    for (long j = 0; j < taps; ++j) table[static_cast<std::size_t>(p * taps + j)] /= static_cast<float>(sum);
  }
  const long n_in = static_cast<long>(in.size());
  const long n_out = static_cast<long>((static_cast<long double>(n_in) * L) / M);
  std::vector<float> out(static_cast<std::size_t>(n_out));
  for (long n = 0; n < n_out; ++n) {
    long pos = n * M;  // in units of 1/L input samples
    long i = pos / L;
    long p = pos % L;
    const float* h = &table[static_cast<std::size_t>(p * taps)];
    long first = i - half + 1;
    double acc = 0;
    if (first >= 0 && first + taps <= n_in) {
      const float* x = &in[static_cast<std::size_t>(first)];
      for (long j = 0; j < taps; ++j) acc += static_cast<double>(h[j]) * x[j];
    } else {
      for (long j = 0; j < taps; ++j) {
        long k = first + j;
        if (k >= 0 && k < n_in) acc += static_cast<double>(h[j]) * in[static_cast<std::size_t>(k)];
      }
    }
    out[static_cast<std::size_t>(n)] = static_cast<float>(acc);
  }
  return out;
}

std::vector<float> channel_as_float(std::span<const std::int16_t> samples) {
  std::vector<float> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) out[i] = static_cast<float>(samples[i]) / 32768.0f;
  return out;
}

std::vector<float> mix_to_mono(const Audio& audio) {
  std::vector<float> out(audio.frames(), 0.0f);
  if (audio.channels.empty()) return out;
  const float k = 1.0f / (32768.0f * static_cast<float>(audio.channels.size()));
  for (const auto& c : audio.channels)
    for (std::size_t i = 0; i < out.size(); ++i) out[i] += static_cast<float>(c[i]) * k;
  return out;
}

std::vector<std::int16_t> to_pcm16(std::span<const float> samples) {
  std::vector<std::int16_t> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    float v = std::round(samples[i] * 32768.0f);
    out[i] = static_cast<std::int16_t>(std::clamp(v, -32768.0f, 32767.0f));
  }
  return out;
}

}  // namespace physio::scribe::speech
