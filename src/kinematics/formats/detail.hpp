#pragma once
/// Internal helpers shared by the format readers and writers (not part of the public API).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "kinematics/formats/options.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::kin::detail {

using nlohmann::json;

/// Largest |time| a file may state, in seconds (about 31 years): keeps microsecond conversion exact.
inline constexpr double kMaxAbsTimeS = 1e9;
/// Frame rates a file or option may state.
inline constexpr double kMinRateHz = 1e-3;
inline constexpr double kMaxRateHz = 1e6;
/// Deepest JSON nesting accepted (our formats need 4).
inline constexpr std::size_t kMaxJsonDepth = 64;

/// An error at a line of a text file: "line 7: <message>".
template <typename... Args>
std::unexpected<Error> line_fail(std::size_t line, ErrorCode code, fmt::format_string<Args...> f,
                                 Args&&... args) {
  return std::unexpected(
      Error(code, fmt::format(f, std::forward<Args>(args)...)).with_context(fmt::format("line {}", line)));
}

/// An error at a frame of a JSON file: "frame 3: <message>".
template <typename... Args>
std::unexpected<Error> frame_fail(std::size_t frame, ErrorCode code, fmt::format_string<Args...> f,
                                  Args&&... args) {
  return std::unexpected(
      Error(code, fmt::format(f, std::forward<Args>(args)...)).with_context(fmt::format("frame {}", frame)));
}

/// The start of a field or line (at most 40 characters), quoted in error messages.
inline std::string_view excerpt(std::string_view s) {
  return s.substr(0, 40);
}

/// Adds "reading <name>" to an error.
inline Error reading(Error e, std::string_view name) {
  return std::move(e).with_context(fmt::format("reading {}", name));
}

/// Seconds to microseconds, rejecting NaN, infinities and absurd magnitudes.
Result<TimeUs> checked_time(double seconds);

/// Shortest text that reads back to the same float / double ("0.25", "-1e-07").
std::string format_float(float v);
std::string format_double(double v);
/// A time as exact decimal seconds from its microseconds ("0.066667", "2", "-0.5").
std::string format_seconds(TimeUs t_us);
/// A frame rate to 6 significant digits ("59.9988", "30").
std::string format_rate_hz(double hz);

/// Parses JSON text; errors give the byte offset and reject nesting deeper than kMaxJsonDepth.
Result<json> parse_json(std::string_view content);

/// A number member of an object (nullopt if absent, null or not a number).
std::optional<double> number_member(const json& obj, std::string_view key);
/// A JSON number or null (NaN) as float; nullopt for anything else (strings, objects, out of float range).
std::optional<float> json_float(const json& v);

/// Applies LoadOptions::skeleton / skeleton_name to a skeleton the file implies, checking the count.
Result<SkeletonPtr> pick_skeleton(const LoadOptions& opts, SkeletonPtr implied, std::size_t n_landmarks);

/// The built-in skeleton whose landmark names are exactly `names` (preferring one called `hint`), else a
/// skeleton made from the names (skeleton_from_names, named `hint` or "markers").
Result<SkeletonPtr> skeleton_for_names(const std::vector<std::string>& names, std::string_view hint);

/// True when `s` holds an ASCII control character (tab allowed when `allow_tab`) or is not valid UTF-8.
bool has_control_char(std::string_view s, bool allow_tab);

/// JSON string literal of `s` (quoted, escaped).
std::string json_string(std::string_view s);
/// A float as a JSON number, or null when not finite.
std::string json_number(float v);

/// The same sequence with another skeleton of the same landmark count.
LandmarkSequence rebind_skeleton(const LandmarkSequence& seq, SkeletonPtr skeleton);

/// Checks that times strictly increase; names the frame otherwise.
Status check_increasing(std::span<const TimeUs> times);

/// The rate to use for formats without times; adds a warning when defaulting.
double rate_or_default(const LoadOptions& opts, std::vector<std::string>& warnings);

/// Axis names used in our files: "x", "-y", ...
std::string_view axis_name(Axis a);
std::optional<Axis> axis_from_name(std::string_view s);
std::optional<CoordSpace> coord_space_from_name(std::string_view s);

}  // namespace physio::kin::detail
