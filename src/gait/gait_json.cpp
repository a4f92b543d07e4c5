#include "gait/gait_json.hpp"

#include <cmath>

namespace physio::gait {
namespace {

nlohmann::json num(double v, int decimals = 3) {
  if (!std::isfinite(v)) return nullptr;
  const double k = std::pow(10.0, decimals);
  return std::round(v * k) / k;
}

nlohmann::json event_json(const GaitEvent& e) {
  return {{"frame", e.frame}, {"t_s", num(e.t_s, 4)}};
}

nlohmann::json side_events_json(const SideEvents& se) {
  nlohmann::json j = {{"side", leg_side_name(se.side)},
                      {"near_camera", se.near},
                      {"confidence", se.confidence},
                      {"confidence_reason", se.confidence_reason},
                      {"initial_contacts", nlohmann::json::array()},
                      {"toe_offs", nlohmann::json::array()},
                      {"withheld", nlohmann::json::array()}};
  for (const GaitEvent& e : se.contacts) j["initial_contacts"].push_back(event_json(e));
  for (const GaitEvent& e : se.toe_offs) j["toe_offs"].push_back(event_json(e));
  for (const WithheldEvent& w : se.withheld) {
    nlohmann::json x = event_json(w.at);
    x["event"] = event_kind_name(w.kind);
    x["reason"] = w.reason;
    j["withheld"].push_back(x);
  }
  return j;
}

}  // namespace

nlohmann::json gait_to_json(const VideoGait& g) {
  nlohmann::json j;
  j["valid"] = g.applicability.valid;
  j["reasons"] = g.applicability.reasons;
  j["notes"] = g.notes;
  const WalkTrack& w = g.walk;
  if (!w.t_s.empty()) {
    j["walk"] = {{"first_frame", w.first_frame},
                 {"last_frame", w.first_frame + w.size() - 1},
                 {"duration_s", num(w.t_s.back() - w.t_s.front())},
                 {"rate_hz", num(w.rate_hz, 2)},
                 {"time_resolution_ms", num(w.rate_hz > 0 ? 1e3 / w.rate_hz : 0.0, 1)},
                 {"direction", w.direction < 0 ? "right-to-left" : "left-to-right"},
                 {"near_side", leg_side_name(w.near_side)},
                 {"near_side_basis", w.near_basis},
                 {"leg_length_px", num(w.leg_length_px, 1)},
                 {"feet_from_ankle", w.feet_from_ankle}};
  }
  // Events are shown when they were looked for, also when too few strides made the recording refused.
  if (!g.events.sides[0].confidence.empty()) {
    j["method"] = "Zeni et al. 2008 foot-pelvis method on 2D video landmarks (Stenum et al. 2021)";
    j["events"] = nlohmann::json::array();
    for (const SideEvents& se : g.events.sides) j["events"].push_back(side_events_json(se));
  }
  if (!g.applicability.valid) return j;

  j["cadence_steps_per_min"] = num(g.cadence_steps_per_min, 1);
  j["cadence_basis"] = g.cadence_basis;
  j["step_time_asymmetry_pct"] = num(g.step_time_asymmetry_pct, 1);
  if (!g.longer_step_side.empty()) j["longer_step_side"] = g.longer_step_side;
  j["speed_mps"] = num(g.speed_mps, 2);
  j["scale_basis"] = g.scale_basis.empty() ? nlohmann::json(nullptr) : nlohmann::json(g.scale_basis);
  j["sides"] = nlohmann::json::object();
  for (LegSide s : {LegSide::kLeft, LegSide::kRight}) {
    const SideSummary& x = g.side(s);
    j["sides"][std::string(leg_side_name(s))] = {{"strides", x.strides},
                                                 {"steps", x.steps},
                                                 {"stride_time_s", num(x.stride_time_s)},
                                                 {"stride_time_sd_s", num(x.stride_time_sd_s)},
                                                 {"step_time_s", num(x.step_time_s)},
                                                 {"stance_pct", num(x.stance_pct, 1)},
                                                 {"swing_pct", num(x.swing_pct, 1)},
                                                 {"stride_length_m", num(x.stride_length_m)},
                                                 {"step_length_m", num(x.step_length_m)}};
  }
  j["strides"] = nlohmann::json::array();
  for (const Stride& s : g.strides) {
    nlohmann::json x = {{"side", leg_side_name(s.side)},      {"start_frame", s.start.frame},
                        {"end_frame", s.end.frame},           {"time_s", num(s.time_s)},
                        {"stance_pct", num(s.stance_pct, 1)}, {"swing_pct", num(s.swing_pct, 1)},
                        {"length_m", num(s.length_m)}};
    x["toe_off_frame"] = s.toe_off ? nlohmann::json(s.toe_off->frame) : nlohmann::json(nullptr);
    j["strides"].push_back(x);
  }
  j["steps"] = nlohmann::json::array();
  for (const Step& s : g.steps)
    j["steps"].push_back({{"side", leg_side_name(s.side)},
                          {"start_frame", s.start.frame},
                          {"end_frame", s.end.frame},
                          {"time_s", num(s.time_s)},
                          {"length_m", num(s.length_m)}});
  j["angle_cycles"] = nlohmann::json::array();
  for (const AngleCurve& c : g.curves) {
    nlohmann::json x = {{"angle", c.angle},
                        {"side", leg_side_name(c.side)},
                        {"unit", "deg"},
                        {"cycles", c.cycles},
                        {"range_deg", num(c.range_deg, 1)},
                        {"peaks", nlohmann::json::array()},
                        {"mean_deg", nlohmann::json::array()},
                        {"sd_deg", nlohmann::json::array()}};
    for (const AnglePeak& p : c.peaks)
      x["peaks"].push_back(
          {{"name", p.name}, {"value_deg", num(p.value_deg, 1)}, {"at_pct", num(p.at_pct, 0)}});
    for (double v : c.mean_deg) x["mean_deg"].push_back(num(v, 2));
    for (double v : c.sd_deg) x["sd_deg"].push_back(num(v, 2));
    j["angle_cycles"].push_back(x);
  }
  j["withheld"] = nlohmann::json::array();
  for (const WithheldMeasure& m : g.withheld)
    j["withheld"].push_back({{"measure", m.measure}, {"reason", m.reason}});
  return j;
}

}  // namespace physio::gait
