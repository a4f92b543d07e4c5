#include "exercise/movement_scoring.hpp"

#include <algorithm>
#include <set>

#include "exercise/score.hpp"

namespace physio::exercise {

namespace {
constexpr double kUnfamiliarFactor = 2.0;  // median distance above 2x the training 95th percentile
}  // namespace

Result<std::vector<MovementFeatures>> repetition_features(const ExerciseResult& result,
                                                          const kin::LandmarkSequence& seq,
                                                          const FeatureOptions& options) {
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
  // A unilateral exercise done on the left described as its mirror image: the working side is then the
  // right, whichever side the person used.
  FeatureOptions opt = options;
  opt.mirror = options.mirror && result.side == "left";
  std::vector<MovementFeatures> out;
  out.reserve(result.reps.size());
  for (std::size_t k = 0; k < result.reps.size(); ++k) {
    const RepMetrics& rep = result.reps[k];
    auto f = rep_movement_features(seq, windows[k].first, windows[k].second, rep.duration_s, opt);
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
  auto features = PHYSIO_TRY(repetition_features(result, seq, model.feature_options));
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
  std::vector<double> distances;
  for (std::size_t k = 0; k < result.reps.size(); ++k) {
    MovementAssessment a = assess_movement(model, features[k]);
    distances.push_back(a.distance);
    apply_movement_assessment(result.reps[k], a);
  }
  if (!distances.empty() && model.typical_distance > 0.0) {
    std::nth_element(distances.begin(), distances.begin() + static_cast<std::ptrdiff_t>(distances.size() / 2),
                     distances.end());
    const double median = distances[distances.size() / 2];
    if (median > kUnfamiliarFactor * model.typical_distance)
      result.warnings.push_back(
          fmt::format("these repetitions lie far from every repetition the movement model was fitted on "
                      "(typical distance "
                      "{:.1f}, at most {:.1f} in its training data): another camera, skeleton or population; "
                      "its scores may "
                      "not apply",
                      median, model.typical_distance));
  }
  result.summary = compute_session_summary(result.reps);
  return ok();
}

}  // namespace physio::exercise
