#include "predict/proms.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "core/file_io.hpp"
#include "core/text.hpp"
#include "predict/csv.hpp"
#include "predict/zip_read.hpp"

namespace physio::predict {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<const char*, kComorbidities> kComorbidityColumns = {
    "Heart Disease",  "High Bp",        "Stroke",        "Circulation", "Lung Disease", "Diabetes",
    "Kidney Disease", "Nervous System", "Liver Disease", "Cancer",      "Depression",   "Arthritis"};
constexpr std::array<const char*, kComorbidities> kComorbidityNames = {
    "heart_disease",  "high_bp",        "stroke",        "circulation", "lung_disease", "diabetes",
    "kidney_disease", "nervous_system", "liver_disease", "cancer",      "depression",   "arthritis"};
constexpr std::array<const char*, kComorbidities> kComorbidityLabels = {
    "heart disease",  "high blood pressure",
    "stroke",         "poor circulation",
    "lung disease",   "diabetes",
    "kidney disease", "nervous system disease",
    "liver disease",  "cancer",
    "depression",     "arthritis elsewhere"};

// The column whose name ends with `suffix` ("Pre-Op Q Score" matches "Knee Replacement Pre-Op Q Score").
std::optional<std::size_t> column_ending(const CsvTable& t, std::string_view suffix,
                                         std::string_view must_contain = {}) {
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    const std::string_view h = t.header[i];
    if (h.ends_with(suffix) && (must_contain.empty() || h.find(must_contain) != std::string_view::npos))
      return i;
  }
  return std::nullopt;
}

}  // namespace

Result<PromsData> parse_proms_csv(std::string_view text) {
  auto parsed = parse_csv(text);
  if (!parsed) return std::unexpected(parsed.error());
  const CsvTable& t = *parsed;
  auto procedure = t.column("Procedure");
  auto year = t.column("Year");
  if (!procedure || !year)
    return fail(ErrorCode::kUnsupported,
                "line 1: not an NHS PROMs record file (no Procedure and Year columns)");
  struct Needed {
    std::optional<std::size_t> col;
    const char* what;
  };
  const Needed cols[] = {
      {t.column("Revision Flag"), "Revision Flag"},
      {t.column("Age Band"), "Age Band"},
      {t.column("Gender"), "Gender"},
      {t.column("Pre-Op Q Symptom Period"), "Pre-Op Q Symptom Period"},
      {t.column("Pre-Op Q Previous Surgery"), "Pre-Op Q Previous Surgery"},
      {t.column("Pre-Op Q Living Arrangements"), "Pre-Op Q Living Arrangements"},
      {t.column("Pre-Op Q Disability"), "Pre-Op Q Disability"},
      {t.column("Pre-Op Q Anxiety"), "Pre-Op Q Anxiety"},
      {t.column("Pre-Op Q EQ5D Index"), "Pre-Op Q EQ5D Index"},
      {t.column("Pre-Op Q EQ VAS"), "Pre-Op Q EQ VAS"},
      {column_ending(t, "Pre-Op Q Score", "Replacement"), "... Replacement Pre-Op Q Score"},
      {column_ending(t, "Post-Op Q Score", "Replacement"), "... Replacement Post-Op Q Score"},
      {column_ending(t, "Pre-Op Q Pain", "Replacement"), "... Replacement Pre-Op Q Pain"},
      {column_ending(t, "Pre-Op Q Night Pain", "Replacement"), "... Replacement Pre-Op Q Night Pain"},
      {t.column("Provider Code"), "Provider Code"},
  };
  for (const Needed& n : cols)
    if (!n.col) return fail(ErrorCode::kParse, "line 1: the header has no column {}", n.what);
  const auto predicted = column_ending(t, "Post-Op Q Predicted", "OKS");
  const auto predicted_hip = column_ending(t, "Post-Op Q Predicted", "OHS");
  // The 12 items before the operation, in the pack's order ("Knee Replacement Pre-Op Q Pain", ...).
  std::vector<std::size_t> item_cols;
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    const std::string_view h = t.header[i];
    const auto at = h.find("Replacement Pre-Op Q ");
    if (at != std::string_view::npos && !h.ends_with(" Score")) item_cols.push_back(i);
  }
  if (item_cols.size() != 12)
    return fail(ErrorCode::kParse, "line 1: expected the score's 12 pre-operative item columns, found {}",
                item_cols.size());
  const char* dims[5] = {"Pre-Op Q Mobility", "Pre-Op Q Self-Care", "Pre-Op Q Activity",
                         "Pre-Op Q Discomfort", "Pre-Op Q Anxiety"};
  std::array<std::size_t, 5> dim_cols{};
  for (std::size_t k = 0; k < 5; ++k) {
    auto c = t.column(dims[k]);
    if (!c) return fail(ErrorCode::kParse, "line 1: the header has no column {}", dims[k]);
    dim_cols[k] = *c;
  }
  std::array<std::size_t, kComorbidities> comorbidity_cols{};
  for (std::size_t k = 0; k < kComorbidities; ++k) {
    auto c = t.column(kComorbidityColumns[k]);
    if (!c) return fail(ErrorCode::kParse, "line 1: the header has no column {}", kComorbidityColumns[k]);
    comorbidity_cols[k] = *c;
  }

  PromsData out;
  std::size_t revisions = 0;
  std::size_t no_scores = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::size_t line = t.line[r];
    auto cell = [&](std::size_t i) { return trim(row[*cols[i].col]); };
    auto code = [&](std::size_t i) -> Result<int> {
      auto v = parse_int(cell(i));
      if (!v) return fail(ErrorCode::kParse, "line {}: {}: '{}' is not a code", line, cols[i].what, cell(i));
      return static_cast<int>(*v);
    };
    PromsRecord rec;
    rec.line = line;
    const std::string_view proc = trim(row[*procedure]);
    if (proc == "Knee Replacement")
      rec.joint = Joint::kKnee;
    else if (proc == "Hip Replacement")
      rec.joint = Joint::kHip;
    else
      return fail(ErrorCode::kParse,
                  "line {}: Procedure: '{}' (expected Hip Replacement or Knee Replacement)", line, proc);
    rec.year = std::string(trim(row[*year]));
    auto start_year = parse_int(std::string_view(rec.year).substr(0, 4));
    if (rec.year.size() != 7 || !start_year)
      return fail(ErrorCode::kParse, "line {}: Year: '{}' (expected like 2016/17)", line, rec.year);
    rec.year_start_day = days_from_civil(static_cast<int>(*start_year), 4, 1);
    auto revision = code(0);
    if (!revision) return std::unexpected(revision.error());
    if (*revision == 1) {
      ++revisions;
      continue;
    }
    auto pre = parse_double(cell(10));
    auto post = parse_double(cell(11));
    if (!pre || !post || *pre < 0 || *pre > 48 || *post < 0 || *post > 48) {
      ++no_scores;
      continue;
    }
    rec.pre_score = *pre;
    rec.post_score = *post;
    rec.provider = std::string(cell(14));
    const std::string_view age = cell(1);
    rec.age_band = age == "*" ? "" : std::string(age);
    const std::string_view sex = cell(2);
    rec.sex = sex == "1" ? "male" : sex == "2" ? "female" : "";
    for (std::size_t i : {3u, 4u, 5u, 6u, 7u}) {
      auto c = code(i);
      if (!c) return std::unexpected(c.error());
      if (i == 3) rec.symptom_period = *c >= 1 && *c <= 4 ? *c : 0;
      if (i == 4) rec.previous_surgery = *c == 1 ? 1 : *c == 2 ? 0 : -1;
      if (i == 5) rec.living_alone = *c == 2 ? 1 : (*c == 1 || *c == 3 || *c == 4) ? 0 : -1;
      if (i == 6) rec.disability = *c == 1 ? 1 : *c == 2 ? 0 : -1;
      if (i == 7) rec.anxiety = *c >= 1 && *c <= 3 ? *c : 0;
    }
    auto eq5d = parse_double(cell(8));
    rec.eq5d_index = eq5d && *eq5d >= -1.0 && *eq5d <= 1.0 ? *eq5d : kNaN;
    auto vas = parse_double(cell(9));
    rec.eq_vas = vas && *vas >= 0 && *vas <= 100 ? *vas : kNaN;
    auto pain = parse_int(cell(12));
    rec.pain_item = pain && *pain >= 0 && *pain <= 4 ? static_cast<int>(*pain) : -1;
    auto night = parse_int(cell(13));
    rec.night_pain = night && *night >= 0 && *night <= 4 ? static_cast<int>(*night) : -1;
    for (std::size_t k = 0; k < 12; ++k) {
      auto v = parse_int(trim(row[item_cols[k]]));
      rec.items[k] = v && *v >= 0 && *v <= 4 ? static_cast<int>(*v) : -1;
    }
    for (std::size_t k = 0; k < 5; ++k) {
      auto v = parse_int(trim(row[dim_cols[k]]));
      rec.eq5d_dims[k] = v && *v >= 1 && *v <= 3 ? static_cast<int>(*v) : 0;
    }
    for (std::size_t k = 0; k < kComorbidities; ++k)
      rec.comorbidity[k] = trim(row[comorbidity_cols[k]]) == "1" ? 1 : 0;
    const auto pred_col = rec.joint == Joint::kKnee ? predicted : predicted_hip;
    auto pred = pred_col ? parse_double(trim(row[*pred_col])) : std::nullopt;
    rec.nhs_predicted_post = pred && *pred >= 0 && *pred <= 48 ? *pred : kNaN;
    out.records.push_back(std::move(rec));
  }
  if (revisions)
    out.notes.push_back(fmt::format("{} revision operations left out (primary operations only)", revisions));
  if (no_scores)
    out.notes.push_back(fmt::format("{} records without both Oxford scores (0-48) left out", no_scores));
  return out;
}

Result<PromsData> load_proms(const std::filesystem::path& path) {
  auto bytes = load_file(path);
  if (!bytes) return std::unexpected(bytes.error());
  std::string csv;
  if (bytes->starts_with("PK\x03\x04")) {
    auto names = list_zip(*bytes);
    if (!names) return std::unexpected(std::move(names.error()).with_context(path.string()));
    std::string chosen;
    for (const std::string& n : *names)
      if (n.ends_with(".csv") && !n.starts_with("__MACOSX/")) chosen = n;
    if (chosen.empty())
      return fail(ErrorCode::kNotFound, "{}: the archive holds no .csv file", path.string());
    auto entry = read_zip_entry(*bytes, chosen);
    if (!entry) return std::unexpected(std::move(entry.error()).with_context(path.string()));
    csv = std::move(*entry);
  } else {
    csv = std::move(*bytes);
  }
  auto data = parse_proms_csv(csv);
  if (!data) return std::unexpected(std::move(data.error()).with_context(path.string()));
  return data;
}

Table proms_table(const std::vector<PromsRecord>& records, PromsTarget target) {
  Table t;
  t.features = {
      {"pre_score", "Oxford score before the operation", "points"},
      {"pre_score_sq", "Oxford score before the operation, squared / 48", "points"},
      {"headroom_log", "room to improve: log(1 + 48 - score before)", "log points"},
      {"eq5d_index", "EQ-5D index before the operation", "index"},
      {"eq_vas", "EQ VAS before the operation", "points"},
      {"anxiety", "anxious or depressed (EQ-5D)", "0/1"},
      {"symptoms_over_5y", "symptoms for more than 5 years", "0/1"},
      {"symptoms_under_1y", "symptoms for less than a year", "0/1"},
      {"previous_surgery", "earlier surgery on the joint", "0/1"},
      {"living_alone", "lives alone", "0/1"},
      {"disability", "has a disability", "0/1"},
      {"age_decade", "age band", "decades"},
      {"female", "female", "0/1"},
      {"comorbidity_count", "other conditions", "count"},
  };
  for (std::size_t k = 0; k < kComorbidities; ++k)
    t.features.push_back({kComorbidityNames[k], kComorbidityLabels[k], "0/1"});
  for (std::size_t k = 0; k < 12; ++k)
    t.features.push_back({fmt::format("item_{}", k + 1),
                          fmt::format("Oxford item {} before the operation (0 worst, 4 best)", k + 1),
                          "points"});
  const char* dim_names[5] = {"mobility", "self_care", "activity", "discomfort", "anxiety_dim"};
  const char* dim_labels[5] = {"EQ-5D mobility problems", "EQ-5D self-care problems",
                               "EQ-5D usual-activity problems", "EQ-5D pain or discomfort",
                               "EQ-5D anxiety or depression"};
  for (std::size_t k = 0; k < 5; ++k)
    t.features.push_back(
        {fmt::format("eq5d_{}_severe", dim_names[k]), fmt::format("{}: severe", dim_labels[k]), "0/1"});
  t.subgroups["age band"] = {};
  t.subgroups["sex"] = {};
  t.subgroups["severity"] = {};
  for (const PromsRecord& r : records) {
    std::vector<double> v = {
        r.pre_score,
        r.pre_score * r.pre_score / 48.0,
        std::log1p(48.0 - r.pre_score),
        r.eq5d_index,
        r.eq_vas,
        r.anxiety ? (r.anxiety >= 2 ? 1.0 : 0.0) : kNaN,
        r.symptom_period ? (r.symptom_period >= 3 ? 1.0 : 0.0) : kNaN,
        r.symptom_period ? (r.symptom_period == 1 ? 1.0 : 0.0) : kNaN,
        r.previous_surgery >= 0 ? r.previous_surgery : kNaN,
        r.living_alone >= 0 ? r.living_alone : kNaN,
        r.disability >= 0 ? r.disability : kNaN,
        r.age_band.size() >= 2 ? (r.age_band[0] - '0') + 0.5 : kNaN,
        r.sex.empty() ? kNaN : (r.sex == "female" ? 1.0 : 0.0),
        0.0,
    };
    double count = 0;
    for (int c : r.comorbidity) count += c;
    v[13] = count;
    for (int c : r.comorbidity) v.push_back(c);
    for (int it : r.items) v.push_back(it >= 0 ? it : kNaN);
    for (int d : r.eq5d_dims) v.push_back(d ? (d == 3 ? 1.0 : 0.0) : kNaN);
    const double y = target == PromsTarget::kNoImprovement
                         ? (r.post_score - r.pre_score < kOxfordMic ? 1.0 : 0.0)
                         : r.post_score;
    t.add_row(v, y, r.year_start_day, r.provider, fmt::format("line {}", r.line));
    t.subgroups["age band"].push_back(r.age_band.empty() ? "suppressed" : r.age_band);
    t.subgroups["sex"].push_back(r.sex.empty() ? "suppressed" : r.sex);
    t.subgroups["severity"].push_back(r.pre_score < 20   ? "severe (score < 20)"
                                      : r.pre_score < 30 ? "moderate (20-29)"
                                                         : "mild (30+)");
  }
  return t;
}

std::vector<double> nhs_predicted_gain(const std::vector<PromsRecord>& records) {
  std::vector<double> g;
  g.reserve(records.size());
  for (const PromsRecord& r : records) g.push_back(r.nhs_predicted_post - r.pre_score);
  return g;
}

}  // namespace physio::predict
