// Parsing and validation of one instrument file. Every error names the file and the field path
// ("koos.json: scores[2].items[4]: unknown item 'a99'"), so a wrong file fails at load, not at scoring.

#include "measures/instrument.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace physio::measures {
namespace {

using nlohmann::json;

constexpr double kRangeTol = 1e-6;  // score extremes vs the declared range

std::unexpected<Error> field_error(const std::string& file, const std::string& field,
                                   const std::string& msg) {
  return std::unexpected(Error(ErrorCode::kParse, fmt::format("{}: {}: {}", file, field, msg)));
}

std::string join_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

// Typed access to one JSON object with the file and field path in every error.
struct Reader {
  const json& obj;
  std::string file;
  std::string path;

  bool has(std::string_view key) const { return obj.contains(key) && !obj.at(std::string(key)).is_null(); }

  Result<std::string> str(std::string_view key, bool required = true) const {
    if (!has(key)) {
      if (required) return field_error(file, join_path(path, key), "missing");
      return std::string();
    }
    const json& v = obj.at(std::string(key));
    if (!v.is_string()) return field_error(file, join_path(path, key), "expected a string");
    if (required && v.get<std::string>().empty()) return field_error(file, join_path(path, key), "empty");
    return v.get<std::string>();
  }

  Result<double> num(std::string_view key) const {
    if (!has(key)) return field_error(file, join_path(path, key), "missing");
    const json& v = obj.at(std::string(key));
    if (!v.is_number()) return field_error(file, join_path(path, key), "expected a number");
    return v.get<double>();
  }

  Result<std::optional<double>> opt_num(std::string_view key) const {
    if (!has(key)) return std::optional<double>();
    return std::optional<double>(PHYSIO_TRY(num(key)));
  }

  Result<bool> flag(std::string_view key) const {
    if (!has(key)) return false;
    const json& v = obj.at(std::string(key));
    if (!v.is_boolean()) return field_error(file, join_path(path, key), "expected true or false");
    return v.get<bool>();
  }

  Result<const json*> array(std::string_view key, bool required = true) const {
    if (!has(key)) {
      if (required) return field_error(file, join_path(path, key), "missing");
      return static_cast<const json*>(nullptr);
    }
    const json& v = obj.at(std::string(key));
    if (!v.is_array()) return field_error(file, join_path(path, key), "expected an array");
    return &v;
  }

  Reader child(const json& v, std::string sub) const { return Reader{v, file, std::move(sub)}; }
};

Result<std::vector<Option>> parse_options(const json& arr, const std::string& file, const std::string& path) {
  if (!arr.is_array() || arr.empty()) return field_error(file, path, "expected a non-empty array of options");
  std::vector<Option> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string p = fmt::format("{}[{}]", path, i);
    if (!arr[i].is_object()) return field_error(file, p, "expected {\"value\": ..., \"label\": ...}");
    Reader r{arr[i], file, p};
    Option o;
    o.value = PHYSIO_TRY(r.num("value"));
    o.label = PHYSIO_TRY(r.str("label"));
    for (const auto& prev : out)
      if (std::abs(prev.value - o.value) < kValueTol)
        return field_error(file, p + ".value", fmt::format("value {} appears twice", o.value));
    out.push_back(std::move(o));
  }
  return out;
}

Result<Threshold> parse_threshold(const Reader& parent, std::string_view key) {
  Threshold t;
  if (!parent.has(key)) return t;
  const json& v = parent.obj.at(std::string(key));
  std::string path = join_path(parent.path, key);
  if (!v.is_object()) return field_error(parent.file, path, "expected an object with value or by_baseline");
  Reader r = parent.child(v, path);
  t.value = PHYSIO_TRY(r.opt_num("value"));
  if (t.value && *t.value <= 0) return field_error(parent.file, path + ".value", "must be positive");
  if (const json* bands = PHYSIO_TRY(r.array("by_baseline", false))) {
    for (std::size_t i = 0; i < bands->size(); ++i) {
      Reader b = r.child((*bands)[i], fmt::format("{}.by_baseline[{}]", path, i));
      Band band{PHYSIO_TRY(b.num("min")), PHYSIO_TRY(b.num("max")), PHYSIO_TRY(b.num("value"))};
      if (band.max < band.min) return field_error(parent.file, b.path, "max is below min");
      if (band.value <= 0) return field_error(parent.file, b.path + ".value", "must be positive");
      t.by_baseline.push_back(band);
    }
  }
  if (t.value && !t.by_baseline.empty())
    return field_error(parent.file, path, "give either value or by_baseline, not both");
  if (!t.present()) return field_error(parent.file, path, "needs value or by_baseline");
  t.source = PHYSIO_TRY(r.str("source"));
  return t;
}

Result<Direction> parse_direction(const std::string& s, const std::string& file, const std::string& path) {
  if (s == "higher_better") return Direction::kHigherBetter;
  if (s == "lower_better") return Direction::kLowerBetter;
  return field_error(file, path, fmt::format("expected higher_better or lower_better, got '{}'", s));
}

Result<Aggregate> parse_aggregate(const std::string& s, const std::string& file, const std::string& path) {
  if (s == "sum") return Aggregate::kSum;
  if (s == "mean") return Aggregate::kMean;
  if (s == "percent_of_answered_max") return Aggregate::kPercentOfAnsweredMax;
  return field_error(file, path, fmt::format("expected sum, mean or percent_of_answered_max, got '{}'", s));
}

// The score a set of item values gives, for the load-time range check.
double extreme_score(const Instrument& in, const ScoreDef& s, bool high) {
  double sum = 0, max_sum = 0;
  for (std::size_t i : s.items) {
    const Item& it = in.items[i];
    sum += high ? it.max_value() : it.min_value();
    max_sum += it.max_value();
  }
  if (!s.lookup.empty()) return s.lookup[static_cast<std::size_t>(std::lround(sum))];
  double agg = sum;
  if (s.aggregate == Aggregate::kMean) agg = sum / static_cast<double>(s.items.size());
  if (s.aggregate == Aggregate::kPercentOfAnsweredMax) agg = max_sum > 0 ? sum / max_sum * 100.0 : 0.0;
  return s.offset + s.scale * agg;
}

}  // namespace

double Item::max_value() const {
  if (options.empty()) return max.value_or(0.0);
  double m = options.front().value;
  for (const auto& o : options) m = std::max(m, o.value);
  return m;
}

double Item::min_value() const {
  if (options.empty()) return min.value_or(0.0);
  double m = options.front().value;
  for (const auto& o : options) m = std::min(m, o.value);
  return m;
}

std::optional<double> Threshold::at(double baseline) const {
  if (value) return value;
  for (const auto& b : by_baseline)
    if (baseline >= b.min && baseline <= b.max) return b.value;
  return std::nullopt;
}

const ScoreDef* Instrument::find_score(std::string_view score_id) const {
  for (const auto& s : scores)
    if (s.id == score_id) return &s;
  return nullptr;
}

Result<Instrument> parse_instrument(std::string_view text, const std::string& file) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    return std::unexpected(Error(ErrorCode::kParse, fmt::format("{}: not valid JSON: {}", file, e.what())));
  }
  if (!root.is_object()) return field_error(file, "(top level)", "expected an object");
  Reader r{root, file, ""};
  Instrument in;
  in.id = PHYSIO_TRY(r.str("id"));
  for (char c : in.id)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_'))
      return field_error(file, "id", fmt::format("'{}' must be lower-case letters, digits and _", in.id));
  in.name = PHYSIO_TRY(r.str("name"));
  in.version = PHYSIO_TRY(r.str("version"));
  in.kind = PHYSIO_TRY(r.str("kind"));
  if (in.kind != "questionnaire" && in.kind != "performance")
    return field_error(file, "kind", fmt::format("expected questionnaire or performance, got '{}'", in.kind));
  in.description = PHYSIO_TRY(r.str("description"));
  in.missing_rule = PHYSIO_TRY(r.str("missing_rule"));
  in.licence = PHYSIO_TRY(r.str("licence"));

  // Shared option sets, referred to by name from the items.
  std::map<std::string, std::vector<Option>> sets;
  if (r.has("option_sets")) {
    const json& os = root.at("option_sets");
    if (!os.is_object()) return field_error(file, "option_sets", "expected an object of named option lists");
    for (const auto& [name, arr] : os.items())
      sets[name] = PHYSIO_TRY(parse_options(arr, file, "option_sets." + name));
  }

  const json& items = *PHYSIO_TRY(r.array("items"));
  if (items.empty()) return field_error(file, "items", "no items");
  std::set<std::string> item_ids;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string p = fmt::format("items[{}]", i);
    if (!items[i].is_object()) return field_error(file, p, "expected an object");
    Reader ir = r.child(items[i], p);
    Item it;
    it.id = PHYSIO_TRY(ir.str("id"));
    if (!item_ids.insert(it.id).second)
      return field_error(file, p + ".id", fmt::format("'{}' appears twice", it.id));
    it.label = PHYSIO_TRY(ir.str("label"));
    it.question = PHYSIO_TRY(ir.str("question", false));
    it.unit = PHYSIO_TRY(ir.str("unit", false));
    it.context = PHYSIO_TRY(ir.flag("context"));
    it.integer = PHYSIO_TRY(ir.flag("integer"));
    if (ir.has("options")) {
      const json& o = items[i].at("options");
      if (o.is_string()) {
        auto found = sets.find(o.get<std::string>());
        if (found == sets.end())
          return field_error(file, p + ".options",
                             fmt::format("unknown option set '{}'", o.get<std::string>()));
        it.options = found->second;
      } else {
        it.options = PHYSIO_TRY(parse_options(o, file, p + ".options"));
      }
      if (ir.has("min") || ir.has("max")) return field_error(file, p, "give options or min/max, not both");
    } else {
      it.min = PHYSIO_TRY(ir.opt_num("min"));
      it.max = PHYSIO_TRY(ir.opt_num("max"));
      if (!it.min || !it.max)
        return field_error(file, p, "needs options, or min and max for a measured value");
      if (*it.max <= *it.min) return field_error(file, p + ".max", "must exceed min");
    }
    in.items.push_back(std::move(it));
  }
  auto item_index = [&](const std::string& id) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < in.items.size(); ++i)
      if (in.items[i].id == id) return i;
    return std::nullopt;
  };

  in.min_items = in.items.size();
  if (auto mi = PHYSIO_TRY(r.opt_num("min_items"))) {
    if (*mi < 1 || *mi > static_cast<double>(in.items.size()) || *mi != std::floor(*mi))
      return field_error(file, "min_items",
                         fmt::format("must be a whole number from 1 to {}", in.items.size()));
    in.min_items = static_cast<std::size_t>(*mi);
  }

  const json& scores = *PHYSIO_TRY(r.array("scores"));
  if (scores.empty()) return field_error(file, "scores", "no scores");
  for (std::size_t si = 0; si < scores.size(); ++si) {
    std::string p = fmt::format("scores[{}]", si);
    if (!scores[si].is_object()) return field_error(file, p, "expected an object");
    Reader sr = r.child(scores[si], p);
    ScoreDef s;
    s.id = PHYSIO_TRY(sr.str("id"));
    if (in.find_score(s.id)) return field_error(file, p + ".id", fmt::format("'{}' appears twice", s.id));
    s.name = PHYSIO_TRY(sr.str("name"));
    if (const json* ids = PHYSIO_TRY(sr.array("items", false))) {
      for (std::size_t k = 0; k < ids->size(); ++k) {
        std::string ip = fmt::format("{}.items[{}]", p, k);
        if (!(*ids)[k].is_string()) return field_error(file, ip, "expected an item id");
        auto idx = item_index((*ids)[k].get<std::string>());
        if (!idx)
          return field_error(file, ip, fmt::format("unknown item '{}'", (*ids)[k].get<std::string>()));
        if (in.items[*idx].context) return field_error(file, ip, "a context item cannot be scored");
        s.items.push_back(*idx);
      }
    } else {
      for (std::size_t k = 0; k < in.items.size(); ++k)
        if (!in.items[k].context) s.items.push_back(k);
    }
    if (s.items.empty()) return field_error(file, p + ".items", "no items");
    s.aggregate = PHYSIO_TRY(parse_aggregate(PHYSIO_TRY(sr.str("aggregate")), file, p + ".aggregate"));
    s.offset = PHYSIO_TRY(sr.opt_num("offset")).value_or(0.0);
    s.scale = PHYSIO_TRY(sr.opt_num("scale")).value_or(1.0);
    auto min_answered = PHYSIO_TRY(sr.num("min_answered"));
    if (min_answered < 1 || min_answered != std::floor(min_answered))
      return field_error(file, p + ".min_answered", "must be a whole number of at least 1");
    s.min_answered = static_cast<std::size_t>(min_answered);
    if (s.min_answered > s.items.size())
      return field_error(file, p + ".min_answered",
                         fmt::format("{} exceeds the {} items of the score", s.min_answered, s.items.size()));
    const json* range = PHYSIO_TRY(sr.array("range"));
    if (range->size() != 2 || !(*range)[0].is_number() || !(*range)[1].is_number() ||
        (*range)[1].get<double>() <= (*range)[0].get<double>())
      return field_error(file, p + ".range", "expected [low, high] with high > low");
    s.range_min = (*range)[0].get<double>();
    s.range_max = (*range)[1].get<double>();
    s.direction = PHYSIO_TRY(parse_direction(PHYSIO_TRY(sr.str("direction")), file, p + ".direction"));
    s.unit = PHYSIO_TRY(sr.str("unit"));
    s.mcid = PHYSIO_TRY(parse_threshold(sr, "mcid"));
    s.mdc = PHYSIO_TRY(parse_threshold(sr, "mdc"));
    if (const json* lk = PHYSIO_TRY(sr.array("lookup", false))) {
      if (s.aggregate != Aggregate::kSum)
        return field_error(file, p + ".lookup", "a lookup table converts a raw sum: aggregate must be sum");
      if (s.min_answered != s.items.size())
        return field_error(file, p + ".lookup", "a lookup table needs every item answered (min_answered)");
      double raw_max = 0;
      for (std::size_t i : s.items) {
        const Item& it = in.items[i];
        if (it.options.empty() || it.min_value() != 0)
          return field_error(file, p + ".lookup",
                             fmt::format("item {} must have options starting at 0", it.id));
        for (const auto& o : it.options)
          if (o.value != std::floor(o.value))
            return field_error(file, p + ".lookup", fmt::format("item {} has a non-integer option", it.id));
        raw_max += it.max_value();
      }
      auto expected = static_cast<std::size_t>(raw_max) + 1;
      if (lk->size() != expected)
        return field_error(
            file, p + ".lookup",
            fmt::format("expected {} values (raw sums 0 to {}), got {}", expected, raw_max, lk->size()));
      for (std::size_t k = 0; k < lk->size(); ++k) {
        if (!(*lk)[k].is_number())
          return field_error(file, fmt::format("{}.lookup[{}]", p, k), "expected a number");
        double v = (*lk)[k].get<double>();
        if (v < s.range_min - kRangeTol || v > s.range_max + kRangeTol)
          return field_error(file, fmt::format("{}.lookup[{}]", p, k),
                             fmt::format("{} is outside the range", v));
        s.lookup.push_back(v);
      }
    }
    in.scores.push_back(std::move(s));
    // Every reachable score must lie in the declared range (catches a wrong offset, scale or option set).
    const ScoreDef& added = in.scores.back();
    for (bool high : {false, true}) {
      double v = extreme_score(in, added, high);
      if (v < added.range_min - kRangeTol || v > added.range_max + kRangeTol)
        return field_error(file, p + ".range",
                           fmt::format("the score of all items at their {} is {}, outside [{}, {}]",
                                       high ? "maximum" : "minimum", v, added.range_min, added.range_max));
    }
  }

  if (const json* cuts = PHYSIO_TRY(r.array("cutoffs", false))) {
    for (std::size_t i = 0; i < cuts->size(); ++i) {
      Reader cr = r.child((*cuts)[i], fmt::format("cutoffs[{}]", i));
      Cutoff c;
      c.score = PHYSIO_TRY(cr.str("score"));
      if (!in.find_score(c.score))
        return field_error(file, cr.path + ".score", fmt::format("unknown score '{}'", c.score));
      c.op = PHYSIO_TRY(cr.str("op"));
      if (c.op != "<" && c.op != "<=" && c.op != ">" && c.op != ">=")
        return field_error(file, cr.path + ".op", fmt::format("expected <, <=, > or >=, got '{}'", c.op));
      c.value = PHYSIO_TRY(cr.num("value"));
      c.label = PHYSIO_TRY(cr.str("label"));
      c.meaning = PHYSIO_TRY(cr.str("meaning"));
      c.source = PHYSIO_TRY(cr.str("source"));
      in.cutoffs.push_back(std::move(c));
    }
  }
  if (const json* bands = PHYSIO_TRY(r.array("bands", false))) {
    for (std::size_t i = 0; i < bands->size(); ++i) {
      Reader br = r.child((*bands)[i], fmt::format("bands[{}]", i));
      ScoreBand b;
      b.score = PHYSIO_TRY(br.str("score"));
      if (!in.find_score(b.score))
        return field_error(file, br.path + ".score", fmt::format("unknown score '{}'", b.score));
      b.min = PHYSIO_TRY(br.num("min"));
      b.max = PHYSIO_TRY(br.num("max"));
      if (b.max < b.min) return field_error(file, br.path + ".max", "is below min");
      b.label = PHYSIO_TRY(br.str("label"));
      b.source = PHYSIO_TRY(br.str("source"));
      in.bands.push_back(std::move(b));
    }
  }
  if (r.has("norms")) {
    Reader nr = r.child(root.at("norms"), "norms");
    if (!root.at("norms").is_object()) return field_error(file, "norms", "expected an object");
    AgeSexNorms n;
    n.score = PHYSIO_TRY(nr.str("score"));
    if (!in.find_score(n.score))
      return field_error(file, "norms.score", fmt::format("unknown score '{}'", n.score));
    for (auto [key, target] : {std::pair{"age_item", &n.age_item}, std::pair{"sex_item", &n.sex_item}}) {
      std::string id = PHYSIO_TRY(nr.str(key));
      auto idx = item_index(id);
      if (!idx || !in.items[*idx].context)
        return field_error(file, std::string("norms.") + key, fmt::format("'{}' is not a context item", id));
      *target = *idx;
    }
    n.label = PHYSIO_TRY(nr.str("label"));
    n.source = PHYSIO_TRY(nr.str("source"));
    const json& rows = *PHYSIO_TRY(nr.array("rows"));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      Reader rr = nr.child(rows[i], fmt::format("norms.rows[{}]", i));
      AgeSexNormRow row;
      row.age_min = static_cast<int>(PHYSIO_TRY(rr.num("age_min")));
      row.age_max = static_cast<int>(PHYSIO_TRY(rr.num("age_max")));
      row.male_below = PHYSIO_TRY(rr.num("male_below"));
      row.female_below = PHYSIO_TRY(rr.num("female_below"));
      if (row.age_max < row.age_min) return field_error(file, rr.path + ".age_max", "is below age_min");
      n.rows.push_back(row);
    }
    in.norms = std::move(n);
  }
  const json& sources = *PHYSIO_TRY(r.array("sources"));
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (!sources[i].is_string() || sources[i].get<std::string>().empty())
      return field_error(file, fmt::format("sources[{}]", i), "expected a citation");
    in.sources.push_back(sources[i].get<std::string>());
  }
  if (in.sources.empty()) return field_error(file, "sources", "at least one source is needed");
  return in;
}

}  // namespace physio::measures
