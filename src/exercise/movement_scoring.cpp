#include "exercise/movement_scoring.hpp"

#include <set>

#include "exercise/score.hpp"

namespace physio::exercise {

Result<std::vector<MovementFeatures>> repetition_features(const ExerciseResult& result,
                                                          const kin::LandmarkSequence& seq) {
  if (seq.n_frames() != result.n_frames)
    return fail(
        ErrorCode::kInvalidArgument,
        "movement features: the landmarks have {} frames but the analysis {} (not the same recording)",
        seq.n_frames(), result.n_frames);
  std::vector<std::size_t> starts, ends;
  for (const auto& rep : result.reps) {
    starts.push_back(rep.start_frame);
    ends.push_back(rep.end_frame);
  }
  const auto windows = movement_windows(starts, ends, seq.n_frames());
  std::vector<MovementFeatures> out;
  out.reserve(result.reps.size());
  for (std::size_t k = 0; k < result.reps.size(); ++k) {
    const RepMetrics& rep = result.reps[k];
    auto f = rep_movement_features(seq, windows[k].first, windows[k].second, rep.duration_s);
    if (!f) return std::unexpected(std::move(f).error().with_context(fmt::format("repetition {}", k + 1)));
    f->names.push_back(kRulePointsFeature);
    f->values.push_back(rule_points_of(rep));
    out.push_back(std::move(*f));
  }
  return out;
}

Status apply_movement_model(ExerciseResult& result, const kin::LandmarkSequence& seq,
                            const MovementModel& model) {
  if (model.exercise_id != result.exercise_id)
    return fail(ErrorCode::kInvalidArgument, "the movement model is for exercise '{}', not '{}'",
                model.exercise_id, result.exercise_id);
  auto features = PHYSIO_TRY(repetition_features(result, seq));
  if (!features.empty()) {
    std::set<std::string> have(features.front().names.begin(), features.front().names.end());
    std::size_t present = 0;
    for (const auto& n : model.names) present += have.contains(n) ? 1 : 0;
    if (2 * present < model.names.size())
      result.warnings.push_back(
          fmt::format("only {} of the movement model's {} features exist in this input (another skeleton, or "
                      "2D against a "
                      "3D model): its scores say little",
                      present, model.names.size()));
  }
  for (std::size_t k = 0; k < result.reps.size(); ++k)
    apply_movement_assessment(result.reps[k], assess_movement(model, features[k]));
  result.summary = compute_session_summary(result.reps);
  return ok();
}

}  // namespace physio::exercise
