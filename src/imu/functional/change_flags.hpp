#pragma once
/// Flags meaningful changes of a person's functional measures against their own baseline.
///
/// Contract: compute_change_flags
///   inputs : results {date "YYYY-MM-DD", metric, value} in any order; a threshold table (metric, threshold
///            in the metric's unit, which direction is better, kind MDC/MCID, source); options.
///   method : per metric, results sorted by date (stable). Baseline = median of the values dated within
///            baseline_days of the first result (kFirstDays) or within the baseline_days before the
///            current window (kRolling). Current = median of the last current_count values (1: the latest;
///            3 damps a single noisy session). change = current - baseline. A "worsened" flag is raised when
///            the change goes in the bad direction by MORE than the threshold; "improved" flags are added
///            when report_improvements is set. Baseline noise: robust SD = 1.4826 x MAD of the baseline
///            values; when 1.96 x robust SD exceeds the threshold the flag carries a note that the person's
///            own day-to-day variation is larger than the table's threshold.
///   outputs: per-metric summaries and flags carrying baseline, current, change, threshold, direction,
///            kind and source. Metrics without a threshold, or with fewer than min_baseline_values baseline
///            values, or with no result after the baseline, are reported as not evaluated (with the reason).
///   errors : kInvalidArgument for a malformed date (naming the entry), NaN/inf values, an empty metric
///            name, or bad options; kParse for JSON that does not have the documented shape.

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"

namespace physio::imu {

enum class BetterDirection { kHigher, kLower };

struct ChangeThreshold {
  std::string metric;
  double threshold = 0.0;  ///< in the metric's unit
  BetterDirection better = BetterDirection::kHigher;
  std::string kind;  ///< "MCID" or "MDC"
  std::string unit;
  std::string source;  ///< citation of the threshold
};

/// The built-in table (walking speed, five-times sit-to-stand, TUG, 30-s chair stand), under the names of
/// `metric_vocabulary.hpp` with UCUM units; see
/// docs/metrics/imu-functional.md for the sources and the populations they come from.
std::vector<ChangeThreshold> default_change_thresholds();

struct DatedResult {
  std::string date;  ///< "YYYY-MM-DD"
  std::string metric;
  double value = 0.0;
};

enum class BaselineMode { kFirstDays, kRolling };

struct ChangeFlagOptions {
  BaselineMode baseline_mode = BaselineMode::kFirstDays;
  int baseline_days = 14;  ///< length of the baseline period, days
  int min_baseline_values = 3;
  int current_count = 1;  ///< values (latest first) whose median is "current"
  bool report_improvements = false;
};

struct ChangeFlag {
  std::string metric;
  std::string kind;  ///< "worsened" or "improved"
  std::string date;  ///< date of the latest value
  double baseline = 0.0;
  double current = 0.0;
  double change = 0.0;  ///< current - baseline
  double threshold = 0.0;
  std::string better;  ///< "higher" or "lower"
  std::string threshold_kind;
  std::string unit;
  std::string source;
  std::string note;  ///< e.g. noisy baseline
};

struct MetricSummary {
  std::string metric;
  bool evaluated = false;
  std::string reason;  ///< why not evaluated
  int n_values = 0;
  int n_baseline = 0;
  double baseline = 0.0;
  double baseline_robust_sd = 0.0;
  double current = 0.0;
  double change = 0.0;
  double threshold = 0.0;
};

struct ChangeReport {
  std::vector<MetricSummary> metrics;
  std::vector<ChangeFlag> flags;
};

Result<ChangeReport> compute_change_flags(const std::vector<DatedResult>& results,
                                          const std::vector<ChangeThreshold>& thresholds,
                                          const ChangeFlagOptions& options);

/// Days since 1970-01-01 of a "YYYY-MM-DD" date (proleptic Gregorian), or an error naming the text.
Result<long> parse_iso_date_days(const std::string& date);

/// JSON in: {"results": [{"date", "metric", "value"}...] (metric names of `metric_vocabulary.hpp`; the
/// earlier `gait_speed_mps` is read as `walking_speed_mps`), "thresholds": [{"metric", "threshold",
/// "better": "higher"|"lower", "kind", "unit", "source"}...] (optional: replaces/extends the defaults
/// per metric), "options": {"baseline_mode": "first_days"|"rolling", "baseline_days", "min_baseline_values",
/// "current_count", "report_improvements"} (optional)}.
struct ChangeFlagRequest {
  std::vector<DatedResult> results;
  std::vector<ChangeThreshold> thresholds;
  ChangeFlagOptions options;
};
Result<ChangeFlagRequest> change_flag_request_from_json(const nlohmann::json& j);

nlohmann::json change_report_to_json(const ChangeReport& r);

}  // namespace physio::imu
