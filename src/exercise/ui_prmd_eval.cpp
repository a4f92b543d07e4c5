// UI-PRMD evaluation: repetition counting on concatenated sequences and leave-one-subject-out
// quality scores (docs/validation/ui-prmd.md).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "core/file_io.hpp"
#include "exercise/analyse.hpp"
#include "exercise/movement_scoring.hpp"
#include "exercise/ui_prmd.hpp"

namespace physio::exercise {
namespace {

using nlohmann::json;

struct Sequence {
  std::string subject;
  bool correct = true;
  std::size_t expected = 0;              // repetitions (files)
  std::vector<std::size_t> file_starts;  // first frame of each file in the sequence
  kin::LandmarkSequence landmarks;
  kin::AngleSeries angles;
  AnalysisOptions options;  // the working side (unilateral exercises)
  // Analyses without a movement model (counting, ROM, rule scores), one per segmentation candidate, and
  // their repetitions' movement features (computed when a fold uses that candidate).
  std::vector<ExerciseResult> results;  // [candidates]
  // (candidate, mirror, rest_relative) -> [results[c].reps]
  std::map<std::tuple<std::size_t, bool, bool>, std::vector<MovementFeatures>> features;
  std::size_t performed(std::size_t c) const {
    return static_cast<std::size_t>(results[c].summary.count + results[c].summary.partial_count);
  }
};

// The segmentation thresholds a fold may choose from, the library's default first. The start threshold
// (enter, a fraction of the person's own range above their rest level; the end threshold keeps 2/3 of
// it) and the low-pass before thresholding are chosen inside the training subjects (nested
// leave-one-subject-out), never on the subject counted.
std::vector<SegmentationOptions> segmentation_candidates() {
  std::vector<SegmentationOptions> out;
  const SegmentationOptions def;
  for (double cutoff : {def.smooth_cutoff_hz, 2.0, 4.5})
    for (double enter : {def.enter_frac, 0.25, 0.35, 0.20, 0.15}) {
      SegmentationOptions o = def;
      o.enter_frac = enter;
      o.exit_frac = enter * (def.exit_frac / def.enter_frac);
      o.smooth_cutoff_hz = cutoff;
      out.push_back(o);
    }
  return out;
}

json segmentation_json(const SegmentationOptions& o) {
  return {{"enter_frac", o.enter_frac}, {"exit_frac", o.exit_frac}, {"smooth_cutoff_hz", o.smooth_cutoff_hz}};
}

struct CountChoice {
  std::size_t candidate = 0;
  int exact = 0;  // sequences of the training subjects counted exactly with it
  int sequences = 0;
};

// The candidate that counts the most training sequences exactly (ties: the smaller total count error,
// then the earlier candidate, i.e. nearer the default).
CountChoice choose_segmentation(const std::vector<Sequence>& seqs, const std::set<std::string>& train,
                                std::size_t n_candidates) {
  CountChoice best;
  long best_err = -1;
  for (std::size_t c = 0; c < n_candidates; ++c) {
    int exact = 0, n = 0;
    long err = 0;
    for (const auto& s : seqs) {
      if (!train.contains(s.subject)) continue;
      const std::size_t p = s.performed(c);
      ++n;
      if (p == s.expected) ++exact;
      err += std::labs(static_cast<long>(p) - static_cast<long>(s.expected));
    }
    if (best_err < 0 || exact > best.exact || (exact == best.exact && err < best_err)) {
      best = {c, exact, n};
      best_err = err;
    }
  }
  return best;
}

Result<const std::vector<MovementFeatures>*> features_of(Sequence& s, std::size_t c,
                                                         const FeatureOptions& fo) {
  const auto key = std::tuple{c, fo.mirror, fo.rest_relative};
  auto it = s.features.find(key);
  if (it == s.features.end()) {
    auto f = repetition_features(s.results[c], s.landmarks, fo);
    if (!f) return std::unexpected(std::move(f).error());
    it = s.features.emplace(key, std::move(*f)).first;
  }
  return &it->second;
}

// Tempo augmentation of the training repetitions: each also as if performed 0.8 and 1.25 times as long
// (people keep different tempos within a prescription; the models should not learn the training
// subjects' tempo as a sign of correct form). Only training data is augmented.
constexpr std::array kTempoFactors = {0.8, 1.25};

// Every repetition found in the given subjects' sequences, labelled by its set, with its tempo variants.
Result<std::vector<LabelledFeatures>> labelled_reps(std::vector<Sequence>& seqs,
                                                    const std::set<std::string>& subjects, std::size_t c,
                                                    const FeatureOptions& fo,
                                                    std::vector<std::string>& names) {
  std::vector<LabelledFeatures> out;
  for (auto& s : seqs) {
    if (!subjects.contains(s.subject)) continue;
    const auto* feats = PHYSIO_TRY(features_of(s, c, fo));
    for (const auto& f : *feats) {
      if (names.empty()) names = f.names;
      if (f.names != names) continue;  // another skeleton: not comparable
      out.push_back({f.values, s.correct, s.subject});
      for (double k : kTempoFactors)
        out.push_back({with_tempo(names, f.values, k), s.correct, s.subject, /*augmented=*/true});
    }
  }
  return out;
}

// The movement model of one training set. How repetitions are described is chosen inside the training
// subjects: the model is fitted with each description and the one with the better nested
// leave-one-subject-out AUC is kept (ties: the earlier below). Descriptions: joint positions relative to
// the mid-hip, or relative to each joint's own rest position (FeatureOptions::rest_relative); and, for a
// unilateral exercise, repetitions done on the left mirrored (the working side described as the right)
// or as recorded. As recorded is tried only when some training sequences were done on the left: when
// none was, the choice cannot be judged on the training data and the model mirrors (a person working on
// the left is then compared with right-sided performances of the same movement, not with the other
// limb). nullopt when no model can be fitted.
Result<std::optional<MovementModel>> fit_fold_model(const Exercise& ex, std::vector<Sequence>& seqs,
                                                    const std::set<std::string>& train, std::size_t c) {
  std::optional<MovementModel> best;
  bool any_left = false;
  for (const auto& s : seqs)
    if (train.contains(s.subject) && s.results[c].side == "left") any_left = true;
  for (bool rest_relative : {false, true})
    for (bool mirror : {true, false}) {
      if (!mirror && !any_left) break;
      const FeatureOptions fo{mirror, rest_relative};
      std::vector<std::string> names;
      auto data = PHYSIO_TRY(labelled_reps(seqs, train, c, fo, names));
      auto m = fit_movement_model(ex.id, names, data);
      if (!m) continue;
      m->feature_options = fo;
      if (!best || m->inner_auc > best->inner_auc) best = std::move(*m);
    }
  return best;
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return std::nan("");
  double m = 0.0;
  for (double x : v) m += x;
  return m / static_cast<double>(v.size());
}

json mean_sd_json(const std::vector<double>& v) {
  if (v.empty()) return {{"mean", nullptr}, {"sd", nullptr}, {"n", 0}};
  const double m = mean_of(v);
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
    std::printf("%-5s %-34s %5s %6s %6s %7s %7s %7s %7s %7s\n", "id", "exercise", "seqs", "exact", "ex_def",
                "auc", "auc_mv", "auc_rl", "rom_ok", "rom_bad");
  for (const auto& mid : exercises) {
    const Exercise* ex = PHYSIO_TRY(lib->find(mid));
    // Build the sequences: one per subject and set.
    std::vector<Sequence> seqs;
    for (const auto& subj : subjects) {
      for (bool correct : {true, false}) {
        std::optional<UiPrmdSet> set = PHYSIO_TRY(load_ui_prmd_set(files, mid, subj, correct));
        if (!set) continue;
        Sequence s;
        s.subject = subj;
        s.correct = correct;
        s.expected = set->expected();
        s.file_starts = std::move(set->file_starts);
        s.landmarks = std::move(set->landmarks);
        s.angles = PHYSIO_TRY(compute_exercise_angles(s.landmarks, *ex));
        seqs.push_back(std::move(s));
      }
    }
    // The working side of a unilateral exercise is the one the subject used in the correct set (as a
    // prescription would state it); the incorrect set is analysed on the same side.
    std::map<std::string, SideChoice> side_of;
    for (auto& s : seqs) {
      if (!s.correct) continue;
      ExerciseResult r = PHYSIO_TRY(analyse_exercise(s.angles, *ex));
      if (r.side == "left") side_of[s.subject] = SideChoice::kLeft;
      if (r.side == "right") side_of[s.subject] = SideChoice::kRight;
    }
    const std::vector<SegmentationOptions> candidates = segmentation_candidates();
    for (auto& s : seqs) {
      if (auto it = side_of.find(s.subject); it != side_of.end()) s.options.side = it->second;
      for (const auto& c : candidates) {
        AnalysisOptions ao = s.options;
        ao.segmentation = c;
        s.results.push_back(PHYSIO_TRY(analyse_exercise(s.angles, *ex, ao)));
      }
    }
    std::set<std::string> seq_subjects;
    for (const auto& s : seqs) seq_subjects.insert(s.subject);
    // Each test subject is counted (and scored) with the segmentation its training subjects chose.
    std::map<std::string, CountChoice> choice_for;
    for (const auto& test : seq_subjects) {
      std::set<std::string> train = seq_subjects;
      train.erase(test);
      choice_for[test] =
          train.empty() ? CountChoice{0, 0, 0} : choose_segmentation(seqs, train, candidates.size());
    }
    // Counting and ROM. A repetition performed is a complete or a partial one (an attempt that left the
    // rest level but stayed short of the usual range): deliberately incorrect sets contain such
    // repetitions, and each file holds one repetition performed.
    int exact = 0, exact_complete = 0, exact_default = 0;
    std::vector<double> rom_ok, rom_bad;
    json details = json::array();
    for (auto& s : seqs) {
      const std::size_t c = choice_for[s.subject].candidate;
      const ExerciseResult& r = s.results[c];
      std::size_t complete = static_cast<std::size_t>(r.summary.count);
      std::size_t performed = s.performed(c);
      if (performed == s.expected) ++exact;
      if (complete == s.expected) ++exact_complete;
      if (s.performed(0) == s.expected) ++exact_default;
      json roms = json::array(), rep_frames = json::array();
      auto feats = features_of(s, c, FeatureOptions{});
      if (!feats)
        return std::unexpected(std::move(feats).error().with_context("UI-PRMD " + mid + " " + s.subject));
      for (const RepMetrics& rep : r.reps) {
        rep_frames.push_back({{"start", rep.start_frame},
                              {"peak", rep.peak_frame},
                              {"end", rep.end_frame},
                              {"partial", rep.partial},
                              {"rom_deg", num(rep.rom_deg)}});
        if (rep.partial) continue;
        roms.push_back(rep.rom_deg);
        (s.correct ? rom_ok : rom_bad).push_back(rep.rom_deg);
      }
      details.push_back({{"subject", s.subject},
                         {"set", s.correct ? "correct" : "incorrect"},
                         {"expected", s.expected},
                         {"counted", performed},
                         {"counted_default", s.performed(0)},
                         {"complete", complete},
                         {"partial", r.summary.partial_count},
                         {"side", r.side},
                         {"rom_deg", roms},
                         {"file_start_frames", s.file_starts},
                         {"reps", rep_frames}});
    }
    // Leave-one-subject-out scores: the movement model is fitted on the other subjects' repetitions
    // (correct and incorrect sets, segmented as the fold chose), with its shrinkage and calibration chosen
    // inside those subjects.
    std::vector<double> pos_all, neg_all, pos_rules, neg_rules, pos_model, neg_model, inner, count_inner;
    json folds = json::array();
    for (const auto& test : seq_subjects) {
      std::set<std::string> train = seq_subjects;
      train.erase(test);
      const CountChoice& choice = choice_for[test];
      const std::size_t c = choice.candidate;
      std::optional<MovementModel> model;
      if (!train.empty()) {
        auto m = fit_fold_model(*ex, seqs, train, c);
        if (!m) return std::unexpected(std::move(m).error().with_context("UI-PRMD " + mid));
        model = std::move(*m);
      }
      std::vector<double> pos, neg;
      int test_exact = 0, test_n = 0;
      for (auto& s : seqs) {
        if (s.subject != test) continue;
        ++test_n;
        if (s.performed(c) == s.expected) ++test_exact;
        const auto* feats = PHYSIO_TRY(features_of(s, c, model ? model->feature_options : FeatureOptions{}));
        for (std::size_t i = 0; i < s.results[c].reps.size(); ++i) {
          RepMetrics rm = s.results[c].reps[i];
          (s.correct ? pos_rules : neg_rules).push_back(rm.quality.score);
          if (model) {
            MovementAssessment a = assess_movement(*model, (*feats)[i]);
            apply_movement_assessment(rm, a);
            (s.correct ? pos_model : neg_model).push_back(a.projection);
          }
          (s.correct ? pos : neg).push_back(rm.quality.score);
        }
      }
      pos_all.insert(pos_all.end(), pos.begin(), pos.end());
      neg_all.insert(neg_all.end(), neg.begin(), neg.end());
      if (model && std::isfinite(model->inner_auc)) inner.push_back(model->inner_auc);
      if (choice.sequences > 0)
        count_inner.push_back(static_cast<double>(choice.exact) / static_cast<double>(choice.sequences));
      folds.push_back({{"test_subject", test},
                       {"auc", num(roc_auc(pos, neg))},
                       {"n_correct_reps", pos.size()},
                       {"n_incorrect_reps", neg.size()},
                       {"scores_correct", pos},
                       {"scores_incorrect", neg},
                       {"model_correct_reps", model ? model->n_correct : 0},
                       {"model_incorrect_reps", model ? model->n_incorrect : 0},
                       {"model_features", model ? model->names.size() : 0},
                       {"shrinkage", model ? num(model->shrinkage) : json(nullptr)},
                       {"mirror_left", model && model->feature_options.mirror},
                       {"rest_relative", model && model->feature_options.rest_relative},
                       {"inner_auc", model ? num(model->inner_auc) : json(nullptr)},
                       {"segmentation", segmentation_json(candidates[c])},
                       {"count_exact_inner", fmt::format("{}/{}", choice.exact, choice.sequences)},
                       {"count_exact_test", fmt::format("{}/{}", test_exact, test_n)}});
    }
    double auc = roc_auc(pos_all, neg_all);
    double auc_rules = roc_auc(pos_rules, neg_rules);
    double auc_model = roc_auc(pos_model, neg_model);
    // The inner estimate (each training fold's own nested leave-one-subject-out AUC at the shrinkage it
    // chose, averaged) against the outer one (the held-out subjects): their gap is what choosing inside
    // the training subjects flatters.
    const double auc_inner = mean_of(inner);
    // A model from every subject, shipped for use on new people (data/models/movement, its card in
    // docs/models/movement-models.md): the figures above are its honest estimate.
    if (!opt.save_models_dir.empty()) {
      const CountChoice all = choose_segmentation(seqs, seq_subjects, candidates.size());
      auto fitted = fit_fold_model(*ex, seqs, seq_subjects, all.candidate);
      if (!fitted)
        return std::unexpected(std::move(fitted).error().with_context("UI-PRMD " + mid + " model"));
      if (!*fitted)
        return fail(ErrorCode::kMissingData, "UI-PRMD {}: no movement model could be fitted", mid);
      auto m = &**fitted;
      json mj = movement_model_to_json(*m);
      json per_subject = json::object();
      for (const auto& f : folds) per_subject[f["test_subject"].get<std::string>()] = f["auc"];
      mj["trained_on"] = {
          {"dataset", "UI-PRMD Kinect"},
          {"exercise", mid},
          {"subjects", std::vector<std::string>(seq_subjects.begin(), seq_subjects.end())},
          {"skeleton", "kinect22, 3D world positions rebuilt from the Kinect v2 joint angles"},
          {"skeleton_landmarks", seqs.front().landmarks.skeleton().landmarks},
          {"terms",
           "UI-PRMD (Vakanski et al., Data 3(1):2, 2018): the dataset's own terms apply (research use)"}};
      mj["validation"] = {
          {"method",
           "leave-one-subject-out over the training subjects; segmentation thresholds, the description "
           "(mirroring of left-sided repetitions, positions relative to the rest posture), shrinkage and "
           "midpoint chosen by a nested leave-one-subject-out inside "
           "each training fold"},
          {"auc_outer", num(auc)},
          {"auc_inner", num(auc_inner)},
          {"auc_gap", num(auc_inner - auc)},
          {"auc_per_subject", per_subject},
          {"auc_rules_only", num(auc_rules)},
          {"count_exact", fmt::format("{}/{}", exact, seqs.size())}};
      // What the evaluation's counting would choose on every subject (physio analyze keeps the library's
      // thresholds, the ones the live session uses too).
      mj["validation"]["count_thresholds_chosen"] = segmentation_json(candidates[all.candidate]);
      PHYSIO_CHECK(save_file_atomic(opt.save_models_dir / (ex->id + ".json"), mj.dump(1) + "\n"));
    }
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
              {"count_exact_complete", exact_complete},
              {"count_exact_default", exact_default},
              {"count_exact_inner", num(mean_of(count_inner) * static_cast<double>(seqs.size()))},
              {"auc", num(auc)},
              {"auc_rules_only", num(auc_rules)},
              {"auc_movement_only", num(auc_model)},
              {"auc_inner", num(auc_inner)},
              {"auc_gap", num(auc_inner - auc)},
              {"score_correct", pos_ms},
              {"score_incorrect", neg_ms},
              {"rom_per_rep_deg", {{"correct", mean_sd_json(rom_ok)}, {"incorrect", mean_sd_json(rom_bad)}}},
              {"loso", folds},
              {"sequences_detail", details}};
    if (opt.print_table) {
      auto m = [](const json& j) { return j["mean"].is_number() ? j["mean"].get<double>() : std::nan(""); };
      std::printf("%-5s %-34s %5zu %6d %6d %7.3f %7.3f %7.3f %7.1f %7.1f\n", mid.c_str(), ex->id.c_str(),
                  seqs.size(), exact, exact_default, auc, auc_model, auc_rules,
                  m(e["rom_per_rep_deg"]["correct"]), m(e["rom_per_rep_deg"]["incorrect"]));
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
