#pragma once
/// Per-repetition and session metrics (definitions and units: docs/metrics/exercise.md).
///
/// Contract: compute_rep_metrics
///   inputs : RepContext (the filtered angle columns [n_angles][n_frames] by resolved name, the primary
///            series, the rate), one RepBounds, the exercise.
///   outputs: RepMetrics: times, ROM/peak per angle, phase durations, hold, peak velocity, SPARC,
///            symmetry (bilateral), compensation values.
/// Contract: sparc
///   inputs : speed [n] (any unit, >= 0) at rate_hz.
///   outputs: the spectral arc length (Balasubramanian et al. 2015): negative, closer to 0 = smoother.
///            Parameters as the paper: zero-padding to 2^(ceil(log2 n) + 4), cut-off 10 Hz, amplitude
///            threshold 0.05. NaN for fewer than 3 samples or zero speed.
/// Contract: compute_session_summary
///   inputs : the repetitions (partial ones are counted separately and excluded from statistics).
///   outputs: SessionSummary (count, ROM mean/best, CV, fatigue slopes, time under tension).

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "exercise/exercise.hpp"
#include "exercise/segmentation.hpp"

namespace physio::exercise {

struct AngleRepMetrics {
  std::string name;
  double start_deg = 0.0;
  double peak_deg = 0.0;  ///< value at the primary peak frame
  double min_deg = 0.0;
  double max_deg = 0.0;
  double rom_deg = 0.0;  ///< max - min over the repetition
};

struct MeasureValue {
  std::string id;
  std::string name;
  double value = 0.0;
  std::string unit;
};

struct RuleViolation {
  std::string rule_id;
  double value = 0.0;
  double threshold = 0.0;
  char op = '<';
  Severity severity = Severity::kMedium;
  std::string cue;
  std::size_t frame = 0;  ///< frame the violation is shown at (the repetition's worst frame or end)
  double t_s = 0.0;
};

struct Deduction {
  std::string source;  ///< "rule:<id>", "template", "partial"
  std::string reason;  ///< plain words with the value
  double points = 0.0;
};

struct QualityScore {
  double score = 100.0;  ///< 0-100
  std::vector<Deduction> deductions;
  double template_distance = -1.0;  ///< z-RMS distance to the reference, -1 when none
};

struct RepMetrics {
  int index = 0;  ///< 1-based among complete repetitions; 0 for partial ones
  bool partial = false;
  bool cut_at_start = false;  ///< partial: the recording starts during it (segmentation.hpp)
  std::size_t start_frame = 0, peak_frame = 0, end_frame = 0;
  double start_s = 0.0, peak_s = 0.0, end_s = 0.0, duration_s = 0.0;
  /// The pause at rest before it: from the previous movement's end to its start (0 for the first), s.
  double rest_before_s = 0.0;
  double out_s = 0.0;         ///< start -> peak (towards the peak)
  double return_s = 0.0;      ///< peak -> end
  double concentric_s = 0.0;  ///< out_s or return_s per the exercise
  double eccentric_s = 0.0;
  double hold_s = 0.0;             ///< time within max(5 deg, 10% ROM) of the peak, contiguous
  double rom_deg = 0.0;            ///< primary angle
  double peak_deg = 0.0;           ///< primary angle at the peak
  double peak_velocity_dps = 0.0;  ///< primary, deg/s
  double mean_velocity_dps = 0.0;  ///< 2 * ROM / duration (out and back), deg/s
  double sparc = 0.0;              ///< primary angular speed, dimensionless (<0)
  double symmetry_pct = -1.0;      ///< bilateral: 100 * min/max of left/right primary ROM; -1 otherwise
  std::vector<AngleRepMetrics> angles;
  std::vector<MeasureValue> compensations;
  std::vector<RuleViolation> violations;
  QualityScore quality;
  /// Why the repetition is not counted, with what to change (exercise/body_checks.hpp); empty when it
  /// counts. Partial repetitions are never counted; this says why.
  std::string not_counted;
};

struct SessionSummary {
  int count = 0;  ///< complete repetitions
  int partial_count = 0;
  int not_counted = 0;  ///< complete repetitions not counted (RepMetrics::not_counted), not in `count`
  double mean_rom_deg = 0.0;
  double best_rom_deg = 0.0;
  double rom_cv_pct = 0.0;                  ///< consistency: SD / mean of the ROM, %
  double duration_cv_pct = 0.0;             ///< SD / mean of the repetition duration, %
  double rom_slope_deg_per_rep = 0.0;       ///< fatigue: least-squares slope of ROM over repetition number
  double rom_change_pct = 0.0;              ///< slope * (count - 1) / mean ROM, %
  double velocity_slope_dps_per_rep = 0.0;  ///< slope of peak angular velocity
  double time_under_tension_s = 0.0;        ///< sum of complete repetition durations
  double total_hold_s = 0.0;
  double mean_sparc = 0.0;
  double mean_symmetry_pct = -1.0;
  double score = 0.0;  ///< mean score of complete repetitions - 5 per partial repetition, in [0, 100]
};

/// The angle columns a repetition is measured on.
struct RepContext {
  double rate_hz = 30.0;
  std::span<const TimeUs> times;                    ///< [n_frames]
  std::vector<std::string> names;                   ///< resolved angle names
  std::vector<const std::vector<double>*> columns;  ///< filtered [n_frames] each
  std::vector<double> primary;  ///< [n_frames] filtered primary (mean of sides if bilateral)
  std::string side;             ///< "left", "right" or "" (central/bilateral)
  const Exercise* exercise = nullptr;

  const std::vector<double>* column(const std::string& resolved) const;
};

double sparc(std::span<const double> speed, double rate_hz, double fc_hz = 10.0, double amp_threshold = 0.05,
             int pad_level = 4);

/// A measure's value on one repetition; NaN when its angle is absent or all-missing.
double evaluate_measure(const Measure& m, const RepContext& ctx, const RepBounds& rep, const RepMetrics& rm);

RepMetrics compute_rep_metrics(const RepContext& ctx, const RepBounds& rep);

SessionSummary compute_session_summary(std::span<const RepMetrics> reps);

/// Least-squares slope of y over x = 0, 1, 2, ...; 0 for fewer than 2 points.
double slope_per_index(std::span<const double> y);

}  // namespace physio::exercise
