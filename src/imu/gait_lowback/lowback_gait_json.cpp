#include "imu/gait_lowback/lowback_gait_json.hpp"

#include <cmath>

namespace physio::imu {

namespace {

nlohmann::json num(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json turn_json(const Turn& t) {
  return {{"start_s", t.start_s},
          {"end_s", t.end_s},
          {"duration_s", t.duration_s},
          {"angle_deg", num(t.angle_deg)},
          {"peak_rate_dps", num(t.peak_rate_dps)},
          {"direction", t.direction}};
}

}  // namespace

nlohmann::json lowback_gait_to_json(const LowBackGaitResult& r) {
  nlohmann::json j;
  j["format"] = "physiokit.lowback_gait";
  j["version"] = 1;
  j["rate_hz"] = r.rate_hz;
  j["duration_s"] = r.duration_s;
  j["sensor_height_m"] = num(r.sensor_height_m);
  auto& gs = j["gait_sequences"] = nlohmann::json::array();
  for (const GaitSequence& g : r.gait_sequences) gs.push_back({{"start_s", g.start_s}, {"end_s", g.end_s}});
  auto& ics = j["initial_contacts"] = nlohmann::json::array();
  for (const InitialContact& ic : r.initial_contacts) {
    ics.push_back({{"t_s", ic.t_s}, {"side", foot_side_name(ic.side)}, {"gait_sequence", ic.gait_sequence}});
  }
  auto& st = j["strides"] = nlohmann::json::array();
  for (const Stride& s : r.strides) {
    st.push_back({{"start_s", s.start_s},
                  {"end_s", s.end_s},
                  {"duration_s", s.duration_s},
                  {"length_m", num(s.length_m)},
                  {"speed_mps", num(s.speed_mps)},
                  {"cadence_spm", num(s.cadence_spm)},
                  {"side", foot_side_name(s.side)},
                  {"valid", s.valid},
                  {"rejection", s.rejection}});
  }
  auto& tu = j["turns"] = nlohmann::json::array();
  for (const Turn& t : r.turns) tu.push_back(turn_json(t));
  auto& wb = j["walking_bouts"] = nlohmann::json::array();
  for (const WalkingBout& b : r.walking_bouts) {
    nlohmann::json bt = nlohmann::json::array();
    for (const Turn& t : b.turns) bt.push_back(turn_json(t));
    wb.push_back({{"start_s", b.start_s},
                  {"end_s", b.end_s},
                  {"duration_s", b.duration_s},
                  {"n_strides", b.n_strides},
                  {"n_steps", b.n_steps},
                  {"cadence_spm", num(b.cadence_spm)},
                  {"stride_time_s", num(b.stride_time_s)},
                  {"step_time_s", num(b.step_time_s)},
                  {"stride_length_m", num(b.stride_length_m)},
                  {"walking_speed_mps", num(b.walking_speed_mps)},
                  {"step_regularity", num(b.step_regularity)},
                  {"stride_regularity", num(b.stride_regularity)},
                  {"step_symmetry", num(b.step_symmetry)},
                  {"termination_reason", b.termination_reason},
                  {"n_turns", b.turns.size()},
                  {"turns", std::move(bt)}});
  }
  auto& ps = j["per_second"] = nlohmann::json::array();
  for (const GaitSecond& s : r.per_second) {
    ps.push_back({{"t_s", s.t_s},
                  {"cadence_spm", num(s.cadence_spm)},
                  {"stride_length_m", num(s.stride_length_m)},
                  {"walking_speed_mps", num(s.walking_speed_mps)},
                  {"in_walking_bout", s.in_walking_bout}});
  }
  const GaitAggregates& a = r.aggregates;
  j["aggregates"] = {{"n_bouts", a.n_bouts},
                     {"n_bouts_10s", a.n_bouts_10s},
                     {"n_bouts_30s", a.n_bouts_30s},
                     {"total_steps", a.total_steps},
                     {"total_strides", a.total_strides},
                     {"walking_time_s", a.walking_time_s},
                     {"max_bout_duration_s", num(a.max_bout_duration_s)},
                     {"median_bout_duration_s", num(a.median_bout_duration_s)},
                     {"walking_speed_median_mps", num(a.walking_speed_median_mps)},
                     {"walking_speed_mean_mps", num(a.walking_speed_mean_mps)},
                     {"walking_speed_p90_mps", num(a.walking_speed_p90_mps)},
                     {"walking_speed_10s_median_mps", num(a.walking_speed_10s_median_mps)},
                     {"walking_speed_10s_p90_mps", num(a.walking_speed_10s_p90_mps)},
                     {"walking_speed_30s_median_mps", num(a.walking_speed_30s_median_mps)},
                     {"walking_speed_30s_p90_mps", num(a.walking_speed_30s_p90_mps)},
                     {"cadence_median_spm", num(a.cadence_median_spm)},
                     {"cadence_mean_spm", num(a.cadence_mean_spm)},
                     {"cadence_p90_spm", num(a.cadence_p90_spm)},
                     {"stride_length_median_m", num(a.stride_length_median_m)},
                     {"stride_length_mean_m", num(a.stride_length_mean_m)},
                     {"stride_length_p90_m", num(a.stride_length_p90_m)},
                     {"stride_time_median_s", num(a.stride_time_median_s)},
                     {"n_turns", a.n_turns}};
  j["warnings"] = r.warnings;
  return j;
}

}  // namespace physio::imu
