#include "predict/model_json.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace physio::predict {

using nlohmann::json;

namespace {

json optional_number(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json performance_json(const Performance& p) {
  json j{{"n", p.n},
         {"events", p.events},
         {"auc", optional_number(p.auc)},
         {"auc_ci95", p.auc_ci ? json::array({p.auc_ci->low, p.auc_ci->high}) : json(nullptr)},
         {"brier", p.brier},
         {"calibration_intercept", optional_number(p.calibration_intercept)},
         {"calibration_slope", optional_number(p.calibration_slope)},
         {"observed_expected", p.observed_expected}};
  j["at_threshold"] = {{"threshold", p.at_threshold.threshold},
                       {"flagged", p.at_threshold.flagged},
                       {"flag_rate", p.at_threshold.flag_rate},
                       {"precision", optional_number(p.at_threshold.precision)},
                       {"recall", optional_number(p.at_threshold.recall)},
                       {"specificity", optional_number(p.at_threshold.specificity)}};
  return j;
}

// Field readers that name what is wrong.
Result<const json*> field(const json& j, const char* name, json::value_t type) {
  auto it = j.find(name);
  if (it == j.end()) return fail(ErrorCode::kParse, "{}: missing", name);
  const bool number_ok = type == json::value_t::number_float && it->is_number();
  if (!number_ok && it->type() != type)
    return fail(ErrorCode::kParse, "{}: expected {}", name,
                type == json::value_t::string    ? "a string"
                : type == json::value_t::array   ? "an array"
                : type == json::value_t::object  ? "an object"
                : type == json::value_t::boolean ? "true or false"
                                                 : "a number");
  return &*it;
}

Result<double> number(const json& j, const char* name) {
  auto f = field(j, name, json::value_t::number_float);
  if (!f) return std::unexpected(f.error());
  const double v = (*f)->get<double>();
  if (!std::isfinite(v)) return fail(ErrorCode::kParse, "{}: not a finite number", name);
  return v;
}

Result<std::string> text(const json& j, const char* name) {
  auto f = field(j, name, json::value_t::string);
  if (!f) return std::unexpected(f.error());
  return (*f)->get<std::string>();
}

Result<std::vector<double>> numbers(const json& j, const char* name, std::size_t expected) {
  auto f = field(j, name, json::value_t::array);
  if (!f) return std::unexpected(f.error());
  if ((*f)->size() != expected)
    return fail(ErrorCode::kParse, "{}: expected {} numbers (one per feature), got {}", name, expected,
                (*f)->size());
  std::vector<double> out;
  for (std::size_t i = 0; i < (*f)->size(); ++i) {
    const json& v = (**f)[i];
    if (!v.is_number() || !std::isfinite(v.get<double>()))
      return fail(ErrorCode::kParse, "{}[{}]: not a finite number", name, i);
    out.push_back(v.get<double>());
  }
  return out;
}

}  // namespace

json evaluation_to_json(const Evaluation& e) {
  json j;
  j["overall"] = performance_json(e.overall);
  json curve = json::array();
  for (const CalibrationBin& b : e.curve)
    curve.push_back({{"n", b.n}, {"mean_predicted", b.mean_predicted}, {"observed", b.observed}});
  j["calibration_curve"] = curve;
  json dc = json::array();
  for (const NetBenefit& nb : e.decision_curve)
    dc.push_back({{"threshold", nb.threshold}, {"net_benefit", nb.model}, {"treat_all", nb.treat_all}});
  j["decision_curve"] = dc;
  json sg = json::array();
  for (const SubgroupPerformance& s : e.subgroups) {
    json row = performance_json(s.performance);
    row["audit"] = s.audit;
    row["label"] = s.label;
    if (!s.note.empty()) row["note"] = s.note;
    sg.push_back(row);
  }
  j["subgroups"] = sg;
  return j;
}

json model_to_json(const Model& m) {
  json features = json::array();
  for (const FeatureInfo& f : m.features)
    features.push_back({{"name", f.name}, {"label", f.label}, {"unit", f.unit}});
  json j{{"format", "physiokit-model/1"},
         {"name", m.name},
         {"title", m.title},
         {"kind", m.kind},
         {"version", m.version},
         {"outcome", m.outcome},
         {"trained_on", m.trained_on},
         {"features", features},
         {"required", m.required},
         {"fill", m.fill},
         {"reference", m.reference},
         {"intercept", m.fit.intercept},
         {"coefficients", m.fit.coef}};
  if (m.kind == "logistic") {
    j["calibration"] = {{"intercept", m.calibration.intercept}, {"slope", m.calibration.slope}};
    j["threshold"] = m.threshold;
  } else {
    j["interval"] = {{"level", m.interval_level}, {"low", m.interval_low}, {"high", m.interval_high}};
    j["unit"] = m.unit;
  }
  const TrainingInfo& t = m.training;
  j["training"] = {{"data_source", t.data_source},
                   {"licence", t.licence},
                   {"shippable", t.shippable},
                   {"synthetic", t.synthetic},
                   {"rows", t.rows},
                   {"events", t.events},
                   {"first_day", t.first_day},
                   {"last_day", t.last_day},
                   {"l2", t.l2},
                   {"folds", t.folds},
                   {"notes", t.notes}};
  if (!m.validation.empty()) j["validation"] = json::parse(m.validation, nullptr, false);
  return j;
}

Result<Model> model_from_json(const json& j) {
  if (!j.is_object()) return fail(ErrorCode::kParse, "a model file is a JSON object");
  auto format = text(j, "format");
  if (!format) return std::unexpected(format.error());
  if (*format != "physiokit-model/1")
    return fail(ErrorCode::kUnsupported, "format: {} (this version reads physiokit-model/1)", *format);
  Model m;
  for (auto [dst, name] : {std::pair{&m.name, "name"},
                           {&m.title, "title"},
                           {&m.kind, "kind"},
                           {&m.version, "version"},
                           {&m.outcome, "outcome"},
                           {&m.trained_on, "trained_on"}}) {
    auto v = text(j, name);
    if (!v) return std::unexpected(v.error());
    *dst = *v;
  }
  if (m.kind != "logistic" && m.kind != "linear")
    return fail(ErrorCode::kParse, "kind: {} (expected logistic or linear)", m.kind);
  auto features = field(j, "features", json::value_t::array);
  if (!features) return std::unexpected(features.error());
  for (std::size_t i = 0; i < (*features)->size(); ++i) {
    const json& f = (**features)[i];
    FeatureInfo info;
    auto n = f.is_object() ? text(f, "name") : fail(ErrorCode::kParse, "not an object");
    auto l = f.is_object() ? text(f, "label") : fail(ErrorCode::kParse, "not an object");
    auto u = f.is_object() ? text(f, "unit") : fail(ErrorCode::kParse, "not an object");
    if (!n || !l || !u)
      return fail(ErrorCode::kParse, "features[{}]: {}", i, (!n ? n : !l ? l : u).error().message());
    m.features.push_back({*n, *l, *u});
  }
  const std::size_t p = m.features.size();
  if (auto req = j.find("required"); req != j.end()) {
    if (!req->is_array()) return fail(ErrorCode::kParse, "required: expected an array of feature names");
    for (std::size_t i = 0; i < req->size(); ++i) {
      const json& r = (*req)[i];
      if (!r.is_string()) return fail(ErrorCode::kParse, "required[{}]: expected a feature name", i);
      const std::string name = r.get<std::string>();
      bool known = false;
      for (const FeatureInfo& f : m.features) known |= f.name == name;
      if (!known)
        return fail(ErrorCode::kParse, "required[{}]: {} is not one of the model's features", i, name);
      m.required.push_back(name);
    }
  }
  auto fill = numbers(j, "fill", p);
  auto reference = numbers(j, "reference", p);
  auto coef = numbers(j, "coefficients", p);
  auto intercept = number(j, "intercept");
  for (const auto* r : {&fill, &reference, &coef})
    if (!*r) return std::unexpected(r->error());
  if (!intercept) return std::unexpected(intercept.error());
  m.fill = *fill;
  m.reference = *reference;
  m.fit.coef = *coef;
  m.fit.intercept = *intercept;
  m.fit.converged = true;
  if (m.kind == "logistic") {
    auto cal = field(j, "calibration", json::value_t::object);
    if (!cal) return std::unexpected(cal.error());
    auto a = number(**cal, "intercept");
    auto b = number(**cal, "slope");
    if (!a || !b) return fail(ErrorCode::kParse, "calibration.{}", (!a ? a : b).error().message());
    m.calibration = {*a, *b};
    auto t = number(j, "threshold");
    if (!t) return std::unexpected(t.error());
    if (*t <= 0.0 || *t >= 1.0)
      return fail(ErrorCode::kParse, "threshold: {} (expected a risk between 0 and 1)", *t);
    m.threshold = *t;
  } else {
    auto iv = field(j, "interval", json::value_t::object);
    if (!iv) return std::unexpected(iv.error());
    auto level = number(**iv, "level");
    auto low = number(**iv, "low");
    auto high = number(**iv, "high");
    if (!level || !low || !high)
      return fail(ErrorCode::kParse, "interval.{}", (!level ? level : !low ? low : high).error().message());
    m.interval_level = *level;
    m.interval_low = *low;
    m.interval_high = *high;
    auto unit = text(j, "unit");
    if (!unit) return std::unexpected(unit.error());
    m.unit = *unit;
  }
  if (auto t = j.find("training"); t != j.end() && t->is_object()) {
    TrainingInfo& ti = m.training;
    ti.data_source = t->value("data_source", "");
    ti.licence = t->value("licence", "");
    ti.shippable = t->value("shippable", false);
    ti.synthetic = t->value("synthetic", false);
    ti.rows = t->value("rows", std::size_t{0});
    ti.events = t->value("events", std::size_t{0});
    ti.first_day = t->value("first_day", "");
    ti.last_day = t->value("last_day", "");
    ti.l2 = t->value("l2", 0.0);
    ti.folds = t->value("folds", std::size_t{0});
    ti.notes = t->value("notes", std::vector<std::string>{});
  }
  if (auto v = j.find("validation"); v != j.end() && v->is_object()) m.validation = v->dump();
  return m;
}

Result<Model> parse_model(std::string_view text_in) {
  const json j = json::parse(text_in, nullptr, false);
  if (j.is_discarded()) return fail(ErrorCode::kParse, "not valid JSON");
  return model_from_json(j);
}

}  // namespace physio::predict
