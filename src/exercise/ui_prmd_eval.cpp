// UI-PRMD evaluation: repetition counting on concatenated sequences and leave-one-subject-out
// quality scores (docs/validation/ui-prmd.md).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "exercise/analyse.hpp"
#include "exercise/ui_prmd.hpp"

namespace physio::exercise {
namespace {

using nlohmann::json;

struct Sequence {
  std::string subject;
  bool correct = true;
  std::size_t expected = 0;  // repetitions (files)
  kin::AngleSeries angles;
};

// Curves of the complete repetitions of the given correct sequences.
Result<std::vector<RepCurves>> training_curves(const std::vector<const Sequence*>& seqs, const Exercise& ex) {
  std::vector<RepCurves> out;
  for (const Sequence* s : seqs) {
    ExerciseResult r = PHYSIO_TRY(analyse_exercise(s->angles, ex));
    for (std::size_t i = 0; i < r.reps.size(); ++i)
      if (!r.reps[i].partial) out.push_back(r.curves[i]);
  }
  return out;
}

// A template from the correct sequences of `train` subjects, calibrated by nested leave-one-subject-out.
Result<ReferenceTemplate> fit_template(const std::vector<Sequence>& all, const std::set<std::string>& train,
                                       const Exercise& ex) {
  std::vector<const Sequence*> seqs;
  for (const auto& s : all)
    if (s.correct && train.contains(s.subject)) seqs.push_back(&s);
  auto curves = PHYSIO_TRY(training_curves(seqs, ex));
  ReferenceTemplate tpl = PHYSIO_TRY(build_reference_template(ex.id, curves));
  std::vector<double> held_out;
  for (const auto& inner : train) {
    std::vector<const Sequence*> rest, own;
    for (const Sequence* s : seqs) (s->subject == inner ? own : rest).push_back(s);
    auto rest_curves = PHYSIO_TRY(training_curves(rest, ex));
    auto sub = build_reference_template(ex.id, rest_curves);
    if (!sub) continue;
    auto own_curves = PHYSIO_TRY(training_curves(own, ex));
    for (const auto& c : own_curves) held_out.push_back(template_distance(*sub, c));
  }
  calibrate_template(tpl, held_out);
  return tpl;
}

json mean_sd_json(const std::vector<double>& v) {
  if (v.empty()) return {{"mean", nullptr}, {"sd", nullptr}, {"n", 0}};
  double m = 0.0;
  for (double x : v) m += x;
  m /= static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - m) * (x - m);
  double sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
  return {{"mean", m}, {"sd", sd}, {"n", v.size()}};
}

json num(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

}  // namespace

Result<json> evaluate_ui_prmd(const std::filesystem::path& dir, const UiPrmdEvalOptions& opt) {
  const ExerciseLibrary* lib = opt.library;
  if (!lib) lib = PHYSIO_TRY(default_library());
  auto files = PHYSIO_TRY(list_ui_prmd(dir));
  std::set<std::string> exercises, subjects;
  for (const auto& f : files) {
    if (!opt.exercises.empty() &&
        std::find(opt.exercises.begin(), opt.exercises.end(), f.exercise) == opt.exercises.end())
      continue;
    if (!opt.subjects.empty() &&
        std::find(opt.subjects.begin(), opt.subjects.end(), f.subject) == opt.subjects.end())
      continue;
    exercises.insert(f.exercise);
    subjects.insert(f.subject);
  }
  if (exercises.empty())
    return fail(ErrorCode::kNotFound, "no UI-PRMD repetitions selected under '{}'", dir.string());

  json out_ex = json::array();
  double auc_sum = 0.0;
  int auc_n = 0;
  if (opt.print_table)
    std::printf("%-5s %-34s %5s %6s %7s %7s %7s %7s\n", "id", "exercise", "seqs", "exact", "auc", "auc_rl",
                "rom_ok", "rom_bad");
  for (const auto& mid : exercises) {
    const Exercise* ex = PHYSIO_TRY(lib->find(mid));
    // Build the sequences: one per subject and set.
    std::vector<Sequence> seqs;
    for (const auto& subj : subjects) {
      for (bool correct : {true, false}) {
        std::vector<kin::LandmarkSequence> parts;
        for (const auto& f : files) {
          if (f.exercise != mid || f.subject != subj || f.correct != correct) continue;
          auto rep = load_ui_prmd_repetition(f.positions, f.angles);
          if (!rep) return std::unexpected(std::move(rep).error().with_context("UI-PRMD " + mid));
          parts.push_back(std::move(*rep));
        }
        if (parts.empty()) continue;
        kin::LandmarkSequence seq = PHYSIO_TRY(concatenate_sequences(parts));
        Sequence s;
        s.subject = subj;
        s.correct = correct;
        s.expected = parts.size();
        s.angles = PHYSIO_TRY(compute_exercise_angles(seq, *ex));
        seqs.push_back(std::move(s));
      }
    }
    // Counting and ROM (no template needed).
    int exact = 0;
    std::vector<double> rom_ok, rom_bad;
    json details = json::array();
    for (const auto& s : seqs) {
      ExerciseResult r = PHYSIO_TRY(analyse_exercise(s.angles, *ex));
      std::size_t n = r.summary.count;
      if (n == s.expected) ++exact;
      json roms = json::array();
      for (const auto& rep : r.reps) {
        if (rep.partial) continue;
        roms.push_back(rep.rom_deg);
        (s.correct ? rom_ok : rom_bad).push_back(rep.rom_deg);
      }
      details.push_back({{"subject", s.subject},
                         {"set", s.correct ? "correct" : "incorrect"},
                         {"expected", s.expected},
                         {"counted", n},
                         {"partial", r.summary.partial_count},
                         {"side", r.side},
                         {"rom_deg", roms}});
    }
    // Leave-one-subject-out scores.
    std::vector<double> pos_all, neg_all, pos_rules, neg_rules;
    json folds = json::array();
    std::set<std::string> seq_subjects;
    for (const auto& s : seqs) seq_subjects.insert(s.subject);
    for (const auto& test : seq_subjects) {
      std::set<std::string> train = seq_subjects;
      train.erase(test);
      std::optional<ReferenceTemplate> tpl;
      if (train.size() >= 2) {
        auto t = fit_template(seqs, train, *ex);
        if (t) tpl = std::move(*t);
      }
      std::vector<double> pos, neg;
      for (const auto& s : seqs) {
        if (s.subject != test) continue;
        AnalysisOptions ao;
        ao.reference = tpl ? &*tpl : nullptr;
        ExerciseResult r = PHYSIO_TRY(analyse_exercise(s.angles, *ex, ao));
        ExerciseResult r0 = PHYSIO_TRY(analyse_exercise(s.angles, *ex));
        for (const auto& rep : r.reps) (s.correct ? pos : neg).push_back(rep.quality.score);
        for (const auto& rep : r0.reps) (s.correct ? pos_rules : neg_rules).push_back(rep.quality.score);
      }
      pos_all.insert(pos_all.end(), pos.begin(), pos.end());
      neg_all.insert(neg_all.end(), neg.begin(), neg.end());
      folds.push_back({{"test_subject", test},
                       {"auc", num(roc_auc(pos, neg))},
                       {"n_correct_reps", pos.size()},
                       {"n_incorrect_reps", neg.size()},
                       {"template_reps", tpl ? tpl->n_reps : 0},
                       {"d_ok", tpl ? num(tpl->d_ok) : json(nullptr)}});
    }
    double auc = roc_auc(pos_all, neg_all);
    double auc_rules = roc_auc(pos_rules, neg_rules);
    if (std::isfinite(auc)) {
      auc_sum += auc;
      ++auc_n;
    }
    json pos_ms = mean_sd_json(pos_all), neg_ms = mean_sd_json(neg_all);
    json e = {{"id", mid},
              {"exercise", ex->id},
              {"primary_angle", ex->primary_angle},
              {"sequences", seqs.size()},
              {"count_exact", exact},
              {"auc", num(auc)},
              {"auc_rules_only", num(auc_rules)},
              {"score_correct", pos_ms},
              {"score_incorrect", neg_ms},
              {"rom_per_rep_deg", {{"correct", mean_sd_json(rom_ok)}, {"incorrect", mean_sd_json(rom_bad)}}},
              {"loso", folds},
              {"sequences_detail", details}};
    if (opt.print_table) {
      auto m = [](const json& j) { return j["mean"].is_number() ? j["mean"].get<double>() : std::nan(""); };
      std::printf("%-5s %-34s %5zu %6d %7.3f %7.3f %7.1f %7.1f\n", mid.c_str(), ex->id.c_str(), seqs.size(),
                  exact, auc, auc_rules, m(e["rom_per_rep_deg"]["correct"]),
                  m(e["rom_per_rep_deg"]["incorrect"]));
      std::fflush(stdout);
    }
    out_ex.push_back(std::move(e));
  }
  int total_seq = 0, total_exact = 0;
  for (const auto& e : out_ex) {
    total_seq += e["sequences"].get<int>();
    total_exact += e["count_exact"].get<int>();
  }
  json out = {{"exercises", out_ex},
              {"mean_auc", auc_n > 0 ? json(auc_sum / auc_n) : json(nullptr)},
              {"sequences", total_seq},
              {"count_exact", total_exact},
              {"count_exact_fraction",
               total_seq > 0 ? json(static_cast<double>(total_exact) / total_seq) : json(nullptr)},
              {"subjects", std::vector<std::string>(subjects.begin(), subjects.end())},
              {"protocol",
               "leave-one-subject-out; template and calibration from training subjects' correct sequences"}};
  if (opt.print_table)
    std::printf("mean AUC %.3f; exact counts %d/%d\n", auc_n > 0 ? auc_sum / auc_n : std::nan(""),
                total_exact, total_seq);
  return out;
}

}  // namespace physio::exercise
