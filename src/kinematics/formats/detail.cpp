#include "kinematics/formats/detail.hpp"

#include <cmath>
#include <limits>

#include "core/file_io.hpp"

namespace physio::kin::detail {

Result<TimeUs> checked_time(double seconds) {
  if (!std::isfinite(seconds))
    return fail(ErrorCode::kParse, "time is {}, expected a finite number", seconds);
  if (std::fabs(seconds) > kMaxAbsTimeS)
    return fail(ErrorCode::kOutOfRange, "time {} s is out of range (|t| <= {} s)", seconds, kMaxAbsTimeS);
  return seconds_to_us(seconds);
}

std::string format_float(float v) {
  return fmt::format("{}", v);
}

std::string format_double(double v) {
  return fmt::format("{}", v);
}

std::string format_seconds(TimeUs t_us) {
  // Exact decimal microseconds: 66667 us is "0.066667", not the binary double's 0.06666699999999999.
  const bool neg = t_us < 0;
  const auto a = static_cast<std::uint64_t>(neg ? -(t_us + 1) : t_us) + (neg ? 1u : 0u);
  std::string out = fmt::format("{}{}.{:06d}", neg ? "-" : "", a / 1000000u, a % 1000000u);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

std::string format_rate_hz(double hz) {
  // A rate measured from microsecond times is exact to about 6 significant digits.
  return fmt::format("{:.6g}", hz);
}

namespace {

// nlohmann's parser is iterative, but later recursive walks (dump, comparisons) are not: bound the depth
// before parsing. Brackets inside strings do not count.
bool too_deep(std::string_view s) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace

Result<json> parse_json(std::string_view content) {
  if (too_deep(content)) return fail(ErrorCode::kParse, "JSON nested deeper than {} levels", kMaxJsonDepth);
  try {
    return json::parse(content.begin(), content.end());
  } catch (const json::parse_error& e) {
    // nlohmann's message already says where ("syntax error while parsing value - ..."); keep its text.
    return fail(ErrorCode::kParse, "invalid JSON at byte {}: {}", e.byte, e.what());
  } catch (const json::exception& e) {
    // Numbers beyond double range ("1e999") are out_of_range, not parse_error.
    return fail(ErrorCode::kParse, "invalid JSON: {}", e.what());
  }
}

std::optional<double> number_member(const json& obj, std::string_view key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<float> json_float(const json& v) {
  if (v.is_null()) return std::numeric_limits<float>::quiet_NaN();
  if (!v.is_number()) return std::nullopt;
  double d = v.get<double>();
  if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max()))
    return std::nullopt;
  return static_cast<float>(d);
}

Result<SkeletonPtr> pick_skeleton(const LoadOptions& opts, SkeletonPtr implied, std::size_t n_landmarks) {
  SkeletonPtr chosen = opts.skeleton;
  if (!chosen && !opts.skeleton_name.empty()) chosen = PHYSIO_TRY(find_skeleton(opts.skeleton_name));
  if (!chosen) chosen = std::move(implied);
  if (!chosen)
    return fail(ErrorCode::kUnsupported, "no skeleton has {} landmarks; pass one explicitly", n_landmarks);
  if (chosen->size() != n_landmarks)
    return fail(ErrorCode::kInvalidArgument, "skeleton '{}' has {} landmarks but the file has {}",
                chosen->name, chosen->size(), n_landmarks);
  return chosen;
}

Result<SkeletonPtr> skeleton_for_names(const std::vector<std::string>& names, std::string_view hint) {
  if (!hint.empty()) {
    if (auto b = find_skeleton(hint); b && (*b)->landmarks == names) return *b;
  }
  for (const auto& b : builtin_skeletons())
    if (b->landmarks == names) return b;
  return skeleton_from_names(names, hint.empty() ? std::string("markers") : std::string(hint));
}

bool has_control_char(std::string_view s, bool allow_tab) {
  if (looks_binary(s, s.size())) return true;  // NUL or malformed UTF-8
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && !(allow_tab && c == '\t')) || u == 0x7f) return true;
  }
  return false;
}

std::string json_string(std::string_view s) {
  // Invalid UTF-8 is replaced rather than thrown about: names come from files we did not write.
  return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string json_number(float v) {
  return std::isfinite(v) ? format_float(v) : std::string("null");
}

LandmarkSequence rebind_skeleton(const LandmarkSequence& seq, SkeletonPtr skeleton) {
  LandmarkSequence out(std::move(skeleton), seq.space(), seq.n_frames());
  std::copy(seq.times().begin(), seq.times().end(), out.times().begin());
  std::copy(seq.data().begin(), seq.data().end(), out.data().begin());
  out.image_width = seq.image_width;
  out.image_height = seq.image_height;
  out.up_axis = seq.up_axis;
  out.source = seq.source;
  return out;
}

Status check_increasing(std::span<const TimeUs> times) {
  for (std::size_t i = 1; i < times.size(); ++i) {
    if (times[i] <= times[i - 1])
      return frame_fail(i, ErrorCode::kParse, "time {} s is not after the previous frame's {} s",
                        us_to_seconds(times[i]), us_to_seconds(times[i - 1]));
  }
  return ok();
}

double rate_or_default(const LoadOptions& opts, std::vector<std::string>& warnings) {
  if (opts.rate_hz >= kMinRateHz && opts.rate_hz <= kMaxRateHz) return opts.rate_hz;
  if (opts.rate_hz != 0.0)
    warnings.push_back(
        fmt::format("rate {} Hz is out of range; assuming {} Hz", opts.rate_hz, kDefaultRateHz));
  else
    warnings.push_back(fmt::format("the file has no frame times; assuming {} Hz", kDefaultRateHz));
  return kDefaultRateHz;
}

std::string_view axis_name(Axis a) {
  switch (a) {
    case Axis::kX:
      return "x";
    case Axis::kY:
      return "y";
    case Axis::kZ:
      return "z";
    case Axis::kNegX:
      return "-x";
    case Axis::kNegY:
      return "-y";
    case Axis::kNegZ:
      return "-z";
  }
  return "y";
}

std::optional<Axis> axis_from_name(std::string_view s) {
  for (Axis a : {Axis::kX, Axis::kY, Axis::kZ, Axis::kNegX, Axis::kNegY, Axis::kNegZ})
    if (axis_name(a) == s) return a;
  return std::nullopt;
}

std::optional<CoordSpace> coord_space_from_name(std::string_view s) {
  for (CoordSpace c : {CoordSpace::kImageNormalized, CoordSpace::kImagePixels, CoordSpace::kWorldMetres})
    if (coord_space_name(c) == s) return c;
  return std::nullopt;
}

}  // namespace physio::kin::detail
