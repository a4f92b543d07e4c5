#include "gait/calibration.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <vector>

#include "core/file_io.hpp"

namespace physio::gait {
namespace {

struct TomlValue {
  std::string text;
  int line = 0;
};
using TomlTable = std::map<std::string, TomlValue>;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The tables of the file in order, keys with their raw value text (an array may span lines: it is joined
// until its brackets balance). Comments (#) end a line outside strings.
Result<std::vector<std::pair<std::string, TomlTable>>> read_tables(std::string_view text) {
  std::vector<std::pair<std::string, TomlTable>> tables;
  std::string pending_key, pending;
  int pending_line = 0, depth = 0, line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '"') in_string = !in_string;
      if (line[i] == '#' && !in_string) {
        line = line.substr(0, i);
        break;
      }
    }
    line = trim(line);
    if (!pending_key.empty()) {
      pending += ' ';
      pending += line;
    } else {
      if (line.empty()) continue;
      if (line.front() == '[') {
        if (line.back() != ']')
          return fail(ErrorCode::kParse, "line {}: a table header must end with ']'", line_no);
        tables.emplace_back(std::string(trim(line.substr(1, line.size() - 2))), TomlTable{});
        continue;
      }
      const std::size_t eq = line.find('=');
      if (eq == std::string_view::npos)
        return fail(ErrorCode::kParse, "line {}: expected 'key = value'", line_no);
      if (tables.empty()) return fail(ErrorCode::kParse, "line {}: a key before any [camera] table", line_no);
      pending_key = std::string(trim(line.substr(0, eq)));
      pending = std::string(trim(line.substr(eq + 1)));
      pending_line = line_no;
    }
    depth = 0;
    for (char c : pending) depth += c == '[' ? 1 : c == ']' ? -1 : 0;
    if (depth < 0) return fail(ErrorCode::kParse, "line {}: ']' without '['", line_no);
    if (depth == 0) {
      tables.back().second[pending_key] = {pending, pending_line};
      pending_key.clear();
    }
    if (end == text.size()) break;
  }
  if (!pending_key.empty())
    return fail(ErrorCode::kParse, "line {}: '{}': the array is not closed", pending_line, pending_key);
  return tables;
}

// Every number of a (nested) array, in order.
Result<std::vector<double>> numbers(const TomlTable& table, const std::string& key, std::size_t expected) {
  auto it = table.find(key);
  if (it == table.end()) return fail(ErrorCode::kMissingData, "'{}' is missing", key);
  std::vector<double> out;
  const std::string& s = it->second.text;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '[' || c == ']' || c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    double v = 0;
    const char* first = s.data() + i;
    if (c == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), v);
    if (ec != std::errc() || !std::isfinite(v))
      return fail(ErrorCode::kParse, "line {}: '{}': expected numbers, found '{}'", it->second.line, key,
                  s.substr(i, 12));
    out.push_back(v);
    i = static_cast<std::size_t>(ptr - s.data());
  }
  if (out.size() != expected)
    return fail(ErrorCode::kParse, "line {}: '{}': expected {} numbers, found {}", it->second.line, key,
                expected, out.size());
  return out;
}

// Rodrigues vector -> rotation matrix (row-major).
std::array<double, 9> rodrigues(const std::vector<double>& rv) {
  const double th = std::sqrt(rv[0] * rv[0] + rv[1] * rv[1] + rv[2] * rv[2]);
  std::array<double, 9> r{1, 0, 0, 0, 1, 0, 0, 0, 1};
  if (th < 1e-12) return r;
  const double kx = rv[0] / th, ky = rv[1] / th, kz = rv[2] / th;
  const double c = std::cos(th), s = std::sin(th), v = 1 - c;
  r = {c + kx * kx * v,      kx * ky * v - kz * s, kx * kz * v + ky * s,  //
       ky * kx * v + kz * s, c + ky * ky * v,      ky * kz * v - kx * s,  //
       kz * kx * v - ky * s, kz * ky * v + kx * s, c + kz * kz * v};
  return r;
}

Result<CameraCalibration> camera_from(const std::string& name, const TomlTable& t) {
  CameraCalibration cal;
  cal.name = name;
  auto size = PHYSIO_TRY(numbers(t, "size", 2));
  auto k = PHYSIO_TRY(numbers(t, "matrix", 9));
  auto d = PHYSIO_TRY(numbers(t, "distortions", 4));
  auto rv = PHYSIO_TRY(numbers(t, "rotation", 3));
  auto tr = PHYSIO_TRY(numbers(t, "translation", 3));
  if (auto f = t.find("fisheye"); f != t.end() && f->second.text == "true")
    return fail(ErrorCode::kUnsupported,
                "camera '{}' is a fisheye camera; only pinhole cameras are supported", name);
  if (size[0] < 1 || size[1] < 1 || size[0] > 1e5 || size[1] > 1e5)
    return fail(ErrorCode::kParse, "camera '{}': 'size' must be two positive pixel counts", name);
  cal.width_px = static_cast<int>(size[0]);
  cal.height_px = static_cast<int>(size[1]);
  cal.fx = k[0];
  cal.fy = k[4];
  cal.cx = k[2];
  cal.cy = k[5];
  if (!(cal.fx > 0) || !(cal.fy > 0))
    return fail(ErrorCode::kParse, "camera '{}': the focal lengths in 'matrix' must be positive", name);
  for (std::size_t i = 0; i < 4; ++i) cal.distortion[i] = d[i];
  cal.r = rodrigues(rv);
  for (std::size_t i = 0; i < 3; ++i) cal.t[i] = tr[i];
  // Camera centre C = -R^T t.
  for (std::size_t i = 0; i < 3; ++i)
    cal.centre_m[i] =
        -(cal.r[0 * 3 + i] * cal.t[0] + cal.r[1 * 3 + i] * cal.t[1] + cal.r[2 * 3 + i] * cal.t[2]);
  if (!(cal.centre_m[2] > 0))
    return fail(
        ErrorCode::kInvalidArgument,
        "camera '{}' is {:.2f} m from the floor plane Z = 0 and not above it: the calibration's world "
        "must have Z up with the floor at Z = 0 (Pose2Sim's convention)",
        name, cal.centre_m[2]);
  return cal;
}

}  // namespace

Result<CameraCalibration> parse_calibration(std::string_view text, std::string_view name) {
  auto tables = read_tables(text);
  if (!tables) return std::unexpected(std::move(tables).error().with_context(std::string(name)));
  for (const auto& [table_name, table] : *tables) {
    if (!table.contains("matrix")) continue;  // [metadata] and other tables
    auto cal = camera_from(table_name, table);
    if (!cal) return std::unexpected(std::move(cal).error().with_context(std::string(name)));
    return cal;
  }
  return std::unexpected(
      Error(ErrorCode::kMissingData, "no camera table (with 'matrix', 'rotation', 'translation') found")
          .with_context(std::string(name)));
}

Result<CameraCalibration> load_calibration(const std::filesystem::path& path) {
  auto text = load_file(path);
  if (!text) return std::unexpected(std::move(text).error());
  return parse_calibration(*text, path.string());
}

Result<std::array<double, 3>> floor_point(const CameraCalibration& cal, double u, double v) {
  // Normalised distorted coordinates, then undistorted by fixed-point iteration.
  const double xd = (u - cal.cx) / cal.fx, yd = (v - cal.cy) / cal.fy;
  const auto [k1, k2, p1, p2] = cal.distortion;
  double x = xd, y = yd;
  for (int it = 0; it < 20; ++it) {
    const double r2 = x * x + y * y;
    const double radial = 1 + k1 * r2 + k2 * r2 * r2;
    const double dx = 2 * p1 * x * y + p2 * (r2 + 2 * x * x);
    const double dy = p1 * (r2 + 2 * y * y) + 2 * p2 * x * y;
    x = (xd - dx) / radial;
    y = (yd - dy) / radial;
  }
  // Ray direction in world coordinates: R^T (x, y, 1).
  std::array<double, 3> d{};
  for (std::size_t i = 0; i < 3; ++i) d[i] = cal.r[0 * 3 + i] * x + cal.r[1 * 3 + i] * y + cal.r[2 * 3 + i];
  if (!(d[2] < -1e-9))
    return fail(ErrorCode::kOutOfRange,
                "pixel ({:.0f}, {:.0f}) looks at or above the horizon, not at the floor", u, v);
  const double s = -cal.centre_m[2] / d[2];
  return std::array<double, 3>{cal.centre_m[0] + s * d[0], cal.centre_m[1] + s * d[1], 0.0};
}

}  // namespace physio::gait
