#pragma once
/// Drift monitoring of a clinic's model: each calendar month of outcomes after the model's training period,
/// how it did (AUC, Brier, observed/expected) and how far its inputs moved from the training data
/// (standardised mean difference per feature), with an alert past set limits. Months with fewer than
/// `min_events` missed and attended appointments get counts only (an AUC on a handful is noise).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "predict/model.hpp"
#include "predict/table.hpp"

namespace physio::risk {

struct DriftLimits {
  double auc_drop = 0.05;  ///< alert when a month's AUC is this far below the validation AUC
  double oe_low = 0.8;     ///< alert when observed/expected leaves [oe_low, oe_high]
  double oe_high = 1.25;
  double max_shift = 0.25;      ///< alert when a feature's standardised mean difference exceeds this
  double shift_z = 3.5;         ///< ... and its difference is this many standard errors from zero
  std::size_t min_events = 20;  ///< of each class, for AUC and O/E
};

struct MonthDrift {
  std::string month{};  ///< "2026-10"
  std::size_t cases = 0;
  std::size_t events = 0;
  std::optional<double> auc{};
  std::optional<double> brier{};
  std::optional<double> observed{};   ///< share with the outcome
  std::optional<double> expected{};   ///< mean predicted risk
  double max_shift = 0.0;             ///< largest |standardised mean difference| over the features
  std::string shift_feature{};        ///< its label
  std::vector<std::string> alerts{};  ///< in words
};

/// Figures per month for `m` on `rows` of `t` (the months after training), the inputs compared with
/// `training_rows` (the caller passes the latest part of the training period: counts of earlier visits grow
/// while a clinic's records are young, and the start of its history is no reference for today);
/// `validation_auc` is the AUC the model had on its later period (nullopt: no AUC alert). A performance
/// alert needs the month's figure past its limit and the month's 95 % interval clear of the reference.
std::vector<MonthDrift> drift_by_month(const predict::Model& m, const predict::Table& t,
                                       std::span<const std::size_t> rows,
                                       std::span<const std::size_t> training_rows,
                                       std::optional<double> validation_auc, const DriftLimits& limits = {});

/// A month's figures as JSON text (stored with the drift row).
std::string month_drift_json(const MonthDrift& d);

}  // namespace physio::risk
