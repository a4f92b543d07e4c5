#include "exercise/shipped_models.hpp"

#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "core/file_io.hpp"
#include "exercise/library.hpp"
#include "exercise/movement_scoring.hpp"

namespace physio::exercise {
namespace {

namespace fs = std::filesystem;

std::string summary_of(const nlohmann::json& j, const MovementModel& m) {
  std::string data = "its training data";
  if (j.contains("trained_on") && j["trained_on"].is_object()) {
    const auto& t = j["trained_on"];
    const auto subjects = t.value("subjects", std::vector<std::string>{});
    data = fmt::format("{}, {} adults", t.value("dataset", std::string("unknown data")), subjects.size());
  }
  std::string validated = "not validated";
  if (j.contains("validation") && j["validation"].is_object()) {
    const auto& v = j["validation"];
    if (v.contains("auc_outer") && v["auc_outer"].is_number())
      validated =
          fmt::format("leave-one-subject-out AUC {:.3f} on those adults", v["auc_outer"].get<double>());
  }
  return fmt::format("{} ({} correct and {} incorrect repetitions); {}", data, m.n_correct, m.n_incorrect,
                     validated);
}

}  // namespace

Result<fs::path> shipped_model_dir() {
  if (const char* env = std::getenv("PHYSIO_DATA_DIR"); env && *env) {
    const fs::path p = fs::path(env) / "models" / "movement";
    std::error_code ec;
    if (fs::is_directory(p, ec)) return p;
  }
  const fs::path lib = PHYSIO_TRY(default_library_dir());
  const fs::path p = (lib.parent_path() / "models" / "movement").lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(p, ec))
    return fail(ErrorCode::kNotFound, "no shipped movement models in {}", p.string());
  return p;
}

Result<std::optional<ShippedModel>> shipped_movement_model(const std::string& exercise_id) {
  static std::mutex mu;
  static std::map<std::string, Result<std::optional<ShippedModel>>> cache;
  std::lock_guard lock(mu);
  if (auto it = cache.find(exercise_id); it != cache.end()) return it->second;
  auto load = [&]() -> Result<std::optional<ShippedModel>> {
    auto dir = shipped_model_dir();
    if (!dir) return std::optional<ShippedModel>{};
    const fs::path file = *dir / (exercise_id + ".json");
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::optional<ShippedModel>{};
    const std::string text = PHYSIO_TRY(load_file(file));
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return fail(ErrorCode::kParse, "{}: not JSON", file.string());
    auto model = movement_model_from_json(j);
    if (!model) return std::unexpected(std::move(model).error().with_context(file.string()));
    if (model->exercise_id != exercise_id)
      return fail(ErrorCode::kParse, "{}: a model for '{}', not '{}'", file.string(), model->exercise_id,
                  exercise_id);
    ShippedModel s{*model, summary_of(j, *model), {}, {}};
    if (j.contains("trained_on") && j["trained_on"].is_object()) {
      const auto& t = j["trained_on"];
      s.skeleton_landmarks = t.value("skeleton_landmarks", std::vector<std::string>{});
      s.skeleton_words = t.value("skeleton", std::string());
    }
    return std::optional<ShippedModel>(std::move(s));
  };
  auto r = load();
  cache.emplace(exercise_id, r);
  return r;
}

std::string rule_based_basis(const std::string& why) {
  return "form rules only: this score is rule-based and not validated against clinicians' ratings (" + why +
         ")";
}

Status score_with_shipped_model(ExerciseResult& result, const kin::LandmarkSequence& seq,
                                const Exercise& ex) {
  const auto shipped = PHYSIO_TRY(shipped_movement_model(ex.id));
  if (!shipped) {
    result.score_basis = rule_based_basis("no movement model ships for this exercise");
    return ok();
  }
  if (!seq.is_3d()) {
    result.score_basis =
        rule_based_basis("the movement model for this exercise was fitted on 3D recordings; this one is 2D");
    return ok();
  }
  if (!shipped->skeleton_landmarks.empty() && seq.skeleton().landmarks != shipped->skeleton_landmarks) {
    // Fitted and validated on one skeleton: on another (BlazePose from a camera, another landmark set) its
    // scores were never checked, and a confident number would say more than is known.
    const std::string& words = shipped->skeleton_words;
    const std::string trained = words.empty() ? "another skeleton's" : words.substr(0, words.find(','));
    result.score_basis = rule_based_basis(fmt::format(
        "the movement model for this exercise was fitted and validated on {} recordings; this recording's "
        "{}-landmark skeleton ({}) was not part of its validation",
        trained, seq.n_landmarks(), seq.skeleton().name.empty() ? "custom" : seq.skeleton().name));
    return ok();
  }
  PHYSIO_CHECK(apply_movement_model(result, seq, shipped->model));
  result.score_basis = "movement model fitted on " + shipped->summary + " (docs/models/movement-models.md)";
  return ok();
}

}  // namespace physio::exercise
