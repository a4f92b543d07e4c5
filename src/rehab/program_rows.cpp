// A clinic's stored program and log rows in the rehab rules' terms (see the header).
#include "rehab/program_rows.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "rehab/tz_system.hpp"

namespace physio::rehab {

using nlohmann::json;

Result<Program> program_of(const clinic::HomeProgram& row) {
  auto j = json::parse(row.program_json, nullptr, false);
  if (j.is_discarded()) return fail(ErrorCode::kCorrupt, "program {} holds invalid JSON", row.id);
  auto p = program_from_json(j);
  if (!p) return std::unexpected(std::move(p).error().with_context("program " + row.id));
  return p;
}

int reps_in(const std::string& reps_per_set_json) {
  int n = 0;
  auto r = json::parse(reps_per_set_json, nullptr, false);
  if (r.is_array())
    for (const auto& x : r)
      if (x.is_number_integer()) n += x.get<int>();
  return n;
}

int reps_done(const clinic::ExerciseLog& log) {
  return reps_in(log.reps_per_set);
}

std::vector<SessionLog> session_logs(const std::vector<clinic::ExerciseLog>& logs) {
  std::vector<SessionLog> out;
  out.reserve(logs.size());
  for (const auto& l : logs)
    if (l.not_counted_reason.empty()) out.push_back({l.exercise_id, l.done_us, reps_done(l)});
  return out;
}

UtcOffsetFn zone_of(const clinic::Patient& patient) {
  if (patient.time_zone.empty()) return [](TimeUs) -> std::int64_t { return 0; };
  return [zone = patient.time_zone](TimeUs t) -> std::int64_t {
    static const SystemTzProvider tz;
    return tz.utc_offset_s(zone, t).value_or(0);
  };
}

LocalDay program_first_day(const Program& program, const clinic::HomeProgram& row,
                           const UtcOffsetFn& offset) {
  // Never before the program existed: a start date written earlier than the day the program was made
  // would count days the patient could not have known about as missed. Prescriptions starting later
  // count from their own dates (compute_adherence).
  (void)program;
  return local_day(row.created_us, offset);
}

}  // namespace physio::rehab
