#pragma once
/// Zero-phase forward-backward filtering of a second-order-section cascade (scipy sosfiltfilt semantics).

#include <cstddef>
#include <span>
#include <vector>

#include "dsp/sos.hpp"

namespace physio::dsp {

/// Reusable working memory for filtfilt(); keep one per thread and pass it to every call so a
/// pipeline allocates once (the buffer grows to the longest valid run plus padding).
struct FiltfiltScratch {
  std::vector<double> buffer;
};

/// Samples of odd-reflection padding added at each end of a run: 3 * (order + 1), as scipy.
std::size_t filtfilt_pad_length(const SosFilter& sos);

/// Contract: filtfilt
///   inputs : sos (any valid cascade, e.g. from butterworth_lowpass_sos); series [n] uniformly sampled,
///            NaN = missing sample (an exact 0 is a value).
///   outputs: series filtered in place, forward then backward: zero phase, magnitude |H(f)|^2.
///   edges  : each contiguous run of valid samples is filtered on its own; NaN samples stay NaN.
///            A run is extended at both ends by odd reflection (2 x[0] - x[i]) of
///            min(filtfilt_pad_length(sos), run length - 1) samples; runs shorter than the full padding
///            therefore get reduced padding rather than being left unfiltered (a 1-sample run is returned
///            unchanged). Each section starts in its steady state for the first padded sample, in both
///            directions (lfilter_zi equivalent), so a constant comes back exactly constant.
///   cost   : O(n * sections), no allocation once scratch is large enough.
void filtfilt(const SosFilter& sos, std::span<double> series, FiltfiltScratch& scratch);

/// Same as above with a temporary scratch buffer.
void filtfilt(const SosFilter& sos, std::span<double> series);

/// Series filtered side by side by filtfilt_lanes (one 512-bit register of doubles).
inline constexpr std::size_t kFiltfiltLanes = 8;

/// Contract: filtfilt_lanes
///   inputs : sos as for filtfilt; `lanes` [n, kFiltfiltLanes] interleaved: series j is lanes[i * 8 + j];
///            every value finite (series with NaN go through filtfilt, which splits them into runs).
///   outputs: each series filtered in place exactly as filtfilt filters a NaN-free series of length n
///            (same reflection padding, same steady-state start); results agree with filtfilt to rounding.
///   cost   : the eight recursions advance together in SIMD registers, so eight series cost about as much
///            as one through filtfilt (whose loop is bound by the latency of its recursion).
void filtfilt_lanes(const SosFilter& sos, std::span<double> lanes, FiltfiltScratch& scratch);

}  // namespace physio::dsp
