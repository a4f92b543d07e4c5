#include "store/clinic_exercises.hpp"

#include <fmt/format.h>

#include "store/sql/value.hpp"

namespace physio::store {
namespace {

constexpr const char* kExerciseColumns =
    "clinic_id, id, name, steps, position, kind, default_sets, default_reps, hold_s, cautions, "
    "measured_like, created_by, created_us, updated_by, updated_us, retired_us";

ClinicExerciseRow exercise_row_of(const sql::Row& r) {
  ClinicExerciseRow e{.clinic_id = r.text(0),
                      .id = r.text(1),
                      .name = r.text(2),
                      .steps = {},
                      .position = r.text(4),
                      .kind = r.text(5),
                      .default_sets = static_cast<int>(r.i64(6)),
                      .default_reps = static_cast<int>(r.i64(7)),
                      .hold_s = r.f64(8),
                      .cautions = r.text(9),
                      .measured_like = r.text(10),
                      .created_by = r.text(11),
                      .created_us = r.i64(12),
                      .updated_by = r.text(13),
                      .updated_us = r.i64(14),
                      .retired_us = r.i64(15)};
  const std::string steps = r.text(3);
  std::size_t from = 0;
  while (from < steps.size()) {
    const auto nl = steps.find('\n', from);
    const auto to = nl == std::string::npos ? steps.size() : nl;
    if (to > from) e.steps.push_back(steps.substr(from, to - from));
    from = to + 1;
  }
  return e;
}

/// One step a line (a step holds no line break: the server refuses one).
std::string steps_text_of(const ClinicExerciseRow& e) {
  std::string out;
  for (const auto& s : e.steps) out += (out.empty() ? "" : "\n") + s;
  return out;
}

/// kInvalidArgument when another exercise of the clinic has the name.
Status exercise_name_free(Tx& tx, const ClinicExerciseRow& e) {
  auto rs = PHYSIO_TRY(
      tx.connection().query("SELECT id FROM clinic_exercises WHERE clinic_id = ? AND name = ? AND id <> ?",
                            {e.clinic_id, e.name, e.id}));
  if (!rs.rows.empty())
    return fail(ErrorCode::kInvalidArgument, "the clinic already has an exercise named '{}'", e.name);
  return ok();
}

}  // namespace

Status create_clinic_exercise(Tx& tx, const ClinicExerciseRow& e) {
  PHYSIO_TRY(exercise_name_free(tx, e));
  PHYSIO_TRY(tx.connection().query(
      fmt::format("INSERT INTO clinic_exercises ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  kExerciseColumns),
      {e.clinic_id, e.id, e.name, steps_text_of(e), e.position, e.kind, std::int64_t{e.default_sets},
       std::int64_t{e.default_reps}, e.hold_s, e.cautions, e.measured_like, e.created_by, e.created_us,
       e.updated_by, e.updated_us, e.retired_us}));
  return ok();
}

Status update_clinic_exercise(Tx& tx, const ClinicExerciseRow& e) {
  PHYSIO_TRY(exercise_name_free(tx, e));
  auto rs = PHYSIO_TRY(tx.connection().query(
      "UPDATE clinic_exercises SET name = ?, steps = ?, position = ?, kind = ?, default_sets = ?, "
      "default_reps = ?, hold_s = ?, cautions = ?, measured_like = ?, updated_by = ?, updated_us = ? "
      "WHERE clinic_id = ? AND id = ?",
      {e.name, steps_text_of(e), e.position, e.kind, std::int64_t{e.default_sets},
       std::int64_t{e.default_reps}, e.hold_s, e.cautions, e.measured_like, e.updated_by, e.updated_us,
       e.clinic_id, e.id}));
  if (rs.affected == 0) return fail(ErrorCode::kNotFound, "no such exercise");
  return ok();
}

Status retire_clinic_exercise(Tx& tx, std::string_view clinic_id, std::string_view id, std::string_view by,
                              TimeUs at_us) {
  auto got = PHYSIO_TRY(get_clinic_exercise(tx, clinic_id, id));
  if (!got) return fail(ErrorCode::kNotFound, "no such exercise");
  if (got->retired()) return ok();
  PHYSIO_TRY(tx.connection().query(
      "UPDATE clinic_exercises SET retired_us = ?, updated_by = ?, updated_us = ? WHERE clinic_id = ? AND "
      "id = ?",
      {at_us, by, at_us, clinic_id, id}));
  return ok();
}

Result<std::optional<ClinicExerciseRow>> get_clinic_exercise(Tx& tx, std::string_view clinic_id,
                                                             std::string_view id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM clinic_exercises WHERE clinic_id = ? AND id = ?", kExerciseColumns),
      {clinic_id, id}));
  if (rs.rows.empty()) return std::optional<ClinicExerciseRow>{};
  return std::optional<ClinicExerciseRow>{exercise_row_of(rs.rows.front())};
}

Result<std::vector<ClinicExerciseRow>> list_clinic_exercises(Tx& tx, std::string_view clinic_id) {
  auto rs = PHYSIO_TRY(tx.connection().query(
      fmt::format("SELECT {} FROM clinic_exercises WHERE clinic_id = ? ORDER BY name, id", kExerciseColumns),
      {clinic_id}));
  std::vector<ClinicExerciseRow> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows) out.push_back(exercise_row_of(r));
  return out;
}

}  // namespace physio::store
