// compute_angles: picks the mode and the angles, finds swapped frames and the facing direction, runs the
// 2D or 3D pass, unwraps segment series when asked.

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "kinematics/angles/angles_internal.hpp"
#include "kinematics/angles/swaps.hpp"
#include "kinematics/formats/mot.hpp"

namespace physio::kin {

std::string_view angle_mode_name(AngleMode m) {
  switch (m) {
    case AngleMode::kAuto:
      return "auto";
    case AngleMode::k2d:
      return "2d";
    case AngleMode::k3d:
      return "3d";
  }
  return "auto";
}

std::string_view facing_name(Facing f) {
  switch (f) {
    case Facing::kAuto:
      return "auto";
    case Facing::kLeft:
      return "left";
    case Facing::kRight:
      return "right";
  }
  return "auto";
}

Result<AngleMode> parse_angle_mode(std::string_view s) {
  for (AngleMode m : {AngleMode::kAuto, AngleMode::k2d, AngleMode::k3d})
    if (iequals(angle_mode_name(m), s)) return m;
  return fail(ErrorCode::kInvalidArgument, "unknown angle mode '{}'; expected auto, 2d or 3d", s);
}

Result<Facing> parse_facing(std::string_view s) {
  for (Facing f : {Facing::kAuto, Facing::kLeft, Facing::kRight})
    if (iequals(facing_name(f), s)) return f;
  return fail(ErrorCode::kInvalidArgument, "unknown facing '{}'; expected auto, left or right", s);
}

int AngleSeries::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

std::span<const double> AngleSeries::column(std::string_view name) const {
  int i = index_of(name);
  if (i < 0) return {};
  return columns[static_cast<std::size_t>(i)];
}

void unwrap_deg(std::span<double> values, double period_deg) {
  const double half = 0.5 * period_deg;
  double prev = detail::kNaN;
  for (double& v : values) {
    if (std::isnan(v)) continue;
    // The comparison is false for a NaN prev; the rounding only runs on an actual jump.
    if (std::fabs(v - prev) > half) v -= period_deg * std::round((v - prev) / period_deg);
    prev = v;
  }
}

void unwrap_into_range(std::span<double> values, double range_lo_deg, double period_deg) {
  unwrap_deg(values, period_deg);
  double sum = 0.0;
  std::size_t n = 0;
  for (double v : values)
    if (!std::isnan(v)) {
      sum += v;
      ++n;
    }
  if (n == 0) return;
  const double k = std::floor((sum / static_cast<double>(n) - range_lo_deg) / period_deg);
  if (k == 0.0) return;
  for (double& v : values) v -= k * period_deg;
}

AngleTable to_angle_table(const AngleSeries& series) {
  AngleTable t;
  t.times = series.times;
  t.names = series.names;
  t.columns = series.columns;
  t.units = series.units;
  t.in_degrees = true;
  return t;
}

namespace {

std::string joint_list(const std::vector<Joint>& js) {
  std::string out;
  for (Joint j : js) {
    if (!out.empty()) out += ", ";
    out += joint_name(j);
  }
  return out;
}

}  // namespace

namespace detail {

Result<AngleMode> resolve_mode(AngleMode requested, CoordSpace space) {
  AngleMode mode = requested;
  if (mode == AngleMode::kAuto) mode = space == CoordSpace::kWorldMetres ? AngleMode::k3d : AngleMode::k2d;
  if (mode == AngleMode::k3d && space != CoordSpace::kWorldMetres)
    return fail(ErrorCode::kUnsupported, "3D angles need world coordinates in metres; this sequence is {}",
                coord_space_name(space));
  return mode;
}

Result<std::vector<std::size_t>> select_angles(AngleMode mode, const Skeleton& sk,
                                               const std::vector<std::string>& names, AngleReport& report) {
  const std::span<const AngleSpec> specs = mode == AngleMode::k3d ? angle_specs_3d() : angle_specs_2d();
  auto missing_of = [&](const AngleSpec& s) {
    std::vector<Joint> miss;
    for (Joint j : s.joints)
      if (!sk.has(j) && std::find(miss.begin(), miss.end(), j) == miss.end()) miss.push_back(j);
    return miss;
  };

  std::vector<std::size_t> which;
  if (names.empty()) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      auto miss = missing_of(specs[i]);
      if (miss.empty())
        which.push_back(i);
      else
        report.omitted.push_back(specs[i].name + " (missing: " + joint_list(miss) + ")");
    }
  } else {
    for (const std::string& name : names) {
      auto it = std::find_if(specs.begin(), specs.end(), [&](const AngleSpec& s) { return s.name == name; });
      if (it == specs.end()) {
        std::string known;
        for (const AngleSpec& s : specs) known += (known.empty() ? "" : ", ") + s.name;
        return fail(ErrorCode::kInvalidArgument, "unknown {} angle '{}'; known: {}", angle_mode_name(mode),
                    name, known);
      }
      auto miss = missing_of(*it);
      if (!miss.empty())
        return fail(ErrorCode::kMissingData, "angle '{}' needs joints the skeleton '{}' lacks: {}", name,
                    sk.name, joint_list(miss));
      const auto idx = static_cast<std::size_t>(it - specs.begin());
      if (std::find(which.begin(), which.end(), idx) == which.end()) which.push_back(idx);
    }
  }
  return which;
}

// When the listed frames are, in seconds from the first frame: spans of frames under 0.25 s apart, at most
// three named ("1.0-1.9 s and 3.8 s", "...and 2 more times").
static std::string times_of(const LandmarkSequence& seq, const std::vector<std::size_t>& frames) {
  const auto times = seq.times();
  if (frames.empty() || times.empty()) return "";
  const auto at = [&](std::size_t f) { return static_cast<double>(times[f] - times[0]) / 1e6; };
  std::vector<std::pair<double, double>> spans;
  for (std::size_t f : frames) {
    if (f >= times.size()) continue;
    const double t = at(f);
    if (!spans.empty() && t - spans.back().second < 0.25)
      spans.back().second = t;
    else
      spans.emplace_back(t, t);
  }
  std::string out;
  const std::size_t shown = std::min<std::size_t>(spans.size(), 3);
  for (std::size_t k = 0; k < shown; ++k) {
    if (k > 0) out += k + 1 == shown && shown == spans.size() ? " and " : ", ";
    const auto [a, b] = spans[k];
    out += b - a < 0.05 ? fmt::format("{:.1f} s", a) : fmt::format("{:.1f}-{:.1f} s", a, b);
  }
  if (spans.size() > shown) out += fmt::format(" and {} more times", spans.size() - shown);
  return out;
}

}  // namespace detail

Result<AngleSeries> compute_angles(const LandmarkSequence& seq, const AngleOptions& opts) {
  if (seq.n_landmarks() == 0) return fail(ErrorCode::kInvalidArgument, "landmark sequence has no skeleton");
  AngleSeries out;
  AngleReport& report = out.report;

  const AngleMode mode = PHYSIO_TRY(detail::resolve_mode(opts.mode, seq.space()));
  report.mode = mode;
  const std::span<const AngleSpec> specs = mode == AngleMode::k3d ? angle_specs_3d() : angle_specs_2d();
  const std::vector<std::size_t> which =
      PHYSIO_TRY(detail::select_angles(mode, seq.skeleton(), opts.angles, report));

  const std::size_t n = seq.n_frames();
  out.times.assign(seq.times().begin(), seq.times().end());
  for (std::size_t w : which) {
    out.names.push_back(specs[w].name);
    out.units.push_back(specs[w].unit);
  }
  out.columns.assign(which.size(), std::vector<double>(n, detail::kNaN));

  // The sequence measured: the input, or a copy read with its labels repaired (swaps.hpp, merged_legs.hpp).
  const LandmarkSequence* measured = &seq;
  std::optional<LandmarkSequence> repaired;
  if (opts.repair_swaps) {
    repaired = seq;
    LabelRepair lr = repair_labels(*repaired, opts.labels_from, SwapOptions{}, opts.repair_merged_legs);
    report.swapped_leg_frames = std::move(lr.swapped_leg_frames);
    report.swapped_arm_frames = std::move(lr.swapped_arm_frames);
    report.merged_leg_frames = std::move(lr.merged_leg_frames);
    if (!report.swapped_leg_frames.empty())
      report.warnings.push_back(
          fmt::format("the pose model mixed up the left and right legs at {}: read the right way round",
                      detail::times_of(seq, report.swapped_leg_frames)));
    if (!report.swapped_arm_frames.empty())
      report.warnings.push_back(
          fmt::format("the pose model mixed up the left and right arms at {}: read the right way round",
                      detail::times_of(seq, report.swapped_arm_frames)));
    if (!report.merged_leg_frames.empty())
      report.warnings.push_back(fmt::format(
          "the pose model drew both legs at one place at {}: the knees and feet there are estimated from the "
          "moments before and after",
          detail::times_of(seq, report.merged_leg_frames)));
    measured = &*repaired;
  }

  const std::vector<std::uint8_t> none;

  if (mode == AngleMode::k2d) {
    Facing facing = opts.facing;
    if (facing == Facing::kAuto) {
      FacingResult fr = detect_facing(*measured);
      facing = fr.facing;
      report.facing_basis = fr.basis;
      if (fr.basis == "default")
        report.warnings.push_back(
            "facing direction unknown (no toes/heels or nose/ears): assumed facing right (+x); pass the "
            "facing "
            "explicitly if the person faces left");
    } else {
      report.facing_basis = "given";
    }
    report.facing = facing;
    detail::compute_2d(*measured, which, facing, none, none, out.columns, report);
  } else {
    detail::compute_3d(*measured, which, none, none, out.columns, report);
  }

  // Joint angles are never unwrapped: a joint cannot turn a whole turn, so a series that seems to is
  // reading a landmark error or another person, and unwrapping would carry every other frame a turn
  // away with it (a hanging arm read as -360 deg). Each value stays in its range instead.
  if (opts.unwrap)
    for (std::size_t k = 0; k < which.size(); ++k)
      if (specs[which[k]].is_segment)
        unwrap_into_range(out.columns[k], specs[which[k]].range_lo_deg, specs[which[k]].period_deg);
  return out;
}

}  // namespace physio::kin
