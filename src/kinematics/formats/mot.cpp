#include "kinematics/formats/mot.hpp"

#include <cmath>
#include <optional>
#include <unordered_set>

#include "core/nan.hpp"
#include "core/text.hpp"
#include "kinematics/formats/detail.hpp"

namespace physio::kin {
namespace {

using detail::excerpt;
using detail::frame_fail;
using detail::json;
using detail::line_fail;

std::string_view strip_bom(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  return s;
}

void mot_split_fields(std::string_view line, std::vector<std::string_view>& out) {
  if (line.find('\t') != std::string_view::npos) {
    split(line, '\t', out);
    for (auto& f : out) f = trim(f);
    while (out.size() > 1 && out.back().empty()) out.pop_back();  // trailing tabs
  } else {
    split_whitespace(line, out);
  }
}

std::string unit_for(std::string_view column, bool in_degrees) {
  if (column.ends_with("_tx") || column.ends_with("_ty") || column.ends_with("_tz")) return "m";
  return in_degrees ? "deg" : "rad";
}

std::string unit_of(const AngleTable& t, std::size_t c) {
  if (c < t.units.size() && !t.units[c].empty()) return t.units[c];
  return t.in_degrees ? "deg" : "rad";
}

// Starts a table with the given column names; checks they are unique and non-empty.
Status set_names(AngleTable& t, std::vector<std::string> names) {
  std::unordered_set<std::string> seen;
  for (const auto& n : names) {
    if (n.empty()) return fail(ErrorCode::kParse, "empty column name");
    if (detail::has_control_char(n, false))
      return fail(ErrorCode::kParse, "column name '{}' holds a control character or invalid UTF-8", n);
    if (!seen.insert(n).second) return fail(ErrorCode::kParse, "column '{}' appears twice", n);
  }
  t.names = std::move(names);
  t.columns.assign(t.names.size(), {});
  return ok();
}

// Parses one value cell: blank -> NaN when allowed, "nan" -> NaN, inf -> error.
Result<double> parse_cell(std::string_view cell, bool blank_ok) {
  if (cell.empty()) {
    if (blank_ok) return kNaN;
    return fail(ErrorCode::kParse, "empty cell, expected a number");
  }
  auto v = parse_double(cell);
  if (!v) return fail(ErrorCode::kParse, "'{}' is not a number", excerpt(cell));
  if (std::isinf(*v))
    return fail(ErrorCode::kParse, "'{}' is infinite, expected a finite number or NaN", excerpt(cell));
  return *v;
}

// Reads rows "time v1 v2 ..." from `reader` into `t` (names already set).
Status read_rows(LineReader& reader, AngleTable& t, char sep, bool blank_ok) {
  std::string_view line;
  std::vector<std::string_view> f;
  const std::size_t n_cols = t.names.size() + 1;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    const std::size_t ln = reader.line_number();
    if (sep == ',') {
      split(line, ',', f);
      for (auto& x : f) x = trim(x);
    } else {
      mot_split_fields(line, f);
    }
    if (f.size() != n_cols)
      return line_fail(ln, ErrorCode::kParse, "expected {} columns, got {}", n_cols, f.size());
    auto tv = parse_double(f[0]);
    if (!tv) return line_fail(ln, ErrorCode::kParse, "time '{}' is not a number", excerpt(f[0]));
    auto t_us = detail::checked_time(*tv);
    if (!t_us) return std::unexpected(std::move(t_us.error()).with_context(fmt::format("line {}", ln)));
    if (!t.times.empty() && *t_us <= t.times.back())
      return line_fail(ln, ErrorCode::kParse, "time {} s is not after the previous row's {} s", *tv,
                       us_to_seconds(t.times.back()));
    t.times.push_back(*t_us);
    for (std::size_t c = 1; c < n_cols; ++c) {
      auto v = parse_cell(f[c], blank_ok);
      if (!v)
        return std::unexpected(std::move(v.error())
                                   .with_context(fmt::format("column {} ({})", c + 1, t.names[c - 1]))
                                   .with_context(fmt::format("line {}", ln)));
      t.columns[c - 1].push_back(*v);
    }
  }
  return ok();
}

Result<AngleTable> parse_mot_body(std::string_view content) {
  content = strip_bom(content);
  LineReader reader(content);
  std::string_view line;
  std::optional<long long> n_rows, n_columns;
  AngleTable t;
  bool found_end = false;
  while (reader.next(line)) {
    std::string_view s = trim(line);
    if (iequals(s, "endheader")) {
      found_end = true;
      break;
    }
    auto eq = s.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = trim(s.substr(0, eq)), val = trim(s.substr(eq + 1));
    if (iequals(key, "nRows")) {
      n_rows = parse_int(val);
      if (!n_rows || *n_rows < 0)
        return line_fail(reader.line_number(), ErrorCode::kParse, "nRows '{}' is not a row count",
                         excerpt(val));
    } else if (iequals(key, "nColumns")) {
      n_columns = parse_int(val);
      if (!n_columns || *n_columns < 1)
        return line_fail(reader.line_number(), ErrorCode::kParse, "nColumns '{}' is not a column count",
                         excerpt(val));
    } else if (iequals(key, "inDegrees")) {
      if (iequals(val, "yes"))
        t.in_degrees = true;
      else if (iequals(val, "no"))
        t.in_degrees = false;
      else
        return line_fail(reader.line_number(), ErrorCode::kParse, "inDegrees '{}', expected yes or no",
                         excerpt(val));
    }
  }
  if (!found_end) return fail(ErrorCode::kParse, "no 'endheader' line: not an OpenSim .mot/.sto file");

  std::vector<std::string_view> f;
  bool have_names = false;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    have_names = true;
    break;
  }
  if (!have_names)
    return line_fail(reader.line_number(), ErrorCode::kCorrupt, "file ends before the column names");
  const std::size_t names_line = reader.line_number();
  mot_split_fields(line, f);
  if (f.empty() || !iequals(f[0], "time"))
    return line_fail(names_line, ErrorCode::kParse, "expected the first column to be 'time', got '{}'",
                     f.empty() ? std::string_view() : excerpt(f[0]));
  if (f.size() < 2)
    return line_fail(names_line, ErrorCode::kParse, "expected at least one column after 'time'");
  if (n_columns && static_cast<std::size_t>(*n_columns) != f.size())
    return line_fail(names_line, ErrorCode::kParse, "expected {} columns (nColumns), got {}", *n_columns,
                     f.size());
  std::vector<std::string> names;
  for (std::size_t i = 1; i < f.size(); ++i) names.emplace_back(f[i]);
  if (auto s = set_names(t, std::move(names)); !s)
    return std::unexpected(std::move(s.error()).with_context(fmt::format("line {}", names_line)));
  PHYSIO_CHECK(read_rows(reader, t, '\t', false));
  if (n_rows && static_cast<std::size_t>(*n_rows) > t.times.size())
    return line_fail(reader.line_number(), ErrorCode::kCorrupt,
                     "file ends after {} rows but nRows says {} (truncated?)", t.times.size(), *n_rows);
  for (const auto& n : t.names) t.units.push_back(unit_for(n, t.in_degrees));
  return t;
}

Result<AngleTable> parse_csv_body(std::string_view content) {
  content = strip_bom(content);
  LineReader reader(content);
  std::string_view line;
  AngleTable t;
  std::vector<std::string> units;
  std::vector<std::string_view> f;
  bool have_header = false;
  while (reader.next(line)) {
    std::string_view s = trim(line);
    if (s.empty()) continue;
    if (s.starts_with('#')) {
      split_whitespace(s.substr(1), f);
      for (auto kv : f) {
        if (kv.starts_with("in_degrees="))
          t.in_degrees = !iequals(kv.substr(11), "no") && kv.substr(11) != "false";
        if (kv.starts_with("units=")) {
          std::vector<std::string_view> u;
          split(kv.substr(6), ',', u);
          for (auto x : u) units.emplace_back(x);
        }
      }
      continue;
    }
    have_header = true;
    break;
  }
  if (!have_header) return fail(ErrorCode::kParse, "no header row, expected 't_s,<column>,...'");
  const std::size_t hl = reader.line_number();
  split(line, ',', f);
  for (auto& x : f) x = trim(x);
  if (f.empty() || !(f[0] == "t_s" || iequals(f[0], "time")))
    return line_fail(hl, ErrorCode::kParse, "expected the first column to be 't_s', got '{}'", excerpt(f[0]));
  if (f.size() < 2) return line_fail(hl, ErrorCode::kParse, "expected at least one column after 't_s'");
  std::vector<std::string> names;
  for (std::size_t i = 1; i < f.size(); ++i) names.emplace_back(f[i]);
  if (auto s = set_names(t, std::move(names)); !s)
    return std::unexpected(std::move(s.error()).with_context(fmt::format("line {}", hl)));
  if (!units.empty() && units.size() != t.names.size())
    return fail(ErrorCode::kParse, "units list has {} entries for {} columns", units.size(), t.names.size());
  PHYSIO_CHECK(read_rows(reader, t, ',', true));
  t.units = units.empty() ? std::vector<std::string>() : std::move(units);
  if (t.units.empty())
    for (std::size_t c = 0; c < t.names.size(); ++c) t.units.push_back(unit_for(t.names[c], t.in_degrees));
  return t;
}

Result<AngleTable> parse_json_body(std::string_view content) {
  json doc = PHYSIO_TRY(detail::parse_json(content));
  if (!doc.is_object() || doc.value("format", json()) != "physio-angles")
    return fail(ErrorCode::kParse, "expected a JSON object with \"format\": \"physio-angles\"");
  if (auto v = detail::number_member(doc, "version"); !v || *v != 1.0)
    return fail(ErrorCode::kUnsupported, "expected \"version\": 1");
  AngleTable t;
  if (auto it = doc.find("in_degrees"); it != doc.end()) {
    if (!it->is_boolean()) return fail(ErrorCode::kParse, "\"in_degrees\" must be true or false");
    t.in_degrees = it->get<bool>();
  }
  auto ts = doc.find("t_s");
  if (ts == doc.end() || !ts->is_array()) return fail(ErrorCode::kParse, "expected a \"t_s\" array");
  for (std::size_t i = 0; i < ts->size(); ++i) {
    const json& v = (*ts)[i];
    if (!v.is_number()) return frame_fail(i, ErrorCode::kParse, "t_s is not a number");
    auto t_us = detail::checked_time(v.get<double>());
    if (!t_us) return std::unexpected(std::move(t_us.error()).with_context(fmt::format("frame {}", i)));
    t.times.push_back(*t_us);
  }
  PHYSIO_CHECK(detail::check_increasing(t.times));
  auto cols = doc.find("columns");
  if (cols == doc.end() || !cols->is_array()) return fail(ErrorCode::kParse, "expected a \"columns\" array");
  std::vector<std::string> names;
  for (std::size_t c = 0; c < cols->size(); ++c) {
    const json& col = (*cols)[c];
    auto nm = col.is_object() ? col.find("name") : col.end();
    if (!col.is_object() || nm == col.end() || !nm->is_string())
      return fail(ErrorCode::kParse, "column {}: expected an object with a \"name\" string", c);
    names.push_back(nm->get<std::string>());
  }
  PHYSIO_CHECK(set_names(t, std::move(names)));
  for (std::size_t c = 0; c < cols->size(); ++c) {
    const json& col = (*cols)[c];
    auto u = col.find("unit");
    t.units.push_back(u != col.end() && u->is_string() ? u->get<std::string>()
                                                       : unit_for(t.names[c], t.in_degrees));
    auto vals = col.find("values");
    if (vals == col.end() || !vals->is_array() || vals->size() != t.times.size())
      return fail(ErrorCode::kParse, "column {} ({}): expected \"values\", an array of {} numbers", c,
                  t.names[c], t.times.size());
    for (std::size_t i = 0; i < vals->size(); ++i) {
      const json& v = (*vals)[i];
      if (v.is_null())
        t.columns[c].push_back(kNaN);
      else if (v.is_number())
        t.columns[c].push_back(v.get<double>());
      else
        return fail(ErrorCode::kParse, "column {} ({}), frame {}: expected a number or null", c, t.names[c],
                    i);
    }
  }
  return t;
}

template <typename F>
Result<AngleTable> with_name(F&& body, std::string_view name) {
  auto r = body();
  if (!r) return std::unexpected(detail::reading(std::move(r.error()), name));
  return r;
}

std::string cell(double v, std::string_view nan_text) {
  return std::isnan(v) ? std::string(nan_text) : detail::format_double(v);
}

}  // namespace

int AngleTable::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

Status validate_angle_table(const AngleTable& t) {
  if (t.columns.size() != t.names.size())
    return fail(ErrorCode::kInvalidArgument, "angle table: {} names but {} columns", t.names.size(),
                t.columns.size());
  if (!t.units.empty() && t.units.size() != t.names.size())
    return fail(ErrorCode::kInvalidArgument, "angle table: {} units for {} columns", t.units.size(),
                t.names.size());
  std::unordered_set<std::string_view> seen;
  for (std::size_t c = 0; c < t.names.size(); ++c) {
    const auto& n = t.names[c];
    if (n.empty() || n != trim(n) || n.find_first_of("\t\r\n,\"\\") != std::string::npos ||
        detail::has_control_char(n, false))
      return fail(ErrorCode::kInvalidArgument, "angle table: column name '{}' is empty or holds a separator",
                  n);
    if (!seen.insert(n).second)
      return fail(ErrorCode::kInvalidArgument, "angle table: column '{}' appears twice", n);
    if (t.columns[c].size() != t.times.size())
      return fail(ErrorCode::kInvalidArgument, "angle table: column '{}' has {} values for {} times", n,
                  t.columns[c].size(), t.times.size());
    for (double v : t.columns[c])
      if (std::isinf(v))
        return fail(ErrorCode::kInvalidArgument, "angle table: column '{}' holds an infinity", n);
  }
  for (const auto& u : t.units)
    if (u.find_first_of(" \t\r\n,\"\\") != std::string::npos || detail::has_control_char(u, false))
      return fail(ErrorCode::kInvalidArgument, "angle table: unit '{}' holds a separator", u);
  PHYSIO_CHECK(detail::check_increasing(t.times));
  return ok();
}

Result<AngleTable> parse_mot(std::string_view content, std::string_view name) {
  return with_name([&] { return parse_mot_body(content); }, name);
}

Result<AngleTable> load_mot(const std::filesystem::path& path, std::size_t max_bytes) {
  std::string content = PHYSIO_TRY(load_text_file(path, max_bytes));
  return parse_mot(content, path.string());
}

Result<std::string> format_mot(const AngleTable& t, std::string_view table_name) {
  PHYSIO_CHECK(validate_angle_table(t));
  std::string title(table_name.empty() ? "physiokit-angles" : table_name);
  for (char& c : title)
    if (c == '\n' || c == '\r' || c == '=') c = ' ';
  std::string out = fmt::format("{}\nversion=1\nnRows={}\nnColumns={}\ninDegrees={}\nendheader\ntime", title,
                                t.n_frames(), t.n_columns() + 1, t.in_degrees ? "yes" : "no");
  for (const auto& n : t.names) out += fmt::format("\t{}", n);
  out += '\n';
  for (std::size_t i = 0; i < t.n_frames(); ++i) {
    out += detail::format_seconds(t.times[i]);
    for (std::size_t c = 0; c < t.n_columns(); ++c) out += fmt::format("\t{}", cell(t.columns[c][i], "NaN"));
    out += '\n';
  }
  return out;
}

Status save_mot(const AngleTable& table, const std::filesystem::path& path) {
  std::string text = PHYSIO_TRY(format_mot(table, path.stem().string()));
  return save_file_atomic(path, text);
}

Result<AngleTable> parse_angle_csv(std::string_view content, std::string_view name) {
  return with_name([&] { return parse_csv_body(content); }, name);
}

Result<AngleTable> parse_angle_json(std::string_view content, std::string_view name) {
  return with_name([&] { return parse_json_body(content); }, name);
}

Result<std::string> format_angle_csv(const AngleTable& t) {
  PHYSIO_CHECK(validate_angle_table(t));
  std::string out = fmt::format("# physio-angles v1 in_degrees={} units=", t.in_degrees ? "yes" : "no");
  for (std::size_t c = 0; c < t.n_columns(); ++c) out += (c ? "," : "") + unit_of(t, c);
  out += "\nt_s";
  for (const auto& n : t.names) out += fmt::format(",{}", n);
  out += '\n';
  for (std::size_t i = 0; i < t.n_frames(); ++i) {
    out += detail::format_seconds(t.times[i]);
    for (std::size_t c = 0; c < t.n_columns(); ++c) out += fmt::format(",{}", cell(t.columns[c][i], ""));
    out += '\n';
  }
  return out;
}

Result<std::string> format_angle_json(const AngleTable& t) {
  PHYSIO_CHECK(validate_angle_table(t));
  json doc = {{"format", "physio-angles"}, {"version", 1}, {"in_degrees", t.in_degrees}};
  json ts = json::array();
  for (TimeUs v : t.times) ts.push_back(us_to_seconds(v));
  doc["t_s"] = std::move(ts);
  json cols = json::array();
  for (std::size_t c = 0; c < t.n_columns(); ++c) {
    json vals = json::array();
    for (double v : t.columns[c]) vals.push_back(std::isnan(v) ? json(nullptr) : json(v));
    cols.push_back({{"name", t.names[c]}, {"unit", unit_of(t, c)}, {"values", std::move(vals)}});
  }
  doc["columns"] = std::move(cols);
  return doc.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

Status save_angle_table(const AngleTable& table, const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::string text;
  if (iequals(ext, ".mot") || iequals(ext, ".sto"))
    text = PHYSIO_TRY(format_mot(table, path.stem().string()));
  else if (iequals(ext, ".csv"))
    text = PHYSIO_TRY(format_angle_csv(table));
  else if (iequals(ext, ".json"))
    text = PHYSIO_TRY(format_angle_json(table));
  else
    return fail(ErrorCode::kInvalidArgument,
                "{}: unknown angle file extension '{}', expected .mot, .sto, .csv or .json", path.string(),
                ext);
  return save_file_atomic(path, text);
}

Result<AngleTable> parse_angle_table(std::string_view content, std::string_view name) {
  std::string_view s = trim(strip_bom(content));
  if (s.starts_with('{')) return parse_angle_json(content, name);
  if (s.starts_with("# physio-angles") || s.starts_with("t_s,")) return parse_angle_csv(content, name);
  return parse_mot(content, name);
}

Result<AngleTable> load_angle_table(const std::filesystem::path& path, std::size_t max_bytes) {
  std::string content = PHYSIO_TRY(load_text_file(path, max_bytes));
  return parse_angle_table(content, path.string());
}

}  // namespace physio::kin
