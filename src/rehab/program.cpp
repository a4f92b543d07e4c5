#include "rehab/program.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>

#include <nlohmann/json.hpp>

#include "rehab/calendar.hpp"

namespace physio::rehab {

using nlohmann::json;

std::string_view to_string(Side side) {
  switch (side) {
    case Side::kLeft:
      return "left";
    case Side::kRight:
      return "right";
    case Side::kBoth:
      return "both";
  }
  return "both";
}

std::optional<Side> side_from_string(std::string_view text) {
  if (text == "left") return Side::kLeft;
  if (text == "right") return Side::kRight;
  if (text == "both") return Side::kBoth;
  return std::nullopt;
}

std::string_view to_string(LoadKind kind) {
  switch (kind) {
    case LoadKind::kNone:
      return "none";
    case LoadKind::kKg:
      return "kg";
    case LoadKind::kBand:
      return "band";
    case LoadKind::kRpe:
      return "rpe";
    case LoadKind::kRir:
      return "rir";
  }
  return "none";
}

std::optional<int> band_index(std::string_view colour) {
  for (int i = 0; i < static_cast<int>(std::size(kBandColours)); ++i) {
    if (kBandColours[i] == colour) return i;
  }
  return std::nullopt;
}

const Prescription* Program::find(std::string_view exercise_id) const {
  for (const auto& p : prescriptions) {
    if (p.exercise_id == exercise_id) return &p;
  }
  return nullptr;
}

namespace {

std::unexpected<Error> field_error(std::string_view path, std::string_view what) {
  return fail(ErrorCode::kInvalidArgument, "{}: {}", path, what);
}

std::string join(std::string_view path, std::string_view key) {
  return fmt::format("{}.{}", path, key);
}

Status check_range(std::string_view path, double v, double lo, double hi) {
  if (!std::isfinite(v) || v < lo || v > hi) {
    return fail(ErrorCode::kInvalidArgument, "{}: must be {}..{}, got {}", path, lo, hi, v);
  }
  return ok();
}

Status only_keys(const json& j, std::string_view path, std::initializer_list<std::string_view> keys) {
  if (!j.is_object()) return field_error(path, "must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
      return field_error(join(path, it.key()), "unknown field");
    }
  }
  return ok();
}

Result<double> get_number(const json& j, std::string_view path, std::string_view key,
                          std::optional<double> dflt) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (dflt) return *dflt;
    return field_error(join(path, key), "missing");
  }
  if (!it->is_number()) return field_error(join(path, key), "must be a number");
  return it->get<double>();
}

Result<int> get_int(const json& j, std::string_view path, std::string_view key, std::optional<int> dflt) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (dflt) return *dflt;
    return field_error(join(path, key), "missing");
  }
  if (!it->is_number_integer()) return field_error(join(path, key), "must be a whole number");
  const auto v = it->get<std::int64_t>();
  if (v < -1'000'000 || v > 1'000'000) return field_error(join(path, key), "out of range");
  return static_cast<int>(v);
}

Result<std::string> get_string(const json& j, std::string_view path, std::string_view key,
                               std::optional<std::string> dflt) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (dflt) return *dflt;
    return field_error(join(path, key), "missing");
  }
  if (!it->is_string()) return field_error(join(path, key), "must be a string");
  return it->get<std::string>();
}

Result<Load> load_from_json(const json& j, std::string_view path) {
  PHYSIO_CHECK(only_keys(j, path, {"kind", "kg", "band", "rpe", "rir"}));
  Load load;
  const std::string kind = PHYSIO_TRY(get_string(j, path, "kind", std::string("none")));
  if (kind == "none") {
    load.kind = LoadKind::kNone;
  } else if (kind == "kg") {
    load.kind = LoadKind::kKg;
    load.kg = PHYSIO_TRY(get_number(j, path, "kg", std::nullopt));
  } else if (kind == "band") {
    load.kind = LoadKind::kBand;
    load.band = PHYSIO_TRY(get_string(j, path, "band", std::nullopt));
  } else if (kind == "rpe") {
    load.kind = LoadKind::kRpe;
    load.rpe = PHYSIO_TRY(get_number(j, path, "rpe", std::nullopt));
  } else if (kind == "rir") {
    load.kind = LoadKind::kRir;
    load.rir = PHYSIO_TRY(get_number(j, path, "rir", std::nullopt));
  } else {
    return field_error(join(path, "kind"), fmt::format("must be none, kg, band, rpe or rir, got '{}'", kind));
  }
  return load;
}

json to_json(const Load& l) {
  json j{{"kind", to_string(l.kind)}};
  switch (l.kind) {
    case LoadKind::kNone:
      break;
    case LoadKind::kKg:
      j["kg"] = l.kg;
      break;
    case LoadKind::kBand:
      j["band"] = l.band;
      break;
    case LoadKind::kRpe:
      j["rpe"] = l.rpe;
      break;
    case LoadKind::kRir:
      j["rir"] = l.rir;
      break;
  }
  return j;
}

Status validate_prescription(const Prescription& p, const std::string& path) {
  if (p.exercise_id.empty() || p.exercise_id.size() > 64)
    return field_error(join(path, "exercise_id"), "must be 1..64 characters");
  PHYSIO_CHECK(validate_dosage(p.dosage, join(path, "dosage")));
  std::optional<LocalDay> start, end;
  if (!p.start_date.empty()) {
    start = parse_date(p.start_date);
    if (!start)
      return field_error(join(path, "start_date"),
                         fmt::format("'{}' is not a date (YYYY-MM-DD)", p.start_date));
  }
  if (!p.end_date.empty()) {
    end = parse_date(p.end_date);
    if (!end)
      return field_error(join(path, "end_date"), fmt::format("'{}' is not a date (YYYY-MM-DD)", p.end_date));
  }
  if (start && end && *end < *start) return field_error(join(path, "end_date"), "is before start_date");
  if (p.target_rom_deg) PHYSIO_CHECK(check_range(join(path, "target_rom_deg"), *p.target_rom_deg, 0, 360));
  if (p.notes.size() > 2000) return field_error(join(path, "notes"), "longer than 2000 characters");
  return ok();
}

Result<Prescription> prescription_from_json(const json& j, const std::string& path) {
  PHYSIO_CHECK(only_keys(
      j, path, {"exercise_id", "side", "dosage", "start_date", "end_date", "target_rom_deg", "notes"}));
  Prescription p;
  p.exercise_id = PHYSIO_TRY(get_string(j, path, "exercise_id", std::nullopt));
  const std::string side = PHYSIO_TRY(get_string(j, path, "side", std::string("both")));
  auto s = side_from_string(side);
  if (!s) return field_error(join(path, "side"), fmt::format("must be left, right or both, got '{}'", side));
  p.side = *s;
  auto d = j.find("dosage");
  if (d == j.end()) return field_error(join(path, "dosage"), "missing");
  p.dosage = PHYSIO_TRY(dosage_from_json(*d, join(path, "dosage")));
  p.start_date = PHYSIO_TRY(get_string(j, path, "start_date", std::string()));
  p.end_date = PHYSIO_TRY(get_string(j, path, "end_date", std::string()));
  if (auto r = j.find("target_rom_deg"); r != j.end() && !r->is_null()) {
    p.target_rom_deg = PHYSIO_TRY(get_number(j, path, "target_rom_deg", std::nullopt));
  }
  p.notes = PHYSIO_TRY(get_string(j, path, "notes", std::string()));
  PHYSIO_CHECK(validate_prescription(p, path));
  return p;
}

Result<std::vector<Prescription>> prescriptions_from_json(const json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end()) return field_error(key, "missing");
  if (!it->is_array()) return field_error(key, "must be an array");
  std::vector<Prescription> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string path = fmt::format("{}[{}]", key, i);
    out.push_back(PHYSIO_TRY(prescription_from_json((*it)[i], path)));
    if (!seen.insert(out.back().exercise_id).second) {
      return field_error(join(path, "exercise_id"),
                         fmt::format("'{}' appears twice", out.back().exercise_id));
    }
  }
  return out;
}

}  // namespace

Status validate_dosage(const Dosage& d, std::string_view path) {
  const std::string p(path);
  PHYSIO_CHECK(check_range(join(p, "sets"), d.sets, 1, 10));
  PHYSIO_CHECK(check_range(join(p, "reps"), d.reps, 1, 100));
  PHYSIO_CHECK(check_range(join(p, "hold_s"), d.hold_s, 0, 600));
  PHYSIO_CHECK(check_range(join(p, "rest_s"), d.rest_s, 0, 900));
  PHYSIO_CHECK(check_range(join(p, "times_per_day"), d.times_per_day, 1, 6));
  PHYSIO_CHECK(check_range(join(p, "days_per_week"), d.days_per_week, 1, 7));
  switch (d.load.kind) {
    case LoadKind::kNone:
      break;
    case LoadKind::kKg:
      PHYSIO_CHECK(check_range(join(p, "load.kg"), d.load.kg, 0, 500));
      break;
    case LoadKind::kBand:
      if (!band_index(d.load.band)) {
        return field_error(join(p, "load.band"),
                           fmt::format("'{}' is not a band colour (tan, yellow, red, green, blue, "
                                       "black, silver, gold)",
                                       d.load.band));
      }
      break;
    case LoadKind::kRpe:
      PHYSIO_CHECK(check_range(join(p, "load.rpe"), d.load.rpe, 0, 10));
      break;
    case LoadKind::kRir:
      PHYSIO_CHECK(check_range(join(p, "load.rir"), d.load.rir, 0, 10));
      break;
  }
  return ok();
}

Status validate_program(const Program& p) {
  if (p.version < 1) return field_error("version", fmt::format("must be 1 or more, got {}", p.version));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < p.prescriptions.size(); ++i) {
    const std::string path = fmt::format("prescriptions[{}]", i);
    PHYSIO_CHECK(validate_prescription(p.prescriptions[i], path));
    if (!seen.insert(p.prescriptions[i].exercise_id).second) {
      return field_error(join(path, "exercise_id"),
                         fmt::format("'{}' appears twice", p.prescriptions[i].exercise_id));
    }
  }
  PHYSIO_CHECK(check_range("auto_apply.max_load_change_pct_per_week",
                           p.auto_apply.max_load_change_pct_per_week, 0, 50));
  PHYSIO_CHECK(check_range("auto_apply.max_steps", p.auto_apply.max_steps, 0, 20));
  for (std::size_t i = 0; i < p.history.size(); ++i) {
    if (p.history[i].version != static_cast<std::int64_t>(i) + 1) {
      return field_error(fmt::format("history[{}].version", i),
                         fmt::format("must be {}, got {}", i + 1, p.history[i].version));
    }
  }
  if (!p.history.empty() && p.history.back().version != p.version) {
    return field_error("version", fmt::format("is {} but the history ends at version {}", p.version,
                                              p.history.back().version));
  }
  return ok();
}

json to_json(const Dosage& d) {
  return json{{"sets", d.sets},
              {"reps", d.reps},
              {"hold_s", d.hold_s},
              {"rest_s", d.rest_s},
              {"load", to_json(d.load)},
              {"times_per_day", d.times_per_day},
              {"days_per_week", d.days_per_week}};
}

json to_json(const Prescription& p) {
  json j{{"exercise_id", p.exercise_id}, {"side", to_string(p.side)}, {"dosage", to_json(p.dosage)},
         {"start_date", p.start_date},   {"end_date", p.end_date},    {"notes", p.notes}};
  j["target_rom_deg"] = p.target_rom_deg ? json(*p.target_rom_deg) : json(nullptr);
  return j;
}

json to_json(const Program& p) {
  json pres = json::array();
  for (const auto& x : p.prescriptions) pres.push_back(to_json(x));
  json hist = json::array();
  for (const auto& h : p.history) {
    hist.push_back({{"version", h.version},
                    {"by", h.by},
                    {"at_us", h.at_us},
                    {"reason", h.reason},
                    {"kind", h.kind},
                    {"exercise_id", h.exercise_id},
                    {"load_change_pct", h.load_change_pct}});
  }
  return json{{"id", p.id},
              {"patient_id", p.patient_id},
              {"title", p.title},
              {"template_id", p.template_id},
              {"version", p.version},
              {"prescriptions", pres},
              {"auto_apply",
               {{"enabled", p.auto_apply.enabled},
                {"max_load_change_pct_per_week", p.auto_apply.max_load_change_pct_per_week},
                {"max_steps", p.auto_apply.max_steps}}},
              {"history", hist}};
}

Result<Dosage> dosage_from_json(const json& j, std::string_view path) {
  const std::string p(path);
  PHYSIO_CHECK(
      only_keys(j, p, {"sets", "reps", "hold_s", "rest_s", "load", "times_per_day", "days_per_week"}));
  Dosage d;
  d.sets = PHYSIO_TRY(get_int(j, p, "sets", std::nullopt));
  d.reps = PHYSIO_TRY(get_int(j, p, "reps", std::nullopt));
  d.hold_s = PHYSIO_TRY(get_number(j, p, "hold_s", 0.0));
  d.rest_s = PHYSIO_TRY(get_number(j, p, "rest_s", 60.0));
  if (auto l = j.find("load"); l != j.end()) d.load = PHYSIO_TRY(load_from_json(*l, join(p, "load")));
  d.times_per_day = PHYSIO_TRY(get_int(j, p, "times_per_day", 1));
  d.days_per_week = PHYSIO_TRY(get_int(j, p, "days_per_week", 7));
  PHYSIO_CHECK(validate_dosage(d, p));
  return d;
}

Result<Program> program_from_json(const json& j) {
  PHYSIO_CHECK(only_keys(
      j, "program",
      {"id", "patient_id", "title", "template_id", "version", "prescriptions", "auto_apply", "history"}));
  Program p;
  p.id = PHYSIO_TRY(get_string(j, "program", "id", std::string()));
  p.patient_id = PHYSIO_TRY(get_string(j, "program", "patient_id", std::string()));
  p.title = PHYSIO_TRY(get_string(j, "program", "title", std::string()));
  p.template_id = PHYSIO_TRY(get_string(j, "program", "template_id", std::string()));
  auto v = j.find("version");
  if (v == j.end() || !v->is_number_integer()) return field_error("version", "missing or not a whole number");
  p.version = v->get<std::int64_t>();
  p.prescriptions = PHYSIO_TRY(prescriptions_from_json(j, "prescriptions"));
  if (auto a = j.find("auto_apply"); a != j.end()) {
    PHYSIO_CHECK(only_keys(*a, "auto_apply", {"enabled", "max_load_change_pct_per_week", "max_steps"}));
    if (auto e = a->find("enabled"); e != a->end()) {
      if (!e->is_boolean()) return field_error("auto_apply.enabled", "must be true or false");
      p.auto_apply.enabled = e->get<bool>();
    }
    p.auto_apply.max_load_change_pct_per_week =
        PHYSIO_TRY(get_number(*a, "auto_apply", "max_load_change_pct_per_week", 0.0));
    p.auto_apply.max_steps = PHYSIO_TRY(get_int(*a, "auto_apply", "max_steps", 0));
  }
  if (auto h = j.find("history"); h != j.end()) {
    if (!h->is_array()) return field_error("history", "must be an array");
    for (std::size_t i = 0; i < h->size(); ++i) {
      const json& e = (*h)[i];
      const std::string path = fmt::format("history[{}]", i);
      PHYSIO_CHECK(
          only_keys(e, path, {"version", "by", "at_us", "reason", "kind", "exercise_id", "load_change_pct"}));
      ChangeRecord c;
      auto ver = e.find("version");
      auto at = e.find("at_us");
      if (ver == e.end() || !ver->is_number_integer())
        return field_error(join(path, "version"), "missing or not a whole number");
      if (at == e.end() || !at->is_number_integer())
        return field_error(join(path, "at_us"), "missing or not a whole number");
      c.version = ver->get<std::int64_t>();
      c.at_us = at->get<std::int64_t>();
      c.by = PHYSIO_TRY(get_string(e, path, "by", std::nullopt));
      c.reason = PHYSIO_TRY(get_string(e, path, "reason", std::string()));
      c.kind = PHYSIO_TRY(get_string(e, path, "kind", std::nullopt));
      c.exercise_id = PHYSIO_TRY(get_string(e, path, "exercise_id", std::string()));
      c.load_change_pct = PHYSIO_TRY(get_number(e, path, "load_change_pct", 0.0));
      p.history.push_back(std::move(c));
    }
  }
  PHYSIO_CHECK(validate_program(p));
  return p;
}

Result<ProgramTemplate> template_from_json(const json& j,
                                           const std::vector<std::string>& known_exercise_ids) {
  PHYSIO_CHECK(only_keys(j, "template", {"id", "name", "condition", "phase", "source", "prescriptions"}));
  ProgramTemplate t;
  t.id = PHYSIO_TRY(get_string(j, "template", "id", std::nullopt));
  t.name = PHYSIO_TRY(get_string(j, "template", "name", std::nullopt));
  t.condition = PHYSIO_TRY(get_string(j, "template", "condition", std::nullopt));
  t.phase = PHYSIO_TRY(get_string(j, "template", "phase", std::string()));
  t.source = PHYSIO_TRY(get_string(j, "template", "source", std::string()));
  if (t.id.empty()) return field_error("id", "must not be empty");
  if (!t.phase.empty() && t.phase != "early" && t.phase != "intermediate" && t.phase != "late") {
    return field_error("phase", fmt::format("must be early, intermediate, late or empty, got '{}'", t.phase));
  }
  t.prescriptions = PHYSIO_TRY(prescriptions_from_json(j, "prescriptions"));
  if (t.prescriptions.empty()) return field_error("prescriptions", "must hold at least one exercise");
  if (!known_exercise_ids.empty()) {
    for (std::size_t i = 0; i < t.prescriptions.size(); ++i) {
      const auto& id = t.prescriptions[i].exercise_id;
      if (std::find(known_exercise_ids.begin(), known_exercise_ids.end(), id) == known_exercise_ids.end()) {
        return fail(ErrorCode::kNotFound,
                    "prescriptions[{}].exercise_id: '{}' is not in the exercise library", i, id);
      }
    }
  }
  return t;
}

Program program_from_template(const ProgramTemplate& t, std::string program_id, std::string patient_id,
                              std::string by, TimeUs at_us, std::string start_date) {
  Program p;
  p.id = std::move(program_id);
  p.patient_id = std::move(patient_id);
  p.title = t.name;
  p.template_id = t.id;
  p.version = 1;
  p.prescriptions = t.prescriptions;
  for (auto& x : p.prescriptions) {
    if (x.start_date.empty()) x.start_date = start_date;
  }
  p.history.push_back(
      ChangeRecord{1, std::move(by), at_us, "started from template " + t.id, "create", "", 0.0});
  return p;
}

}  // namespace physio::rehab
