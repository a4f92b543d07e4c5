#include "predict/card.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace physio::predict {

using nlohmann::json;

namespace {

std::string num(const json& v, const char* f = "{:.3f}") {
  return v.is_number() ? fmt::format(fmt::runtime(f), v.get<double>()) : std::string("-");
}

std::string ci(const json& v) {
  return v.is_array() && v.size() == 2 ? fmt::format("{:.3f}-{:.3f}", v[0].get<double>(), v[1].get<double>())
                                       : "-";
}

std::string uses(const Model& m) {
  if (m.name == "noshow")
    return "Intended use: help the front desk decide whom to call or remind before a visit. An "
           "administrative aid: "
           "never a reason to refuse, shorten or double-book a patient's appointment.\n"
           "Excluded: any decision about care; clinics whose history is shorter than the training needs (the "
           "model "
           "answers \"not assessed\" then).\n";
  if (m.name.ends_with("_nonresponse") || m.name.ends_with("_score_6m"))
    return "Intended use: information for the physiotherapist and the patient before or soon after a primary "
           "hip or "
           "knee replacement about the usual course 6 months on, to set expectations and plan follow-up. It "
           "informs a "
           "clinical decision and does not make one; the basis of every figure is shown.\n"
           "Excluded: revision operations, other operations and conditions, patients outside the NHS "
           "population "
           "it was fitted on (checked only on English NHS data), decisions about whether to operate.\n";
  if (m.name == "dropout")
    return "Intended use: show the physiotherapist which home programs are likely to have no exercise logged "
           "in the next two weeks, so that they can call the patient or change the program in time. It "
           "informs a clinical decision and does not make one; the basis of every figure is shown.\n"
           "Excluded: any decision to end or refuse care.\n";
  return "Intended use: information for the clinician, with its basis shown.\n";
}

}  // namespace

std::string model_card_markdown(const Model& m) {
  std::string md;
  const TrainingInfo& t = m.training;
  // What it is for comes first, in words; the figures after it. Predictors by their names in words.
  md += fmt::format("# Model card: {}\n\n", m.title);
  md += "## What it is for\n\n" + uses(m) + "\n";
  if (t.synthetic) md += "**Fitted on synthetic data: its figures say nothing about real patients.**\n\n";
  if (t.licence.starts_with("the clinic's own records"))
    md +=
        "**Fitted on this clinic's own records: it is used on this clinic's server only and never leaves "
        "it.**\n\n";
  else if (!t.shippable)
    md +=
        "**The data's licence does not allow this fitted model to ship: the figures benchmark the method "
        "only.**\n\n";
  md += "| item | |\n|---|---|\n";
  md += fmt::format("| version | `{}` (trained {}) |\n", m.version, m.trained_on);
  md += fmt::format("| outcome and horizon | {} |\n", m.outcome);
  md += fmt::format(
      "| model | {} with a ridge penalty chosen by {}-fold cross-validation on the training rows "
      "(folds by person or provider); penalty {:g} |\n",
      m.kind == "logistic" ? "logistic regression" : "linear regression", t.folds, t.l2);
  md += fmt::format("| data | {} |\n", t.data_source);
  md += fmt::format("| licence | {} |\n", t.licence);
  md += fmt::format("| training period | {} to {} (prediction times) |\n", t.first_day, t.last_day);
  md += m.kind == "logistic"
            ? fmt::format("| sample size | {} cases, {} with the outcome |\n", t.rows, t.events)
            : fmt::format("| sample size | {} cases |\n", t.rows);
  if (m.kind == "logistic")
    md += fmt::format(
        "| flag | risk at or above {:.0f} %; calibration intercept {:.3f}, slope {:.3f} applied |\n",
        100.0 * m.threshold, m.calibration.intercept, m.calibration.slope);
  else
    md += fmt::format(
        "| interval | {:.0f} % prediction interval: expected score {:+.1f} to {:+.1f} {} (out-of-fold "
        "residuals) |\n",
        100.0 * m.interval_level, m.interval_low, m.interval_high, m.unit);
  md +=
      "\n## Predictors (all known at the prediction time)\n\n| predictor | unit | coefficient | missing "
      "filled with |\n|---|---|---|---|\n";
  for (std::size_t j = 0; j < m.features.size(); ++j)
    md += fmt::format("| {} | {} | {:+.4f} | {:.4g} |\n", m.features[j].label, m.features[j].unit, m.fit.coef[j],
                      m.fill[j]);
  md += fmt::format(
      "\nIntercept {:+.4f}. A missing value is filled with the training rows' mean; explanations "
      "compare a case with the typical training case (every predictor at its mean).\n",
      m.fit.intercept);
  if (!m.required.empty()) {
    std::string names;
    for (const std::string& r : m.required)
      for (const FeatureInfo& f : m.features)
        if (f.name == r) names += (names.empty() ? "" : ", ") + f.label;
    md += fmt::format("A case without {} is not assessed: no number is shown.\n", names);
  }
  if (!t.notes.empty()) {
    md += "\n## Data notes\n\n";
    for (const std::string& n : t.notes) md += "- " + n + "\n";
  }
  md += "\n## Performance on a later period\n\n";
  const json v = m.validation.empty() ? json() : json::parse(m.validation, nullptr, false);
  if (!v.is_object()) {
    md += "Not validated: no later data was given to the training run.\n";
  } else {
    md += fmt::format("Data: {}, {} to {}.\n\n", v.value("data_source", ""), v.value("first_day", ""),
                      v.value("last_day", ""));
    if (v.contains("risk")) {
      const json& o = v["risk"]["overall"];
      md +=
          "| n | with outcome | AUC (95 % CI, bootstrap) | Brier | calibration intercept | calibration slope "
          "| "
          "observed/expected |\n|---|---|---|---|---|---|---|\n";
      md += fmt::format("| {} | {} | {} ({}) | {} | {} | {} | {} |\n", o["n"].get<std::size_t>(),
                        o["events"].get<std::size_t>(), num(o["auc"]), ci(o["auc_ci95"]),
                        num(o["brier"], "{:.4f}"), num(o["calibration_intercept"]),
                        num(o["calibration_slope"]), num(o["observed_expected"]));
      const json& th = o["at_threshold"];
      md += fmt::format(
          "\nAt the flag threshold {}: {} flagged ({} %), precision {}, recall {}, specificity {}.\n",
          num(th["threshold"], "{:.2f}"), th["flagged"].get<std::size_t>(),
          num(th["flag_rate"].is_number() ? json(100.0 * th["flag_rate"].get<double>()) : json(), "{:.1f}"),
          num(th["precision"]), num(th["recall"]), num(th["specificity"]));
      if (v.contains("comparison")) {
        const json& c = v["comparison"];
        md += fmt::format("\nOn the same {} rows: this model AUC {} ({}), {} AUC {} ({}).\n",
                          c["rows"].get<std::size_t>(), num(c["auc_model"]), ci(c["auc_model_ci95"]),
                          c["name"].get<std::string>(), num(c["auc_published"]), ci(c["auc_published_ci95"]));
      }
      md +=
          "\n### Calibration curve (tenths of predicted risk)\n\n| n | mean predicted | observed "
          "|\n|---|---|---|\n";
      for (const json& b : v["risk"]["calibration_curve"])
        md += fmt::format("| {} | {} | {} |\n", b["n"].get<std::size_t>(), num(b["mean_predicted"]),
                          num(b["observed"]));
      md += "\n### Decision curve (net benefit)\n\n| threshold | model | flag everyone |\n|---|---|---|\n";
      for (const json& b : v["risk"]["decision_curve"])
        md += fmt::format("| {} | {} | {} |\n", num(b["threshold"], "{:.2f}"),
                          num(b["net_benefit"], "{:.4f}"), num(b["treat_all"], "{:.4f}"));
      md +=
          "\n### Subgroups\n\n| audit | group | n | with outcome | AUC (95 % CI) | calibration slope | flag "
          "rate | note |\n"
          "|---|---|---|---|---|---|---|---|\n";
      const double overall = o["auc"].is_number() ? o["auc"].get<double>() : NAN;
      std::string below;
      for (const json& s : v["risk"]["subgroups"]) {
        md += fmt::format(
            "| {} | {} | {} | {} | {} ({}) | {} | {} % | {} |\n", s["audit"].get<std::string>(),
            s["label"].get<std::string>(), s["n"].get<std::size_t>(), s["events"].get<std::size_t>(),
            num(s["auc"]), ci(s["auc_ci95"]), num(s["calibration_slope"], "{:.2f}"),
            num(json(100.0 * s["at_threshold"]["flag_rate"].get<double>()), "{:.1f}"), s.value("note", ""));
        if (s["auc"].is_number() && std::isfinite(overall) && s["auc"].get<double>() < overall - 0.05)
          below += fmt::format("- {} {}: AUC {:.3f}, more than 0.05 below the overall {:.3f}.\n",
                               s["audit"].get<std::string>(), s["label"].get<std::string>(),
                               s["auc"].get<double>(), overall);
      }
      if (!below.empty())
        md +=
            "\nSubgroups where the model ranks cases markedly worse than overall (read its flags there with "
            "more "
            "caution):\n\n" +
            below;
    } else if (v.contains("score")) {
      const json& s = v["score"];
      md += "| n | MAE (points) | RMSE | R^2 | interval coverage |\n|---|---|---|---|---|\n";
      md += fmt::format("| {} | {} | {} | {} | {} % |\n", s["n"].get<std::size_t>(), num(s["mae"], "{:.2f}"),
                        num(s["rmse"], "{:.2f}"), num(s["r2"]),
                        num(json(100.0 * s["interval_coverage"].get<double>()), "{:.1f}"));
      if (v.contains("comparison")) {
        const json& c = v["comparison"];
        md += fmt::format("\nOn the same {} rows: this model MAE {}, R^2 {}; {} MAE {}, R^2 {}.\n",
                          c["rows"].get<std::size_t>(), num(c["model"]["mae"], "{:.2f}"),
                          num(c["model"]["r2"]), c["name"].get<std::string>(),
                          num(c["published"]["mae"], "{:.2f}"), num(c["published"]["r2"]));
      }
      md +=
          "\n### Subgroups\n\n| audit | group | n | MAE | R^2 | interval coverage "
          "|\n|---|---|---|---|---|---|\n";
      for (const json& g : s["subgroups"])
        md += fmt::format("| {} | {} | {} | {} | {} | {} % |\n", g["audit"].get<std::string>(),
                          g["label"].get<std::string>(), g["n"].get<std::size_t>(), num(g["mae"], "{:.2f}"),
                          num(g["r2"]), num(json(100.0 * g["interval_coverage"].get<double>()), "{:.1f}"));
    }
  }
  md +=
      "\n## Missing inputs\n\nA case whose required inputs are absent gets \"not assessed\" with the reason, "
      "never a number. Definitions of every figure: docs/models/README.md. This card is written from the "
      "model's training run each time it is trained.\n";
  return md;
}

}  // namespace physio::predict
