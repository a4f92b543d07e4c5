#pragma once
/// One vocabulary for the headline measures of the wearable analyses: the names `physio imu gait|sts|tug|
/// sway|rom` write in their result's "metrics" block, the names `physio imu flags` compares over time and
/// the names docs/metrics/imu-functional.md lists. Each has a UCUM unit string.
///
/// Names end with their unit (physiokit's suffixes: `_m`, `_s`, `_deg`, `_mps` m/s, `_spm` steps/min,
/// `_mps2` m/s², `_m2ps4` m²/s⁴: `p` reads "per", a digit is the power); the "unit" beside every value is
/// the UCUM code (`m/s`, `m2/s4`, `{steps}/min`).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace physio::imu {

struct MetricDefinition {
  std::string_view name;     ///< e.g. "walking_speed_mps"
  std::string_view unit;     ///< UCUM, e.g. "m/s"
  std::string_view label;    ///< words for people, e.g. "walking speed"
  std::string_view command;  ///< the `physio imu` subcommand that measures it
  std::string_view meaning;  ///< which value of the analysis it is
};

/// Every metric, in the order the docs list them.
std::span<const MetricDefinition> metric_vocabulary();

/// The definition of `name`, also under an earlier spelling (`gait_speed_mps`); nullopt when unknown.
std::optional<MetricDefinition> find_metric(std::string_view name);

/// The "metrics" block of a result file: {"<name>": {"value": v, "unit": "<UCUM>"}} for each pair whose
/// value is finite (a metric the analysis could not measure is left out). Names must be in the vocabulary.
nlohmann::json metrics_block(const std::vector<std::pair<std::string_view, double>>& values);

}  // namespace physio::imu
