#include "scribe/evaluate.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "core/file_io.hpp"
#include "scribe/numbers.hpp"
#include "scribe/text_tokens.hpp"

namespace physio::scribe {
namespace {

using json = nlohmann::json;

Result<std::string> str_field(const json& o, const char* key, const std::string& path) {
  if (!o.contains(key) || !o.at(key).is_string() || o.at(key).get<std::string>().empty())
    return fail(ErrorCode::kParse, "{}{}: expected a non-empty string", path, key);
  return o.at(key).get<std::string>();
}

Result<AnnotatedFact> parse_fact(const json& f, const std::string& path) {
  if (!f.is_object()) return fail(ErrorCode::kParse, "{}: expected an object", path);
  AnnotatedFact a;
  std::string kind = PHYSIO_TRY(str_field(f, "kind", path + "."));
  auto k = parse_fact_kind(kind);
  if (!k) return fail(ErrorCode::kParse, "{}.kind: unknown kind \"{}\"", path, kind);
  a.kind = *k;
  // A number is read as its shortest decimal ("value": 7 is "7", 0.125 is "0.125").
  if (f.contains("value") && f.at("value").is_number_integer())
    a.value = std::to_string(f.at("value").get<long long>());
  else if (f.contains("value") && f.at("value").is_number())
    a.value = format_number(f.at("value").get<double>());
  else
    a.value = PHYSIO_TRY(str_field(f, "value", path + "."));
  std::string side =
      f.contains("side") && f.at("side").is_string() ? f.at("side").get<std::string>() : "unspecified";
  auto s = parse_side(side);
  if (!s)
    return fail(ErrorCode::kParse, "{}.side: expected unspecified, left, right or both, got \"{}\"", path,
                side);
  a.side = *s;
  if (!f.contains("negated") || !f.at("negated").is_boolean())
    return fail(ErrorCode::kParse, "{}.negated: expected true or false", path);
  a.negated = f.at("negated").get<bool>();
  std::string cert = f.contains("certainty") && f.at("certainty").is_string()
                         ? f.at("certainty").get<std::string>()
                         : "certain";
  if (cert != "certain" && cert != "uncertain")
    return fail(ErrorCode::kParse, "{}.certainty: expected certain or uncertain, got \"{}\"", path, cert);
  a.certainty = cert == "certain" ? Certainty::kCertain : Certainty::kUncertain;
  if (f.contains("historical")) {
    if (!f.at("historical").is_boolean())
      return fail(ErrorCode::kParse, "{}.historical: expected true or false", path);
    a.historical = f.at("historical").get<bool>();
  }
  if (f.contains("who") && !f.at("who").is_null()) {
    if (!f.at("who").is_string())
      return fail(ErrorCode::kParse, "{}.who: expected a string (father, mother, family, ...)", path);
    a.who = f.at("who").get<std::string>();
  }
  if (!f.contains("locations") || !f.at("locations").is_array() || f.at("locations").empty())
    return fail(ErrorCode::kParse, "{}.locations: expected a non-empty array", path);
  const auto& locs = f.at("locations");
  for (std::size_t i = 0; i < locs.size(); ++i) {
    std::string lp = fmt::format("{}.locations[{}]", path, i);
    const auto& l = locs[i];
    if (!l.is_object() || !l.contains("segment") || !l.at("segment").is_number_unsigned())
      return fail(ErrorCode::kParse, "{}.segment: expected a segment index >= 0", lp);
    Location loc;
    loc.segment = l.at("segment").get<std::size_t>();
    loc.quote = PHYSIO_TRY(str_field(l, "quote", lp + "."));
    a.locations.push_back(std::move(loc));
  }
  return a;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool overlaps(const Fact& p, const AnnotatedFact& a) {
  for (const auto& s : p.spans)
    for (const auto& l : a.locations)
      if (s.segment == l.segment && s.begin < l.end && l.begin < s.end) return true;
  return false;
}

bool same_fact(const Fact& p, const AnnotatedFact& a) {
  if (p.kind != a.kind || p.value != a.value || p.negated != a.negated || p.historical != a.historical)
    return false;
  if (p.kind == FactKind::kPainSite && p.side != a.side) return false;
  return overlaps(p, a);
}

std::string quote_of(const Fact& p, const Transcript& t) {
  if (p.spans.empty() || p.spans.front().segment >= t.segments.size()) return p.said;
  const auto& s = p.spans.front();
  return t.segments[s.segment].text.substr(s.begin, s.end - s.begin);
}

json counts_json(const KindCounts& c) {
  json j;
  j["predicted"] = c.predicted;
  j["predicted_matched"] = c.predicted_matched;
  j["annotated"] = c.annotated;
  j["annotated_matched"] = c.annotated_matched;
  j["precision"] = c.precision() ? json(*c.precision()) : json(nullptr);
  j["recall"] = c.recall() ? json(*c.recall()) : json(nullptr);
  return j;
}

}  // namespace

Result<Annotation> parse_annotation(std::string_view text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(ErrorCode::kParse, "{}: not valid JSON: {}", source, e.what());
  }
  auto ctx = [&](Error e) { return std::unexpected(std::move(e).with_context(source)); };
  if (!j.is_object()) return ctx(Error(ErrorCode::kParse, "expected a JSON object"));
  if (j.value("format", "") != "physiokit-scribe-annotation")
    return ctx(Error(ErrorCode::kParse, "format: expected \"physiokit-scribe-annotation\""));
  Annotation a;
  if (j.contains("version")) {
    if (!j.at("version").is_number_integer() || j.at("version").get<int>() < 1 ||
        j.at("version").get<int>() > 2)
      return ctx(Error(ErrorCode::kParse, "version: expected 1 or 2"));
    a.version = j.at("version").get<int>();
  }
  auto ds = str_field(j, "dataset", "");
  auto id = str_field(j, "id", "");
  auto set = str_field(j, "set", "");
  if (!ds) return ctx(std::move(ds).error());
  if (!id) return ctx(std::move(id).error());
  if (!set) return ctx(std::move(set).error());
  if (*set != "dev" && *set != "held-out")
    return ctx(Error(ErrorCode::kParse, fmt::format("set: expected dev or held-out, got \"{}\"", *set)));
  a.dataset = *ds;
  a.id = *id;
  a.set = *set;
  if (!j.contains("transcript") || !j.at("transcript").is_object())
    return ctx(Error(ErrorCode::kParse, "transcript: expected an object"));
  a.transcript = j.at("transcript");
  if (!j.contains("facts") || !j.at("facts").is_array())
    return ctx(Error(ErrorCode::kParse, "facts: expected an array"));
  const auto& fs = j.at("facts");
  for (std::size_t i = 0; i < fs.size(); ++i) {
    auto f = parse_fact(fs[i], fmt::format("facts[{}]", i));
    if (!f) return ctx(std::move(f).error());
    if (a.version < 2 && (f->kind == FactKind::kSymptom || f->kind == FactKind::kPertinentNegative ||
                          f->kind == FactKind::kFamilyHistory))
      return ctx(Error(ErrorCode::kParse, fmt::format("facts[{}].kind: \"{}\" needs \"version\": 2", i,
                                                      fact_kind_name(f->kind))));
    a.facts.push_back(std::move(*f));
  }
  return a;
}

Result<Transcript> load_annotated_transcript(const Annotation& a, const std::filesystem::path& shared_dir) {
  const json& t = a.transcript;
  std::string format = t.value("format", "");
  auto field = [&](const char* key) -> Result<std::filesystem::path> {
    if (!t.contains(key) || !t.at(key).is_string())
      return fail(ErrorCode::kParse, "{}: transcript.{}: expected a string", a.id, key);
    return shared_dir / t.at(key).get<std::string>();
  };
  if (format == "textgrid-pair") {
    auto doc_path = PHYSIO_TRY(field("doctor"));
    auto pat_path = PHYSIO_TRY(field("patient"));
    std::string doc_text = PHYSIO_TRY(load_text_file(doc_path));
    std::string pat_text = PHYSIO_TRY(load_text_file(pat_path));
    Transcript d = PHYSIO_TRY(parse_textgrid(doc_text, doc_path.filename().string(), Speaker::kClinician));
    Transcript p = PHYSIO_TRY(parse_textgrid(pat_text, pat_path.filename().string(), Speaker::kPatient));
    return merge_channels(std::move(d), std::move(p));
  }
  if (format == "aci-csv") {
    auto csv_path = PHYSIO_TRY(field("file"));
    if (!t.contains("encounter_id") || !t.at("encounter_id").is_string())
      return fail(ErrorCode::kParse, "{}: transcript.encounter_id: expected a string", a.id);
    std::string enc = t.at("encounter_id").get<std::string>();
    std::string text = PHYSIO_TRY(load_text_file(csv_path));
    auto rows = PHYSIO_TRY(parse_dialogue_csv(text, csv_path.filename().string()));
    for (const auto& r : rows)
      if (r.encounter_id == enc) return parse_tagged_dialogue(r.dialogue, enc);
    return fail(ErrorCode::kNotFound, "{}: encounter {} is not in {}", a.id, enc, csv_path.string());
  }
  return fail(ErrorCode::kParse, "{}: transcript.format: expected textgrid-pair or aci-csv, got \"{}\"", a.id,
              format);
}

Status resolve_locations(Annotation& a, const Transcript& t) {
  for (std::size_t i = 0; i < a.facts.size(); ++i) {
    for (auto& l : a.facts[i].locations) {
      if (l.segment >= t.segments.size())
        return fail(ErrorCode::kParse, "{}: facts[{}]: segment {} is beyond the transcript's {} segments",
                    a.id, i, l.segment, t.segments.size());
      std::string hay = lower(t.segments[l.segment].text);
      std::size_t at = hay.find(lower(l.quote));
      if (at == std::string::npos)
        return fail(ErrorCode::kParse, "{}: facts[{}]: \"{}\" is not in segment {}", a.id, i, l.quote,
                    l.segment);
      l.begin = at;
      l.end = at + l.quote.size();
    }
  }
  return ok();
}

namespace {

/// The vocabulary that names the values of `kind`, or nullptr for kinds whose values are numbers or ids.
const PhraseSet* names_of(FactKind kind, const Vocabulary& v) {
  switch (kind) {
    case FactKind::kSymptom:
    case FactKind::kPertinentNegative:
      return &v.symptoms;
    case FactKind::kFamilyHistory:
      return &v.family_conditions;
    case FactKind::kMedicine:
      return &v.medicines;
    case FactKind::kPainSite:
      return &v.body_sites;
    case FactKind::kRedFlag:
      return &v.red_flags;
    case FactKind::kAggravating:
    case FactKind::kEasing:
    case FactKind::kFunctionalLimit:
    case FactKind::kGoal:
      return &v.activities;
    default:
      return nullptr;
  }
}

}  // namespace

std::size_t canonical_values(Annotation& a, const Vocabulary& v) {
  std::size_t changed = 0;
  for (auto& f : a.facts) {
    const PhraseSet* names = names_of(f.kind, v);
    if (names == nullptr) continue;
    const auto& values = names->values();
    if (std::find(values.begin(), values.end(), f.value) != values.end()) continue;
    std::string spaced = f.value;
    std::replace(spaced.begin(), spaced.end(), '_', ' ');
    const auto words = phrase_tokens(spaced);
    std::set<std::string> named;
    for (const auto& e : names->entries())
      if (e.phrase == words) named.insert(e.value);
    if (named.size() != 1 || *named.begin() == f.value) continue;
    f.value = *named.begin();
    ++changed;
  }
  return changed;
}

std::optional<double> KindCounts::precision() const {
  if (predicted == 0) return std::nullopt;
  return static_cast<double>(predicted_matched) / static_cast<double>(predicted);
}
std::optional<double> KindCounts::recall() const {
  if (annotated == 0) return std::nullopt;
  return static_cast<double>(annotated_matched) / static_cast<double>(annotated);
}
KindCounts& KindCounts::operator+=(const KindCounts& o) {
  predicted += o.predicted;
  predicted_matched += o.predicted_matched;
  annotated += o.annotated;
  annotated_matched += o.annotated_matched;
  return *this;
}

KindCounts EvalResult::overall() const {
  KindCounts c;
  for (const auto& [k, v] : per_kind) c += v;
  return c;
}

EvalResult& EvalResult::operator+=(const EvalResult& o) {
  for (const auto& [k, v] : o.per_kind) per_kind[k] += v;
  red_flag_negation_errors += o.red_flag_negation_errors;
  mismatches.insert(mismatches.end(), o.mismatches.begin(), o.mismatches.end());
  return *this;
}

EvalResult compare_facts(const std::vector<Fact>& predicted, const Annotation& a, const Transcript& t) {
  EvalResult r;
  std::vector<bool> used(predicted.size(), false);
  std::vector<bool> found(a.facts.size(), false);
  for (std::size_t i = 0; i < a.facts.size(); ++i) {
    for (std::size_t p = 0; p < predicted.size(); ++p) {
      if (used[p] || !same_fact(predicted[p], a.facts[i])) continue;
      used[p] = true;
      found[i] = true;
      break;
    }
  }
  for (std::size_t i = 0; i < a.facts.size(); ++i) {
    auto& c = r.per_kind[a.facts[i].kind];
    ++c.annotated;
    if (found[i]) {
      ++c.annotated_matched;
      continue;
    }
    const auto& f = a.facts[i];
    r.mismatches.push_back({a.id, true, fact_kind_name(f.kind), f.value, side_name(f.side),
                            f.locations.front().quote, f.negated, f.locations.front().segment, f.historical});
  }
  r.predicted_correct = used;
  for (std::size_t p = 0; p < predicted.size(); ++p) {
    const Fact& f = predicted[p];
    auto& c = r.per_kind[f.kind];
    ++c.predicted;
    if (used[p]) {
      ++c.predicted_matched;
      continue;
    }
    r.mismatches.push_back({a.id, false, fact_kind_name(f.kind), f.value, side_name(f.side), quote_of(f, t),
                            f.negated, f.spans.empty() ? 0 : f.spans.front().segment, f.historical});
    if (f.kind != FactKind::kRedFlag) continue;
    for (const auto& af : a.facts)
      if (af.kind == FactKind::kRedFlag && af.value == f.value && af.negated != f.negated &&
          overlaps(f, af)) {
        ++r.red_flag_negation_errors;
        break;
      }
  }
  return r;
}

nlohmann::ordered_json eval_to_json(const EvalResult& r) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json kinds = nlohmann::ordered_json::object();
  for (FactKind k : kAllFactKinds) {
    auto it = r.per_kind.find(k);
    if (it != r.per_kind.end()) kinds[fact_kind_name(k)] = counts_json(it->second);
  }
  j["overall"] = counts_json(r.overall());
  j["per_kind"] = std::move(kinds);
  j["red_flag_negation_errors"] = r.red_flag_negation_errors;
  return j;
}

std::optional<std::string> guideline_set(std::string_view dataset, std::string_view id) {
  if (dataset == "primock57") {
    // day1_consultationNN / day2_consultationNN / day3_consultationNN
    if (!id.starts_with("day") || id.size() < 6) return std::nullopt;
    if (id.starts_with("day3_")) return "held-out";
    for (std::string_view h :
         {"day1_consultation09", "day1_consultation13", "day2_consultation03", "day2_consultation07"})
      if (id == h) return "held-out";
    if (id.starts_with("day1_") || id.starts_with("day2_")) return "dev";
    return std::nullopt;
  }
  if (dataset == "aci-bench") {
    if (id.size() != 6 || !id.starts_with("D2N")) return std::nullopt;
    int n = 0;
    for (char c : id.substr(3)) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (n >= 1 && n <= 67) return "dev";
    if (n >= 68 && n <= 87) return "held-out";
  }
  return std::nullopt;
}

std::optional<double> cohen_kappa(const std::vector<int>& a, const std::vector<int>& b) {
  if (a.size() != b.size() || a.empty()) return std::nullopt;
  std::map<int, double> pa, pb;
  double agree = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    pa[a[i]] += 1;
    pb[b[i]] += 1;
    if (a[i] == b[i]) agree += 1;
  }
  const double n = static_cast<double>(a.size());
  double po = agree / n, pe = 0;
  for (const auto& [c, na] : pa) {
    auto it = pb.find(c);
    if (it != pb.end()) pe += (na / n) * (it->second / n);
  }
  if (pe >= 1.0 - 1e-12) return std::nullopt;
  return (po - pe) / (1.0 - pe);
}

Agreement compute_agreement(const std::vector<Annotation>& first, const std::vector<Annotation>& second) {
  // Ratings: 0 absent, 1 present, 2 negated.
  using Unit = std::tuple<std::string, int, std::string, int>;  // consultation, kind, value, side
  auto rate = [](const Annotation& a, std::map<Unit, int>& out) {
    for (const auto& f : a.facts) {
      Unit u{a.dataset + "/" + a.id, static_cast<int>(f.kind), f.value, static_cast<int>(f.side)};
      int r = f.negated ? 2 : 1;
      auto [it, fresh] = out.emplace(u, r);
      if (!fresh && r == 1) it->second = 1;  // present unless every fact of the unit is negated
    }
  };
  std::map<Unit, int> ra, rb;
  Agreement g;
  for (const auto& a : first)
    for (const auto& b : second) {
      if (a.dataset != b.dataset || a.id != b.id) continue;
      ++g.consultations;
      rate(a, ra);
      rate(b, rb);
    }
  std::set<Unit> units;
  for (const auto& [u, r] : ra) units.insert(u);
  for (const auto& [u, r] : rb) units.insert(u);
  std::map<int, std::pair<std::vector<int>, std::vector<int>>> by_kind;
  std::vector<int> all_a, all_b;
  for (const auto& u : units) {
    auto ia = ra.find(u);
    auto ib = rb.find(u);
    int x = ia == ra.end() ? 0 : ia->second;
    int y = ib == rb.end() ? 0 : ib->second;
    auto& [va, vb] = by_kind[std::get<1>(u)];
    va.push_back(x);
    vb.push_back(y);
    all_a.push_back(x);
    all_b.push_back(y);
  }
  auto summarise = [](const std::vector<int>& a, const std::vector<int>& b) {
    KindAgreement k;
    k.units = a.size();
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] == b[i]) ++k.agreed;
    k.kappa = cohen_kappa(a, b);
    return k;
  };
  for (const auto& [k, v] : by_kind) g.per_kind[static_cast<FactKind>(k)] = summarise(v.first, v.second);
  g.overall = summarise(all_a, all_b);
  return g;
}

nlohmann::ordered_json agreement_to_json(const Agreement& g) {
  auto one = [](const KindAgreement& k) {
    nlohmann::ordered_json j;
    j["units"] = k.units;
    j["agreed"] = k.agreed;
    j["kappa"] = k.kappa ? nlohmann::ordered_json(*k.kappa) : nlohmann::ordered_json(nullptr);
    return j;
  };
  nlohmann::ordered_json j;
  j["consultations"] = g.consultations;
  j["units"] = "union of (consultation, kind, value, side); ratings absent, present, negated";
  nlohmann::ordered_json kinds = nlohmann::ordered_json::object();
  for (FactKind k : kAllFactKinds) {
    auto it = g.per_kind.find(k);
    if (it != g.per_kind.end()) kinds[fact_kind_name(k)] = one(it->second);
  }
  j["per_kind"] = std::move(kinds);
  j["overall"] = one(g.overall);
  return j;
}

}  // namespace physio::scribe
