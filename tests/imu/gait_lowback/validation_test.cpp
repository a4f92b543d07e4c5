// Validation of the lower-back gait pipeline against the INDIP multi-sensor reference of the Mobilise-D
// technical validation study (mobgap example data, 2 healthy older adults x 3 trials), and parity of the
// initial contacts with the original Mobilise-D MATLAB ICD (icd_ionescu). Prints every figure; asserts
// floors. No parameter here or in the pipeline was fitted to these files (published mobgap defaults only).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "imu/csv_loader.hpp"
#include "imu/gait_lowback/body_frame.hpp"
#include "imu/gait_lowback/cadence_contacts.hpp"
#include "imu/gait_lowback/lowback_gait.hpp"
#include "imu/gait_lowback/step_to_second.hpp"

namespace physio::imu {
namespace {

namespace fs = std::filesystem;

using Row = std::map<std::string, std::string>;

// Asserted floors: what the pipeline reaches, rounded up (see docs/validation/imu-gait-lowback.md).
constexpr double kCadenceRelErrorFloor = 0.04;     // target 0.05, reached 0.038
constexpr double kStrideLengthMaeFloorM = 0.16;    // target 0.10 m, reached 0.152 m
constexpr double kWalkingSpeedMaeFloorMps = 0.11;  // target 0.08 m/s, reached 0.106 m/s

std::vector<Row> read_csv(const fs::path& path) {
  std::vector<Row> rows;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return rows;
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string cell;
    Row row;
    std::size_t c = 0;
    while (std::getline(ss, cell, ',') && c < header.size()) row[header[c++]] = cell;
    rows.push_back(std::move(row));
  }
  return rows;
}

double num(const Row& r, const std::string& key) {
  const auto it = r.find(key);
  if (it == r.end() || it->second.empty()) return std::nan("");
  return std::stod(it->second);
}

struct RefBout {
  double start_s, end_s, cadence_spm, stride_length_m, speed_mps;
};
struct RefIc {
  double t_s;
  bool left;
};

struct Trial {
  std::string participant;  // "001"
  std::string folder;       // "HA_001/Test5_Trial1"
  std::string test;         // "Test5"
  std::string trial;        // "Trial1"
};

const std::vector<Trial> kTrials = {
    {"001", "HA_001/Test5_Trial1", "Test5", "Trial1"},   {"001", "HA_001/Test5_Trial2", "Test5", "Trial2"},
    {"001", "HA_001/Test11_Trial1", "Test11", "Trial1"}, {"002", "HA_002/Test5_Trial1", "Test5", "Trial1"},
    {"002", "HA_002/Test5_Trial2", "Test5", "Trial2"},   {"002", "HA_002/Test11_Trial1", "Test11", "Trial1"},
};

// One-to-one matching of detected to reference times within tol (greedy on sorted lists, closest first).
struct IcMatch {
  std::size_t tp = 0, fp = 0, fn = 0, side_ok = 0, side_known = 0;
  double sum_err_s = 0.0, sum_abs_err_s = 0.0;
};

template <typename Det>
IcMatch match_ics(const std::vector<Det>& det_t, const std::vector<RefIc>& ref, double tol_s,
                  const std::vector<int>* det_side /* 1 left, 0 right, -1 unknown */) {
  IcMatch m;
  std::vector<bool> used(det_t.size(), false);
  for (const RefIc& r : ref) {
    std::size_t best = det_t.size();
    double best_err = tol_s;
    for (std::size_t j = 0; j < det_t.size(); ++j) {
      const double err = std::abs(det_t[j] - r.t_s);
      if (!used[j] && err <= best_err) {
        best = j;
        best_err = err;
      }
    }
    if (best == det_t.size()) {
      ++m.fn;
      continue;
    }
    used[best] = true;
    ++m.tp;
    m.sum_err_s += det_t[best] - r.t_s;
    m.sum_abs_err_s += best_err;
    if (det_side && (*det_side)[best] >= 0) {
      ++m.side_known;
      if (((*det_side)[best] == 1) == r.left) ++m.side_ok;
    }
  }
  m.fp = det_t.size() - m.tp;
  return m;
}

double f1(const IcMatch& m) {
  return m.tp == 0 ? 0.0 : 2.0 * static_cast<double>(m.tp) / static_cast<double>(2 * m.tp + m.fp + m.fn);
}

void accumulate(IcMatch& a, const IcMatch& b) {
  a.tp += b.tp;
  a.fp += b.fp;
  a.fn += b.fn;
  a.side_ok += b.side_ok;
  a.side_known += b.side_known;
  a.sum_err_s += b.sum_err_s;
  a.sum_abs_err_s += b.sum_abs_err_s;
}

struct MatlabSequence {
  double start_s = 0.0, end_s = 0.0;
  std::vector<double> ic_s;
};

// Output of one original Mobilise-D MATLAB ICD (run on the reference bouts) for one trial.
std::vector<MatlabSequence> matlab_sequences(const fs::path& root, const std::string& algo, const Trial& t) {
  std::vector<MatlabSequence> out;
  std::ifstream in(root / "matlab_algorithm_outputs" / algo / "HA" / t.participant / "SD_Output.json");
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return out;
  const auto& sd = j["SD_Output"]["TimeMeasure1"][t.test][t.trial]["SU"]["LowerBack"]["SD"];
  auto take = [&](const nlohmann::json& gs) {
    MatlabSequence m;
    m.start_s = gs.value("Start", 0.0);
    m.end_s = gs.value("End", 0.0);
    if (gs.contains("IC")) {
      if (gs["IC"].is_array()) {
        for (const auto& v : gs["IC"]) m.ic_s.push_back(v.get<double>());
      } else if (gs["IC"].is_number()) {
        m.ic_s.push_back(gs["IC"].get<double>());
      }
    }
    out.push_back(std::move(m));
  };
  if (sd.is_array()) {
    for (const auto& gs : sd) take(gs);
  } else if (sd.is_object()) {
    take(sd);
  }
  return out;
}

std::vector<double> matlab_ics(const fs::path& root, const Trial& t) {
  std::vector<double> out;
  for (const MatlabSequence& m : matlab_sequences(root, "icd_ionescu", t)) {
    out.insert(out.end(), m.ic_s.begin(), m.ic_s.end());
  }
  return out;
}

// Bout cadence from a list of contacts (s) as the Mobilise-D pipeline computes it: the sequence cut to its
// first and last contact, step times -> robust per-second values (step_to_second.hpp) -> 60 / step time ->
// mean over the sequence. NaN with fewer than 2 contacts.
double cadence_from_contacts(std::vector<double> ic_s, double rate_hz) {
  std::sort(ic_s.begin(), ic_s.end());
  if (ic_s.size() < 2) return std::nan("");
  const double t0 = ic_s.front();
  std::vector<double> rel(ic_s.size()), step(ic_s.size());
  for (std::size_t k = 0; k < ic_s.size(); ++k) rel[k] = ic_s[k] - t0;
  for (std::size_t k = 0; k + 1 < ic_s.size(); ++k) step[k] = rel[k + 1] - rel[k];
  step.back() = step[step.size() - 2];
  const double span_s = rel.back() + 1.0 / rate_hz;
  const auto n_sec = static_cast<std::size_t>(std::ceil(span_s - 1e-9));
  auto per_sec = step_values_per_second(rel, step, n_sec, PerSecondOptions{});
  if (!per_sec) return std::nan("");
  for (double& v : *per_sec) v = v > 0.0 ? 60.0 / v : std::nan("");
  return region_mean_of_seconds(*per_sec, 0.0, span_s);
}

// MATLAB GSDA (Iluz) gait sequences of one trial, in s.
std::vector<std::pair<double, double>> matlab_gsd_iluz(const fs::path& root, const Trial& t) {
  std::vector<std::pair<double, double>> out;
  std::ifstream in(root / "matlab_algorithm_outputs/gsd_iluz/HA" / t.participant / "GSDA_Output.json");
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return out;
  const auto& gsd = j["GSDA_Output"]["TimeMeasure1"][t.test][t.trial]["SU"]["LowerBack"]["GSD"];
  auto take = [&](const nlohmann::json& g) {
    if (g.contains("GaitSequence_Start") && g["GaitSequence_Start"].is_number()) {
      out.emplace_back(g["GaitSequence_Start"].get<double>(), g["GaitSequence_End"].get<double>());
    }
  };
  if (gsd.is_array()) {
    for (const auto& g : gsd) take(g);
  } else if (gsd.is_object()) {
    take(gsd);
  }
  return out;
}

std::string fmt_interval(double a, double b) {
  char buf[40];
  std::snprintf(buf, sizeof buf, " %.1f-%.1f", a, b);
  return buf;
}

double total_s(const std::vector<std::pair<double, double>>& v) {
  double s = 0.0;
  for (const auto& [a, b] : v) s += b - a;
  return s;
}

// Time covered by both lists (each internally non-overlapping).
double overlap_s(const std::vector<std::pair<double, double>>& x,
                 const std::vector<std::pair<double, double>>& y) {
  double s = 0.0;
  for (const auto& [a0, a1] : x) {
    for (const auto& [b0, b1] : y) s += std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
  }
  return s;
}

struct BoutMetrics {
  std::size_t ref_bouts = 0, matched = 0, detected = 0;
  std::vector<double> cad_rel, sl_abs, ws_abs;
};

double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return v.empty() ? std::nan("") : s / static_cast<double>(v.size());
}

// Every reference bout against the detected bout with the largest time overlap.
void match_bouts(const std::vector<RefBout>& ref_b, const std::vector<WalkingBout>& bouts, BoutMetrics& m,
                 std::string* text) {
  m.detected += bouts.size();
  for (const RefBout& rb : ref_b) {
    ++m.ref_bouts;
    const WalkingBout* best = nullptr;
    double best_overlap = 0.0;
    for (const WalkingBout& b : bouts) {
      const double ov = std::min(b.end_s, rb.end_s) - std::max(b.start_s, rb.start_s);
      if (ov > best_overlap) {
        best_overlap = ov;
        best = &b;
      }
    }
    char buf[160];
    if (best == nullptr) {
      std::snprintf(buf, sizeof buf, " [%.0f %.2f %.2f]vs[-]", rb.cadence_spm, rb.stride_length_m,
                    rb.speed_mps);
    } else {
      ++m.matched;
      m.cad_rel.push_back(std::abs(best->cadence_spm - rb.cadence_spm) / rb.cadence_spm);
      m.sl_abs.push_back(std::abs(best->stride_length_m - rb.stride_length_m));
      m.ws_abs.push_back(std::abs(best->walking_speed_mps - rb.speed_mps));
      std::snprintf(buf, sizeof buf, " [%.0f %.2f %.2f]vs[%.0f %.2f %.2f]", rb.cadence_spm,
                    rb.stride_length_m, rb.speed_mps, best->cadence_spm, best->stride_length_m,
                    best->walking_speed_mps);
    }
    if (text != nullptr) *text += buf;
  }
}

std::vector<RefBout> read_ref_bouts(const fs::path& dir) {
  std::vector<RefBout> ref_b;
  for (const Row& r : read_csv(dir / "ref_INDIP_wb_bouts.csv")) {
    ref_b.push_back({num(r, "start_s"), num(r, "end_s"), num(r, "cadence_spm"), num(r, "avg_stride_length_m"),
                     num(r, "walking_speed_mps")});
  }
  return ref_b;
}

std::vector<RefIc> read_ref_ics(const fs::path& dir) {
  std::vector<RefIc> ref_ics;
  for (const Row& r : read_csv(dir / "ref_INDIP_wb_ics.csv")) {
    ref_ics.push_back({num(r, "ic_s"), r.at("lr") == "left"});
  }
  return ref_ics;
}

ImuRecording load_trial(const fs::path& dir) {
  auto session = load_imu_csv(dir / "imu.csv", ImuLoadOptions{});
  EXPECT_TRUE(session.has_value()) << (session ? "" : session.error().message());
  if (!session) return ImuRecording{};
  ImuRecording rec = session->sensors.at(0);
  rec.placement = Placement::kLowerBack;
  return rec;
}

TEST(GaitLowBackValidation, IndipReferenceSixTrials) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  std::ifstream meta_in(shared_path / "participant_metadata.json");
  const nlohmann::json meta = nlohmann::json::parse(meta_in);

  IcMatch pipe_05, pipe_025, onref_05, onref_025;
  std::size_t parity_ours = 0, parity_matlab = 0, parity_agree = 0, parity_agree_100 = 0;
  double parity_abs_diff = 0.0, parity_signed_100 = 0.0;
  BoutMetrics bouts;              // the pipeline as shipped (cadence from the Shin-improved contacts)
  BoutMetrics bouts_icd_cadence;  // same, cadence from the ICD's own contacts (mobgap CadFromIc)
  BoutMetrics bouts_iluz;         // same, with the GsdIluz gait sequence detector
  double iluz_overlap_s = 0.0, iluz_union_s = 0.0;          // our GsdIluz vs the MATLAB GSDA output
  std::string iluz_text;                                    // per-trial sequences, printed at the end
  std::vector<double> win_cad_rel, win_sl_abs, win_ws_abs;  // our valid strides inside each reference bout

  std::printf("\n%-22s %5s %5s %6s %6s %6s | %-40s\n", "trial", "refIC", "detIC", "F1.5", "F1.25", "LRacc",
              "bouts: ref [cad SL WS] vs detected [cad SL WS]");
  for (const Trial& t : kTrials) {
    const fs::path dir = shared_path / t.folder;
    const ImuRecording rec = load_trial(dir);
    ASSERT_GT(rec.size(), 0u);
    LowBackGaitOptions options;
    options.sensor_height_m = meta["HA"][t.participant]["sensor_height_m"].get<double>();
    auto res = analyse_lowback_gait(rec, options);
    ASSERT_TRUE(res.has_value()) << res.error().message();
    LowBackGaitOptions icd_cadence = options;
    icd_cadence.cadence_source = CadenceSource::kGaitContacts;
    auto res_icd_cadence = analyse_lowback_gait(rec, icd_cadence);
    ASSERT_TRUE(res_icd_cadence.has_value()) << res_icd_cadence.error().message();
    LowBackGaitOptions iluz = options;
    iluz.gsd_algorithm = GsdAlgorithm::kIluz;
    auto res_iluz = analyse_lowback_gait(rec, iluz);
    ASSERT_TRUE(res_iluz.has_value()) << res_iluz.error().message();
    {
      const std::vector<std::pair<double, double>> ml = matlab_gsd_iluz(shared_path, t);
      std::vector<std::pair<double, double>> ours;
      for (const GaitSequence& g : res_iluz->gait_sequences) ours.emplace_back(g.start_s, g.end_s);
      std::string line;
      for (const auto& [a, b] : ours) line += fmt_interval(a, b);
      line += " | MATLAB GSDA:";
      for (const auto& [a, b] : ml) line += fmt_interval(a, b);
      iluz_text += t.folder + " GsdIluz ours:" + line + "\n";
      const double ov = overlap_s(ours, ml);
      iluz_overlap_s += ov;
      iluz_union_s += total_s(ours) + total_s(ml) - ov;
    }

    const std::vector<RefIc> ref_ics = read_ref_ics(dir);
    const std::vector<RefBout> ref_b = read_ref_bouts(dir);
    std::vector<GaitSequence> ref_gs;
    for (const RefBout& rb : ref_b) {
      GaitSequence g;
      g.start = static_cast<std::size_t>(std::llround(rb.start_s * rec.rate_hz));
      g.end = static_cast<std::size_t>(std::llround(rb.end_s * rec.rate_hz)) + 1;
      g.start_s = rb.start_s;
      g.end_s = rb.end_s;
      ref_gs.push_back(g);
    }

    // Full pipeline ICs.
    std::vector<double> det_t;
    std::vector<int> det_side;
    for (const InitialContact& ic : res->initial_contacts) {
      det_t.push_back(ic.t_s);
      det_side.push_back(ic.side == FootSide::kLeft ? 1 : ic.side == FootSide::kRight ? 0 : -1);
    }
    const IcMatch m05 = match_ics(det_t, ref_ics, 0.5, &det_side);
    const IcMatch m025 = match_ics(det_t, ref_ics, 0.25, &det_side);
    accumulate(pipe_05, m05);
    accumulate(pipe_025, m025);

    // ICD + L/R on the reference bouts (isolates ICD from GSD; the MATLAB outputs were made this way).
    auto on_ref = detect_contacts_in_sequences(rec, ref_gs, options);
    ASSERT_TRUE(on_ref.has_value()) << on_ref.error().message();
    std::vector<double> ref_t;
    std::vector<int> ref_side;
    for (const InitialContact& ic : on_ref->initial_contacts) {
      ref_t.push_back(ic.t_s);
      ref_side.push_back(ic.side == FootSide::kLeft ? 1 : ic.side == FootSide::kRight ? 0 : -1);
    }
    accumulate(onref_05, match_ics(ref_t, ref_ics, 0.5, &ref_side));
    accumulate(onref_025, match_ics(ref_t, ref_ics, 0.25, &ref_side));

    // Parity with the MATLAB ICD on the same bouts: one-to-one within 50 ms (two samples at 40 Hz).
    const std::vector<double> ml = matlab_ics(shared_path, t);
    std::vector<RefIc> ml_as_ref;
    for (double v : ml) ml_as_ref.push_back({v, false});
    const IcMatch par = match_ics(ref_t, ml_as_ref, 0.05, nullptr);
    parity_ours += ref_t.size();
    parity_matlab += ml.size();
    parity_agree += par.tp;
    parity_abs_diff += par.sum_abs_err_s;
    const IcMatch par100 = match_ics(ref_t, ml_as_ref, 0.1, nullptr);
    parity_agree_100 += par100.tp;
    parity_signed_100 += par100.sum_err_s;

    std::string bout_text;
    match_bouts(ref_b, res->walking_bouts, bouts, &bout_text);
    match_bouts(ref_b, res_icd_cadence->walking_bouts, bouts_icd_cadence, nullptr);
    match_bouts(ref_b, res_iluz->walking_bouts, bouts_iluz, nullptr);
    // Same reference bouts, our valid strides that lie inside each window (separates GSD/bout-extent errors
    // from the per-stride estimates).
    for (const RefBout& rb : ref_b) {
      double c = 0.0, l = 0.0, v = 0.0;
      std::size_t n_in = 0;
      for (const Stride& st : res->strides) {
        if (!st.valid || st.start_s < rb.start_s - 0.25 || st.end_s > rb.end_s + 0.25) continue;
        if (!std::isfinite(st.cadence_spm) || !std::isfinite(st.length_m)) continue;
        c += st.cadence_spm;
        l += st.length_m;
        v += st.speed_mps;
        ++n_in;
      }
      if (n_in > 0) {
        const double nd = static_cast<double>(n_in);
        win_cad_rel.push_back(std::abs(c / nd - rb.cadence_spm) / rb.cadence_spm);
        win_sl_abs.push_back(std::abs(l / nd - rb.stride_length_m));
        win_ws_abs.push_back(std::abs(v / nd - rb.speed_mps));
      }
    }
    std::printf("%-22s %5zu %5zu %6.3f %6.3f %6.3f |%s (det %zu)\n", t.folder.c_str(), ref_ics.size(),
                det_t.size(), f1(m05), f1(m025),
                m05.side_known ? static_cast<double>(m05.side_ok) / static_cast<double>(m05.side_known) : 0.0,
                bout_text.c_str(), res->walking_bouts.size());
  }

  auto report = [&](const char* name, const IcMatch& m) {
    std::printf("%-34s TP %3zu FP %3zu FN %3zu  F1 %.3f  mean err %+.3f s  MAE %.3f s  L/R acc %.3f\n", name,
                m.tp, m.fp, m.fn, f1(m), m.tp ? m.sum_err_s / static_cast<double>(m.tp) : 0.0,
                m.tp ? m.sum_abs_err_s / static_cast<double>(m.tp) : 0.0,
                m.side_known ? static_cast<double>(m.side_ok) / static_cast<double>(m.side_known) : 0.0);
  };
  std::printf("\nInitial contacts vs INDIP (all 6 trials)\n");
  report("pipeline (GSD+ICD), +-0.5 s", pipe_05);
  report("pipeline (GSD+ICD), +-0.25 s", pipe_025);
  report("ICD on reference bouts, +-0.5 s", onref_05);
  report("ICD on reference bouts, +-0.25 s", onref_025);
  std::printf(
      "Parity with MATLAB icd_ionescu on reference bouts: ours %zu, MATLAB %zu, agree within 50 ms %zu "
      "(%.1f %% of MATLAB), mean |diff| of agreeing %.4f s\n",
      parity_ours, parity_matlab, parity_agree,
      parity_matlab ? 100.0 * static_cast<double>(parity_agree) / static_cast<double>(parity_matlab) : 0.0,
      parity_agree ? parity_abs_diff / static_cast<double>(parity_agree) : 0.0);
  std::printf("  within 100 ms: %zu (%.1f %% of MATLAB), mean signed difference ours - MATLAB %+.4f s\n",
              parity_agree_100,
              parity_matlab
                  ? 100.0 * static_cast<double>(parity_agree_100) / static_cast<double>(parity_matlab)
                  : 0.0,
              parity_agree_100 ? parity_signed_100 / static_cast<double>(parity_agree_100) : 0.0);
  std::printf("Walking bouts: reference %zu, detected %zu, reference bouts matched by overlap %zu\n",
              bouts.ref_bouts, bouts.detected, bouts.matched);
  const double cad = mean_of(bouts.cad_rel), sl = mean_of(bouts.sl_abs), ws = mean_of(bouts.ws_abs);
  std::printf(
      "Per matched bout: cadence rel. error %.3f, stride length MAE %.3f m, walking speed MAE %.3f m/s\n",
      cad, sl, ws);
  std::printf(
      "  with cadence from the ICD contacts instead (CadFromIc, %zu matched): cadence rel. error %.3f, "
      "stride "
      "length MAE %.3f m, walking speed MAE %.3f m/s\n",
      bouts_icd_cadence.matched, mean_of(bouts_icd_cadence.cad_rel), mean_of(bouts_icd_cadence.sl_abs),
      mean_of(bouts_icd_cadence.ws_abs));
  std::printf(
      "  with the GsdIluz detector instead (%zu of %zu matched, %zu detected): cadence rel. error %.3f, "
      "stride "
      "length MAE %.3f m, walking speed MAE %.3f m/s\n",
      bouts_iluz.matched, bouts_iluz.ref_bouts, bouts_iluz.detected, mean_of(bouts_iluz.cad_rel),
      mean_of(bouts_iluz.sl_abs), mean_of(bouts_iluz.ws_abs));
  std::printf("%s", iluz_text.c_str());
  std::printf("  our GsdIluz vs the MATLAB GSDA output: overlap %.1f s of union %.1f s (IoU %.2f)\n",
              iluz_overlap_s, iluz_union_s, iluz_union_s > 0.0 ? iluz_overlap_s / iluz_union_s : 0.0);
  std::printf(
      "Our strides inside each reference bout window (%zu bouts): cadence rel. error %.3f, stride length "
      "MAE %.3f m, walking speed MAE %.3f m/s\n\n",
      win_cad_rel.size(), mean_of(win_cad_rel), mean_of(win_sl_abs), mean_of(win_ws_abs));
  RecordProperty("ic_f1_pipeline_05", std::to_string(f1(pipe_05)));
  RecordProperty("cadence_rel_error", std::to_string(cad));
  RecordProperty("stride_length_mae_m", std::to_string(sl));
  RecordProperty("walking_speed_mae_mps", std::to_string(ws));

  // Floors (see docs/validation/imu-gait-lowback.md). The targets are cadence < 5 %, stride length MAE <=
  // 0.10 m and walking speed MAE <= 0.08 m/s. With published parameters only (nothing fitted here) the
  // cadence target is met; stride length and speed are not: the simulated-daily-activity trials contain very
  // slow walking (0.25-0.6 m/s) where the Zijlstra model over-estimates stride length. The asserted floors
  // are what we reach, rounded up; they guard against regressions.
  EXPECT_GE(bouts.matched, bouts.ref_bouts - 1);
  // GsdIluz against the original MATLAB GSDA: mostly the same windows (mobgap, whose defaults we follow,
  // lowered the step-count threshold and changed the peak finder, so more windows qualify).
  EXPECT_GE(iluz_overlap_s / iluz_union_s, 0.55);
  EXPECT_LT(cad, kCadenceRelErrorFloor);
  EXPECT_LE(sl, kStrideLengthMaeFloorM);
  EXPECT_LE(ws, kWalkingSpeedMaeFloorMps);
  EXPECT_GE(f1(pipe_05), 0.60);
  EXPECT_GE(f1(onref_05), 0.65);
  EXPECT_GE(static_cast<double>(pipe_05.side_ok) /
                static_cast<double>(std::max<std::size_t>(1, pipe_05.side_known)),
            0.75);
  // Parity: the same events as MATLAB (>= 80 % within 100 ms), shifted by a constant offset (see the docs).
  EXPECT_GE(static_cast<double>(parity_agree_100), 0.8 * static_cast<double>(parity_ours));
}

// For information (the doc quotes it): the three original Mobilise-D MATLAB ICDs and ours, all run on the
// reference bouts, against INDIP: IC F1 and the bout cadence each gives through the same per-second scheme.
// Tells whether the cadence target is reachable with the published detectors on these data.
TEST(GaitLowBackValidation, MatlabDetectorsOnReferenceBouts) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  const std::vector<std::string> kAlgos = {"icd_ionescu", "icd_shin_improved", "icd_hklee_improved",
                                           "ours_ionescu", "ours_shin"};
  std::map<std::string, IcMatch> m05, m025;
  std::map<std::string, std::vector<double>> cad_rel;
  std::map<std::string, double> signed_vs_matlab;  // ours - MATLAB, within 100 ms
  std::map<std::string, std::size_t> n_vs_matlab;
  for (const Trial& t : kTrials) {
    const fs::path dir = shared_path / t.folder;
    const std::vector<RefBout> ref_b = read_ref_bouts(dir);
    if (ref_b.empty()) continue;
    const std::vector<RefIc> ref_ics = read_ref_ics(dir);
    const ImuRecording rec = load_trial(dir);
    ASSERT_GT(rec.size(), 0u);
    std::vector<double> norm(rec.size());  // [n] |acc|
    for (std::size_t i = 0; i < rec.size(); ++i) {
      norm[i] = rec.acc_mps2.row(static_cast<Eigen::Index>(i)).norm();
    }
    std::map<std::string, std::vector<MatlabSequence>> per_algo;
    for (std::size_t a = 0; a < 3; ++a) per_algo[kAlgos[a]] = matlab_sequences(shared_path, kAlgos[a], t);
    // Ours on the same windows: the pipeline's ICD and the cadence detector on |acc| of the whole bout.
    std::vector<GaitSequence> ref_gs;
    for (const RefBout& rb : ref_b) {
      GaitSequence g;
      g.start = static_cast<std::size_t>(std::llround(rb.start_s * rec.rate_hz));
      g.end = std::min(rec.size(), static_cast<std::size_t>(std::llround(rb.end_s * rec.rate_hz)) + 1);
      g.start_s = rb.start_s;
      g.end_s = rb.end_s;
      ref_gs.push_back(g);
      MatlabSequence shin;
      shin.start_s = rb.start_s;
      shin.end_s = rb.end_s;
      auto c = detect_cadence_contacts(std::span<const double>(norm.data() + g.start, g.end - g.start),
                                       rec.rate_hz, CadenceContactOptions{});
      ASSERT_TRUE(c.has_value()) << c.error().message();
      for (double v : *c) shin.ic_s.push_back(static_cast<double>(g.start) / rec.rate_hz + v);
      per_algo["ours_shin"].push_back(std::move(shin));
    }
    auto on_ref = detect_contacts_in_sequences(rec, ref_gs, LowBackGaitOptions{});
    ASSERT_TRUE(on_ref.has_value()) << on_ref.error().message();
    for (const RefBout& rb : ref_b) {
      MatlabSequence m;
      m.start_s = rb.start_s;
      m.end_s = rb.end_s;
      for (const InitialContact& ic : on_ref->initial_contacts) {
        if (ic.t_s >= rb.start_s - 1e-9 && ic.t_s <= rb.end_s + 0.011) m.ic_s.push_back(ic.t_s);
      }
      per_algo["ours_ionescu"].push_back(std::move(m));
    }
    for (const std::string& algo : kAlgos) {
      std::vector<double> all;
      for (const MatlabSequence& m : per_algo[algo]) all.insert(all.end(), m.ic_s.begin(), m.ic_s.end());
      accumulate(m05[algo], match_ics(all, ref_ics, 0.5, nullptr));
      accumulate(m025[algo], match_ics(all, ref_ics, 0.25, nullptr));
      for (const RefBout& rb : ref_b) {
        const MatlabSequence* best = nullptr;
        double best_overlap = 0.0;
        for (const MatlabSequence& m : per_algo[algo]) {
          const double ov = std::min(m.end_s, rb.end_s) - std::max(m.start_s, rb.start_s);
          if (ov > best_overlap) {
            best_overlap = ov;
            best = &m;
          }
        }
        const double c = best ? cadence_from_contacts(best->ic_s, rec.rate_hz) : std::nan("");
        if (std::isfinite(c)) cad_rel[algo].push_back(std::abs(c - rb.cadence_spm) / rb.cadence_spm);
      }
    }
    // Offsets of ours against the MATLAB counterpart (same events within 100 ms).
    const std::pair<const char*, const char*> pairs[] = {{"ours_ionescu", "icd_ionescu"},
                                                         {"ours_shin", "icd_shin_improved"}};
    for (const auto& [ours, theirs] : pairs) {
      std::vector<double> a, b;
      for (const MatlabSequence& m : per_algo[ours]) a.insert(a.end(), m.ic_s.begin(), m.ic_s.end());
      std::vector<RefIc> as_ref;
      for (const MatlabSequence& m : per_algo[theirs]) {
        for (double v : m.ic_s) as_ref.push_back({v, false});
      }
      const IcMatch p = match_ics(a, as_ref, 0.1, nullptr);
      signed_vs_matlab[ours] += p.sum_err_s;
      n_vs_matlab[ours] += p.tp;
    }
  }
  std::printf("\nDetectors on the INDIP reference bouts (4 trials with bouts, 135 reference ICs)\n");
  std::printf("%-20s %5s %5s %5s %7s %7s %12s %8s\n", "detector", "TP", "FP", "FN", "F1.5", "F1.25",
              "cad rel err", "bouts");
  for (const std::string& algo : kAlgos) {
    const IcMatch& a = m05[algo];
    std::printf("%-20s %5zu %5zu %5zu %7.3f %7.3f %12.3f %8zu\n", algo.c_str(), a.tp, a.fp, a.fn, f1(a),
                f1(m025[algo]), mean_of(cad_rel[algo]), cad_rel[algo].size());
    RecordProperty("cadence_rel_error_" + algo, std::to_string(mean_of(cad_rel[algo])));
  }
  for (const auto& [ours, n] : n_vs_matlab) {
    std::printf("%s - MATLAB counterpart: %zu events within 100 ms, mean signed difference %+.4f s\n",
                ours.c_str(), n, n ? signed_vs_matlab[ours] / static_cast<double>(n) : 0.0);
  }
  // Our cadence detector finds the same events as the MATLAB one on most contacts.
  EXPECT_GE(f1(m05["ours_shin"]), 0.8);
}

// For information (the doc quotes it): the stride length of the Mobilise-D scheme with the INDIP contacts
// themselves (perfect contacts) on the reference bouts, and the speed it gives with the INDIP cadence.
// Separates the stride length model's error from the detectors'. (The reference IC lists are not
// cadence-grade: some end with a contact after a pause, so cadence is not recomputed from them.)
TEST(GaitLowBackValidation, ZijlstraWithReferenceContacts) {
  PHYSIO_REQUIRE_SHARED("mobgap-lowerback-indip");
  std::ifstream meta_in(shared_path / "participant_metadata.json");
  const nlohmann::json meta = nlohmann::json::parse(meta_in);
  std::vector<double> sl_abs, ws_abs;
  std::printf(
      "\nZijlstra (K = 4.587/4) with the INDIP contacts on the reference bouts [ref SL WS] vs [ours SL, WS "
      "with INDIP cadence]\n");
  for (const Trial& t : kTrials) {
    const fs::path dir = shared_path / t.folder;
    const std::vector<RefBout> ref_b = read_ref_bouts(dir);
    if (ref_b.empty()) continue;
    const ImuRecording rec = load_trial(dir);
    ASSERT_GT(rec.size(), 0u);
    const double height_m = meta["HA"][t.participant]["sensor_height_m"].get<double>();
    auto frame = compute_body_frame(rec, Eigen::Matrix3d::Identity());
    ASSERT_TRUE(frame.has_value()) << frame.error().message();
    std::vector<double> ref_ic_s;
    for (const RefIc& r : read_ref_ics(dir)) ref_ic_s.push_back(r.t_s);
    std::sort(ref_ic_s.begin(), ref_ic_s.end());
    std::string text;
    for (const RefBout& rb : ref_b) {
      std::vector<std::size_t> ic;  // samples of the bout's reference contacts
      for (double v : ref_ic_s) {
        if (v >= rb.start_s - 1e-6 && v <= rb.end_s + 1e-6) {
          const auto smp = static_cast<std::size_t>(std::llround(v * rec.rate_hz));
          if (ic.empty() || smp > ic.back()) ic.push_back(smp);
        }
      }
      if (ic.size() < 3) continue;
      BodyFrameSegment seg;
      extract_body_segment(rec, *frame, ic.front(), ic.back() + 1, seg);
      std::vector<std::size_t> rel;
      std::vector<double> rel_s;
      for (std::size_t v : ic) {
        rel.push_back(v - ic.front());
        rel_s.push_back(static_cast<double>(v - ic.front()) / rec.rate_hz);
      }
      auto steps = compute_step_lengths(seg.acc_vertical, rec.rate_hz, rel, height_m, StepLengthOptions{});
      ASSERT_TRUE(steps.has_value()) << steps.error().message();
      std::vector<double> padded = *steps;
      padded.push_back(steps->back());
      const double span_s = rel_s.back() + 1.0 / rec.rate_hz;
      const auto n_sec = static_cast<std::size_t>(std::ceil(span_s - 1e-9));
      auto sl_sec = step_values_per_second(rel_s, padded, n_sec, PerSecondOptions{});
      ASSERT_TRUE(sl_sec.has_value());
      for (double& v : *sl_sec) v *= 2.0;
      const double sl = region_mean_of_seconds(*sl_sec, 0.0, span_s);
      const double ws = rb.cadence_spm * sl / 120.0;
      sl_abs.push_back(std::abs(sl - rb.stride_length_m));
      ws_abs.push_back(std::abs(ws - rb.speed_mps));
      char buf[96];
      std::snprintf(buf, sizeof buf, " [%.2f %.2f]vs[%.2f %.2f]", rb.stride_length_m, rb.speed_mps, sl, ws);
      text += buf;
    }
    std::printf("%-22s%s\n", t.folder.c_str(), text.c_str());
  }
  std::printf("%zu bouts: stride length MAE %.3f m, walking speed MAE (INDIP cadence) %.3f m/s\n\n",
              sl_abs.size(), mean_of(sl_abs), mean_of(ws_abs));
  RecordProperty("stride_length_mae_reference_contacts_m", std::to_string(mean_of(sl_abs)));
  EXPECT_EQ(sl_abs.size(), 11u);
}

}  // namespace
}  // namespace physio::imu
