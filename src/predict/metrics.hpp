#pragma once
/// How good a risk is: discrimination (AUC with a bootstrap interval), overall accuracy (Brier),
/// calibration (intercept, slope, binned curve, observed/expected; Van Calster et al. 2019), clinical
/// usefulness (net benefit per threshold; Vickers and Elkin 2006) and the figures at the flagging
/// threshold, overall and per subgroup. Definitions: docs/models/README.md.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace physio::predict {

/// Area under the ROC curve (the probability that a random case with the outcome scores above a random
/// case without; ties count one half). nullopt with one class only.
std::optional<double> compute_auc(std::span<const double> score, std::span<const double> y);

struct Interval {
  double low = 0.0;
  double high = 0.0;
};
/// Percentile bootstrap 95 % interval of the AUC: `replicates` resamples of the rows with replacement,
/// from a fixed seed (the same rows give the same interval). nullopt with one class only.
std::optional<Interval> compute_auc_interval(std::span<const double> score, std::span<const double> y,
                                             int replicates = 1000, std::uint64_t seed = 20240501);

/// Mean squared difference between the risk and the outcome.
double compute_brier(std::span<const double> p, std::span<const double> y);

struct CalibrationBin {
  std::size_t n = 0;
  double mean_predicted = 0.0;
  double observed = 0.0;  ///< fraction with the outcome
};

struct NetBenefit {
  double threshold = 0.0;
  double model = 0.0;      ///< TP/n - FP/n * t/(1-t), flagging risks >= t
  double treat_all = 0.0;  ///< the same when everyone is flagged
};

struct AtThreshold {
  double threshold = 0.0;
  std::size_t flagged = 0;
  double flag_rate = 0.0;
  std::optional<double> precision{};  ///< of the flagged, the fraction with the outcome
  std::optional<double> recall{};     ///< of those with the outcome, the fraction flagged
  std::optional<double> specificity{};
};

struct Performance {
  std::size_t n = 0;
  std::size_t events = 0;
  std::optional<double> auc{};
  std::optional<Interval> auc_ci{};
  double brier = 0.0;
  std::optional<double> calibration_intercept{};  ///< a in logit P = a + logit p (0 is ideal)
  std::optional<double> calibration_slope{};      ///< b in logit P = a + b logit p (1 is ideal)
  double observed_expected = 0.0;                 ///< events / sum of risks
  AtThreshold at_threshold{};
};

struct SubgroupPerformance {
  std::string audit{};  ///< "age band"
  std::string label{};  ///< "65+"
  Performance performance{};
  std::string note{};  ///< why a figure is absent ("12 events: fewer than 20")
};

struct Evaluation {
  Performance overall{};
  std::vector<CalibrationBin> curve{};
  std::vector<NetBenefit> decision_curve{};
  std::vector<SubgroupPerformance> subgroups{};
};

struct EvaluationOptions {
  double threshold = 0.5;
  int bootstrap = 1000;
  std::size_t bins = 10;
  /// Subgroups with fewer events or non-events than this get no AUC or calibration, only counts.
  std::size_t min_events = 20;
};

Performance compute_performance(std::span<const double> p, std::span<const double> y,
                                const EvaluationOptions& o);

/// Everything above: `p` risks in (0, 1), `y` 0/1, `subgroups` audit name -> per-row label.
Evaluation evaluate_risks(std::span<const double> p, std::span<const double> y,
                          const std::map<std::string, std::vector<std::string>>& subgroups,
                          const EvaluationOptions& options);

/// How close an expected score is: mean absolute error, root mean squared error, R^2 and how often the
/// outcome fell inside the prediction interval.
struct ScoreAccuracy {
  std::size_t n = 0;
  double mae = 0.0;
  double rmse = 0.0;
  double r2 = 0.0;
  double coverage = 0.0;  ///< fraction inside [pred + low, pred + high]
};
ScoreAccuracy compute_score_accuracy(std::span<const double> predicted, std::span<const double> observed,
                                     double interval_low, double interval_high);

}  // namespace physio::predict
