#pragma once
/// Training: the penalty chosen by cross-validation on the training rows only (folds by person, so no
/// person's cases are on both sides of a fold), missing values filled with the training rows' means, the
/// final fit on all training rows; for scores, the interval from out-of-fold residuals.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "predict/metrics.hpp"
#include "predict/model.hpp"
#include "predict/table.hpp"

namespace physio::predict {

struct TrainOptions {
  std::vector<double> l2_grid{0.1, 1.0, 10.0, 100.0, 1000.0};
  std::size_t folds = 5;
  double threshold = 0.0;       ///< logistic: the flagging threshold stored in the model (0: the model's own)
  double interval_level = 0.8;  ///< linear: the prediction interval's coverage
  /// Fewest cases with and without the outcome a logistic model is fitted on.
  std::size_t min_events = 100;
};

/// The model's name, title and outcome words; the rest is filled by training.
struct ModelSpec {
  std::string name{};
  std::string title{};
  std::string outcome{};
  std::string unit{};  ///< linear: the score's unit
};

/// Fits a calibrated-by-construction logistic model on `rows` of `t`. Fails ("not assessed") with the reason
/// when there are too few events, one class only, or non-finite values.
Result<Model> train_logistic(const Table& t, std::span<const std::size_t> rows, const ModelSpec& spec,
                             const TrainOptions& options);

/// Fits a ridge linear model for a score on `rows` of `t`, with its prediction interval.
Result<Model> train_linear(const Table& t, std::span<const std::size_t> rows, const ModelSpec& spec,
                           const TrainOptions& options);

/// Risks (logistic) or predictions (linear) of `rows` of `t`.
Result<std::vector<double>> predict_rows(const Model& m, const Table& t, std::span<const std::size_t> rows);

/// Cross-validation fold of a person: a stable hash of their id, so folds do not depend on row order.
std::size_t fold_of(const std::string& person, std::size_t folds);

/// Re-fits the calibration (intercept, and the slope when `slope_too`) on a clinic's own outcomes.
Result<Model> recalibrate(const Model& m, const Table& t, std::span<const std::size_t> rows, bool slope_too);

}  // namespace physio::predict
