#include "scribe/speech/segment.hpp"

#include <algorithm>
#include <cmath>

namespace physio::scribe::speech {
namespace {
constexpr std::size_t kFrame = 160;  // 10 ms at 16 kHz
constexpr double kAbsoluteFloorDb = -55.0;
}  // namespace

std::vector<Utterance> find_utterances(std::span<const float> x, const SegmentOptions& o) {
  std::size_t n_frames = (x.size() + kFrame - 1) / kFrame;
  if (n_frames == 0) return {};
  std::vector<double> db(n_frames);  // [n_frames]
  for (std::size_t f = 0; f < n_frames; ++f) {
    std::size_t b = f * kFrame, e = std::min(x.size(), b + kFrame);
    double s = 0;
    for (std::size_t i = b; i < e; ++i) s += static_cast<double>(x[i]) * x[i];
    s /= static_cast<double>(e - b);
    db[f] = s > 0 ? 10.0 * std::log10(s) : -200.0;
  }
  std::vector<double> sorted = db;
  auto q = sorted.begin() + static_cast<std::ptrdiff_t>(n_frames / 10);
  std::nth_element(sorted.begin(), q, sorted.end());
  const double threshold = std::max(*q + o.threshold_db, kAbsoluteFloorDb);

  // Speech runs [first, last] in frames.
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  const auto min_pause = static_cast<std::size_t>(o.min_pause_s * kFramesPerS);
  for (std::size_t f = 0; f < n_frames; ++f) {
    if (db[f] <= threshold) continue;
    if (!runs.empty() && f - runs.back().second <= min_pause)
      runs.back().second = f;
    else
      runs.push_back({f, f});
  }
  const auto max_len = static_cast<std::size_t>(o.max_utterance_s * kFramesPerS);
  const auto min_speech = static_cast<std::size_t>(o.min_speech_s * kFramesPerS);
  const auto pad = static_cast<std::size_t>(o.pad_s * kFramesPerS);
  std::vector<Utterance> out;
  auto emit = [&](std::size_t first, std::size_t last) {
    if (last + 1 - first < min_speech) return;
    std::size_t b = first >= pad ? first - pad : 0;
    std::size_t e = std::min(n_frames, last + 1 + pad);
    if (!out.empty()) b = std::max(b, out.back().end / kFrame);
    out.push_back({b * kFrame, std::min(x.size(), e * kFrame)});
  };
  for (auto [first, last] : runs) {
    while (last + 1 - first > max_len) {
      // Cut at the quietest frame in the second half of the allowed length.
      std::size_t from = first + max_len / 2, to = first + max_len;
      std::size_t cut = from;
      for (std::size_t f = from; f < to; ++f)
        if (db[f] < db[cut]) cut = f;
      emit(first, cut);
      first = cut + 1;
    }
    emit(first, last);
  }
  return out;
}

}  // namespace physio::scribe::speech
