#pragma once
/// A fitted model as the clinic's server keeps it: what it predicts, its features with the words a
/// clinician reads, how a missing value is filled, its coefficients, its calibration, the threshold at which
/// it flags, where its data came from, and how it did on the later period it was checked on.
///
/// Two kinds:
///  - "logistic": a risk. log-odds = a + b * (b0 + sum_j coef_j x_j), where (a, b) is the calibration (0, 1
///    until recalibrated on a clinic's own outcomes);
///  - "linear": an expected score with an interval: b0 + sum_j coef_j x_j, interval [pred + low, pred + high]
///    from the out-of-fold residuals' quantiles.
/// Explanations compare a case with the typical case of the training data (each feature at its training
/// mean): the baseline plus every feature's contribution is exactly the case's log-odds (or score).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "predict/logistic.hpp"
#include "predict/table.hpp"

namespace physio::predict {

struct TrainingInfo {
  std::string data_source{};  ///< "KaggleV2-May-2016.csv (Vitória, Brazil), 2016-04-29 to 2016-06-08"
  std::string licence{};      ///< of the data the model was fitted on
  bool shippable = false;     ///< false when the data's licence forbids shipping the fitted model
  bool synthetic = false;     ///< fitted on synthetic data (demo clinic): always labelled as such
  std::size_t rows = 0;
  std::size_t events = 0;   ///< logistic: cases with the outcome
  std::string first_day{};  ///< "YYYY-MM-DD" of the earliest prediction time
  std::string last_day{};
  double l2 = 0.0;  ///< the penalty chosen by cross-validation
  std::size_t folds = 0;
  std::vector<std::string> notes{};  ///< rows dropped and why, features held at zero, ...
};

struct Model {
  std::string name{};        ///< "noshow", "knee_responder"
  std::string title{};       ///< "Risk of not attending an appointment"
  std::string kind{};        ///< "logistic" or "linear"
  std::string version{};     ///< "<name>-<training date>-<hash of the coefficients>"
  std::string outcome{};     ///< the outcome and its horizon in words
  std::string trained_on{};  ///< "YYYY-MM-DD" the training ran
  std::vector<FeatureInfo> features{};
  /// Features without which a case is "not assessed" (never filled): the score before an operation, the
  /// booking's date. Other missing features are filled with `fill`.
  std::vector<std::string> required{};
  std::vector<double> fill{};       ///< [n_features] value used when a feature is missing
  std::vector<double> reference{};  ///< [n_features] the typical case explanations compare against
  LogisticFit fit{};                ///< intercept and coefficients (also for "linear")
  Recalibration calibration{};      ///< logistic only
  double threshold = 0.5;           ///< logistic: flag at or above this risk
  double interval_low = 0.0;        ///< linear: offsets of the interval's ends from the prediction
  double interval_high = 0.0;
  double interval_level = 0.8;
  std::string unit{};  ///< linear: the score's unit ("points, 0-48")
  TrainingInfo training{};
  /// The evaluation on the later period (JSON text, see model_json.hpp); "" when none was run.
  std::string validation{};
};

/// Values of `row` with missing (NaN) features filled.
std::vector<double> filled_row(const Model& m, std::span<const double> row);

/// The model's linear predictor before calibration (logistic) or its prediction (linear).
double raw_score(const Model& m, std::span<const double> row);
/// Calibrated risk in (0, 1) (logistic only).
double risk(const Model& m, std::span<const double> row);

struct Contribution {
  std::size_t feature = 0;
  double value = 0.0;   ///< the case's value (after filling)
  double effect = 0.0;  ///< log-odds (logistic) or points (linear) added to the baseline
  bool was_missing = false;
};
struct Explanation {
  double baseline = 0.0;                      ///< the typical case's log-odds (or score)
  std::vector<Contribution> contributions{};  ///< sorted by |effect|, largest first
  double total = 0.0;                         ///< baseline + sum of effects: the case's log-odds (or score)
};
Explanation explain(const Model& m, std::span<const double> row);

/// The case's explanation, or "not assessed: <what> not recorded" when a required feature is missing.
Result<Explanation> assess(const Model& m, std::span<const double> row);

/// One sentence per contribution a clinician reads: "3 missed visits before (raises the risk)".
std::string describe(const Model& m, const Contribution& c);

/// Columns of `t` in the model's feature order; an error names a feature the table lacks.
Result<std::vector<std::size_t>> match_features(const Model& m, const Table& t);

}  // namespace physio::predict
