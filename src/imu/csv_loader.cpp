#include "imu/csv_loader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/file_io.hpp"
#include "core/text.hpp"
#include "imu/csv_columns.hpp"
#include "imu/placement.hpp"
#include "imu/unit_checks.hpp"

namespace physio::imu {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxRateHz = 100000.0;
constexpr double kMaxAbsTimeS = 1e11;  // about 3000 years: beyond any unix time in seconds

struct Column {
  std::size_t field = 0;  // position in a data row
  std::string label;      // for messages: "acc_x" or "left_sensor/acc_x"
  ColumnSpec spec;
  std::vector<double> values;
};

// Per sensor: the column index (into `columns`) of each axis of each channel, -1 when absent.
struct SensorColumns {
  std::string name;
  std::array<int, 3> acc{-1, -1, -1};
  std::array<int, 3> gyr{-1, -1, -1};
  std::array<int, 3> mag{-1, -1, -1};
};

char detect_separator(std::string_view header) {
  if (header.find(',') != std::string_view::npos) return ',';
  if (header.find(';') != std::string_view::npos) return ';';
  if (header.find('\t') != std::string_view::npos) return '\t';
  return ',';
}

std::size_t count_channels(const std::vector<std::string_view>& cells) {
  std::size_t n = 0;
  for (auto c : cells) {
    const auto k = classify_column(c).kind;
    n += (k == ColumnKind::kAcc || k == ColumnKind::kGyr || k == ColumnKind::kMag) ? 1 : 0;
  }
  return n;
}

std::array<int, 3>* channel_slots(SensorColumns& s, ColumnKind k) {
  switch (k) {
    case ColumnKind::kAcc:
      return &s.acc;
    case ColumnKind::kGyr:
      return &s.gyr;
    case ColumnKind::kMag:
      return &s.mag;
    default:
      return nullptr;
  }
}

std::string stem_of(std::string_view name) {
  const std::string s = std::filesystem::path(std::string(name)).stem().string();
  return s.empty() ? std::string("imu") : s;
}

// Fills NaN runs by linear interpolation in time; runs longer than max_gap_s are an error.
Status fill_nan_runs(Column& col, const std::vector<double>& t, const std::vector<std::size_t>& lines,
                     double dt, double max_gap_s, std::vector<std::string>& warnings) {
  auto& v = col.values;
  const std::size_t n = v.size();
  std::size_t filled = 0, runs = 0, first_line = 0, last_line = 0;
  std::size_t i = 0;
  while (i < n) {
    if (!std::isnan(v[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && std::isnan(v[j])) ++j;
    const std::size_t len = j - i;
    const double span_s = static_cast<double>(len) * dt;
    if (len == n)
      return fail(ErrorCode::kMissingData, "field {}: every value is missing (NaN or empty)", col.label);
    if (span_s > max_gap_s + 1e-12)
      return fail(ErrorCode::kMissingData,
                  "field {}: {} consecutive missing values from line {} to line {} ({:.3g} s, longer than "
                  "the {:.3g} s "
                  "that can be interpolated)",
                  col.label, len, lines[i], lines[j - 1], span_s, max_gap_s);
    for (std::size_t k = i; k < j; ++k) {
      if (i == 0) {
        v[k] = v[j];
      } else if (j == n) {
        v[k] = v[i - 1];
      } else {
        const double a = (t[k] - t[i - 1]) / (t[j] - t[i - 1]);
        v[k] = v[i - 1] + a * (v[j] - v[i - 1]);
      }
    }
    if (runs == 0) first_line = lines[i];
    last_line = lines[j - 1];
    filled += len;
    ++runs;
    i = j;
  }
  if (runs > 0)
    warnings.push_back(fmt::format("{}: {} missing value(s) in {} run(s) interpolated (lines {}-{})",
                                   col.label, filled, runs, first_line, last_line));
  return ok();
}

// Typical sample interval: the mean of the intervals that are not gaps (under 1.5 x the median), which is
// robust to gaps and, unlike the median alone, to alternating jitter.
double typical_interval(const std::vector<double>& t) {
  std::vector<double> d(t.size() - 1);
  for (std::size_t i = 1; i < t.size(); ++i) d[i - 1] = t[i] - t[i - 1];
  std::vector<double> sorted = d;
  const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
  std::nth_element(sorted.begin(), mid, sorted.end());
  const double med = *mid;
  double sum = 0.0;
  std::size_t count = 0;
  for (double x : d) {
    if (x < 1.5 * med) {
      sum += x;
      ++count;
    }
  }
  return count > 0 ? sum / static_cast<double>(count) : med;
}

// Linear interpolation of (t, v) at the uniform grid t0 + k*dt, k < m.
std::vector<double> resample(const std::vector<double>& t, const std::vector<double>& v, double t0, double dt,
                             std::size_t m) {
  std::vector<double> out(m);
  std::size_t j = 0;
  for (std::size_t k = 0; k < m; ++k) {
    const double tk = t0 + static_cast<double>(k) * dt;
    while (j + 2 < t.size() && t[j + 1] < tk) ++j;
    const double a = std::clamp((tk - t[j]) / (t[j + 1] - t[j]), 0.0, 1.0);
    out[k] = v[j] + a * (v[j + 1] - v[j]);
  }
  return out;
}

Samples3 gather(const std::vector<Column>& cols, const std::array<int, 3>& idx, double scale) {
  const std::size_t n = cols[static_cast<std::size_t>(idx[0])].values.size();
  Samples3 m(static_cast<Eigen::Index>(n), 3);
  for (int a = 0; a < 3; ++a) {
    const auto& v = cols[static_cast<std::size_t>(idx[static_cast<std::size_t>(a)])].values;
    for (std::size_t i = 0; i < n; ++i) m(static_cast<Eigen::Index>(i), a) = v[i] * scale;
  }
  return m;
}

// The signal decides where a sensor is worn; the options override it (with a warning when the signal
// disagrees), and the file or sensor name is only a hint: used when the signal cannot tell, and for a
// foot's side, which one sensor's signal cannot give.
void decide_placement(ImuRecording& rec, Placement given, Placement named, std::vector<std::string>& sw) {
  const PlacementEvidence ev = placement_from_signal(rec);
  rec.placement_seen = ev.seen;
  rec.placement_reason = ev.reason;
  auto hyphen = [](Placement p) {
    std::string n(placement_name(p));
    std::replace(n.begin(), n.end(), '_', '-');
    return n;
  };
  if (given != Placement::kUnknown) {
    rec.placement = given;
    rec.placement_basis = "options";
    if (placement_contradicts(given, ev.seen))
      sw.push_back(fmt::format("--placement {} was given but {}", hyphen(given), ev.reason));
    return;
  }
  const bool named_foot = named == Placement::kLeftFoot || named == Placement::kRightFoot;
  switch (ev.seen) {
    case SignalPlacement::kFoot:
      if (named_foot) {
        rec.placement = named;
        rec.placement_basis = "signal";
      } else {
        rec.placement = Placement::kUnknown;
        rec.placement_basis = "";
        sw.push_back(
            fmt::format("{}; give --placement left-foot or right-foot for a foot analysis", ev.reason));
      }
      return;
    case SignalPlacement::kLowerBack:
      if (named_foot || (named != Placement::kUnknown && named != Placement::kLowerBack))
        sw.push_back(fmt::format("the name suggests a {} sensor but {}; reading it as lower back",
                                 hyphen(named), ev.reason));
      rec.placement = Placement::kLowerBack;
      rec.placement_basis = "signal";
      return;
    case SignalPlacement::kUnknown:
      rec.placement = named;
      rec.placement_basis = named == Placement::kUnknown ? "" : "name";
      return;
  }
}

Result<ImuSession> parse_impl(std::string_view content, std::string_view name, const ImuLoadOptions& opt) {
  ImuSession session;
  session.source = std::string(name);
  auto& warnings = session.warnings;

  LineReader reader(content);
  std::string_view line;
  std::vector<std::string_view> cells, cells2;
  // Header: the first non-blank line.
  bool have_header = false;
  while (reader.next(line)) {
    if (!trim(line).empty()) {
      have_header = true;
      break;
    }
  }
  if (!have_header) return fail(ErrorCode::kParse, "the file is empty (no header row)");
  if (line.starts_with("\xef\xbb\xbf")) line.remove_prefix(3);
  const char sep = detect_separator(line);
  split(line, sep, cells);
  const std::size_t n_fields = cells.size();

  // Two-row MultiIndex header: the first row holds no channel names and the second one does.
  std::vector<std::string> sensor_of(n_fields);
  std::vector<std::string_view> channel_cells = cells;
  bool multi = false;
  std::string_view data_first;
  bool have_pending = false;
  if (count_channels(cells) == 0 && reader.next(line)) {
    split(line, sep, cells2);
    if (count_channels(cells2) > 0) {
      if (cells2.size() != n_fields)
        return fail(ErrorCode::kParse, "line {}: second header row has {} fields, the first has {}",
                    reader.line_number(), cells2.size(), n_fields);
      multi = true;
      for (std::size_t i = 0; i < n_fields; ++i) sensor_of[i] = std::string(trim(cells[i]));
      channel_cells = cells2;
    } else {
      data_first = line;
      have_pending = true;
    }
  }

  std::vector<Column> cols;
  int time_col = -1, sample_col = -1;
  std::vector<SensorColumns> sensors;
  auto sensor_index = [&](const std::string& s) {
    for (std::size_t i = 0; i < sensors.size(); ++i)
      if (sensors[i].name == s) return i;
    sensors.push_back(SensorColumns{s, {-1, -1, -1}, {-1, -1, -1}, {-1, -1, -1}});
    return sensors.size() - 1;
  };
  for (std::size_t f = 0; f < n_fields; ++f) {
    ColumnSpec spec = classify_column(channel_cells[f]);
    const std::string header(trim(channel_cells[f]));
    // In a MultiIndex file the first column ("sensor"/"axis" or blank) is the sample index.
    if (multi && f == 0 && spec.kind == ColumnKind::kIgnore) spec.kind = ColumnKind::kSample;
    if (spec.kind == ColumnKind::kIgnore) continue;
    if (!spec.unknown_suffix.empty()) {
      warnings.push_back(
          fmt::format("column '{}' ignored: unknown unit suffix '{}'", header, spec.unknown_suffix));
      continue;
    }
    const std::string sensor = multi && spec.kind != ColumnKind::kSample && spec.kind != ColumnKind::kTime
                                   ? sensor_of[f]
                                   : std::string();
    Column c{f, sensor.empty() ? header : sensor + "/" + header, spec, {}};
    if (spec.kind == ColumnKind::kTime || spec.kind == ColumnKind::kSample) {
      int& slot = spec.kind == ColumnKind::kTime ? time_col : sample_col;
      if (slot >= 0) continue;  // the first one wins (t_s before a later timestamp column)
      slot = static_cast<int>(cols.size());
      cols.push_back(std::move(c));
      continue;
    }
    auto& slots = *channel_slots(sensors[sensor_index(sensor)], spec.kind);
    int& slot = slots[static_cast<std::size_t>(spec.axis)];
    if (slot >= 0)
      return fail(ErrorCode::kParse, "column '{}' appears twice (field {} and field {})", c.label,
                  cols[static_cast<std::size_t>(slot)].field + 1, f + 1);
    slot = static_cast<int>(cols.size());
    cols.push_back(std::move(c));
  }

  // Every channel present needs its three axes; every sensor needs an accelerometer.
  if (sensors.empty())
    return fail(ErrorCode::kMissingData,
                "no accelerometer columns found (expected header names like acc_x, acc_x_g or acc_x_ms2)");
  for (auto& s : sensors) {
    const std::string who = s.name.empty() ? std::string() : fmt::format(" of sensor '{}'", s.name);
    for (ColumnKind k : {ColumnKind::kAcc, ColumnKind::kGyr, ColumnKind::kMag}) {
      const auto& slots = *channel_slots(s, k);
      const int present =
          static_cast<int>(std::count_if(slots.begin(), slots.end(), [](int v) { return v >= 0; }));
      if (present == 0) {
        if (k == ColumnKind::kAcc)
          return fail(ErrorCode::kMissingData, "no accelerometer columns{} (expected acc_x, acc_y, acc_z)",
                      who);
        continue;
      }
      if (present < 3) {
        std::string missing, found;
        for (int a = 0; a < 3; ++a) {
          const std::string nm = fmt::format("{}_{}", column_kind_name(k), static_cast<char>('x' + a));
          std::string& dst = slots[static_cast<std::size_t>(a)] >= 0 ? found : missing;
          dst += (dst.empty() ? "" : ", ") + nm;
        }
        return fail(ErrorCode::kMissingData, "missing column {}{} (found {})", missing, who, found);
      }
    }
  }

  // Data rows.
  std::vector<std::size_t> lines;
  auto parse_row = [&](std::string_view row) -> Status {
    split(row, sep, cells);
    if (cells.size() != n_fields)
      return fail(ErrorCode::kParse, "line {}: expected {} fields, got {}", reader.line_number(), n_fields,
                  cells.size());
    for (auto& c : cols) {
      const std::string_view cell = trim(cells[c.field]);
      double v = kNaN;
      if (!cell.empty()) {
        const auto p = parse_double(cell);
        if (!p)
          return fail(ErrorCode::kParse, "line {}: field {}: '{}' is not a number", reader.line_number(),
                      c.label, cell.substr(0, 40));
        v = *p;
      }
      c.values.push_back(v);
    }
    lines.push_back(reader.line_number());
    return ok();
  };
  const std::size_t pending_line = reader.line_number();
  if (have_pending) {
    // The row read while probing for a second header row is data; report its own line number.
    split(data_first, sep, cells);
    if (cells.size() != n_fields)
      return fail(ErrorCode::kParse, "line {}: expected {} fields, got {}", pending_line, n_fields,
                  cells.size());
    PHYSIO_CHECK(parse_row(data_first));
  }
  // A file cut in the middle of its last line (no line end after it) gives the rows before it and a warning.
  const bool unterminated = !content.empty() && content.back() != '\n';
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    auto row = parse_row(line);
    if (row) continue;
    const std::size_t bad_line = reader.line_number();
    const std::string what = cells.size() != n_fields ? fmt::format("{} of {} fields", cells.size(), n_fields)
                                                      : std::string("a field is not a number");
    std::string_view rest;
    bool more = false;
    while (!more && reader.next(rest)) more = !trim(rest).empty();
    if (more || !unterminated) return std::unexpected(std::move(row.error()));
    for (auto& c : cols)
      if (c.values.size() > lines.size()) c.values.pop_back();
    warnings.push_back(
        fmt::format("{}: line {} is cut short ({}): the file looks truncated; read the {} "
                    "complete rows before it",
                    name, bad_line, what, lines.size()));
    break;
  }
  const std::size_t n = lines.size();
  if (n < 2) return fail(ErrorCode::kMissingData, "only {} data row(s); at least 2 are needed", n);

  if (opt.rate_hz && !(*opt.rate_hz > 0.0 && *opt.rate_hz <= kMaxRateHz))
    return fail(ErrorCode::kInvalidArgument, "rate_hz must be in (0, {}] Hz, got {}", kMaxRateHz,
                *opt.rate_hz);

  // Sample times in seconds.
  std::vector<double> t(n);
  std::string time_label;
  if (time_col >= 0 || sample_col >= 0) {
    const bool by_time = time_col >= 0;
    if (!by_time && !opt.rate_hz)
      return fail(ErrorCode::kInvalidArgument,
                  "the file has a sample column but no time column: give the sampling rate (--rate-hz)");
    const Column& c = cols[static_cast<std::size_t>(by_time ? time_col : sample_col)];
    time_label = c.label;
    const double scale = by_time ? c.spec.scale : 1.0 / *opt.rate_hz;
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(c.values[i]))
        return fail(ErrorCode::kParse, "line {}: field {}: missing or non-finite time", lines[i], c.label);
      t[i] = c.values[i] * scale;
      if (!std::isfinite(t[i]) || std::abs(t[i]) > kMaxAbsTimeS)
        return fail(ErrorCode::kParse, "line {}: field {}: time {} is out of range", lines[i], c.label,
                    c.values[i]);
      if (i > 0 && !(t[i] > t[i - 1]))
        return fail(ErrorCode::kParse,
                    "line {}: field {}: timestamps are not increasing ({} after {} on line {})", lines[i],
                    c.label, c.values[i], c.values[i - 1], lines[i - 1]);
    }
  } else {
    if (!opt.rate_hz)
      return fail(
          ErrorCode::kInvalidArgument,
          "the file has no time or sample column (t_s, time, timestamp, sample): give the sampling rate "
          "(--rate-hz)");
    for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<double>(i) / *opt.rate_hz;
  }

  // Nominal rate and timing defects.
  const double med_dt = typical_interval(t);
  double dt = opt.rate_hz ? 1.0 / *opt.rate_hz : med_dt;
  const double rate_seen = 1.0 / med_dt;
  if (opt.rate_hz && std::abs(med_dt - dt) > opt.jitter_tolerance * dt)
    warnings.push_back(
        fmt::format("the timestamps say {:.4g} Hz but {:.4g} Hz was given; resampling to {:.4g} Hz",
                    rate_seen, *opt.rate_hz, *opt.rate_hz));
  if (!(1.0 / dt <= kMaxRateHz))
    return fail(ErrorCode::kUnsupported, "sampling rate {:.4g} Hz is implausibly high (maximum {} Hz)",
                1.0 / dt, kMaxRateHz);
  if (1.0 / dt < opt.min_rate_hz)
    return fail(ErrorCode::kUnsupported,
                "sampling rate {:.3g} Hz is too slow for gait/orientation analysis (minimum {:.3g} Hz)",
                1.0 / dt, opt.min_rate_hz);
  std::size_t gaps = 0, jittered = 0;
  double longest_gap = 0.0, worst_jitter = 0.0;
  for (std::size_t i = 1; i < n; ++i) {
    const double d = t[i] - t[i - 1];
    if (d > opt.max_time_gap_s)
      return fail(
          ErrorCode::kMissingData,
          "line {}: field {}: gap of {:.3g} s in the timestamps (longer than the {:.3g} s that can be "
          "resampled)",
          lines[i], time_label, d, opt.max_time_gap_s);
    if (d > 1.5 * dt) {
      ++gaps;
      longest_gap = std::max(longest_gap, d);
    } else if (std::abs(d - dt) > opt.jitter_tolerance * dt) {
      ++jittered;
      worst_jitter = std::max(worst_jitter, std::abs(d - dt) / dt);
    }
  }
  const bool must_resample =
      gaps > 0 || jittered > 0 || (opt.rate_hz && std::abs(med_dt - dt) > opt.jitter_tolerance * dt);
  if (!must_resample && !opt.rate_hz && time_col >= 0)
    dt = (t.back() - t.front()) / static_cast<double>(n - 1);
  const double rate = 1.0 / dt;

  // Missing values (before resampling, in original time).
  for (auto& c : cols) {
    if (static_cast<int>(&c - cols.data()) == time_col || static_cast<int>(&c - cols.data()) == sample_col)
      continue;
    PHYSIO_CHECK(fill_nan_runs(c, t, lines, dt, opt.max_nan_gap_s, warnings));
  }

  std::size_t m = n;
  if (must_resample) {
    const double steps = std::floor((t.back() - t.front()) / dt + 1e-9);
    if (!(steps < 4.0 * static_cast<double>(n) + 1000.0))
      return fail(ErrorCode::kUnsupported, "resampling to {:.4g} Hz would turn {} rows into {:.3g} samples",
                  rate, n, steps);
    m = static_cast<std::size_t>(steps) + 1;
    for (auto& c : cols) c.values = resample(t, c.values, t.front(), dt, m);
    std::string what;
    if (gaps > 0) what += fmt::format("{} gap(s), longest {:.3g} s", gaps, longest_gap);
    if (jittered > 0)
      what += fmt::format("{}{} jittered interval(s), worst {:.0f}% of the period", what.empty() ? "" : "; ",
                          jittered, 100.0 * worst_jitter);
    if (what.empty()) what = "rate change";
    warnings.push_back(fmt::format("resampled linearly to a uniform {:.4g} Hz grid ({} -> {} samples): {}",
                                   rate, n, m, what));
  }
  std::vector<TimeUs> t_us(m);
  const TimeUs t0 = seconds_to_us(t.front());
  for (std::size_t k = 0; k < m; ++k)
    t_us[k] = must_resample ? t0 + sample_time_us(static_cast<std::int64_t>(k), rate) : seconds_to_us(t[k]);

  // Units and recordings.
  for (auto& s : sensors) {
    std::vector<std::string> sw;
    const Samples3 acc_raw = gather(cols, s.acc, 1.0);
    std::optional<Samples3> gyr_raw;
    if (s.gyr[0] >= 0) gyr_raw = gather(cols, s.gyr, 1.0);
    const RestStats rest = compute_rest_stats(acc_raw, gyr_raw ? &*gyr_raw : nullptr, rate);

    const AccUnit acc_suffix = cols[static_cast<std::size_t>(s.acc[0])].spec.acc_unit;
    AccUnit acc_declared = opt.acc_unit != AccUnit::kAuto ? opt.acc_unit : acc_suffix;
    const char* acc_by = opt.acc_unit != AccUnit::kAuto ? "options" : "column suffix";
    if (opt.acc_unit != AccUnit::kAuto && acc_suffix != AccUnit::kAuto && acc_suffix != opt.acc_unit)
      sw.push_back(fmt::format("options declare acc in {} but the column suffix says {}; using the options",
                               acc_unit_name(opt.acc_unit), acc_unit_name(acc_suffix)));
    const AccUnit acc_unit =
        PHYSIO_TRY(resolve_acc_unit(acc_declared, acc_by, rest, opt.check_plausibility, sw));

    ImuRecording rec;
    rec.sensor_name = s.name.empty() ? (opt.sensor_name.empty() ? stem_of(name) : opt.sensor_name) : s.name;
    rec.rate_hz = rate;
    rec.t_us = t_us;
    rec.acc_mps2 = acc_raw * acc_scale(acc_unit);
    rec.units.acc = acc_unit;
    rec.units.acc_source = acc_declared == AccUnit::kAuto ? "detected" : acc_by;
    if (gyr_raw) {
      const GyrUnit gyr_suffix = cols[static_cast<std::size_t>(s.gyr[0])].spec.gyr_unit;
      const GyrUnit gyr_declared = opt.gyr_unit != GyrUnit::kAuto ? opt.gyr_unit : gyr_suffix;
      const char* gyr_by = opt.gyr_unit != GyrUnit::kAuto ? "options" : "column suffix";
      if (opt.gyr_unit != GyrUnit::kAuto && gyr_suffix != GyrUnit::kAuto && gyr_suffix != opt.gyr_unit)
        sw.push_back(fmt::format("options declare gyr in {} but the column suffix says {}; using the options",
                                 gyr_unit_name(opt.gyr_unit), gyr_unit_name(gyr_suffix)));
      const GyrUnit gyr_unit =
          PHYSIO_TRY(resolve_gyr_unit(gyr_declared, gyr_by, rest, opt.check_plausibility, sw));
      rec.gyr_rps = *gyr_raw * gyr_scale(gyr_unit);
      rec.units.gyr = gyr_unit;
      rec.units.gyr_source = gyr_declared == GyrUnit::kAuto ? "detected" : gyr_by;
    }
    if (s.mag[0] >= 0) {
      const ColumnSpec& ms = cols[static_cast<std::size_t>(s.mag[0])].spec;
      rec.mag_ut = gather(cols, s.mag, ms.scale);
      if (!ms.unit_stated) sw.push_back("magnetometer unit not stated in the header; assumed uT");
      double sum = 0.0;
      for (Eigen::Index i = 0; i < rec.mag_ut->rows(); ++i) sum += rec.mag_ut->row(i).norm();
      const double mean_norm = sum / static_cast<double>(rec.mag_ut->rows());
      if (opt.check_plausibility && (mean_norm < 10.0 || mean_norm > 100.0))
        sw.push_back(fmt::format(
            "magnetometer magnitude {:.3g} uT is outside the Earth's field range (about 25-65 uT)",
            mean_norm));
    }
    decide_placement(rec, !multi ? opt.placement : Placement::kUnknown,
                     placement_from_name(multi ? s.name : rec.sensor_name + " " + std::string(name), multi),
                     sw);
    for (auto& w : sw) warnings.push_back(sensors.size() > 1 ? rec.sensor_name + ": " + w : w);
    session.sensors.push_back(std::move(rec));
  }
  return session;
}

}  // namespace

Result<ImuSession> parse_imu_csv(std::string_view content, std::string_view name,
                                 const ImuLoadOptions& options) {
  auto r = parse_impl(content, name, options);
  if (!r) return std::unexpected(std::move(r.error()).with_context(fmt::format("reading {}", name)));
  return r;
}

Result<ImuSession> load_imu_csv(const std::filesystem::path& path, const ImuLoadOptions& options) {
  auto text = load_text_file(path);
  if (!text) return std::unexpected(std::move(text.error()));
  return parse_imu_csv(*text, path.string(), options);
}

}  // namespace physio::imu
