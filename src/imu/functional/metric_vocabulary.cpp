#include "imu/functional/metric_vocabulary.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace physio::imu {
namespace {

constexpr std::array kVocabulary = {
    MetricDefinition{"walking_speed_mps", "m/s", "walking speed", "gait",
                     "median of the walking bouts (lower back); mean of the feet's mean speeds (feet)"},
    MetricDefinition{"cadence_spm", "{steps}/min", "cadence", "gait",
                     "median of the walking bouts (lower back); 120 / mean stride time of the feet (feet)"},
    MetricDefinition{"stride_length_m", "m", "stride length", "gait",
                     "median of the walking bouts (lower back); mean of the feet's means (feet)"},
    MetricDefinition{"stride_time_s", "s", "stride time", "gait",
                     "median of the walking bouts (lower back); mean of the feet's means (feet)"},
    MetricDefinition{"five_times_sit_to_stand_s", "s", "five times sit-to-stand", "sts",
                     "start of the 1st to end of the 5th transfer (only when five complete transfers)"},
    MetricDefinition{"chair_stand_30s_reps", "{stands}", "30 s chair stand", "sts",
                     "complete stands within 30 s of the first rise"},
    MetricDefinition{"tug_s", "s", "Timed Up and Go", "tug", "start of the rise to the end of the sit"},
    MetricDefinition{"sway_rms_mps2", "m/s2", "sway RMS acceleration", "sway",
                     "horizontal (antero-posterior and medio-lateral) RMS acceleration"},
    MetricDefinition{"sway_jerk_m2ps5", "m2/s5", "sway jerk", "sway",
                     "half the time integral of squared jerk"},
    MetricDefinition{"sway_mean_velocity_mps3", "m/s3", "sway mean velocity", "sway",
                     "length of the acceleration trajectory / duration"},
    MetricDefinition{"sway_ellipse_area_m2ps4", "m2/s4", "sway 95 % ellipse area", "sway",
                     "95 % confidence ellipse of the horizontal acceleration"},
    MetricDefinition{"joint_rom_deg", "deg", "joint range of motion", "rom",
                     "largest minus smallest joint angle"},
};

}  // namespace

std::span<const MetricDefinition> metric_vocabulary() {
  return kVocabulary;
}

std::optional<MetricDefinition> find_metric(std::string_view name) {
  // Earlier spellings, kept so old request files still compare with new results.
  if (name == "gait_speed_mps") name = "walking_speed_mps";
  for (const auto& m : kVocabulary)
    if (m.name == name) return m;
  return std::nullopt;
}

nlohmann::json metrics_block(const std::vector<std::pair<std::string_view, double>>& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, value] : values) {
    const auto def = find_metric(name);
    if (!def) throw std::logic_error("metric '" + std::string(name) + "' is not in the vocabulary");
    if (!std::isfinite(value)) continue;
    j[std::string(def->name)] = {{"value", value}, {"unit", std::string(def->unit)}};
  }
  return j;
}

}  // namespace physio::imu
