#include "exercise/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>

#include <unsupported/Eigen/FFT>

#include "core/nan.hpp"

namespace physio::exercise {
namespace {

constexpr double kPartialPenalty = 5.0;  // session score points per partial repetition

double t_s(const RepContext& ctx, std::size_t f) {
  return us_to_seconds(ctx.times[f] - ctx.times.front());
}

struct MinMax {
  double lo = kNaN, hi = kNaN;
};
MinMax min_max(const std::vector<double>& c, std::size_t a, std::size_t b) {
  MinMax m;
  for (std::size_t i = a; i <= b; ++i) {
    double v = c[i];
    if (std::isnan(v)) continue;
    if (std::isnan(m.lo) || v < m.lo) m.lo = v;
    if (std::isnan(m.hi) || v > m.hi) m.hi = v;
  }
  return m;
}

double first_valid(const std::vector<double>& c, std::size_t a, std::size_t b) {
  for (std::size_t i = a; i <= b; ++i)
    if (!std::isnan(c[i])) return c[i];
  return kNaN;
}

double mean_sd(std::span<const double> v, double* sd) {
  if (v.empty()) {
    *sd = 0.0;
    return 0.0;
  }
  double m = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - m) * (x - m);
  *sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
  return m;
}

}  // namespace

const std::vector<double>* RepContext::column(const std::string& resolved) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == resolved) return columns[i];
  return nullptr;
}

double sparc(std::span<const double> speed, double rate_hz, double fc_hz, double amp_threshold,
             int pad_level) {
  std::vector<double> v;
  v.reserve(speed.size());
  for (double x : speed) v.push_back(std::isnan(x) ? 0.0 : x);
  if (v.size() < 3 || !(rate_hz > 0.0)) return kNaN;
  auto nfft =
      std::size_t{1} << (static_cast<int>(std::ceil(std::log2(static_cast<double>(v.size())))) + pad_level);
  v.resize(nfft, 0.0);
  static thread_local Eigen::FFT<double> fft;
  std::vector<std::complex<double>> spec;
  fft.fwd(spec, v);
  double m0 = std::abs(spec[0]);
  if (!(m0 > 0.0)) return kNaN;
  const double df = rate_hz / static_cast<double>(nfft);
  auto k_max = std::min(static_cast<std::size_t>(std::floor(fc_hz / df)), nfft / 2);
  // Adaptive cut-off: the last frequency (up to fc) whose normalised magnitude reaches the threshold.
  std::size_t k_cut = 0;
  for (std::size_t k = 0; k <= k_max; ++k)
    if (std::abs(spec[k]) / m0 >= amp_threshold) k_cut = k;
  if (k_cut == 0) return 0.0;
  double arc = 0.0;
  const double dfn = 1.0 / static_cast<double>(k_cut);  // frequency normalised to the cut-off
  for (std::size_t k = 1; k <= k_cut; ++k) {
    double dm = (std::abs(spec[k]) - std::abs(spec[k - 1])) / m0;
    arc += std::sqrt(dfn * dfn + dm * dm);
  }
  return -arc;
}

double slope_per_index(std::span<const double> y) {
  if (y.size() < 2) return 0.0;
  double n = static_cast<double>(y.size());
  double mx = (n - 1.0) / 2.0;
  double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0.0, sxx = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    double dx = static_cast<double>(i) - mx;
    sxy += dx * (y[i] - my);
    sxx += dx * dx;
  }
  return sxx > 0.0 ? sxy / sxx : 0.0;
}

double evaluate_measure(const Measure& m, const RepContext& ctx, const RepBounds& rep, const RepMetrics& rm) {
  switch (m.stat) {
    case Stat::kDurationS:
      return rm.duration_s;
    case Stat::kHoldS:
      return rm.hold_s;
    default:
      break;
  }
  const Exercise& ex = *ctx.exercise;
  if (m.stat == Stat::kSymmetryPct) {
    if (ex.laterality != Laterality::kBilateral) return kNaN;
    std::string base = m.angle == "primary" ? ex.primary_angle : m.angle;
    const auto* l = ctx.column(resolve_side(base, "left"));
    const auto* r = ctx.column(resolve_side(base, "right"));
    if (!l || !r) return kNaN;
    MinMax a = min_max(*l, rep.start, rep.end), b = min_max(*r, rep.start, rep.end);
    double ra = a.hi - a.lo, rb = b.hi - b.lo;
    if (std::isnan(ra) || std::isnan(rb) || std::max(ra, rb) <= 0.0) return kNaN;
    return 100.0 * std::min(ra, rb) / std::max(ra, rb);
  }
  const std::vector<double>* col = nullptr;
  if (m.angle == "primary") {
    col = &ctx.primary;
  } else if (ex.laterality == Laterality::kBilateral && m.angle.find("{side}") != std::string::npos) {
    // Bilateral: the worse of the two sides (largest value of the statistic).
    Measure left = m, right = m;
    left.angle = resolve_side(m.angle, "left");
    right.angle = resolve_side(m.angle, "right");
    double a = evaluate_measure(left, ctx, rep, rm), b = evaluate_measure(right, ctx, rep, rm);
    if (std::isnan(a)) return b;
    if (std::isnan(b)) return a;
    return m.stat == Stat::kMin ? std::min(a, b) : std::max(a, b);
  } else {
    col = ctx.column(resolve_side(m.angle, ctx.side.empty() ? "right" : ctx.side));
  }
  if (!col) return kNaN;
  const auto& c = *col;
  MinMax mm = min_max(c, rep.start, rep.end);
  double start = first_valid(c, rep.start, rep.end);
  switch (m.stat) {
    case Stat::kRom:
      return mm.hi - mm.lo;
    case Stat::kPeak:
      return c[rep.peak];
    case Stat::kMax:
      return mm.hi;
    case Stat::kMin:
      return mm.lo;
    case Stat::kMaxChange:
      return std::max(std::abs(mm.hi - start), std::abs(start - mm.lo));
    case Stat::kMaxIncrease:
      return std::max(0.0, mm.hi - start);
    case Stat::kMaxDecrease:
      return std::max(0.0, start - mm.lo);
    case Stat::kPeakVelocity: {
      double best = kNaN;
      for (std::size_t i = rep.start + 1; i + 1 <= rep.end; ++i) {
        double d = (c[i + 1 >= c.size() ? i : i + 1] - c[i - 1]) * ctx.rate_hz / 2.0;
        if (!std::isnan(d) && (std::isnan(best) || std::abs(d) > best)) best = std::abs(d);
      }
      return best;
    }
    default:
      return kNaN;
  }
}

RepMetrics compute_rep_metrics(const RepContext& ctx, const RepBounds& rep) {
  const Exercise& ex = *ctx.exercise;
  RepMetrics m;
  m.partial = rep.partial;
  m.cut_at_start = rep.cut_at_start;
  m.start_frame = rep.start;
  m.peak_frame = rep.peak;
  m.end_frame = rep.end;
  m.start_s = t_s(ctx, rep.start);
  m.peak_s = t_s(ctx, rep.peak);
  m.end_s = t_s(ctx, rep.end);
  m.duration_s = m.end_s - m.start_s;
  if (rep.rest_from < rep.start) m.rest_before_s = m.start_s - t_s(ctx, rep.rest_from);
  m.out_s = m.peak_s - m.start_s;
  m.return_s = m.end_s - m.peak_s;
  bool conc_out = ex.concentric == ConcentricPhase::kTowardPeak;
  m.concentric_s = conc_out ? m.out_s : m.return_s;
  m.eccentric_s = conc_out ? m.return_s : m.out_s;

  const auto& p = ctx.primary;
  MinMax mm = min_max(p, rep.start, rep.end);
  m.rom_deg = mm.hi - mm.lo;
  m.peak_deg = p[rep.peak];
  // Hold: contiguous frames around the peak within max(5 deg, 10% ROM) of the peak value.
  double band = std::max(5.0, 0.1 * m.rom_deg);
  std::size_t a = rep.peak, b = rep.peak;
  while (a > rep.start && !std::isnan(p[a - 1]) && std::abs(p[a - 1] - m.peak_deg) <= band) --a;
  while (b < rep.end && !std::isnan(p[b + 1]) && std::abs(p[b + 1] - m.peak_deg) <= band) ++b;
  m.hold_s = us_to_seconds(ctx.times[b] - ctx.times[a]);

  // Angular speed of the primary angle (central differences on the filtered series).
  std::vector<double> speed;
  speed.reserve(rep.end - rep.start + 1);
  double peak_v = 0.0;
  for (std::size_t i = rep.start; i <= rep.end; ++i) {
    std::size_t i0 = i > 0 ? i - 1 : i, i1 = i + 1 < p.size() ? i + 1 : i;
    double v = i1 > i0 ? (p[i1] - p[i0]) * ctx.rate_hz / static_cast<double>(i1 - i0) : 0.0;
    if (std::isnan(v)) v = 0.0;
    speed.push_back(std::abs(v));
    peak_v = std::max(peak_v, std::abs(v));
  }
  m.peak_velocity_dps = peak_v;
  m.mean_velocity_dps = m.duration_s > 0.0 ? 2.0 * m.rom_deg / m.duration_s : 0.0;
  m.sparc = sparc(speed, ctx.rate_hz);

  if (ex.laterality == Laterality::kBilateral) {
    Measure sym{"primary", Stat::kSymmetryPct};
    double s = evaluate_measure(sym, ctx, rep, m);
    m.symmetry_pct = std::isnan(s) ? -1.0 : s;
  }
  for (std::size_t k = 0; k < ctx.names.size(); ++k) {
    const auto& c = *ctx.columns[k];
    MinMax am = min_max(c, rep.start, rep.end);
    AngleRepMetrics a_m;
    a_m.name = ctx.names[k];
    a_m.start_deg = first_valid(c, rep.start, rep.end);
    a_m.peak_deg = c[rep.peak];
    a_m.min_deg = am.lo;
    a_m.max_deg = am.hi;
    a_m.rom_deg = am.hi - am.lo;
    m.angles.push_back(std::move(a_m));
  }
  for (const auto& comp : ex.compensations) {
    double v = evaluate_measure(comp.measure, ctx, rep, m);
    std::string unit = comp.measure.stat == Stat::kSymmetryPct    ? "%"
                       : comp.measure.stat == Stat::kPeakVelocity ? "deg/s"
                       : (comp.measure.stat == Stat::kDurationS || comp.measure.stat == Stat::kHoldS) ? "s"
                                                                                                      : "deg";
    m.compensations.push_back({comp.id, comp.name, v, unit});
  }
  return m;
}

SessionSummary compute_session_summary(std::span<const RepMetrics> reps) {
  SessionSummary s;
  std::vector<double> rom, dur, vel, sp, sym;
  double score_sum = 0.0;
  for (const auto& r : reps) {
    if (!r.partial) score_sum += r.quality.score;
    if (r.partial) {
      ++s.partial_count;
      continue;
    }
    ++s.count;
    rom.push_back(r.rom_deg);
    dur.push_back(r.duration_s);
    vel.push_back(r.peak_velocity_dps);
    if (!std::isnan(r.sparc)) sp.push_back(r.sparc);
    if (r.symmetry_pct >= 0.0) sym.push_back(r.symmetry_pct);
    s.time_under_tension_s += r.duration_s;
    s.total_hold_s += r.hold_s;
  }
  if (!rom.empty()) {
    double sd = 0.0;
    s.mean_rom_deg = mean_sd(rom, &sd);
    s.rom_cv_pct = s.mean_rom_deg > 0.0 ? 100.0 * sd / s.mean_rom_deg : 0.0;
    s.best_rom_deg = *std::max_element(rom.begin(), rom.end());
    double dm = mean_sd(dur, &sd);
    s.duration_cv_pct = dm > 0.0 ? 100.0 * sd / dm : 0.0;
    s.rom_slope_deg_per_rep = slope_per_index(rom);
    s.rom_change_pct = s.mean_rom_deg > 0.0 ? 100.0 * s.rom_slope_deg_per_rep *
                                                  static_cast<double>(rom.size() - 1) / s.mean_rom_deg
                                            : 0.0;
    s.velocity_slope_dps_per_rep = slope_per_index(vel);
    double ignored = 0.0;
    s.mean_sparc = sp.empty() ? 0.0 : mean_sd(sp, &ignored);
    s.mean_symmetry_pct = sym.empty() ? -1.0 : mean_sd(sym, &ignored);
  }
  // Mean score of the complete repetitions, minus kPartialPenalty per partial repetition.
  if (s.count > 0) s.score = std::clamp(score_sum / s.count - kPartialPenalty * s.partial_count, 0.0, 100.0);
  return s;
}

}  // namespace physio::exercise
