#include "kinematics/preprocess.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "core/large_alloc.hpp"
#include "core/text.hpp"
#include "dsp/butterworth.hpp"
#include "dsp/filtfilt.hpp"
#include "dsp/gaps.hpp"
#include "dsp/one_euro.hpp"
#include "dsp/smooth.hpp"

namespace physio::kin {
namespace {

Result<double> parse_param(std::string_view text, std::string_view what, std::string_view spec) {
  auto v = parse_double(text);
  if (!v || !std::isfinite(*v) || *v <= 0)
    return fail(ErrorCode::kInvalidArgument, "filter '{}': {} must be a positive number, got '{}'", spec,
                what, text);
  return *v;
}

// Which landmark indices take part: all, or those some common joint is built from.
std::vector<std::size_t> landmarks_to_process(const LandmarkSequence& seq, bool joints_only) {
  const std::size_t n = seq.n_landmarks();
  std::vector<bool> use(n, !joints_only);
  if (joints_only) {
    for (const auto& src : seq.skeleton().joints) {
      if (src.a >= 0) use[static_cast<std::size_t>(src.a)] = true;
      if (src.b >= 0) use[static_cast<std::size_t>(src.b)] = true;
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i)
    if (use[i]) out.push_back(i);
  return out;
}

float Landmark::*const kAxes[3] = {&Landmark::x, &Landmark::y, &Landmark::z};

}  // namespace

std::string FilterSpec::to_string() const {
  switch (kind) {
    case Kind::kNone:
      return "none";
    case Kind::kButterworth:
      return fmt::format("butterworth:{}:{:g}", order, cutoff_hz);
    case Kind::kOneEuro:
      return fmt::format("one-euro:{:g}:{:g}", min_cutoff_hz, beta);
    case Kind::kGaussian:
      return fmt::format("gaussian:{:g}", sigma);
    case Kind::kMedian:
      return fmt::format("median:{}", kernel);
  }
  return "none";
}

Result<FilterSpec> parse_filter_spec(std::string_view text) {
  std::vector<std::string_view> parts;
  split(text, ':', parts);
  FilterSpec s;
  const std::string_view kind = trim(parts[0]);
  auto arity = [&](std::size_t max_params) -> Status {
    if (parts.size() - 1 > max_params)
      return fail(ErrorCode::kInvalidArgument, "filter '{}': {} takes at most {} parameter(s)", text, kind,
                  max_params);
    return ok();
  };
  if (kind == "none" || kind.empty()) {
    PHYSIO_CHECK(arity(0));
    s.kind = FilterSpec::Kind::kNone;
  } else if (kind == "butterworth" || kind == "butter") {
    PHYSIO_CHECK(arity(2));
    s.kind = FilterSpec::Kind::kButterworth;
    if (parts.size() > 1) {
      auto o = parse_int(parts[1]);
      if (!o || *o < 2 || *o % 2 != 0 || *o > 16)
        return fail(ErrorCode::kInvalidArgument,
                    "filter '{}': ORDER must be an even number from 2 to 16 (the zero-phase order), got '{}'",
                    text, parts[1]);
      s.order = static_cast<int>(*o);
    }
    if (parts.size() > 2) s.cutoff_hz = PHYSIO_TRY(parse_param(parts[2], "HZ", text));
  } else if (kind == "one-euro" || kind == "oneeuro" || kind == "one_euro") {
    PHYSIO_CHECK(arity(2));
    s.kind = FilterSpec::Kind::kOneEuro;
    if (parts.size() > 1) s.min_cutoff_hz = PHYSIO_TRY(parse_param(parts[1], "MIN_CUTOFF_HZ", text));
    if (parts.size() > 2) {
      auto b = parse_double(parts[2]);
      if (!b || !std::isfinite(*b) || *b < 0)
        return fail(ErrorCode::kInvalidArgument, "filter '{}': BETA must be a number >= 0, got '{}'", text,
                    parts[2]);
      s.beta = *b;
    }
  } else if (kind == "gaussian") {
    PHYSIO_CHECK(arity(1));
    s.kind = FilterSpec::Kind::kGaussian;
    if (parts.size() > 1) s.sigma = PHYSIO_TRY(parse_param(parts[1], "SIGMA", text));
  } else if (kind == "median") {
    PHYSIO_CHECK(arity(1));
    s.kind = FilterSpec::Kind::kMedian;
    if (parts.size() > 1) {
      auto k = parse_int(parts[1]);
      if (!k || *k < 1 || *k % 2 == 0 || *k > 101)
        return fail(ErrorCode::kInvalidArgument,
                    "filter '{}': K must be an odd number of frames (1-101), got '{}'", text, parts[1]);
      s.kernel = static_cast<int>(*k);
    }
  } else {
    return fail(ErrorCode::kInvalidArgument,
                "unknown filter '{}'; expected none, butterworth:ORDER:HZ, one-euro[:MIN_CUTOFF:BETA], "
                "gaussian:SIGMA or median:K",
                text);
  }
  return s;
}

std::vector<LandmarkGapStats> landmark_gap_stats(const LandmarkSequence& seq) {
  std::vector<LandmarkGapStats> out(seq.n_landmarks());
  for (std::size_t l = 0; l < seq.n_landmarks(); ++l) {
    auto& st = out[l];
    st.name = seq.skeleton().landmarks[l];
    std::size_t run = 0;
    for (std::size_t f = 0; f < seq.n_frames(); ++f) {
      if (seq.at(f, l).missing()) {
        ++st.missing_frames;
        if (run == 0) ++st.n_gaps;
        ++run;
        st.longest_gap_frames = std::max(st.longest_gap_frames, run);
      } else {
        run = 0;
      }
    }
  }
  return out;
}

Result<PreprocessReport> preprocess_landmarks(LandmarkSequence& seq, const PreprocessOptions& options) {
  PreprocessReport report;
  const std::size_t n = seq.n_frames();
  if (n == 0) return report;
  const double rate = seq.rate_hz();
  if (options.filter.kind != FilterSpec::Kind::kNone && rate <= 0)
    return fail(ErrorCode::kInvalidArgument, "{}: cannot filter: fewer than two frames or no frame rate",
                seq.source);

  dsp::SosFilter sos;
  if (options.filter.kind == FilterSpec::Kind::kButterworth) {
    auto d = dsp::design_zero_phase_lowpass({options.filter.order, options.filter.cutoff_hz, rate});
    if (!d)
      return std::unexpected(std::move(d).error().with_context(
          fmt::format("filter {} at {:.4g} frames/s", options.filter.to_string(), rate)));
    sos = std::move(*d);
  }
  dsp::OneEuroParams euro{options.filter.min_cutoff_hz, options.filter.beta, 1.0};
  const dsp::GapFillOptions gap_opts{
      options.cubic_gaps ? dsp::GapFill::kCubic : dsp::GapFill::kLinear,
      static_cast<std::size_t>(std::floor(options.max_gap_s * (rate > 0 ? rate : 0)))};

  const auto landmarks = landmarks_to_process(seq, options.joint_landmarks_only);
  const std::size_t stride = seq.n_landmarks();
  Landmark* base = seq.data().data();
  const std::size_t n_axes = seq.is_3d() || seq.space() == CoordSpace::kImageNormalized ? 3 : 2;
  const std::size_t n_series = landmarks.size() * n_axes;

  // Frame-major landmarks are transposed once into one contiguous series per (landmark, axis), so every
  // later step streams through memory instead of striding across frames. // [n_series, n]
  // Blocks of frames keep the source rows in cache while each series' slice is written contiguously.
  constexpr std::size_t kFrameBlock = 256;
  std::vector<float, LargeAllocator<float>> cols(n_series * n);
  for (std::size_t f0 = 0; f0 < n; f0 += kFrameBlock) {
    const std::size_t f1 = std::min(n, f0 + kFrameBlock);
    for (std::size_t k = 0; k < landmarks.size(); ++k) {
      const Landmark* src = base + landmarks[k];
      for (std::size_t a = 0; a < n_axes; ++a) {
        float* dst = cols.data() + (k * n_axes + a) * n;
        const float Landmark::*axis = kAxes[a];
        for (std::size_t f = f0; f < f1; ++f) dst[f] = src[f * stride].*axis;
      }
    }
  }
  auto col = [&](std::size_t series_index) { return std::span<float>(cols).subspan(series_index * n, n); };
  auto count_missing = [&](std::size_t k) {
    std::size_t m = 0;
    const auto x = col(k * n_axes);
    const auto y = col(k * n_axes + 1);
    for (std::size_t f = 0; f < n; ++f) m += std::isnan(x[f]) || std::isnan(y[f]) ? 1 : 0;
    return m;
  };
  std::vector<std::size_t> missing_before(landmarks.size());
  for (std::size_t k = 0; k < landmarks.size(); ++k) missing_before[k] = count_missing(k);

  std::vector<double> series(n);  // [n] one coordinate of one landmark
  std::vector<double> out(n);
  dsp::FiltfiltScratch scratch;
  std::vector<std::size_t> lane_queue;  // NaN-free series waiting for the 8-lane Butterworth
  for (std::size_t s = 0; s < n_series; ++s) {
    const auto values = col(s);
    const bool has_gaps = std::any_of(values.begin(), values.end(), [](float v) { return std::isnan(v); });
    const bool butterworth = options.filter.kind == FilterSpec::Kind::kButterworth;
    if (!has_gaps && butterworth) {
      lane_queue.push_back(s);
      continue;
    }
    const auto c = col(s);
    for (std::size_t f = 0; f < n; ++f) series[f] = static_cast<double>(c[f]);
    if (has_gaps && gap_opts.max_gap > 0) dsp::fill_gaps(series, gap_opts);
    switch (options.filter.kind) {
      case FilterSpec::Kind::kNone:
        break;
      case FilterSpec::Kind::kButterworth:
        dsp::filtfilt(sos, series, scratch);
        break;
      case FilterSpec::Kind::kOneEuro:
        PHYSIO_CHECK(dsp::one_euro_series(seq.times(), series, out, euro));
        series.swap(out);
        break;
      case FilterSpec::Kind::kGaussian:
        PHYSIO_CHECK(dsp::gaussian_smooth(series, out, {options.filter.sigma, 4.0}));
        series.swap(out);
        break;
      case FilterSpec::Kind::kMedian:
        PHYSIO_CHECK(dsp::median_filter(series, out, static_cast<std::size_t>(options.filter.kernel)));
        series.swap(out);
        break;
    }
    for (std::size_t f = 0; f < n; ++f) c[f] = static_cast<float>(series[f]);
  }
  constexpr std::size_t kLanes = dsp::kFiltfiltLanes;
  std::vector<double, LargeAllocator<double>> block(lane_queue.empty() ? 0 : n * kLanes);  // [n, kLanes]
  dsp::FiltfiltScratch lane_scratch;
  for (std::size_t q = 0; q < lane_queue.size(); q += kLanes) {
    const std::size_t used = std::min(kLanes, lane_queue.size() - q);
    std::fill(block.begin(), block.end(), 0.0);
    for (std::size_t j = 0; j < used; ++j) {
      const auto c = col(lane_queue[q + j]);
      for (std::size_t f = 0; f < n; ++f) block[f * kLanes + j] = static_cast<double>(c[f]);
    }
    dsp::filtfilt_lanes(sos, block, lane_scratch);
    for (std::size_t j = 0; j < used; ++j) {
      const auto c = col(lane_queue[q + j]);
      for (std::size_t f = 0; f < n; ++f) c[f] = static_cast<float>(block[f * kLanes + j]);
    }
  }

  for (std::size_t f0 = 0; f0 < n; f0 += kFrameBlock) {
    const std::size_t f1 = std::min(n, f0 + kFrameBlock);
    for (std::size_t k = 0; k < landmarks.size(); ++k) {
      Landmark* dst = base + landmarks[k];
      for (std::size_t a = 0; a < n_axes; ++a) {
        const float* src = cols.data() + (k * n_axes + a) * n;
        float Landmark::*axis = kAxes[a];
        for (std::size_t f = f0; f < f1; ++f) dst[f * stride].*axis = src[f];
      }
    }
  }
  for (std::size_t k = 0; k < landmarks.size(); ++k) {
    const std::size_t after = missing_before[k] > 0 ? count_missing(k) : 0;
    report.samples_filled += missing_before[k] - after;
    ++report.landmarks_processed;
  }
  return report;
}

}  // namespace physio::kin
