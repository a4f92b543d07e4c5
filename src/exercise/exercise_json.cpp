// Parsing and validation of one exercise definition. Every error names the file and the field path
// ("deep_squat.json: rules[1].severity: expected one of low, medium, high, got 'hi'").

#include <algorithm>
#include <array>
#include <set>

#include <nlohmann/json.hpp>

#include "exercise/derived_angles.hpp"
#include "exercise/exercise.hpp"
#include "kinematics/angles/angles.hpp"

namespace physio::exercise {
namespace {

using nlohmann::json;

std::unexpected<Error> field_error(const std::string& file, const std::string& field,
                                   const std::string& msg) {
  return std::unexpected(Error(ErrorCode::kParse, fmt::format("{}: {}: {}", file, field, msg)));
}

struct Reader {
  const json& obj;
  std::string file;
  std::string path;  // "rules[2]"

  std::string at(std::string_view key) const {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  }
  const json* find(std::string_view key) const {
    auto it = obj.find(std::string(key));
    return it == obj.end() ? nullptr : &*it;
  }
  Result<std::string> str(std::string_view key, std::optional<std::string> def = std::nullopt) const {
    const json* v = find(key);
    if (!v) {
      if (def) return *def;
      return field_error(file, at(key), "missing (expected a string)");
    }
    if (!v->is_string())
      return field_error(file, at(key), fmt::format("expected a string, got {}", v->dump()));
    std::string s = v->get<std::string>();
    if (s.empty() && !def) return field_error(file, at(key), "must not be empty");
    return s;
  }
  Result<double> num(std::string_view key, std::optional<double> def = std::nullopt) const {
    const json* v = find(key);
    if (!v) {
      if (def) return *def;
      return field_error(file, at(key), "missing (expected a number)");
    }
    if (!v->is_number())
      return field_error(file, at(key), fmt::format("expected a number, got {}", v->dump()));
    double d = v->get<double>();
    if (!std::isfinite(d)) return field_error(file, at(key), "must be finite");
    return d;
  }
  Result<std::vector<std::string>> strings(std::string_view key) const {
    std::vector<std::string> out;
    const json* v = find(key);
    if (!v) return out;
    if (!v->is_array()) return field_error(file, at(key), "expected an array of strings");
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string() || (*v)[i].get<std::string>().empty())
        return field_error(file, fmt::format("{}[{}]", at(key), i), "expected a non-empty string");
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }
  template <typename E>
  Result<E> choice(std::string_view key, std::initializer_list<std::pair<const char*, E>> options,
                   std::optional<E> def = std::nullopt) const {
    const json* v = find(key);
    if (!v && def) return *def;
    std::string valid;
    for (auto& [n, e] : options) valid += (valid.empty() ? "" : ", ") + std::string(n);
    if (!v || !v->is_string())
      return field_error(file, at(key),
                         fmt::format("{} (expected one of {})", v ? "not a string" : "missing", valid));
    std::string s = v->get<std::string>();
    for (auto& [n, e] : options)
      if (s == n) return e;
    return field_error(file, at(key), fmt::format("expected one of {}, got '{}'", valid, s));
  }
};

const std::set<std::string>& known_angle_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> s;
    for (const auto& a : kin::angle_specs_2d()) s.insert(a.name);
    for (const auto& a : kin::angle_specs_3d()) s.insert(a.name);
    for (const auto& d : derived_angle_specs()) s.insert(d.name);
    return s;
  }();
  return names;
}

Status check_angle(const std::string& file, const std::string& field, const std::string& name,
                   bool allow_primary) {
  if (allow_primary && name == "primary") return ok();
  for (const char* side : {"left", "right"}) {
    std::string r = resolve_side(name, side);
    if (!known_angle_names().contains(r)) {
      std::string valid;
      for (const auto& n : known_angle_names())
        if (!n.starts_with("left_")) valid += (valid.empty() ? "" : ", ") + n;
      return field_error(file, field,
                         fmt::format("unknown angle '{}' (write sided angles as {{side}}_..., e.g. "
                                     "{{side}}_knee_flexion; known: {})",
                                     name, valid));
    }
  }
  return ok();
}

Result<Measure> parse_measure(const json& j, const std::string& file, const std::string& path) {
  if (!j.is_object()) return field_error(file, path, "expected an object {\"angle\": ..., \"stat\": ...}");
  Reader r{j, file, path};
  Measure m;
  std::string stat = PHYSIO_TRY(r.str("stat"));
  auto s = parse_stat(stat);
  if (!s) {
    return field_error(
        file, r.at("stat"),
        fmt::format("unknown stat '{}' (expected rom, peak, max, min, max_change, max_increase, "
                    "max_decrease, symmetry_pct, duration_s, hold_s, peak_velocity)",
                    stat));
  }
  m.stat = *s;
  bool needs_angle = m.stat != Stat::kDurationS && m.stat != Stat::kHoldS;
  m.angle = PHYSIO_TRY(r.str("angle", needs_angle ? std::nullopt : std::optional<std::string>("primary")));
  PHYSIO_CHECK(check_angle(file, r.at("angle"), m.angle, true));
  return m;
}

}  // namespace

std::string resolve_side(std::string_view name, std::string_view side) {
  std::string out(name);
  std::string other = side == "left" ? "right" : "left";
  for (auto [key, val] :
       {std::pair<std::string_view, std::string_view>{"{side}", side}, {"{other}", other}}) {
    for (std::size_t p = out.find(key); p != std::string::npos; p = out.find(key, p + val.size()))
      out.replace(p, key.size(), val);
  }
  return out;
}

Result<Exercise> parse_exercise(std::string_view json_text, const std::string& file) {
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) return fail(ErrorCode::kParse, "{}: not valid JSON", file);
  if (!doc.is_object()) return fail(ErrorCode::kParse, "{}: expected a JSON object at the top level", file);
  static const std::set<std::string> kKnown = {"id",
                                               "name",
                                               "aliases",
                                               "description",
                                               "body_region",
                                               "position",
                                               "equipment",
                                               "view",
                                               "views",
                                               "views_reason",
                                               "laterality",
                                               "kind",
                                               "primary_angle",
                                               "secondary_angles",
                                               "direction",
                                               "target_range_deg",
                                               "tempo_s",
                                               "hold_s",
                                               "concentric",
                                               "compensations",
                                               "rules",
                                               "joints",
                                               "contraindications",
                                               "moving_limb",
                                               "other_side_still",
                                               "view_by_plane",
                                               "contact",
                                               "$schema"};
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (!kKnown.contains(it.key())) return field_error(file, it.key(), "unknown field (misspelt?)");

  Reader r{doc, file, ""};
  Exercise ex;
  ex.source_file = file;
  ex.id = PHYSIO_TRY(r.str("id"));
  for (char c : ex.id)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_'))
      return field_error(file, "id", fmt::format("'{}': use lower-case letters, digits and '_'", ex.id));
  ex.name = PHYSIO_TRY(r.str("name"));
  ex.aliases = PHYSIO_TRY(r.strings("aliases"));
  ex.description = PHYSIO_TRY(r.str("description", std::string()));
  ex.body_region = PHYSIO_TRY(r.str("body_region"));
  if (ex.body_region != "lower_limb" && ex.body_region != "upper_limb" && ex.body_region != "trunk")
    return field_error(
        file, "body_region",
        fmt::format("expected one of lower_limb, upper_limb, trunk, got '{}'", ex.body_region));
  static const std::set<std::string> kPositions = {"standing",   "sitting",  "lying_supine", "lying_prone",
                                                   "lying_side", "kneeling", "quadruped"};
  static const std::set<std::string> kEquipment = {"chair", "wall", "step", "band", "weight", "mat"};
  ex.position = PHYSIO_TRY(r.str("position"));
  if (!kPositions.contains(ex.position))
    return field_error(
        file, "position",
        fmt::format("expected one of standing, sitting, lying_supine, lying_prone, lying_side, "
                    "kneeling, quadruped, got '{}'",
                    ex.position));
  ex.equipment = PHYSIO_TRY(r.strings("equipment"));
  for (const auto& e : ex.equipment)
    if (!kEquipment.contains(e))
      return field_error(file, "equipment",
                         fmt::format("'{}' is not one of chair, wall, step, band, weight, mat", e));
  ex.view = PHYSIO_TRY(
      r.choice<View>("view", {{"side", View::kSide}, {"front", View::kFront}, {"any", View::kAny}}));
  ex.views = {ex.view};
  for (const auto& v : PHYSIO_TRY(r.strings("views"))) {
    View parsed = View::kAny;
    if (v == "side") {
      parsed = View::kSide;
    } else if (v == "front") {
      parsed = View::kFront;
    } else {
      return field_error(file, "views", fmt::format("'{}' is not one of side, front", v));
    }
    if (std::find(ex.views.begin(), ex.views.end(), parsed) == ex.views.end()) ex.views.push_back(parsed);
  }
  if (ex.view == View::kAny && ex.views.size() > 1)
    return field_error(file, "views", "\"view\": \"any\" already accepts every view; leave \"views\" out");
  ex.views_reason = PHYSIO_TRY(r.str("views_reason", std::string()));
  ex.laterality = PHYSIO_TRY(r.choice<Laterality>("laterality", {{"bilateral", Laterality::kBilateral},
                                                                 {"unilateral", Laterality::kUnilateral},
                                                                 {"central", Laterality::kCentral}}));
  ex.kind = PHYSIO_TRY(r.choice<ExerciseKind>(
      "kind", {{"repetitions", ExerciseKind::kRepetitions}, {"hold", ExerciseKind::kHold}},
      ExerciseKind::kRepetitions));
  ex.primary_angle = PHYSIO_TRY(r.str("primary_angle"));
  PHYSIO_CHECK(check_angle(file, "primary_angle", ex.primary_angle, false));
  bool sided = ex.primary_angle.find("{side}") != std::string::npos;
  if (sided == (ex.laterality == Laterality::kCentral))
    return field_error(file, "primary_angle",
                       ex.laterality == Laterality::kCentral
                           ? "a central exercise's primary angle must not contain {side}"
                           : "a bilateral or unilateral exercise's primary angle must contain {side}");
  ex.secondary_angles = PHYSIO_TRY(r.strings("secondary_angles"));
  for (std::size_t i = 0; i < ex.secondary_angles.size(); ++i)
    PHYSIO_CHECK(check_angle(file, fmt::format("secondary_angles[{}]", i), ex.secondary_angles[i], false));
  ex.direction = PHYSIO_TRY(r.choice<Direction>(
      "direction", {{"increase", Direction::kIncrease}, {"decrease", Direction::kDecrease}}));

  const json* range = r.find("target_range_deg");
  if (!range || !range->is_array() || range->size() != 2 || !(*range)[0].is_number() ||
      !(*range)[1].is_number())
    return field_error(file, "target_range_deg", "expected [rest_deg, peak_deg] (two numbers)");
  ex.target_rest_deg = (*range)[0].get<double>();
  ex.target_peak_deg = (*range)[1].get<double>();
  bool increases = ex.target_peak_deg > ex.target_rest_deg;
  if (ex.target_peak_deg == ex.target_rest_deg || increases != (ex.direction == Direction::kIncrease))
    return field_error(file, "target_range_deg",
                       fmt::format("[{}, {}] does not go the way 'direction' ({}) says", ex.target_rest_deg,
                                   ex.target_peak_deg, direction_name(ex.direction)));

  const json* tempo = r.find("tempo_s");
  if (!tempo || !tempo->is_array() || tempo->size() != 2 || !(*tempo)[0].is_number() ||
      !(*tempo)[1].is_number())
    return field_error(file, "tempo_s", "expected [min_s, max_s] (typical repetition duration)");
  ex.tempo_min_s = (*tempo)[0].get<double>();
  ex.tempo_max_s = (*tempo)[1].get<double>();
  if (!(ex.tempo_min_s > 0.0 && ex.tempo_max_s >= ex.tempo_min_s && ex.tempo_max_s < 600.0))
    return field_error(file, "tempo_s", "expected 0 < min_s <= max_s < 600");
  ex.hold_s = PHYSIO_TRY(r.num("hold_s", 0.0));
  if (ex.hold_s < 0.0) return field_error(file, "hold_s", "must be >= 0");
  if (ex.kind == ExerciseKind::kHold && ex.hold_s <= 0.0)
    return field_error(file, "hold_s", "a hold exercise needs hold_s > 0");
  ex.concentric = PHYSIO_TRY(r.choice<ConcentricPhase>(
      "concentric",
      {{"toward_peak", ConcentricPhase::kTowardPeak}, {"toward_rest", ConcentricPhase::kTowardRest}},
      ConcentricPhase::kTowardPeak));

  if (const json* comps = r.find("compensations")) {
    if (!comps->is_array()) return field_error(file, "compensations", "expected an array");
    for (std::size_t i = 0; i < comps->size(); ++i) {
      std::string p = fmt::format("compensations[{}]", i);
      if (!(*comps)[i].is_object()) return field_error(file, p, "expected an object");
      Reader c{(*comps)[i], file, p};
      Compensation comp;
      comp.id = PHYSIO_TRY(c.str("id"));
      comp.name = PHYSIO_TRY(c.str("name"));
      const json* m = c.find("measure");
      if (!m) return field_error(file, c.at("measure"), "missing");
      comp.measure = PHYSIO_TRY(parse_measure(*m, file, c.at("measure")));
      ex.compensations.push_back(std::move(comp));
    }
  }
  const json* rules = r.find("rules");
  if (!rules || !rules->is_array() || rules->empty())
    return field_error(file, "rules", "expected a non-empty array of form rules");
  std::set<std::string> rule_ids;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    std::string p = fmt::format("rules[{}]", i);
    if (!(*rules)[i].is_object()) return field_error(file, p, "expected an object");
    Reader c{(*rules)[i], file, p};
    FormRule rule;
    rule.id = PHYSIO_TRY(c.str("id"));
    if (!rule_ids.insert(rule.id).second)
      return field_error(file, c.at("id"), fmt::format("duplicate rule id '{}'", rule.id));
    const json* m = c.find("measure");
    if (!m) return field_error(file, c.at("measure"), "missing");
    rule.measure = PHYSIO_TRY(parse_measure(*m, file, c.at("measure")));
    std::string op = PHYSIO_TRY(c.str("op"));
    if (op != "<" && op != ">")
      return field_error(file, c.at("op"), fmt::format("expected '<' or '>', got '{}'", op));
    rule.op = op[0];
    rule.threshold = PHYSIO_TRY(c.num("threshold"));
    rule.severity = PHYSIO_TRY(c.choice<Severity>(
        "severity", {{"low", Severity::kLow}, {"medium", Severity::kMedium}, {"high", Severity::kHigh}}));
    rule.cue = PHYSIO_TRY(c.str("cue"));
    ex.rules.push_back(std::move(rule));
  }

  std::vector<std::string> joints = PHYSIO_TRY(r.strings("joints"));
  if (joints.empty())
    return field_error(file, "joints", "expected the list of common joints the exercise needs");
  for (std::size_t i = 0; i < joints.size(); ++i) {
    auto j = kin::joint_from_name(joints[i]);
    if (!j)
      return field_error(file, fmt::format("joints[{}]", i), fmt::format("unknown joint '{}'", joints[i]));
    if (std::find(ex.joints.begin(), ex.joints.end(), *j) == ex.joints.end()) ex.joints.push_back(*j);
  }
  ex.contraindications = PHYSIO_TRY(r.str("contraindications"));
  if (const json* limb = r.find("moving_limb")) {
    if (!limb->is_object()) return field_error(file, "moving_limb", "expected {\"segment\", \"toward\"}");
    for (auto it = limb->begin(); it != limb->end(); ++it)
      if (it.key() != "segment" && it.key() != "toward")
        return field_error(file, "moving_limb." + it.key(), "unknown field (expected segment, toward)");
    Reader m{*limb, file, "moving_limb"};
    MovingLimb ml;
    ml.segment = PHYSIO_TRY(
        m.choice<LimbSegment>("segment", {{"arm", LimbSegment::kArm}, {"thigh", LimbSegment::kThigh}}));
    ml.toward = PHYSIO_TRY(m.choice<LimbToward>("toward", {{"forward", LimbToward::kForward},
                                                           {"backward", LimbToward::kBackward},
                                                           {"sideways", LimbToward::kSideways},
                                                           {"scapular", LimbToward::kScapular}}));
    // The limb's ends must be among the joints the exercise needs.
    const bool arm = ml.segment == LimbSegment::kArm;
    using kin::Joint;
    const std::array<Joint, 4> ends =
        arm ? std::array{Joint::kLeftShoulder, Joint::kRightShoulder, Joint::kLeftElbow, Joint::kRightElbow}
            : std::array{Joint::kLeftHip, Joint::kRightHip, Joint::kLeftKnee, Joint::kRightKnee};
    for (Joint j : ends)
      if (std::find(ex.joints.begin(), ex.joints.end(), j) == ex.joints.end())
        return field_error(
            file, "moving_limb.segment",
            fmt::format("the {} needs '{}' in joints", arm ? "arm" : "thigh", kin::joint_name(j)));
    ex.moving_limb = ml;
  }
  if (const json* plane = r.find("view_by_plane")) {
    if (!plane->is_boolean()) return field_error(file, "view_by_plane", "expected true or false");
    ex.view_by_plane = plane->get<bool>();
    if (ex.view_by_plane && resolve_side(ex.primary_angle, "") != "_elbow_flexion")
      return field_error(file, "view_by_plane",
                         "the plane of the movement is measured for elbow flexion (the forearm) only");
  }
  if (const json* still = r.find("other_side_still")) {
    if (!still->is_boolean()) return field_error(file, "other_side_still", "expected true or false");
    ex.other_side_still = still->get<bool>();
    if (ex.other_side_still && ex.laterality != Laterality::kUnilateral)
      return field_error(file, "other_side_still", "only a unilateral exercise has another side that rests");
  }
  for (const std::string& c : PHYSIO_TRY(r.strings("contact"))) {
    const auto contact = parse_contact(c);
    if (!contact)
      return field_error(file, "contact",
                         fmt::format("'{}' is not one of feet, forefeet, standing_foot, hips, shoulders", c));
    if (std::find(ex.contact.begin(), ex.contact.end(), *contact) != ex.contact.end())
      return field_error(file, "contact", fmt::format("'{}' is given twice", c));
    ex.contact.push_back(*contact);
  }
  {
    const auto has = [&](Contact c) {
      return std::find(ex.contact.begin(), ex.contact.end(), c) != ex.contact.end();
    };
    if (has(Contact::kFeet) + has(Contact::kForefeet) + has(Contact::kStandingFoot) > 1)
      return field_error(file, "contact", "give one of feet, forefeet and standing_foot");
    if (has(Contact::kStandingFoot) && ex.laterality != Laterality::kUnilateral)
      return field_error(file, "contact", "standing_foot: only a unilateral exercise has a foot that moves");
  }
  return ex;
}

std::vector<std::string> resolved_angle_names(const Exercise& ex, std::string_view side) {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    if (n == "primary") return;
    std::vector<std::string> sides = {std::string(side)};
    if (ex.laterality == Laterality::kBilateral) sides = {"left", "right"};
    for (const auto& s : sides) {
      std::string r = resolve_side(n, s);
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
  };
  add(ex.primary_angle);
  for (const auto& a : ex.secondary_angles) add(a);
  for (const auto& c : ex.compensations) add(c.measure.angle);
  for (const auto& r : ex.rules) add(r.measure.angle);
  return out;
}

std::string_view laterality_name(Laterality l) {
  switch (l) {
    case Laterality::kBilateral:
      return "bilateral";
    case Laterality::kUnilateral:
      return "unilateral";
    case Laterality::kCentral:
      return "central";
  }
  return "?";
}
std::string_view view_name(View v) {
  switch (v) {
    case View::kSide:
      return "side";
    case View::kFront:
      return "front";
    case View::kAny:
      return "any";
  }
  return "?";
}
std::string views_words(const std::vector<View>& views) {
  if (views.empty() || std::find(views.begin(), views.end(), View::kAny) != views.end()) return "any side";
  std::string out;
  for (std::size_t i = 0; i < views.size(); ++i) {
    if (i > 0) out += i + 1 == views.size() ? " or " : ", ";
    out += fmt::format("the {}", view_name(views[i]));
  }
  return out;
}
bool view_supported(const std::vector<View>& views, View seen) {
  for (View v : views)
    if (v == View::kAny || v == seen) return true;
  return views.empty();
}
std::string_view direction_name(Direction d) {
  return d == Direction::kIncrease ? "increase" : "decrease";
}
std::string_view kind_name(ExerciseKind k) {
  return k == ExerciseKind::kHold ? "hold" : "repetitions";
}
std::string_view limb_segment_name(LimbSegment s) {
  return s == LimbSegment::kArm ? "arm" : "thigh";
}
std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
  }
  return "?";
}

namespace {
constexpr std::pair<Stat, const char*> kStats[] = {
    {Stat::kRom, "rom"},
    {Stat::kPeak, "peak"},
    {Stat::kMax, "max"},
    {Stat::kMin, "min"},
    {Stat::kMaxChange, "max_change"},
    {Stat::kMaxIncrease, "max_increase"},
    {Stat::kMaxDecrease, "max_decrease"},
    {Stat::kSymmetryPct, "symmetry_pct"},
    {Stat::kDurationS, "duration_s"},
    {Stat::kHoldS, "hold_s"},
    {Stat::kPeakVelocity, "peak_velocity"},
};
}  // namespace

std::string_view stat_name(Stat s) {
  for (auto [k, n] : kStats)
    if (k == s) return n;
  return "?";
}
std::optional<Stat> parse_stat(std::string_view s) {
  for (auto [k, n] : kStats)
    if (s == n) return k;
  return std::nullopt;
}

}  // namespace physio::exercise
