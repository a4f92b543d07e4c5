// Movement model: body-frame joint position summaries per repetition, a shrinkage linear discriminant
// (or a one-class distance) fitted on labelled repetitions, and its explanation in words.

#include "exercise/movement_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <Eigen/Dense>

#include "core/nan.hpp"
#include "exercise/dense_products.hpp"
#include "exercise/json_fields.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::exercise {
namespace {

using J = kin::Joint;
using V3 = Eigen::Vector3d;
constexpr double kMaxMissingShare = 0.10;  // features missing in more repetitions are dropped
constexpr double kMinSd = 1e-9;

constexpr std::array kJoints = {
    J::kHead,      J::kNose,       J::kNeck,      J::kMidHip,     J::kLeftShoulder, J::kRightShoulder,
    J::kLeftElbow, J::kRightElbow, J::kLeftWrist, J::kRightWrist, J::kLeftHip,      J::kRightHip,
    J::kLeftKnee,  J::kRightKnee,  J::kLeftAnkle, J::kRightAnkle, J::kLeftBigToe,   J::kRightBigToe};

V3 axis_vector(kin::Axis a) {
  const auto d = kin::axis_direction(a);
  return {d[0], d[1], d[2]};
}

struct PointReader {
  const kin::LandmarkSequence& seq;
  double sx = 1.0, sy = 1.0;
  bool mirror = false;  // read each joint from the other side (a left-sided repetition seen as right)
  std::optional<V3> get(std::size_t f, J j) const {
    auto l = seq.joint(f, mirror ? kin::mirror(j) : j);
    if (!l) return std::nullopt;
    if (seq.is_3d()) {
      if (std::isnan(l->z)) return std::nullopt;
      return V3(l->x, l->y, l->z);
    }
    return V3(l->x * sx, -l->y * sy, 0.0);  // image: y up
  }
};

double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return v.empty() ? kNaN : s / static_cast<double>(v.size());
}

double percentile_of(std::vector<double> v, double pct) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  double pos = pct / 100.0 * static_cast<double>(v.size() - 1);
  auto i = static_cast<std::size_t>(std::floor(pos));
  if (i + 1 >= v.size()) return v.back();
  return v[i] + (pos - static_cast<double>(i)) * (v[i + 1] - v[i]);
}

// Discriminant direction on standardised rows (NaN already replaced by 0).
Eigen::VectorXd lda_direction(const Eigen::MatrixXd& z, const std::vector<bool>& correct, double shrinkage) {
  const auto d = z.cols();
  Eigen::VectorXd mc = Eigen::VectorXd::Zero(d), mi = Eigen::VectorXd::Zero(d);
  double nc = 0.0, ni = 0.0;
  for (Eigen::Index r = 0; r < z.rows(); ++r) {
    if (correct[static_cast<std::size_t>(r)]) {
      mc += z.row(r).transpose();
      nc += 1.0;
    } else {
      mi += z.row(r).transpose();
      ni += 1.0;
    }
  }
  mc /= nc;
  mi /= ni;
  Eigen::MatrixXd centred = z;
  for (Eigen::Index r = 0; r < z.rows(); ++r)
    centred.row(r) -= (correct[static_cast<std::size_t>(r)] ? mc : mi).transpose();
  Eigen::MatrixXd c = scatter_matrix(centred) / std::max(1.0, nc + ni - 2.0);
  const double mean_var = c.trace() / static_cast<double>(d);
  c *= (1.0 - shrinkage);
  c.diagonal().array() += shrinkage * std::max(mean_var, kMinSd);
  return solve_symmetric(c, mc - mi);
}

struct Projections {
  std::vector<double> correct, incorrect;
};

// Scales w so that the training class means of w.z are 1 apart; returns the two means after scaling.
std::pair<double, double> normalise_direction(Eigen::VectorXd& w, const Eigen::MatrixXd& z,
                                              const std::vector<bool>& correct) {
  Eigen::VectorXd s = project_rows(z, w);
  double sc = 0.0, si = 0.0, nc = 0.0, ni = 0.0;
  for (Eigen::Index r = 0; r < s.size(); ++r) {
    if (correct[static_cast<std::size_t>(r)]) {
      sc += s[r];
      nc += 1.0;
    } else {
      si += s[r];
      ni += 1.0;
    }
  }
  double gap = sc / nc - si / ni;
  if (!(std::fabs(gap) > 1e-12)) gap = 1.0;
  w /= gap;
  return {sc / nc / gap, si / ni / gap};
}

Eigen::MatrixXd rows_of(const Eigen::MatrixXd& z, const std::vector<std::size_t>& idx) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(idx.size()), z.cols());
  for (std::size_t k = 0; k < idx.size(); ++k)
    out.row(static_cast<Eigen::Index>(k)) = z.row(static_cast<Eigen::Index>(idx[k]));
  return out;
}

// Held-out projections of every training group with a model fitted on the others.
// Held-out projections of every group's original repetitions (augmented ones train only).
Projections leave_one_group_out(const Eigen::MatrixXd& z, const std::vector<bool>& correct,
                                const std::vector<std::string>& groups, const std::vector<bool>& augmented,
                                double shrinkage) {
  Projections p;
  std::set<std::string> names(groups.begin(), groups.end());
  for (const auto& g : names) {
    std::vector<std::size_t> train, test;
    for (std::size_t r = 0; r < groups.size(); ++r) (groups[r] == g ? test : train).push_back(r);
    std::vector<bool> tc;
    bool has_c = false, has_i = false;
    for (std::size_t r : train) {
      tc.push_back(correct[r]);
      (correct[r] ? has_c : has_i) = true;
    }
    if (!has_c || !has_i) continue;
    Eigen::MatrixXd zt = rows_of(z, train);
    Eigen::VectorXd w = lda_direction(zt, tc, shrinkage);
    normalise_direction(w, zt, tc);
    for (std::size_t r : test) {
      if (augmented[r]) continue;
      double s = z.row(static_cast<Eigen::Index>(r)).dot(w);
      (correct[r] ? p.correct : p.incorrect).push_back(s);
    }
  }
  return p;
}

struct FeatureParts {
  std::string joint, axis, stat;
};

FeatureParts split_name(const std::string& name) {
  FeatureParts p;
  auto a = name.find('.');
  if (a == std::string::npos) return {name, "", ""};
  auto b = name.find('.', a + 1);
  p.joint = name.substr(0, a);
  p.axis = name.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  p.stat = b == std::string::npos ? "" : name.substr(b + 1);
  return p;
}

}  // namespace

std::span<const kin::Joint> movement_joints() {
  return kJoints;
}

double roc_auc(std::span<const double> pos, std::span<const double> neg) {
  if (pos.empty() || neg.empty()) return kNaN;
  double wins = 0.0;
  for (double p : pos)
    for (double n : neg) wins += p > n ? 1.0 : p == n ? 0.5 : 0.0;
  return wins / (static_cast<double>(pos.size()) * static_cast<double>(neg.size()));
}

std::vector<std::pair<std::size_t, std::size_t>> movement_windows(std::span<const std::size_t> starts,
                                                                  std::span<const std::size_t> ends,
                                                                  std::size_t n_frames) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const std::size_t n = std::min(starts.size(), ends.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t a = i == 0 ? 0 : (ends[i - 1] + starts[i]) / 2;
    std::size_t b = i + 1 == n ? (n_frames == 0 ? 0 : n_frames - 1) : (ends[i] + starts[i + 1]) / 2;
    a = std::min(a, starts[i]);
    b = std::max(b, ends[i]);
    out.emplace_back(a, b);
  }
  return out;
}

Result<MovementFeatures> rep_movement_features(const kin::LandmarkSequence& seq, std::size_t start,
                                               std::size_t end, double duration_s,
                                               const FeatureOptions& options) {
  const bool mirror = options.mirror;
  if (seq.n_frames() == 0 || start > end || end >= seq.n_frames())
    return fail(ErrorCode::kInvalidArgument, "movement features: repetition frames {}..{} outside 0..{}",
                start, end, seq.n_frames());
  PointReader pr{seq};
  pr.mirror = mirror;
  if (!seq.is_3d() && seq.space() == kin::CoordSpace::kImageNormalized && seq.image_width > 0 &&
      seq.image_height > 0) {
    pr.sx = seq.image_width;
    pr.sy = seq.image_height;
  }
  // Body frame from the first frames of the repetition.
  V3 origin = V3::Zero(), lateral = V3::Zero(), shoulders = V3::Zero();
  int n = 0;
  for (std::size_t f = start; f <= end && f < start + kBodyFrameFrames; ++f) {
    auto lh = pr.get(f, J::kLeftHip), rh = pr.get(f, J::kRightHip);
    auto ls = pr.get(f, J::kLeftShoulder), rs = pr.get(f, J::kRightShoulder);
    if (!lh || !rh || !ls || !rs) continue;
    origin += 0.5 * (*lh + *rh);
    lateral += *lh - *rh;
    shoulders += 0.5 * (*ls + *rs);
    ++n;
  }
  if (n == 0)
    return fail(ErrorCode::kMissingData,
                "movement features: hips or shoulders missing in the first frames of the repetition "
                "(frames {}..{})",
                start, std::min(end, start + kBodyFrameFrames - 1));
  origin /= n;
  lateral /= n;
  shoulders /= n;
  const double trunk = (shoulders - origin).norm();
  if (!(trunk > 1e-9))
    return fail(ErrorCode::kMissingData, "movement features: zero trunk length at frame {}", start);
  V3 up = seq.is_3d() ? axis_vector(seq.up_axis) : V3::UnitY();
  std::vector<std::pair<std::string, V3>> axes;
  if (seq.is_3d()) {
    lateral -= lateral.dot(up) * up;
    if (lateral.norm() < 1e-9)
      return fail(ErrorCode::kMissingData, "movement features: hip line vertical at frame {}", start);
    lateral.normalize();
    // Mirrored, the hip line read from the swapped joints points to the person's right: forward keeps its
    // direction (a reflection, not a turn).
    const V3 forward = mirror ? up.cross(lateral) : lateral.cross(up);
    axes = {{"lateral", lateral}, {"up", up}, {"forward", forward}};
  } else {
    double facing = kin::detect_facing(seq).facing == kin::Facing::kLeft ? -1.0 : 1.0;
    axes = {{"forward", V3(facing, 0.0, 0.0)}, {"up", up}};
  }
  MovementFeatures out;
  out.mirrored = mirror;
  out.trunk_length = trunk;
  out.metres = seq.is_3d() && seq.space() == kin::CoordSpace::kWorldMetres;
  const auto& sk = seq.skeleton();
  auto times = seq.times();
  std::vector<double> vals;
  for (J j : kJoints) {
    if (!sk.has(j)) continue;
    const std::string joint(kin::joint_name(j));
    for (const auto& [axis_name, axis] : axes) {
      vals.clear();
      for (std::size_t f = start; f <= end; ++f) {
        auto p = pr.get(f, j);
        if (p) vals.push_back((*p - origin).dot(axis) / trunk);
      }
      const std::string base = joint + "." + axis_name;
      double lo = kNaN, hi = kNaN, sd = kNaN, mu = mean_of(vals);
      if (!vals.empty()) {
        auto [mn, mx] = std::minmax_element(vals.begin(), vals.end());
        lo = *mn;
        hi = *mx;
        if (options.rest_relative) {
          const std::size_t n_rest = std::min(vals.size(), kBodyFrameFrames);
          double rest = 0.0;
          for (std::size_t q = 0; q < n_rest; ++q) rest += vals[q];
          rest /= static_cast<double>(n_rest);
          lo -= rest;
          hi -= rest;
          mu -= rest;
        }
        double ss = 0.0;
        for (double v : vals) ss += (v - mu) * (v - mu);
        sd = std::sqrt(ss / static_cast<double>(vals.size()));
      }
      for (auto [stat, v] : {std::pair{".min", lo}, {".max", hi}, {".mean", mu}, {".sd", sd}}) {
        out.names.push_back(base + stat);
        out.values.push_back(v);
      }
    }
    // Peak speed in the body frame (trunk lengths per second), over consecutive valid frames.
    double peak = kNaN;
    std::optional<V3> prev;
    for (std::size_t f = start; f <= end; ++f) {
      auto p = pr.get(f, j);
      if (p && prev && f > start) {
        double dt = static_cast<double>(times[f] - times[f - 1]) * 1e-6;
        V3 dp = *p - *prev;
        double dist = 0.0;
        for (const auto& ax : axes) dist += std::pow(dp.dot(ax.second), 2);
        if (dt > 0.0) {
          double v = std::sqrt(dist) / trunk / dt;
          peak = std::isnan(peak) ? v : std::max(peak, v);
        }
      }
      prev = p;
    }
    out.names.push_back(joint + ".speed.max");
    out.values.push_back(peak);
  }
  out.names.push_back("duration_s");
  out.values.push_back(duration_s >= 0.0 ? duration_s
                                         : static_cast<double>(times[end] - times[start]) * 1e-6);
  return out;
}

std::vector<double> with_tempo(std::span<const std::string> names, std::span<const double> values,
                               double factor) {
  std::vector<double> out(values.begin(), values.end());
  for (std::size_t k = 0; k < names.size() && k < out.size(); ++k) {
    if (names[k] == "duration_s") out[k] *= factor;
    if (names[k].ends_with(".speed.max")) out[k] /= factor;
  }
  return out;
}

Result<MovementModel> fit_movement_model(const std::string& exercise_id, std::span<const std::string> names,
                                         std::span<const LabelledFeatures> data,
                                         const MovementModelOptions& opt) {
  const std::size_t d_in = names.size();
  std::size_t n_c = 0, n_i = 0;
  for (const auto& x : data) {
    if (x.values.size() != d_in)
      return fail(ErrorCode::kInvalidArgument, "movement model: a repetition has {} features, expected {}",
                  x.values.size(), d_in);
    if (!x.augmented) (x.correct ? n_c : n_i) += 1;
  }
  if (n_c < 2)
    return fail(ErrorCode::kMissingData, "movement model for '{}': {} correct repetitions, need >= 2",
                exercise_id, n_c);
  MovementModel m;
  m.exercise_id = exercise_id;
  m.input_names.assign(names.begin(), names.end());
  m.n_correct = static_cast<int>(n_c);
  m.n_incorrect = static_cast<int>(n_i);
  // Feature selection and standardisation on the correct repetitions.
  for (std::size_t k = 0; k < d_in; ++k) {
    std::size_t missing = 0;
    std::vector<double> v;
    for (const auto& x : data) {
      if (std::isnan(x.values[k]))
        ++missing;
      else if (x.correct)
        v.push_back(x.values[k]);
    }
    if (static_cast<double>(missing) > kMaxMissingShare * static_cast<double>(data.size()) || v.size() < 2)
      continue;
    double mu = mean_of(v), ss = 0.0;
    for (double x : v) ss += (x - mu) * (x - mu);
    double sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
    if (!(sd > kMinSd)) continue;
    m.names.push_back(names[k]);
    m.index.push_back(k);
    m.mean.push_back(mu);
    m.sd.push_back(sd);
  }
  if (m.names.empty())
    return fail(ErrorCode::kMissingData, "movement model for '{}': no usable feature", exercise_id);
  const auto d = static_cast<Eigen::Index>(m.names.size());
  Eigen::MatrixXd z(static_cast<Eigen::Index>(data.size()), d);
  std::vector<bool> correct, augmented;
  std::vector<std::string> groups;
  for (std::size_t r = 0; r < data.size(); ++r) {
    augmented.push_back(data[r].augmented);
    for (Eigen::Index k = 0; k < d; ++k) {
      const auto ku = static_cast<std::size_t>(k);
      double v = data[r].values[m.index[ku]];
      z(static_cast<Eigen::Index>(r), k) = std::isnan(v) ? 0.0 : (v - m.mean[ku]) / m.sd[ku];
    }
    correct.push_back(data[r].correct);
    groups.push_back(data[r].group);
  }
  std::set<std::string> group_names(groups.begin(), groups.end());
  m.n_groups = static_cast<int>(group_names.size());

  if (n_i == 0) {  // one-class
    std::vector<double> dist;
    auto rms = [&](Eigen::Index r) { return std::sqrt(z.row(r).squaredNorm() / static_cast<double>(d)); };
    if (group_names.size() >= 2) {
      // Distances of each group's repetitions to the mean/SD of the other groups.
      for (const auto& g : group_names) {
        std::vector<std::size_t> train, test;
        for (std::size_t r = 0; r < groups.size(); ++r)
          if (groups[r] != g)
            train.push_back(r);
          else if (!augmented[r])
            test.push_back(r);
        if (train.size() < 2) continue;
        Eigen::MatrixXd zt = rows_of(z, train);
        Eigen::RowVectorXd mu = zt.colwise().mean();
        Eigen::RowVectorXd sd =
            ((zt.rowwise() - mu).array().square().colwise().sum() / static_cast<double>(zt.rows() - 1))
                .sqrt()
                .max(kMinSd);
        for (std::size_t r : test) {
          Eigen::RowVectorXd q = (z.row(static_cast<Eigen::Index>(r)) - mu).array() / sd.array();
          dist.push_back(std::sqrt(q.squaredNorm() / static_cast<double>(d)));
        }
      }
    } else {
      for (Eigen::Index r = 0; r < z.rows(); ++r)
        if (!augmented[static_cast<std::size_t>(r)]) dist.push_back(rms(r));
    }
    m.d_ok = std::max(percentile_of(dist, 75.0), 1e-6);
    m.typical_distance = percentile_of(dist, 95.0);
    m.d_bad = 3.0 * m.d_ok;
    return m;
  }

  // Discriminant: shrinkage from the training groups, then calibration on held-out projections.
  Projections held;
  m.shrinkage = opt.default_shrinkage;
  if (group_names.size() >= 3 && !opt.shrinkage_grid.empty()) {
    double best = -1.0;
    for (double lam : opt.shrinkage_grid) {
      Projections p = leave_one_group_out(z, correct, groups, augmented, lam);
      double a = roc_auc(p.correct, p.incorrect);
      if (std::isfinite(a) && a > best + 1e-9) {
        best = a;
        m.inner_auc = a;
        m.shrinkage = lam;
        held = std::move(p);
      }
    }
  }
  {  // how far training repetitions lie from the correct mean (RMS z), to recognise unfamiliar input
    std::vector<double> dist;
    for (Eigen::Index r = 0; r < z.rows(); ++r)
      if (!augmented[static_cast<std::size_t>(r)])
        dist.push_back(std::sqrt(z.row(r).squaredNorm() / static_cast<double>(d)));
    m.typical_distance = percentile_of(dist, 95.0);
  }
  Eigen::VectorXd w = lda_direction(z, correct, m.shrinkage);
  auto [mean_c, mean_i] = normalise_direction(w, z, correct);
  m.weights.assign(w.data(), w.data() + w.size());
  if (held.correct.size() < 2 || held.incorrect.size() < 2) {  // in-sample calibration
    held = {};
    for (Eigen::Index r = 0; r < z.rows(); ++r)
      if (!augmented[static_cast<std::size_t>(r)])
        (correct[static_cast<std::size_t>(r)] ? held.correct : held.incorrect).push_back(z.row(r).dot(w));
  }
  // The score's midpoint is half-way between the held-out class means (training means when the
  // held-out projections do not separate); its slope is a fixed convention in the scaled projection.
  double hc = mean_of(held.correct), hi = mean_of(held.incorrect);
  m.midpoint = hc > hi ? 0.5 * (hc + hi) : 0.5 * (mean_c + mean_i);
  m.slope = kMovementScoreSlope;
  return m;
}

namespace {

std::vector<double> standardised(const MovementModel& m, const MovementFeatures& f) {
  std::unordered_map<std::string, double> by_name;
  for (std::size_t k = 0; k < f.names.size() && k < f.values.size(); ++k) by_name[f.names[k]] = f.values[k];
  std::vector<double> z(m.names.size(), 0.0);
  for (std::size_t k = 0; k < m.names.size(); ++k) {
    auto it = by_name.find(m.names[k]);
    if (it != by_name.end() && !std::isnan(it->second)) z[k] = (it->second - m.mean[k]) / m.sd[k];
  }
  return z;
}

// "left" <-> "right" wherever they occur (feature names, joint names, directions).
std::string swap_sides(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 4, "left") == 0) {
      out += "right";
      i += 4;
    } else if (s.compare(i, 5, "right") == 0) {
      out += "left";
      i += 5;
    } else {
      out += s[i++];
    }
  }
  return out;
}

double projection_of(const MovementModel& m, const std::vector<double>& z) {
  if (m.weights.empty()) {
    double ss = 0.0;
    for (double v : z) ss += v * v;
    return -std::sqrt(ss / static_cast<double>(std::max<std::size_t>(1, z.size())));
  }
  double s = 0.0;
  for (std::size_t k = 0; k < z.size(); ++k) s += m.weights[k] * z[k];
  return s;
}

std::string difference_text(const MovementModel& m, std::size_t k, double value, const MovementFeatures& f) {
  const std::string& name = m.names[k];
  const double diff = value - m.mean[k];
  if (name == "duration_s")
    return fmt::format("repetition took {:.1f} s ({} than correct repetitions, {:.1f} s on average)", value,
                       diff < 0 ? "faster" : "slower", m.mean[k]);
  FeatureParts p = split_name(name);
  std::string dir;
  if (p.axis == "speed" || p.stat == "sd")
    dir = diff > 0 ? "more" : "less";
  else if (p.axis == "up")
    dir = diff > 0 ? "higher" : "lower";
  else if (p.axis == "forward")
    dir = diff > 0 ? "further forward" : "further back";
  else
    dir = diff > 0 ? "further to the left" : "further to the right";
  const char* per_s = p.axis == "speed" ? "/s" : "";
  std::string size = f.metres ? fmt::format("{:.0f} cm{}", std::fabs(diff) * f.trunk_length * 100.0, per_s)
                              : fmt::format("{:.0f}% of the trunk length{}", std::fabs(diff) * 100.0, per_s);
  return fmt::format("{} {} than in correct repetitions", describe_movement_feature(name) + " " + size, dir);
}

}  // namespace

double movement_projection(const MovementModel& model, std::span<const double> values) {
  std::vector<double> z(model.names.size(), 0.0);
  for (std::size_t k = 0; k < model.names.size(); ++k) {
    std::size_t i = model.index[k];
    if (i < values.size() && !std::isnan(values[i])) z[k] = (values[i] - model.mean[k]) / model.sd[k];
  }
  return projection_of(model, z);
}

MovementAssessment assess_movement(const MovementModel& m, const MovementFeatures& f) {
  MovementAssessment a;
  std::vector<double> z = standardised(m, f);
  a.projection = projection_of(m, z);
  // Per-feature pull towards "incorrect": discriminant w_k z_k < 0; one-class z_k^2.
  std::vector<std::pair<double, std::size_t>> pull;
  a.discriminant = !m.weights.empty();
  if (m.weights.empty()) {
    double dist = -a.projection;
    double frac = std::clamp((dist - m.d_ok) / std::max(m.d_bad - m.d_ok, 1e-9), 0.0, 1.0);
    a.p_correct = 1.0 - frac;
    a.points = kMovementMaxPoints * frac;
    for (std::size_t k = 0; k < z.size(); ++k) pull.push_back({z[k] * z[k], k});
  } else {
    double logit = m.slope * (a.projection - m.midpoint);
    a.p_correct = 1.0 / (1.0 + std::exp(-std::clamp(logit, -60.0, 60.0)));
    a.points = kMovementMaxPoints * (1.0 - a.p_correct);
    for (std::size_t k = 0; k < z.size(); ++k) pull.push_back({-m.weights[k] * z[k], k});
  }
  std::sort(pull.begin(), pull.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  double total = 0.0;
  for (const auto& [v, k] : pull)
    if (v > 0.0) total += v;
  std::unordered_map<std::string, double> by_name;
  for (std::size_t k = 0; k < f.names.size() && k < f.values.size(); ++k) by_name[f.names[k]] = f.values[k];
  double listed = 0.0;
  std::map<std::string, double> other_by_part;  // the rest, by body part (joint) or "timing"
  for (const auto& [v, k] : pull) {
    if (!(v > 0.0)) break;
    if (m.names[k] == kRulePointsFeature) {
      a.rules_share = v / total;
      continue;
    }
    auto it = by_name.find(m.names[k]);
    if (a.reasons.size() >= 3 || it == by_name.end() || std::isnan(it->second)) {
      const std::string part = split_name(m.names[k]).joint;
      other_by_part[part == "duration_s" ? "timing" : part] += v / total;
      continue;
    }
    a.reasons.push_back({m.names[k], difference_text(m, k, it->second, f), z[k], v / total});
    listed += v / total;
  }
  a.other_share = std::max(0.0, 1.0 - a.rules_share - listed);
  std::vector<std::pair<double, std::string>> parts;
  for (const auto& [part, share] : other_by_part) parts.emplace_back(share, part);
  std::sort(parts.begin(), parts.end(), std::greater<>());
  for (std::size_t i = 0; i < parts.size() && i < 3; ++i) {
    std::string p = parts[i].second;
    std::replace(p.begin(), p.end(), '_', ' ');
    a.other_parts.push_back(p);
  }
  if (f.mirrored) {
    // Described as the mirror image: name the person's own side again.
    for (auto& r : a.reasons) {
      r.feature = swap_sides(r.feature);
      r.text = swap_sides(r.text);
    }
    for (auto& p : a.other_parts) p = swap_sides(p);
  }
  a.distance = 0.0;
  for (double v : z) a.distance += v * v;
  a.distance = std::sqrt(a.distance / static_cast<double>(std::max<std::size_t>(1, z.size())));
  return a;
}

std::string describe_movement_feature(const std::string& name) {
  if (name == "duration_s") return "repetition duration";
  FeatureParts p = split_name(name);
  std::string joint = p.joint;
  std::replace(joint.begin(), joint.end(), '_', ' ');
  std::string what;
  if (p.axis == "speed")
    what = "peak speed";
  else if (p.stat == "sd")
    what = p.axis == "up"        ? "up-down movement"
           : p.axis == "forward" ? "forward-back movement"
                                 : "side-to-side movement";
  else if (p.axis == "up")
    what = p.stat == "min" ? "lowest point" : p.stat == "max" ? "highest point" : "average height";
  else if (p.axis == "forward")
    what = p.stat == "min"   ? "furthest back"
           : p.stat == "max" ? "furthest forward"
                             : "average forward position";
  else
    what = p.stat == "min"   ? "furthest to the right"
           : p.stat == "max" ? "furthest to the left"
                             : "average sideways position";
  return joint + " " + what;
}

nlohmann::json movement_model_to_json(const MovementModel& m) {
  return {{"exercise", m.exercise_id},
          {"features", m.names},
          {"index", m.index},
          {"mean", m.mean},
          {"sd", m.sd},
          {"weights", m.weights},
          {"shrinkage", m.shrinkage},
          {"midpoint", m.midpoint},
          {"slope", m.slope},
          {"d_ok", m.d_ok},
          {"d_bad", m.d_bad},
          {"n_correct", m.n_correct},
          {"typical_distance", m.typical_distance},
          {"inner_auc", std::isfinite(m.inner_auc) ? nlohmann::json(m.inner_auc) : nlohmann::json(nullptr)},
          {"n_incorrect", m.n_incorrect},
          {"n_groups", m.n_groups},
          {"mirror_left", m.feature_options.mirror},
          {"rest_relative", m.feature_options.rest_relative},
          {"input_features", m.input_names}};
}

Result<MovementModel> movement_model_from_json(const nlohmann::json& j) {
  MovementModel m;
  try {
    m.exercise_id = j.at("exercise").get<std::string>();
    m.names = j.at("features").get<std::vector<std::string>>();
    const nlohmann::json& index = j.at("index");
    if (!index.is_array()) return fail(ErrorCode::kParse, "movement model: 'index' must be an array");
    for (const auto& v : index) {
      if (!v.is_number_unsigned())
        return fail(ErrorCode::kParse, "movement model: 'index' must hold non-negative integers, got {}",
                    v.dump().substr(0, 40));
      m.index.push_back(v.get<std::size_t>());
    }
    m.mean = j.at("mean").get<std::vector<double>>();
    m.sd = j.at("sd").get<std::vector<double>>();
    m.weights = j.at("weights").get<std::vector<double>>();
    m.shrinkage = j.value("shrinkage", 0.0);
    m.midpoint = j.at("midpoint").get<double>();
    m.slope = j.at("slope").get<double>();
    m.d_ok = j.at("d_ok").get<double>();
    m.d_bad = j.at("d_bad").get<double>();
    m.typical_distance = j.value("typical_distance", 0.0);
    if (j.contains("inner_auc") && j["inner_auc"].is_number()) m.inner_auc = j["inner_auc"].get<double>();
    m.input_names = j.value("input_features", std::vector<std::string>{});
    for (auto [key, flag] : {std::pair{"mirror_left", &m.feature_options.mirror},
                             std::pair{"rest_relative", &m.feature_options.rest_relative}}) {
      if (!j.contains(key)) continue;
      if (!j[key].is_boolean())
        return fail(ErrorCode::kParse, "movement model: '{}' must be true or false", key);
      *flag = j[key].get<bool>();
    }
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::kParse, "movement model: {}", e.what());
  }
  m.n_correct = PHYSIO_TRY(json_int_member(j, "n_correct", 0, "movement model"));
  m.n_incorrect = PHYSIO_TRY(json_int_member(j, "n_incorrect", 0, "movement model"));
  m.n_groups = PHYSIO_TRY(json_int_member(j, "n_groups", 0, "movement model"));
  const std::size_t d = m.names.size();
  if (m.index.size() != d || m.mean.size() != d || m.sd.size() != d ||
      (!m.weights.empty() && m.weights.size() != d))
    return fail(ErrorCode::kParse,
                "movement model: 'index', 'mean', 'sd' and 'weights' must have one value per feature ({})",
                d);
  for (std::size_t k = 0; k < d; ++k)
    if (!(m.sd[k] > 0.0))
      return fail(ErrorCode::kParse, "movement model: 'sd' of feature '{}' must be positive", m.names[k]);
  return m;
}

}  // namespace physio::exercise
