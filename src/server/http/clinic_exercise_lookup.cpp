#include "server/http/clinic_exercise_lookup.hpp"

#include <map>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "exercise/library.hpp"

namespace physio::server {

bool is_clinic_exercise_id(std::string_view id) {
  return id.starts_with("c-");
}

Result<std::optional<store::ClinicExerciseRow>> load_clinic_exercise(store::Store& store,
                                                                     std::string_view clinic_id,
                                                                     std::string_view id) {
  if (!is_clinic_exercise_id(id)) return std::optional<store::ClinicExerciseRow>{};
  return store.read([&](store::Tx& tx) { return store::get_clinic_exercise(tx, clinic_id, id); });
}

std::string exercise_name(store::Store& store, std::string_view clinic_id, std::string_view id) {
  if (auto ex = exercise::find_exercise(id)) return (*ex)->name;
  if (auto row = load_clinic_exercise(store, clinic_id, id); row && *row) return (*row)->name;
  return std::string(id);
}

std::string steps_text(const store::ClinicExerciseRow& row) {
  if (row.steps.size() == 1) return row.steps.front();
  std::string out;
  for (std::size_t i = 0; i < row.steps.size(); ++i)
    out += fmt::format("{}{}. {}", i == 0 ? "" : " ", i + 1, row.steps[i]);
  return out;
}

const exercise::Exercise* measured_definition(const store::ClinicExerciseRow& row) {
  if (row.measured_like.empty()) return nullptr;
  auto base = exercise::find_exercise(row.measured_like);
  if (!base) return nullptr;
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<exercise::Exercise>> kept;
  const std::string key = fmt::format("{}/{}/{}", row.clinic_id, row.id, row.updated_us);
  std::lock_guard lock(mutex);
  auto& slot = kept[key];
  if (!slot) {
    auto ex = std::make_unique<exercise::Exercise>(**base);
    ex->id = row.id;
    ex->name = row.name;
    ex->aliases.clear();
    ex->description = steps_text(row);
    ex->position = row.position;
    ex->contraindications = row.cautions;
    if (row.kind == "hold" && row.hold_s > 0) ex->hold_s = row.hold_s;
    slot = std::move(ex);
  }
  return slot.get();
}

}  // namespace physio::server
