#include "imu/functional/sway.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include <nlohmann/json.hpp>

#include "dsp/butterworth.hpp"
#include "dsp/derivative.hpp"
#include "dsp/filtfilt.hpp"

namespace physio::imu {

namespace {

// One-sided periodogram at the DFT bins k / T inside [lo, hi] (direct DFT: only these bins are needed).
struct Spectrum {
  std::vector<double> f;
  std::vector<double> p;
};
Spectrum periodogram_band(const std::vector<double>& x, double rate_hz, double lo, double hi) {
  const std::size_t n = x.size();
  const double df = rate_hz / static_cast<double>(n);
  Spectrum s;
  const auto k0 = static_cast<std::size_t>(std::ceil(lo / df));
  const auto k1 = static_cast<std::size_t>(std::floor(hi / df));
  for (std::size_t k = std::max<std::size_t>(k0, 1); k <= k1 && k < (n + 1) / 2; ++k) {
    double re = 0.0, im = 0.0;
    const double w = 2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double ph = w * static_cast<double>(i);
      re += x[i] * std::cos(ph);
      im -= x[i] * std::sin(ph);
    }
    s.f.push_back(static_cast<double>(k) * df);
    s.p.push_back(2.0 * (re * re + im * im) / (static_cast<double>(n) * rate_hz));
  }
  return s;
}

SwaySpectrum spectral_measures(const Spectrum& s) {
  SwaySpectrum m;
  double mu0 = 0.0, mu1 = 0.0, mu2 = 0.0;
  for (std::size_t k = 0; k < s.f.size(); ++k) {
    mu0 += s.p[k];
    mu1 += s.f[k] * s.p[k];
    mu2 += s.f[k] * s.f[k] * s.p[k];
  }
  if (!(mu0 > 0.0)) return m;
  m.mean_freq_hz = mu1 / mu0;
  m.centroid_freq_hz = std::sqrt(mu2 / mu0);
  m.freq_dispersion = std::sqrt(std::max(0.0, 1.0 - mu1 * mu1 / (mu0 * mu2)));
  double cum = 0.0;
  for (std::size_t k = 0; k < s.f.size(); ++k) {
    cum += s.p[k];
    if (cum >= 0.95 * mu0) {
      m.f95_hz = s.f[k];
      break;
    }
  }
  return m;
}

// Upper 5% point of F(2, nu): closed form for 2 numerator degrees of freedom.
double f_crit_95_2(double nu) {
  return nu / 2.0 * (std::pow(0.05, -2.0 / nu) - 1.0);
}

double jerk_integral(const std::vector<double>& a, double rate_hz) {
  std::vector<double> j(a.size());
  (void)dsp::first_derivative(a, j, rate_hz);
  double s = 0.0;
  for (double v : j) s += v * v;
  return 0.5 * s / rate_hz;
}

}  // namespace

Result<SwayMeasures> compute_sway(const ImuRecording& rec, const SwayOptions& o) {
  const std::size_t n = rec.size();
  if (!(rec.rate_hz > 0.0)) {
    return fail(ErrorCode::kInvalidArgument, "sensor '{}': sampling rate must be positive", rec.sensor_name);
  }
  if (static_cast<std::size_t>(rec.acc_mps2.rows()) != n) {
    return fail(ErrorCode::kInvalidArgument, "sensor '{}': {} acc rows for {} timestamps", rec.sensor_name,
                rec.acc_mps2.rows(), n);
  }
  const double duration = static_cast<double>(n) / rec.rate_hz;
  if (duration < o.min_duration_s) {
    return fail(ErrorCode::kMissingData, "sensor '{}': {:.2f} s of standing, sway needs >= {} s",
                rec.sensor_name, duration, o.min_duration_s);
  }
  if (!(o.freq_hi_hz > o.freq_lo_hz) || o.freq_lo_hz < 0.0 || o.freq_hi_hz >= rec.rate_hz / 2.0) {
    return fail(ErrorCode::kInvalidArgument, "sway spectral band [{}, {}] Hz invalid at {} Hz", o.freq_lo_hz,
                o.freq_hi_hz, rec.rate_hz);
  }
  Vec3 mean = Vec3::Zero();
  for (std::size_t i = 0; i < n; ++i) {
    const Vec3 a = rec.acc_mps2.row(static_cast<Eigen::Index>(i)).transpose();
    if (!a.allFinite()) {
      return fail(ErrorCode::kInvalidArgument, "sensor '{}': acc sample {} is NaN or infinite",
                  rec.sensor_name, i);
    }
    mean += a;
  }
  if (!(mean.norm() > 0.0))
    return fail(ErrorCode::kInvalidArgument, "sensor '{}': mean acc is zero", rec.sensor_name);
  const Vec3 up = mean.normalized();
  if (!(o.forward_axis.norm() > 0.0) || !o.forward_axis.allFinite()) {
    return fail(ErrorCode::kInvalidArgument, "forward axis must be a non-zero vector");
  }
  Vec3 ap = o.forward_axis.normalized();
  ap -= ap.dot(up) * up;
  if (ap.norm() < 0.1) {
    return fail(ErrorCode::kInvalidArgument,
                "forward axis ({}, {}, {}) is within 6 deg of vertical: cannot define anterior-posterior",
                o.forward_axis.x(), o.forward_axis.y(), o.forward_axis.z());
  }
  ap.normalize();
  const Vec3 ml = up.cross(ap);

  std::vector<double> a_ap(n), a_ml(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Vec3 a = rec.acc_mps2.row(static_cast<Eigen::Index>(i)).transpose();
    a_ap[i] = a.dot(ap);
    a_ml[i] = a.dot(ml);
  }
  const auto sos = PHYSIO_TRY(dsp::design_zero_phase_lowpass(
      {.total_order = o.lowpass_total_order, .cutoff_hz = o.lowpass_cutoff_hz, .rate_hz = rec.rate_hz}));
  dsp::filtfilt(sos, a_ap);
  dsp::filtfilt(sos, a_ml);
  for (auto* v : {&a_ap, &a_ml}) {
    double m = 0.0;
    for (double x : *v) m += x;
    m /= static_cast<double>(n);
    for (double& x : *v) x -= m;
  }

  SwayMeasures r;
  r.duration_s = duration;
  double s_ap = 0.0, s_ml = 0.0, s_apml = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    s_ap += a_ap[i] * a_ap[i];
    s_ml += a_ml[i] * a_ml[i];
    s_apml += a_ap[i] * a_ml[i];
  }
  const double nn = static_cast<double>(n);
  s_ap /= nn;
  s_ml /= nn;
  s_apml /= nn;
  r.rms_ap_mps2 = std::sqrt(s_ap);
  r.rms_ml_mps2 = std::sqrt(s_ml);
  r.rms_mps2 = std::sqrt(s_ap + s_ml);
  r.jerk_ap_m2ps5 = jerk_integral(a_ap, rec.rate_hz);
  r.jerk_ml_m2ps5 = jerk_integral(a_ml, rec.rate_hz);
  r.jerk_m2ps5 = r.jerk_ap_m2ps5 + r.jerk_ml_m2ps5;
  for (std::size_t i = 1; i < n; ++i)
    r.path_length_mps2 += std::hypot(a_ap[i] - a_ap[i - 1], a_ml[i] - a_ml[i - 1]);
  r.mean_velocity_mps3 = r.path_length_mps2 / duration;
  r.ellipse_area_m2ps4 = 2.0 * std::numbers::pi * f_crit_95_2(nn - 2.0) *
                         std::sqrt(std::max(0.0, s_ap * s_ml - s_apml * s_apml));
  const auto [ap_min, ap_max] = std::minmax_element(a_ap.begin(), a_ap.end());
  const auto [ml_min, ml_max] = std::minmax_element(a_ml.begin(), a_ml.end());
  r.range_ap_mps2 = *ap_max - *ap_min;
  r.range_ml_mps2 = *ml_max - *ml_min;

  const auto sp_ap = periodogram_band(a_ap, rec.rate_hz, o.freq_lo_hz, o.freq_hi_hz);
  const auto sp_ml = periodogram_band(a_ml, rec.rate_hz, o.freq_lo_hz, o.freq_hi_hz);
  Spectrum sum = sp_ap;
  for (std::size_t k = 0; k < sum.p.size(); ++k) sum.p[k] += sp_ml.p[k];
  r.spectrum = spectral_measures(sum);
  r.spectrum_ap = spectral_measures(sp_ap);
  r.spectrum_ml = spectral_measures(sp_ml);
  return r;
}

namespace {
nlohmann::json spectrum_json(const SwaySpectrum& s) {
  return {{"mean_freq_hz", s.mean_freq_hz},
          {"centroid_freq_hz", s.centroid_freq_hz},
          {"freq_dispersion", s.freq_dispersion},
          {"f95_hz", s.f95_hz}};
}
}  // namespace

nlohmann::json sway_to_json(const SwayMeasures& m) {
  return {{"duration_s", m.duration_s},
          {"rms_mps2", m.rms_mps2},
          {"rms_ap_mps2", m.rms_ap_mps2},
          {"rms_ml_mps2", m.rms_ml_mps2},
          {"jerk_m2ps5", m.jerk_m2ps5},
          {"jerk_ap_m2ps5", m.jerk_ap_m2ps5},
          {"jerk_ml_m2ps5", m.jerk_ml_m2ps5},
          {"path_length_mps2", m.path_length_mps2},
          {"mean_velocity_mps3", m.mean_velocity_mps3},
          {"ellipse_area_m2ps4", m.ellipse_area_m2ps4},
          {"range_ap_mps2", m.range_ap_mps2},
          {"range_ml_mps2", m.range_ml_mps2},
          {"spectrum", spectrum_json(m.spectrum)},
          {"spectrum_ap", spectrum_json(m.spectrum_ap)},
          {"spectrum_ml", spectrum_json(m.spectrum_ml)}};
}

}  // namespace physio::imu
