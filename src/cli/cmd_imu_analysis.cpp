// physio imu gait|sts|tug|sway|rom|flags: analyses of wearable recordings, JSON out and HTML reports.
#include <cmath>
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/imu_common.hpp"
#include "cli/option_checks.hpp"
#include "core/applicability.hpp"
#include "core/file_io.hpp"
#include "imu/functional/applicability.hpp"
#include "imu/functional/chair_stand.hpp"
#include "imu/functional/joint_rom.hpp"
#include "imu/functional/metric_vocabulary.hpp"
#include "imu/functional/sit_to_stand.hpp"
#include "imu/functional/sway.hpp"
#include "imu/functional/tug.hpp"
#include "imu/gait_foot/foot_gait.hpp"
#include "imu/gait_lowback/lowback_gait.hpp"
#include "imu/gait_lowback/lowback_gait_json.hpp"
#include "imu/placement.hpp"
#include "report/html.hpp"
#include "report/svg_chart.hpp"

namespace physio::cli {
namespace {

using report::Card;
using report::Chart;
using report::HtmlReport;

std::string fixed(double v, int digits) {
  if (!std::isfinite(v)) return "-";
  return fmt::format("{:.{}f}", v, digits);
}

// Seconds from the recording's first sample, for charts.
std::vector<double> seconds_of(const imu::ImuRecording& rec) {
  std::vector<double> t(rec.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = us_to_seconds(rec.t_us[i] - rec.t_us.front());
  return t;
}

std::vector<double> acc_norm(const imu::ImuRecording& rec) {
  std::vector<double> v(rec.size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = rec.acc_mps2.row(static_cast<Eigen::Index>(i)).norm();
  return v;
}

std::vector<double> gyr_axis_dps(const imu::ImuRecording& rec, int axis) {
  std::vector<double> v(rec.size(), std::nan(""));
  if (!rec.gyr_rps) return v;
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = (*rec.gyr_rps)(static_cast<Eigen::Index>(i), axis) * 180.0 / M_PI;
  return v;
}

const imu::ImuRecording* pick_sensor(const imu::ImuSession& s, imu::Placement want) {
  for (const auto& r : s.sensors)
    if (r.placement == want) return &r;
  return s.sensors.size() == 1 ? &s.sensors.front() : nullptr;
}

// Every result names its measure and (with --date) its day, so `physio imu flags` can read it back.
Status write_results(const ImuInputOptions& in, nlohmann::json j, const std::string& measure,
                     const std::string& html) {
  j["measure"] = measure;
  if (!in.date.empty()) j["date"] = in.date;
  if (!j.contains("metrics")) j["metrics"] = nlohmann::json::object();
  if (!in.output.empty()) PHYSIO_CHECK(write_output(in.output, j.dump(2) + "\n", "result JSON"));
  if (!in.report.empty() && !html.empty()) PHYSIO_CHECK(write_output(in.report, html, "HTML report"));
  return ok();
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
}

// A recording the measure does not apply to: the reasons on stdout, `"valid": false` in the JSON asked
// for, and the distinct exit status.
int refuse(const ImuInputOptions& in, const std::string& what, const Applicability& a) {
  std::printf("%s: not measured: this recording is not one the measure applies to\n", what.c_str());
  for (const auto& r : a.reasons) std::printf("  - %s\n", r.c_str());
  nlohmann::json j = {{"valid", false}, {"measure", what}, {"reasons", a.reasons}};
  if (!in.date.empty()) j["date"] = in.date;
  if (!in.output.empty()) {
    if (auto st = write_output(in.output, j.dump(2) + "\n", "result JSON"); !st)
      return report_error(st.error());
  }
  return kExitNotApplicable;
}

// A lower-back analysis of a sensor whose signal is a foot's is refused (a foot's swing would be read
// as trunk motion).
Applicability check_lowback_sensor(const imu::ImuRecording& rec) {
  Applicability a;
  if (rec.placement_seen == imu::SignalPlacement::kFoot && rec.placement_basis != "options")
    a.refuse(rec.placement_reason +
             "; this analysis needs a sensor on the lower back (give --placement lower-back if it is one)");
  return a;
}

nlohmann::json flags_json(const std::vector<imu::PlausibilityFlag>& flags) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : flags)
    arr.push_back({{"measure", f.measure},
                   {"value", f.value},
                   {"expected_min", f.lo},
                   {"expected_max", f.hi},
                   {"message", f.message}});
  return {{"plausible", flags.empty()}, {"flags", arr}};
}

void print_flags(const std::vector<imu::PlausibilityFlag>& flags) {
  for (const auto& f : flags) std::printf("implausible: %s\n", f.message.c_str());
  if (!flags.empty())
    std::printf(
        "check the recording: these values are outside what walking people produce (a sensor not on "
        "the body, a wrong --sensor-height-m, or movement other than walking)\n");
}

// ---- gait -------------------------------------------------------------------------------------

struct GaitOptions {
  ImuInputOptions in;
  double sensor_height_m = 0.0;
};

std::string lowback_report(const imu::ImuRecording& rec, const imu::LowBackGaitResult& r,
                           const std::string& source) {
  HtmlReport page("Walking (lower-back sensor)", source);
  const auto& a = r.aggregates;
  page.add_heading("Summary");
  page.add_paragraph(
      fmt::format("{} walking bout{} found in {:.0f} s of recording, {} steps, {:.0f} s of walking.",
                  a.n_bouts, a.n_bouts == 1 ? "" : "s", r.duration_s, a.total_steps, a.walking_time_s));
  page.add_cards({{"Walking speed", fixed(a.walking_speed_median_mps, 2), "m/s", "median of bouts"},
                  {"Cadence", fixed(a.cadence_median_spm, 0), "steps/min", "median of bouts"},
                  {"Stride length", fixed(a.stride_length_median_m, 2), "m", "median of bouts"},
                  {"Stride time", fixed(a.stride_time_median_s, 2), "s", "median of bouts"},
                  {"Turns", std::to_string(a.n_turns), "", ""}});
  Chart c;
  c.options.title =
      "Acceleration magnitude, walking bouts (shaded) and initial contacts (orange left, green right)";
  c.options.y_label = "|acc| (m/s²)";
  c.series.push_back({"|acc|", seconds_of(rec), acc_norm(rec), "#0072B2", false});
  for (std::size_t b = 0; b < r.walking_bouts.size(); ++b)
    c.spans.push_back(
        {r.walking_bouts[b].start_s, r.walking_bouts[b].end_s, fmt::format("bout {}", b + 1), ""});
  for (const auto& ic : r.initial_contacts)
    c.markers.push_back({ic.t_s, fmt::format("{} contact {:.2f} s", imu::foot_side_name(ic.side), ic.t_s),
                         ic.side == imu::FootSide::kLeft ? "#D55E00" : "#009E73", false});
  page.add_svg(report::render_svg(c));
  page.add_heading("Walking bouts");
  std::vector<std::vector<std::string>> rows;
  for (std::size_t b = 0; b < r.walking_bouts.size(); ++b) {
    const auto& w = r.walking_bouts[b];
    rows.push_back({std::to_string(b + 1), fixed(w.start_s, 1), fixed(w.duration_s, 1),
                    std::to_string(w.n_strides), fixed(w.cadence_spm, 0), fixed(w.stride_length_m, 2),
                    fixed(w.walking_speed_mps, 2), fixed(w.step_regularity, 2),
                    std::to_string(w.turns.size())});
  }
  page.add_table({"bout", "start (s)", "duration (s)", "strides", "cadence (steps/min)", "stride length (m)",
                  "speed (m/s)", "step regularity", "turns"},
                 rows);
  if (!r.warnings.empty()) page.add_list(r.warnings, report::Tone::kWarning);
  page.add_footer(
      "Definitions and methods: docs/metrics/imu-gait-lowback.md. Stride length and speed use the "
      "inverted-pendulum model with the sensor height given. Mean absolute error per walking bout against "
      "a multi-sensor reference (docs/validation/imu.md; two older adults, 10 bouts): cadence 3.8 %, "
      "stride length 0.15 m, speed 0.11 m/s. In very slow walking (below about 0.6 m/s) stride length "
      "and speed read high, there by up to 0.4 m and 0.3 m/s.");
  return page.render();
}

std::string foot_report(const imu::ImuSession& s, const imu::FootGaitResult& r, const std::string& source) {
  HtmlReport page("Walking (foot sensors)", source);
  page.add_heading("Summary per foot");
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : r.feet) {
    const auto& m = f.summary;
    rows.push_back({std::string(imu::foot_side_name(f.side)), std::to_string(m.n_strides),
                    fixed(m.stride_length_m.mean, 2) + " ± " + fixed(m.stride_length_m.sd, 2),
                    fixed(m.stride_time_s.mean, 3), fixed(m.speed_mps.mean, 2), fixed(m.stance_pct.mean, 1),
                    fixed(m.clearance_m.mean, 3), fixed(m.stride_length_m.cv_pct, 1)});
  }
  page.add_table({"foot", "strides", "stride length (m, mean ± SD)", "stride time (s)", "speed (m/s)",
                  "stance (%)", "max lift (m)", "length CV (%)"},
                 rows);
  if (r.asymmetry)
    page.add_cards(
        {{"Stride length asymmetry", fixed(r.asymmetry->stride_length_pct, 1), "%", "|L-R| / mean"},
         {"Stride time asymmetry", fixed(r.asymmetry->stride_time_pct, 1), "%", ""},
         {"Stance asymmetry", fixed(r.asymmetry->stance_time_pct, 1), "%", ""}});
  for (const auto& f : r.feet) {
    const imu::ImuRecording* rec = nullptr;
    for (const auto& sensor : s.sensors)
      if (sensor.sensor_name == f.sensor_name) rec = &sensor;
    if (rec == nullptr) continue;
    Chart c;
    c.options.title =
        fmt::format("{} foot: angular velocity with strides and contacts", imu::foot_side_name(f.side));
    c.options.y_label = "gyro (deg/s)";
    c.series.push_back({"gyro y", seconds_of(*rec), gyr_axis_dps(*rec, 1), "", false});
    for (const auto& st : f.strides) {
      c.spans.push_back({st.start_s, st.end_s, "", st.is_turn ? "#eadbc8" : ""});
      c.markers.push_back({st.ic_s, fmt::format("initial contact {:.2f} s", st.ic_s), "#D55E00", false});
      c.markers.push_back({st.tc_s, fmt::format("toe-off {:.2f} s", st.tc_s), "#009E73", false});
    }
    page.add_svg(report::render_svg(c));
  }
  if (!r.warnings.empty()) page.add_list(r.warnings, report::Tone::kWarning);
  page.add_footer(
      "Definitions and methods: docs/metrics/imu-gait-foot.md. Turning strides (shaded beige) are "
      "measured but left out of the summaries.");
  return page.render();
}

// The feet's headline values: means over the feet of each foot's mean.
nlohmann::json foot_metrics(const imu::FootGaitResult& r) {
  double speed = 0.0, length = 0.0, time = 0.0;
  std::size_t n = 0;
  for (const auto& f : r.feet) {
    if (f.summary.stride_time_s.n == 0) continue;
    speed += f.summary.speed_mps.mean;
    length += f.summary.stride_length_m.mean;
    time += f.summary.stride_time_s.mean;
    ++n;
  }
  if (n == 0) return nlohmann::json::object();
  const double k = static_cast<double>(n);
  return imu::metrics_block({{"walking_speed_mps", speed / k},
                             {"cadence_spm", time > 0.0 ? 120.0 / (time / k) : std::nan("")},
                             {"stride_length_m", length / k},
                             {"stride_time_s", time / k}});
}

int run_gait(const GaitOptions& o) {
  auto session = load_imu_inputs(o.in);
  if (!session) return report_error(session.error());
  print_warnings(session->warnings);
  bool feet = false;
  for (const auto& s : session->sensors)
    feet |= s.placement == imu::Placement::kLeftFoot || s.placement == imu::Placement::kRightFoot;
  if (feet) {
    auto r = imu::analyse_foot_gait(*session, {});
    if (!r) return report_error(r.error());
    print_warnings(r->warnings);
    std::vector<imu::PlausibilityFlag> flags;
    for (const auto& f : r->feet) {
      std::printf("%-5s foot: %zu strides, stride length %.2f m, stride time %.3f s, speed %.2f m/s\n",
                  std::string(imu::foot_side_name(f.side)).c_str(), f.summary.n_strides,
                  f.summary.stride_length_m.mean, f.summary.stride_time_s.mean, f.summary.speed_mps.mean);
      const std::string side(imu::foot_side_name(f.side));
      imu::flag_outside(flags, side + "_stride_length_m", side + " foot stride length",
                        f.summary.stride_length_m.mean, 0.2, 2.2, "m", 2);
      imu::flag_outside(flags, side + "_speed_mps", side + " foot speed", f.summary.speed_mps.mean, 0.1, 2.5,
                        "m/s", 2);
      imu::flag_outside(flags, side + "_stride_time_s", side + " foot stride time",
                        f.summary.stride_time_s.mean, 0.6, 3.0, "s", 2);
    }
    print_flags(flags);
    nlohmann::json fj = imu::foot_gait_to_json(*r);
    fj["plausibility"] = flags_json(flags);
    fj["metrics"] = foot_metrics(*r);
    auto st = write_results(o.in, fj, "walking (feet)",
                            o.in.report.empty() ? "" : foot_report(*session, *r, session->source));
    return st ? 0 : report_error(st.error());
  }
  const imu::ImuRecording* rec = pick_sensor(*session, imu::Placement::kLowerBack);
  if (rec == nullptr)
    return report_error(Error(ErrorCode::kInvalidArgument,
                              "several sensors and none is on the lower back or a foot; give --placement"));
  if (auto a = check_lowback_sensor(*rec); !a.valid) return refuse(o.in, "walking (lower back)", a);
  imu::LowBackGaitOptions go;
  if (o.sensor_height_m > 0) go.sensor_height_m = o.sensor_height_m;
  auto r = imu::analyse_lowback_gait(*rec, go);
  if (!r) return report_error(r.error().with_context("gait of " + rec->sensor_name));
  print_warnings(r->warnings);
  const auto& a = r->aggregates;
  std::printf(
      "%zu walking bouts, %zu steps, %.0f s walking; median speed %s m/s, cadence %s steps/min, stride "
      "length %s m\n",
      a.n_bouts, a.total_steps, a.walking_time_s, fixed(a.walking_speed_median_mps, 2).c_str(),
      fixed(a.cadence_median_spm, 0).c_str(), fixed(a.stride_length_median_m, 2).c_str());
  std::vector<imu::PlausibilityFlag> flags;
  for (std::size_t b = 0; b < r->walking_bouts.size(); ++b) {
    const auto& w = r->walking_bouts[b];
    const std::string bout = fmt::format("bout {} ", b + 1);
    imu::flag_outside(flags, "walking_speed_mps", bout + "walking speed", w.walking_speed_mps, 0.1, 2.2,
                      "m/s", 2);
    imu::flag_outside(flags, "stride_length_m", bout + "stride length", w.stride_length_m, 0.2, 2.0, "m", 2);
    imu::flag_outside(flags, "cadence_spm", bout + "cadence", w.cadence_spm, 40.0, 150.0, "steps/min", 0);
  }
  if (rec->placement_seen != imu::SignalPlacement::kLowerBack && rec->placement_basis != "options" &&
      !r->walking_bouts.empty())
    std::printf("note: %s; the walking measures assume a lower-back sensor\n", rec->placement_reason.c_str());
  print_flags(flags);
  nlohmann::json gj = imu::lowback_gait_to_json(*r);
  gj["plausibility"] = flags_json(flags);
  gj["metrics"] = imu::metrics_block({{"walking_speed_mps", a.walking_speed_median_mps},
                                      {"cadence_spm", a.cadence_median_spm},
                                      {"stride_length_m", a.stride_length_median_m},
                                      {"stride_time_s", a.stride_time_median_s}});
  auto st = write_results(o.in, gj, "walking (lower back)",
                          o.in.report.empty() ? "" : lowback_report(*rec, *r, session->source));
  return st ? 0 : report_error(st.error());
}

// ---- sit-to-stand ----------------------------------------------------------------------------

struct StsOptions {
  ImuInputOptions in;
  bool displacement = false;
};

int run_sts(const StsOptions& o) {
  auto session = load_imu_inputs(o.in);
  if (!session) return report_error(session.error());
  print_warnings(session->warnings);
  const imu::ImuRecording* rec = pick_sensor(*session, imu::Placement::kLowerBack);
  if (rec == nullptr)
    return report_error(Error(ErrorCode::kInvalidArgument, "no lower-back sensor; give --placement"));
  if (auto a = check_lowback_sensor(*rec); !a.valid) return refuse(o.in, "sit-to-stand", a);
  imu::SitToStandOptions so;
  so.stillness_constraint = !o.displacement;
  auto r = imu::detect_sit_to_stand(*rec, so);
  if (!r) return report_error(r.error());
  nlohmann::json j = imu::sit_to_stand_to_json(*r);
  double five_s = std::nan(""), stands_30s = std::nan("");
  std::printf("%zu sit-to-stand transfers\n", r->transfers.size());
  for (const auto& t : r->transfers)
    std::printf("  %8.2f-%8.2f s  duration %.2f s  rise %.2f m\n", t.start_s, t.end_s, t.duration_s,
                t.vertical_displacement_m);
  const double rec_end_s = us_to_seconds(rec->t_us.back() - rec->t_us.front());
  if (r->transfers.size() >= 4) {
    // Four transfers and one cut off by the end of the recording must not read as a finished test.
    const Applicability five_ok = imu::check_five_times_sit_to_stand(r->transfers, rec_end_s);
    if (!five_ok.valid) {
      j["five_times_sit_to_stand"] = {{"valid", false}, {"reasons", five_ok.reasons}};
      std::printf("five times sit-to-stand: not timed\n");
      for (const auto& reason : five_ok.reasons) std::printf("  - %s\n", reason.c_str());
    } else if (auto five = imu::time_five_times_sit_to_stand(r->transfers)) {
      j["five_times_sit_to_stand"] = imu::five_times_sit_to_stand_to_json(*five);
      j["five_times_sit_to_stand"]["valid"] = true;
      std::printf("five times sit-to-stand: %.2f s\n", five->time_s);
      five_s = five->time_s;
    }
  }
  if (auto chair = imu::count_chair_stands_30s(r->transfers)) {
    j["chair_stand_30s"] = imu::chair_stand_30s_to_json(*chair);
    stands_30s = static_cast<double>(chair->stands);
    std::printf("30 s chair stand: %d stands\n", static_cast<int>(chair->stands));
  }
  j["metrics"] =
      imu::metrics_block({{"five_times_sit_to_stand_s", five_s}, {"chair_stand_30s_reps", stands_30s}});
  std::string html;
  if (!o.in.report.empty()) {
    HtmlReport page("Sit-to-stand", session->source);
    page.add_cards({{"Transfers", std::to_string(r->transfers.size()), "", ""}});
    Chart c;
    c.options.title = "Acceleration magnitude with detected transfers";
    c.options.y_label = "|acc| (m/s²)";
    c.series.push_back({"|acc|", seconds_of(*rec), acc_norm(*rec), "", false});
    std::vector<std::vector<std::string>> rows;
    for (std::size_t k = 0; k < r->transfers.size(); ++k) {
      const auto& t = r->transfers[k];
      c.spans.push_back({t.start_s, t.end_s, std::to_string(k + 1), ""});
      rows.push_back({std::to_string(k + 1), fixed(t.start_s, 2), fixed(t.duration_s, 2),
                      fixed(t.vertical_displacement_m, 2), fixed(t.peak_vertical_velocity_mps, 2),
                      fixed(t.sparc, 2)});
    }
    page.add_svg(report::render_svg(c));
    page.add_table({"transfer", "start (s)", "duration (s)", "vertical rise (m)", "peak vertical speed (m/s)",
                    "smoothness (SPARC)"},
                   rows);
    page.add_footer("Definitions and methods: docs/metrics/imu-functional.md.");
    html = page.render();
  }
  auto st = write_results(o.in, j, "sit-to-stand", html);
  return st ? 0 : report_error(st.error());
}

// ---- TUG, sway, ROM ------------------------------------------------------------------------------

int run_tug(const ImuInputOptions& in) {
  auto session = load_imu_inputs(in);
  if (!session) return report_error(session.error());
  const imu::ImuRecording* rec = pick_sensor(*session, imu::Placement::kLowerBack);
  if (rec == nullptr)
    return report_error(Error(ErrorCode::kInvalidArgument, "no lower-back sensor; give --placement"));
  if (auto a = check_lowback_sensor(*rec); !a.valid) return refuse(in, "Timed Up and Go", a);
  auto r = imu::compute_tug(*rec, {});
  if (!r) return report_error(r.error());
  if (auto a = imu::check_tug(*r); !a.valid) return refuse(in, "Timed Up and Go", a);
  std::printf(
      "Timed Up and Go: %.2f s (sit-to-stand %.2f, walk out %.2f, turn %.2f, walk back %.2f, turn to sit "
      "%.2f, stand-to-sit %.2f)\n",
      r->total_s, r->sit_to_stand.duration_s(), r->walk_out.duration_s(), r->turn.duration_s(),
      r->walk_back.duration_s(), r->turn_to_sit.duration_s(), r->stand_to_sit.duration_s());
  nlohmann::json tj = imu::tug_to_json(*r);
  tj["valid"] = true;
  tj["metrics"] = imu::metrics_block({{"tug_s", r->total_s}});
  auto st = write_results(in, tj, "Timed Up and Go", "");
  return st ? 0 : report_error(st.error());
}

int run_sway(const ImuInputOptions& in) {
  auto session = load_imu_inputs(in);
  if (!session) return report_error(session.error());
  const imu::ImuRecording* rec = pick_sensor(*session, imu::Placement::kLowerBack);
  if (rec == nullptr)
    return report_error(Error(ErrorCode::kInvalidArgument, "no lower-back sensor; give --placement"));
  if (auto a = check_lowback_sensor(*rec); !a.valid) return refuse(in, "postural sway", a);
  auto r = imu::compute_sway(*rec, {});
  if (!r) return report_error(r.error());
  if (auto a = imu::check_sway(*r); !a.valid) return refuse(in, "postural sway", a);
  nlohmann::json j = imu::sway_to_json(*r);
  j["valid"] = true;
  j["metrics"] = imu::metrics_block({{"sway_rms_mps2", r->rms_mps2},
                                     {"sway_jerk_m2ps5", r->jerk_m2ps5},
                                     {"sway_mean_velocity_mps3", r->mean_velocity_mps3},
                                     {"sway_ellipse_area_m2ps4", r->ellipse_area_m2ps4}});
  std::printf(
      "postural sway over %.1f s: RMS acceleration %.3f m/s^2 (antero-posterior %.3f, medio-lateral "
      "%.3f), jerk %.3g m^2/s^5, mean velocity %.3g m/s^3, 95%% ellipse area %.3g m^2/s^4\n",
      r->duration_s, r->rms_mps2, r->rms_ap_mps2, r->rms_ml_mps2, r->jerk_m2ps5, r->mean_velocity_mps3,
      r->ellipse_area_m2ps4);
  auto st = write_results(in, j, "postural sway", "");
  return st ? 0 : report_error(st.error());
}

int run_rom(const ImuInputOptions& in) {
  auto session = load_imu_inputs(in);
  if (!session) return report_error(session.error());
  if (session->sensors.size() != 2)
    return report_error(
        Error(ErrorCode::kInvalidArgument,
              fmt::format("joint ROM needs exactly two sensors (proximal then distal, e.g. thigh "
                          "and shank), got {}",
                          session->sensors.size())));
  auto r = imu::compute_joint_rom(session->sensors[0], session->sensors[1], {});
  if (!r) return report_error(r.error());
  std::printf("joint range of motion (%s relative to %s): %.1f deg, from %.1f to %.1f deg\n",
              session->sensors[1].sensor_name.c_str(), session->sensors[0].sensor_name.c_str(), r->rom_deg,
              r->min_deg, r->max_deg);
  if (!r->repetitions.empty()) {
    double sum = 0.0;
    for (const auto& p : r->repetitions) sum += p.rom_deg;
    std::printf("%zu repetitions, mean range %.1f deg\n", r->repetitions.size(),
                sum / static_cast<double>(r->repetitions.size()));
    for (std::size_t k = 0; k < r->repetitions.size(); ++k)
      std::printf("  %zu: peak %.1f deg at %.2f s, range %.1f deg\n", k + 1, r->repetitions[k].peak_deg,
                  r->repetitions[k].peak_s, r->repetitions[k].rom_deg);
  }
  std::printf("hinge axis dominance %.2f (1 = movement about one axis)%s\n", r->axis_dominance,
              in.output.empty() ? "; -o writes the angle series as JSON" : "");
  nlohmann::json j = imu::joint_rom_to_json(*r, true);
  j["metrics"] = imu::metrics_block({{"joint_rom_deg", r->rom_deg}});
  auto st = write_results(in, j, "joint range of motion", "");
  return st ? 0 : report_error(st.error());
}

}  // namespace

void add_imu_analysis_commands(CLI::App& imu) {
  {
    auto o = std::make_shared<GaitOptions>();
    auto* sub = imu.add_subcommand(
        "gait", "Walking: bouts, steps, cadence, stride length, speed (lower back or feet)");
    add_imu_input_options(sub, o->in, "IMU CSV file(s): one lower-back sensor, or the foot sensors", true);
    add_result_date_option(sub, o->in);
    sub->add_option(
           "--sensor-height-m", o->sensor_height_m,
           "Lower back: height of the sensor above the floor (m), needed for stride length and speed")
        ->check(number_between(0.3, 2.0, "m"));
    sub->callback([o] { set_exit(run_gait(*o)); });
  }
  {
    auto o = std::make_shared<StsOptions>();
    auto* sub =
        imu.add_subcommand("sts", "Sit-to-stand transfers, 5x sit-to-stand time, 30 s chair stand count");
    add_imu_input_options(sub, o->in, "IMU CSV file (lower-back sensor)", true);
    add_result_date_option(sub, o->in);
    sub->add_flag("--displacement", o->displacement,
                  "Clinic test mode: transfers need not start from stillness (quick repetitions)");
    sub->callback([o] { set_exit(run_sts(*o)); });
  }
  {
    auto o = std::make_shared<ImuInputOptions>();
    auto* sub = imu.add_subcommand("tug", "Timed Up and Go phases from a lower-back sensor");
    add_imu_input_options(sub, *o, "IMU CSV file (lower-back sensor)", false);
    add_result_date_option(sub, *o);
    sub->callback([o] { set_exit(run_tug(*o)); });
  }
  {
    auto o = std::make_shared<ImuInputOptions>();
    auto* sub = imu.add_subcommand("sway", "Postural sway in quiet standing (RMS, jerk, path, ellipse area)");
    add_imu_input_options(sub, *o, "IMU CSV file (lower-back sensor)", false);
    add_result_date_option(sub, *o);
    sub->callback([o] { set_exit(run_sway(*o)); });
  }
  {
    auto o = std::make_shared<ImuInputOptions>();
    auto* sub = imu.add_subcommand("rom", "Joint range of motion from two sensors (proximal, then distal)");
    add_imu_input_options(sub, *o, "IMU CSV file(s) holding two synchronised sensors", false);
    add_result_date_option(sub, *o);
    sub->callback([o] { set_exit(run_rom(*o)); });
  }
  add_imu_flags_command(imu);
}

}  // namespace physio::cli
