#include "risk/dropout_model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace physio::risk {

std::vector<ScoredProgram> score_programs(const predict::Model& m, std::string_view model_label,
                                          std::span<const predict::ProgramHistory> programs,
                                          const predict::DropoutRows& rows,
                                          std::span<const std::string> titles) {
  std::vector<ScoredProgram> out;
  const predict::Table& t = rows.table;
  auto cols = predict::match_features(m, t);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (!rows.current[r]) continue;
    const std::size_t i = rows.program_index[r];
    const predict::ProgramHistory& p = programs[i];
    ScoredProgram s{.program_id = p.program_id, .patient_id = p.patient_id};
    if (!cols) {
      s.not_assessed = "not assessed: " + cols.error().message();
      out.push_back(std::move(s));
      continue;
    }
    std::vector<double> x(cols->size());
    for (std::size_t j = 0; j < cols->size(); ++j) x[j] = t.at(r, (*cols)[j]);
    auto ex = predict::assess(m, x);
    if (!ex) {
      s.not_assessed = ex.error().message();
      out.push_back(std::move(s));
      continue;
    }
    const double risk = predict::risk(m, x);
    s.risk = risk;
    s.flagged = risk >= m.threshold;
    Flag& f = s.flag;
    f.kind = std::string(kDropOut);
    f.patient_id = p.patient_id;
    f.subject_type = "program";
    f.subject_id = p.program_id;
    f.method = "model";
    f.model = m.name;
    f.model_version = std::string(model_label);
    f.probability = risk;
    f.level = risk >= 2 * m.threshold ? "high" : risk >= m.threshold ? "moderate" : "low";
    // Below the rule's flags (a gap already of 14 days comes first), in order of risk.
    f.need = std::clamp(0.55 * risk, 0.0, 0.55);
    const std::string title = i < titles.size() && !titles[i].empty() ? titles[i] : "the home program";
    f.title = fmt::format("Risk of stopping {} within two weeks: {:.0f} %", title, 100 * risk);
    int listed = 0;
    for (const predict::Contribution& c : ex->contributions) {
      if (listed == 3 || std::abs(c.effect) < 0.05) break;
      f.reasons.push_back({predict::describe(m, c), c.effect > 0 ? "raises" : "lowers", c.effect});
      ++listed;
    }
    f.action =
        "Check in with the patient before the two weeks pass: ask how the exercises are going, and ease the "
        "program if pain or time is getting in the way";
    f.basis = fmt::format(
        "{:.0f} % risk of no exercise logged in the next 14 days, from the clinic's drop-out model {}; "
        "flagged at {:.0f} % or more",
        100 * risk, model_label, 100 * m.threshold);
    f.card = m.name;
    // A decision holds until the record changes (a log, a pain answer, a missed visit, a camera session),
    // not merely because another day has passed without one.
    f.inputs =
        fmt::format("program={};logs={};last_log={};pain={};missed={};live={}", p.program_id, p.logs.size(),
                    p.logs.empty() ? 0 : *std::max_element(p.logs.begin(), p.logs.end()), p.pain.size(),
                    p.missed_visits.size(), p.live_sessions.size());
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const ScoredProgram& a, const ScoredProgram& b) {
    return a.risk.value_or(-1) > b.risk.value_or(-1);
  });
  return out;
}

}  // namespace physio::risk
