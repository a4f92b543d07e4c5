#include <nlohmann/json.hpp>

#include "imu/gait_foot/foot_gait.hpp"

namespace physio::imu {
namespace {

nlohmann::json stats_json(const ParameterStats& s) {
  return {{"n", s.n}, {"mean", s.mean}, {"sd", s.sd}, {"cv_pct", s.cv_pct}};
}

nlohmann::json stride_json(const FootStride& s) {
  return {{"start_s", s.start_s},
          {"end_s", s.end_s},
          {"pre_ic_s", s.pre_ic_s},
          {"ic_s", s.ic_s},
          {"tc_s", s.tc_s},
          {"stride_time_s", s.stride_time_s},
          {"stance_time_s", s.stance_time_s},
          {"swing_time_s", s.swing_time_s},
          {"stance_pct", s.stance_pct},
          {"swing_pct", s.swing_pct},
          {"stride_length_m", s.stride_length_m},
          {"speed_mps", s.speed_mps},
          {"clearance_m", s.clearance_m},
          {"turning_angle_deg", s.turning_angle_deg},
          {"ic_angle_deg", s.ic_angle_deg},
          {"tc_angle_deg", s.tc_angle_deg},
          {"is_turn", s.is_turn}};
}

nlohmann::json summary_json(const FootGaitSummary& s) {
  return {{"n_strides", s.n_strides},
          {"n_turns", s.n_turns},
          {"stride_length_m", stats_json(s.stride_length_m)},
          {"stride_time_s", stats_json(s.stride_time_s)},
          {"speed_mps", stats_json(s.speed_mps)},
          {"cadence_spm", stats_json(s.cadence_spm)},
          {"stance_time_s", stats_json(s.stance_time_s)},
          {"swing_time_s", stats_json(s.swing_time_s)},
          {"stance_pct", stats_json(s.stance_pct)},
          {"swing_pct", stats_json(s.swing_pct)},
          {"clearance_m", stats_json(s.clearance_m)}};
}

}  // namespace

nlohmann::json foot_gait_to_json(const FootGaitResult& r) {
  nlohmann::json feet = nlohmann::json::array();
  for (const FootGaitFoot& f : r.feet) {
    nlohmann::json strides = nlohmann::json::array();
    for (const FootStride& s : f.strides) strides.push_back(stride_json(s));
    const Quat& q = f.sensor_to_fsf;
    feet.push_back({{"side", std::string(foot_side_name(f.side))},
                    {"sensor", f.sensor_name},
                    {"rate_hz", f.rate_hz},
                    {"sensor_to_fsf_wxyz", {q.w(), q.x(), q.y(), q.z()}},
                    {"n_segmented_strides", f.segmented_strides.size()},
                    {"n_rejected_strides", f.n_rejected},
                    {"strides", std::move(strides)},
                    {"summary", summary_json(f.summary)}});
  }
  nlohmann::json asym = nullptr;
  if (r.asymmetry) {
    const GaitAsymmetry& a = *r.asymmetry;
    asym = {{"stride_length_pct", a.stride_length_pct},
            {"stride_time_pct", a.stride_time_pct},
            {"speed_pct", a.speed_pct},
            {"stance_time_pct", a.stance_time_pct},
            {"swing_time_pct", a.swing_time_pct},
            {"clearance_pct", a.clearance_pct}};
  }
  return {{"schema", "physiokit.imu_gait_foot/1"},
          {"feet", std::move(feet)},
          {"asymmetry", std::move(asym)},
          {"warnings", r.warnings}};
}

}  // namespace physio::imu
