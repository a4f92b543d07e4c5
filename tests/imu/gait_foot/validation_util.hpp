#pragma once
// Readers for the gaitmap example reference tables and the matching rules of the validation tests.
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace physio::imu::test {

/// A CSV table by header name: rows of strings.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int col(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
  double num(std::size_t r, const std::string& name) const {
    const int c = col(name);
    return c < 0 ? NAN : std::stod(rows[r][static_cast<std::size_t>(c)]);
  }
  std::string str(std::size_t r, const std::string& name) const {
    const int c = col(name);
    return c < 0 ? std::string() : rows[r][static_cast<std::size_t>(c)];
  }
};

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

inline CsvTable read_csv_table(const std::filesystem::path& path) {
  CsvTable t;
  std::ifstream in(path);
  std::string line;
  if (std::getline(in, line)) t.header = split_csv_line(line);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) t.rows.push_back(split_csv_line(line));
  }
  return t;
}

/// Interval [start, end] in samples.
struct Interval {
  double start = 0.0;
  double end = 0.0;
};

/// Overlap / union of two intervals.
inline double iou(const Interval& a, const Interval& b) {
  const double inter = std::max(0.0, std::min(a.end, b.end) - std::max(a.start, b.start));
  const double uni = std::max(a.end, b.end) - std::min(a.start, b.start);
  return uni > 0.0 ? inter / uni : 0.0;
}

/// Greedy one-to-one matching: for each reference, the detected interval with the best score among the
/// unmatched ones that pass `accept`. Returns detected index per reference (-1 unmatched).
template <typename Accept, typename Score>
std::vector<int> match_intervals(const std::vector<Interval>& ref, const std::vector<Interval>& det,
                                 Accept accept, Score score) {
  std::vector<int> out(ref.size(), -1);
  std::vector<char> used(det.size(), 0);
  for (std::size_t r = 0; r < ref.size(); ++r) {
    double best = -1e300;
    for (std::size_t d = 0; d < det.size(); ++d) {
      if (used[d] || !accept(ref[r], det[d])) continue;
      const double s = score(ref[r], det[d]);
      if (s > best) {
        best = s;
        out[r] = static_cast<int>(d);
      }
    }
    if (out[r] >= 0) used[static_cast<std::size_t>(out[r])] = 1;
  }
  return out;
}

struct F1 {
  std::size_t tp = 0, fp = 0, fn = 0;
  double precision() const {
    return tp + fp > 0 ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0.0;
  }
  double recall() const { return tp + fn > 0 ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0.0; }
  double f1() const {
    return 2 * tp + fp + fn > 0 ? 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn) : 0.0;
  }
};

/// Border matching: both start and end within `tol` samples of the reference.
inline F1 border_f1(const std::vector<Interval>& ref, const std::vector<Interval>& det, double tol) {
  const auto m = match_intervals(
      ref, det,
      [&](const Interval& r, const Interval& d) {
        return std::abs(r.start - d.start) <= tol && std::abs(r.end - d.end) <= tol;
      },
      [](const Interval& r, const Interval& d) {
        return -std::abs(r.start - d.start) - std::abs(r.end - d.end);
      });
  F1 f;
  for (int x : m) f.tp += x >= 0 ? 1 : 0;
  f.fn = ref.size() - f.tp;
  f.fp = det.size() - f.tp;
  return f;
}

}  // namespace physio::imu::test
