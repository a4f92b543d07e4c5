#include "predict/pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "core/file_io.hpp"
#include "predict/model_json.hpp"
#include "predict/noshow_read.hpp"
#include "predict/proms.hpp"

namespace physio::predict {

using nlohmann::json;

const std::vector<ModelDef>& model_defs() {
  static const std::vector<ModelDef> defs = {
      {"noshow",
       "Risk of not attending an appointment",
       "the patient does not attend the appointment and did not cancel (status noshow), known after the "
       "visit's day",
       "logistic",
       "",
       0.30,
       "appointments",
       {"lead_days_log"}},
      {"dropout",
       "Risk of stopping the home program",
       "no exercise logged on the home program in the 14 days after the prediction day (the drop-out rule, "
       "14 days without exercise, met within two weeks), known 14 days later",
       "logistic",
       "",
       0.30,
       "programs",
       {}},
      {"knee_nonresponse",
       "Risk of no meaningful improvement 6 months after knee replacement",
       "Oxford Knee Score 6 months after a primary knee replacement less than 5 points (the minimal "
       "important "
       "change) above the score before it: not a responder",
       "logistic",
       "",
       0.20,
       "proms-knee",
       {"pre_score"}},
      {"hip_nonresponse",
       "Risk of no meaningful improvement 6 months after hip replacement",
       "Oxford Hip Score 6 months after a primary hip replacement less than 5 points (the minimal important "
       "change) above the score before it: not a responder",
       "logistic",
       "",
       0.20,
       "proms-hip",
       {"pre_score"}},
      {"knee_score_6m",
       "Expected Oxford Knee Score 6 months after knee replacement",
       "Oxford Knee Score (0-48, higher is better) 6 months after a primary knee replacement",
       "linear",
       "points (0-48)",
       0.5,
       "proms-knee",
       {"pre_score"}},
      {"hip_score_6m",
       "Expected Oxford Hip Score 6 months after hip replacement",
       "Oxford Hip Score (0-48, higher is better) 6 months after a primary hip replacement",
       "linear",
       "points (0-48)",
       0.5,
       "proms-hip",
       {"pre_score"}},
  };
  return defs;
}

Result<const ModelDef*> find_model_def(std::string_view name) {
  for (const ModelDef& d : model_defs())
    if (d.name == name) return &d;
  std::string names;
  for (const ModelDef& d : model_defs()) names += (names.empty() ? "" : ", ") + d.name;
  return fail(ErrorCode::kInvalidArgument, "no model named {} (models: {})", name, names);
}

namespace {

Result<DataSet> load_appointments(const std::vector<std::filesystem::path>& files) {
  if (files.size() != 1)
    return fail(ErrorCode::kInvalidArgument, "an appointment history is one file (got {})", files.size());
  auto text = load_text_file(files[0]);
  if (!text) return std::unexpected(text.error());
  auto h = parse_appointments_csv(*text);
  if (!h) return std::unexpected(std::move(h.error()).with_context(files[0].string()));
  if (h->events.empty()) return fail(ErrorCode::kMissingData, "{}: no appointments", files[0].string());
  DataSet d;
  NoShowRows rows = noshow_rows(h->events);
  d.table = std::move(rows.table);
  for (std::size_t r = 0; r < d.table.rows(); ++r)
    if (outcome_known(h->events[rows.event_index[r]])) d.rows.push_back(r);
  d.notes = h->notes;
  std::int64_t first = d.table.day.empty() ? 0 : *std::min_element(d.table.day.begin(), d.table.day.end());
  std::int64_t last = d.table.day.empty() ? 0 : *std::max_element(d.table.day.begin(), d.table.day.end());
  if (h->format == "kaggle-noshow-2016") {
    d.source =
        fmt::format("{} (public \"Medical Appointment No Shows\" set, Vitória, Brazil), visits {} to {}",
                    files[0].filename().string(), iso_date_from_days(first), iso_date_from_days(last));
    d.licence = "CC BY-NC-SA 4.0: a benchmark for the method only, never fitted into a model that ships";
    d.shippable = false;
  } else {
    d.source = fmt::format("{} (the clinic's appointment history), visits {} to {}",
                           files[0].filename().string(), iso_date_from_days(first), iso_date_from_days(last));
    d.licence = "the clinic's own records";
    d.shippable = true;
  }
  return d;
}

Result<DataSet> load_proms_files(const ModelDef& def, const std::vector<std::filesystem::path>& files) {
  const Joint joint = def.data == "proms-knee" ? Joint::kKnee : Joint::kHip;
  std::vector<PromsRecord> records;
  DataSet d;
  std::vector<std::string> years;
  for (const auto& f : files) {
    auto data = load_proms(f);
    if (!data) return std::unexpected(data.error());
    std::size_t other_joint = 0;
    for (PromsRecord& r : data->records) {
      if (r.joint != joint) {
        ++other_joint;
        continue;
      }
      if (std::find(years.begin(), years.end(), r.year) == years.end()) years.push_back(r.year);
      records.push_back(std::move(r));
    }
    for (const std::string& n : data->notes) d.notes.push_back(f.filename().string() + ": " + n);
    if (other_joint)
      d.notes.push_back(
          fmt::format("{}: {} records of the other joint left out", f.filename().string(), other_joint));
  }
  if (records.empty())
    return fail(ErrorCode::kMissingData, "no primary {} replacement records with both scores in the files",
                joint == Joint::kKnee ? "knee" : "hip");
  const PromsTarget target = def.kind == "logistic" ? PromsTarget::kNoImprovement : PromsTarget::kPostScore;
  d.table = proms_table(records, target);
  d.rows = all_rows(d.table);
  std::string names;
  for (const auto& f : files) names += (names.empty() ? "" : ", ") + f.filename().string();
  std::sort(years.begin(), years.end());
  std::string year_list;
  for (const auto& y : years) year_list += (year_list.empty() ? "" : ", ") + y;
  d.source = fmt::format("NHS Digital PROMs record files ({}), {} {} replacements, years {}", names,
                         records.size(), joint == Joint::kKnee ? "primary knee" : "primary hip", year_list);
  d.licence =
      "Open Government Licence v3.0: contains public sector information licensed under the Open Government "
      "Licence "
      "v3.0 (NHS Digital PROMs; Oxford Knee and Hip Scores (c) Oxford University Innovation)";
  d.shippable = true;
  if (target == PromsTarget::kNoImprovement) {
    // A lower predicted gain ranks a case as more likely not to improve.
    for (double g : nhs_predicted_gain(records)) d.comparison.push_back(-g);
    d.comparison_name = "NHS Digital case-mix model (predicted gain)";
  } else {
    for (const PromsRecord& r : records) d.comparison.push_back(r.nhs_predicted_post);
    d.comparison_name = "NHS Digital case-mix model (predicted score)";
  }
  return d;
}

json accuracy_json(const ScoreAccuracy& a) {
  return {{"n", a.n}, {"mae", a.mae}, {"rmse", a.rmse}, {"r2", a.r2}, {"interval_coverage", a.coverage}};
}

std::string ci_text(const Performance& p) {
  if (!p.auc) return "AUC not assessed";
  if (!p.auc_ci) return fmt::format("AUC {:.3f}", *p.auc);
  return fmt::format("AUC {:.3f} (95 % CI {:.3f}-{:.3f})", *p.auc, p.auc_ci->low, p.auc_ci->high);
}

// This model's predictions, the published model's and the outcomes on the rows where both exist.
struct SameRows {
  std::vector<double> ours{};
  std::vector<double> theirs{};
  std::vector<double> y{};
};
SameRows same_rows(const std::vector<std::size_t>& same, const std::vector<double>& pred, const DataSet& d,
                   const std::vector<std::size_t>& rows, const std::vector<double>& y) {
  SameRows out;
  for (std::size_t i : same) {
    out.ours.push_back(pred[i]);
    out.theirs.push_back(d.comparison[rows[i]]);
    out.y.push_back(y[i]);
  }
  return out;
}

}  // namespace

Result<DataSet> load_dataset(const ModelDef& def, const std::vector<std::filesystem::path>& files) {
  if (files.empty()) return fail(ErrorCode::kInvalidArgument, "no data file given");
  if (def.data == "appointments") return load_appointments(files);
  if (def.data == "programs")
    return fail(ErrorCode::kInvalidArgument,
                "model {} reads a clinic's home programs from its store: the server trains it (physio serve, "
                "nightly), not a file",
                def.name);
  return load_proms_files(def, files);
}

std::int64_t day_splitting(const DataSet& d, double fraction) {
  std::vector<std::int64_t> days;
  for (std::size_t r : d.rows) days.push_back(d.table.day[r]);
  if (days.empty()) return 0;
  std::sort(days.begin(), days.end());
  const auto at = static_cast<std::size_t>(fraction * static_cast<double>(days.size() - 1));
  return days[at] + 1;
}

Result<Model> train_model(const ModelDef& def, const DataSet& d, const std::vector<std::size_t>& rows,
                          const TrainOptions& options) {
  const ModelSpec spec{def.name, def.title, def.outcome, def.unit};
  TrainOptions o = options;
  if (o.threshold <= 0.0 || o.threshold >= 1.0) o.threshold = def.threshold;
  auto m =
      def.kind == "logistic" ? train_logistic(d.table, rows, spec, o) : train_linear(d.table, rows, spec, o);
  if (!m) return m;
  m->required = def.required;
  m->training.data_source = d.source;
  m->training.licence = d.licence;
  m->training.shippable = d.shippable;
  for (const std::string& n : d.notes) m->training.notes.insert(m->training.notes.begin(), n);
  return m;
}

Result<ValidationReport> validate_model(const Model& m, const DataSet& d,
                                        const std::vector<std::size_t>& rows,
                                        const EvaluationOptions& options) {
  if (rows.empty()) return fail(ErrorCode::kMissingData, "not assessed: no rows to validate on");
  auto pred = predict_rows(m, d.table, rows);
  if (!pred) return std::unexpected(pred.error());
  std::vector<double> y;
  for (std::size_t r : rows) y.push_back(d.table.y[r]);
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& [audit, labels] : d.table.subgroups)
    for (std::size_t r : rows) groups[audit].push_back(labels[r]);
  const std::int64_t first = d.table.day[*std::min_element(
      rows.begin(), rows.end(), [&](auto a, auto b) { return d.table.day[a] < d.table.day[b]; })];
  const std::int64_t last = d.table.day[*std::max_element(
      rows.begin(), rows.end(), [&](auto a, auto b) { return d.table.day[a] < d.table.day[b]; })];
  ValidationReport rep;
  json j;
  j["model"] = m.version;
  j["data_source"] = d.source;
  j["first_day"] = iso_date_from_days(first);
  j["last_day"] = iso_date_from_days(last);

  // The rows where the published model has a prediction, for a comparison on the same rows.
  std::vector<std::size_t> same;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!d.comparison.empty() && std::isfinite(d.comparison[rows[i]])) same.push_back(i);

  if (m.kind == "logistic") {
    EvaluationOptions o = options;
    o.threshold = m.threshold;
    const Evaluation e = evaluate_risks(*pred, y, groups, o);
    j["risk"] = evaluation_to_json(e);
    const Performance& p = e.overall;
    rep.lines.push_back(fmt::format("{} cases, {} with the outcome ({:.1f} %), {} to {}", p.n, p.events,
                                    100.0 * static_cast<double>(p.events) / static_cast<double>(p.n),
                                    iso_date_from_days(first), iso_date_from_days(last)));
    rep.lines.push_back(fmt::format(
        "{}; Brier {:.4f}; calibration intercept {}, slope {}; observed/expected {:.3f}", ci_text(p), p.brier,
        p.calibration_intercept ? fmt::format("{:.3f}", *p.calibration_intercept) : "-",
        p.calibration_slope ? fmt::format("{:.3f}", *p.calibration_slope) : "-", p.observed_expected));
    const AtThreshold& t = p.at_threshold;
    rep.lines.push_back(fmt::format("at risk >= {:.2f}: {} flagged ({:.1f} %), precision {}, recall {}",
                                    t.threshold, t.flagged, 100.0 * t.flag_rate,
                                    t.precision ? fmt::format("{:.3f}", *t.precision) : "-",
                                    t.recall ? fmt::format("{:.3f}", *t.recall) : "-"));
    for (const SubgroupPerformance& s : e.subgroups)
      rep.lines.push_back(fmt::format("  {:<10} {:<22} n {:>6}  events {:>5}  {}{}", s.audit, s.label,
                                      s.performance.n, s.performance.events, ci_text(s.performance),
                                      s.performance.calibration_slope
                                          ? fmt::format("  slope {:.2f}", *s.performance.calibration_slope)
                                          : (s.note.empty() ? "" : "  (" + s.note + ")")));
    if (!same.empty()) {
      const auto [ours, theirs, sy] = same_rows(same, *pred, d, rows, y);
      const auto a_ours = compute_auc(ours, sy);
      const auto a_theirs = compute_auc(theirs, sy);
      const auto ci_ours = compute_auc_interval(ours, sy, options.bootstrap);
      const auto ci_theirs = compute_auc_interval(theirs, sy, options.bootstrap);
      j["comparison"] = {
          {"name", d.comparison_name},
          {"rows", same.size()},
          {"auc_model", a_ours ? json(*a_ours) : json(nullptr)},
          {"auc_model_ci95", ci_ours ? json::array({ci_ours->low, ci_ours->high}) : json(nullptr)},
          {"auc_published", a_theirs ? json(*a_theirs) : json(nullptr)},
          {"auc_published_ci95", ci_theirs ? json::array({ci_theirs->low, ci_theirs->high}) : json(nullptr)}};
      if (a_ours && a_theirs)
        rep.lines.push_back(fmt::format("same {} rows: this model AUC {:.3f}, {} AUC {:.3f}", same.size(),
                                        *a_ours, d.comparison_name, *a_theirs));
    }
  } else {
    const ScoreAccuracy a = compute_score_accuracy(*pred, y, m.interval_low, m.interval_high);
    json s = accuracy_json(a);
    json sub = json::array();
    for (const auto& [audit, labels] : groups) {
      std::map<std::string, std::vector<std::size_t>> by;
      for (std::size_t i = 0; i < labels.size(); ++i) by[labels[i]].push_back(i);
      for (const auto& [label, idx] : by) {
        std::vector<double> sp;
        std::vector<double> sy;
        for (std::size_t i : idx) {
          sp.push_back((*pred)[i]);
          sy.push_back(y[i]);
        }
        json row = accuracy_json(compute_score_accuracy(sp, sy, m.interval_low, m.interval_high));
        row["audit"] = audit;
        row["label"] = label;
        sub.push_back(row);
      }
    }
    s["subgroups"] = sub;
    j["score"] = s;
    rep.lines.push_back(
        fmt::format("{} cases, {} to {}: MAE {:.2f} points, RMSE {:.2f}, R^2 {:.3f}; {:.0f} % interval "
                    "[{:+.1f}, {:+.1f}] held {:.1f} %",
                    a.n, iso_date_from_days(first), iso_date_from_days(last), a.mae, a.rmse, a.r2,
                    100.0 * m.interval_level, m.interval_low, m.interval_high, 100.0 * a.coverage));
    if (!same.empty()) {
      const auto [ours, theirs, sy] = same_rows(same, *pred, d, rows, y);
      const ScoreAccuracy ao = compute_score_accuracy(ours, sy, m.interval_low, m.interval_high);
      const ScoreAccuracy at = compute_score_accuracy(theirs, sy, m.interval_low, m.interval_high);
      j["comparison"] = {{"name", d.comparison_name},
                         {"rows", same.size()},
                         {"model", accuracy_json(ao)},
                         {"published", {{"mae", at.mae}, {"rmse", at.rmse}, {"r2", at.r2}}}};
      rep.lines.push_back(
          fmt::format("same {} rows: this model MAE {:.2f}, R^2 {:.3f}; {} MAE {:.2f}, R^2 {:.3f}",
                      same.size(), ao.mae, ao.r2, d.comparison_name, at.mae, at.r2));
    }
  }
  rep.json = j.dump();
  return rep;
}

}  // namespace physio::predict
