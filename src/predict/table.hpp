#pragma once
/// A prediction data set: one row per case (an appointment, a program-day, an operation), its features,
/// its outcome, when the prediction is made and the subgroups its performance is audited by.
///
/// Features are numbers; a missing value is NaN until the model's preparation fills it (see model.hpp).
/// Rows are kept in the order given; splits are lists of row indices.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace physio::predict {

/// One feature: its code name (stable, in model files), the words a clinician reads, and its unit.
struct FeatureInfo {
  std::string name{};   ///< "lead_days_log"
  std::string label{};  ///< "days between booking and visit"
  std::string unit{};   ///< "log(1 + days)", "0/1", "points"
};

struct Table {
  std::vector<FeatureInfo> features{};
  std::vector<double> x{};           ///< [n_rows, n_features], row-major; NaN = missing
  std::vector<double> y{};           ///< [n_rows] outcome: 0/1 for risks, a score for regressions
  std::vector<std::int64_t> day{};   ///< [n_rows] day number of the prediction time (time splits)
  std::vector<std::string> group{};  ///< [n_rows] the person (no person on both sides of a split)
  std::vector<std::string> id{};     ///< [n_rows] the case's own id (appointment, operation)
  std::map<std::string, std::vector<std::string>> subgroups{};  ///< audit name -> [n_rows] label

  std::size_t rows() const { return y.size(); }
  std::size_t cols() const { return features.size(); }
  double at(std::size_t r, std::size_t c) const { return x[r * cols() + c]; }
  /// Appends a row; `values` must have cols() entries.
  void add_row(const std::vector<double>& values, double outcome, std::int64_t prediction_day,
               std::string person, std::string case_id);
};

/// Rows whose prediction day is before `split_day` (first) and on or after it (second).
struct Split {
  std::vector<std::size_t> train{};
  std::vector<std::size_t> test{};
};
Split split_by_day(const Table& t, std::int64_t split_day);

/// All row indices, 0..rows()-1.
std::vector<std::size_t> all_rows(const Table& t);

}  // namespace physio::predict
