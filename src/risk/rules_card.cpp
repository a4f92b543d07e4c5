#include "risk/rules_card.hpp"

#include <fmt/format.h>

#include "predict/rules.hpp"

namespace physio::risk {

namespace {

std::string row(const predict::RuleFinding& f) {
  const std::string accuracy =
      f.sensitivity && f.specificity
          ? fmt::format("sensitivity {:.2f}, specificity {:.2f}", *f.sensitivity, *f.specificity)
          : "not published by the source for this cut-off alone";
  return fmt::format("| {} | {} | {} |\n", f.label, accuracy, f.source);
}

}  // namespace

std::string rules_card_markdown() {
  std::string md = "# Rules behind the flags without a fitted model\n\n";
  md +=
      "These flags come from published cut-offs, not from a model fitted on data. They need no training, "
      "hold "
      "from the first day, and are labelled \"rule\" wherever they are shown. None of them was fitted or "
      "tuned on this clinic's patients.\n\n";
  md += "## Drop-out from a home program\n\n| rule | accuracy | source |\n|---|---|---|\n";
  md += row(predict::two_weeks_without_exercise(14));
  md +=
      "\nRaised for an active program with no exercise logged for 14 days or more (from the program's start "
      "when nothing was logged). A dismissal holds until the patient logs an exercise again. Not a "
      "prediction "
      "of who will stop: a sign that someone may have stopped already.\n\n";
  md += "## Fall risk (CDC STEADI)\n\n| criterion | accuracy | source |\n|---|---|---|\n";
  predict::FallInputs all;
  all.age_years = 70;
  all.sex = "female";
  all.falls_past_year = 1;
  all.feels_unsteady = true;
  all.worries_about_falling = true;
  all.tug_s = 14;
  all.chair_stands_30s = 5;
  all.gait_speed_mps = 0.5;
  all.four_stage_tandem_s = 5;
  for (const auto& f : predict::assess_fall_risk(all).findings) md += row(f);
  md +=
      "\nApplied to patients aged 65 or more, on the latest Timed Up and Go, 30-second chair stand and "
      "walking "
      "speed of the past year (measured by the clinic's IMU or video analysis, or entered by staff). Levels "
      "as "
      "in the STEADI algorithm: high when a gait, strength or balance problem comes with 2 or more falls or "
      "an "
      "injurious fall in the past year; moderate with a problem and fewer falls; low otherwise. Falls "
      "history, "
      "unsteadiness and fear of falling are not recorded by physiokit yet: a flag asks for them. No trained "
      "fall model exists: there are no data with fall outcomes to fit or check one on.\n";
  md +=
      "\n## Recovery off track\n\n| rule | accuracy | source |\n|---|---|---|\n"
      "| two consecutive outcome measures below the expected course | not published: a review prompt, not a "
      "validated predictor | minimal important changes as each instrument's file cites them |\n\n"
      "Applied to each open episode and each outcome measure with a published minimal important change "
      "(MIC). The expected course is the clinic's own: the 25th to 75th percentile of the improvement from "
      "baseline of its other episodes of the same ICD-10 category with the same instrument, week by week, "
      "once it has 20 such episodes (and 10 in the week judged). Before that, the published MIC stands in: "
      "from week 6 a measure that has not improved by the MIC is below the course (6 weeks: a common "
      "re-assessment point of a plan of care, chosen as a rule, not derived from data). A worsening by the "
      "MIC counts at any week. The flag needs the two latest measures both below: one low measure never "
      "raises it.\n";
  return md;
}

}  // namespace physio::risk
