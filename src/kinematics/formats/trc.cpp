#include "kinematics/formats/trc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "core/file_io.hpp"
#include "core/text.hpp"
#include "kinematics/formats/detail.hpp"

namespace physio::kin {
namespace {

using detail::excerpt;
using detail::line_fail;

// Fields of a TRC line: tab-separated when the line has tabs (blank cells are meaningful), else
// whitespace-separated.
void trc_split_fields(std::string_view line, std::vector<std::string_view>& out) {
  if (line.find('\t') != std::string_view::npos) {
    split(line, '\t', out);
    for (auto& f : out) f = trim(f);
  } else {
    split_whitespace(line, out);
  }
}

// Reads the next line that is not blank; false at the end.
bool next_nonblank(LineReader& reader, std::string_view& line) {
  while (reader.next(line))
    if (!trim(line).empty()) return true;
  return false;
}

// Built-in skeleton whose landmark names are exactly `names`, in order.
SkeletonPtr matching_builtin(const std::vector<std::string>& names) {
  for (const auto& s : builtin_skeletons())
    if (s->landmarks == names) return s;
  return nullptr;
}

constexpr char kAxisLetters[3] = {'X', 'Y', 'Z'};

// Rotation that brings `up` onto +Y while keeping the frame right-handed.
void to_y_up(Axis up, float& x, float& y, float& z) {
  const float ox = x, oy = y, oz = z;
  switch (up) {
    case Axis::kY:
      return;
    case Axis::kNegY:
      x = ox, y = -oy, z = -oz;
      return;
    case Axis::kZ:
      x = ox, y = oz, z = -oy;
      return;
    case Axis::kNegZ:
      x = ox, y = -oz, z = oy;
      return;
    case Axis::kX:
      x = -oy, y = ox, z = oz;
      return;
    case Axis::kNegX:
      x = oy, y = -ox, z = oz;
      return;
  }
}

/// A TRC whose every Z is exactly 0 is a 2D recording in the image plane, whatever its Units say (Sports2D
/// writes its pixel TRC labelled "m" with Z = 0): no 3D capture puts every marker on one plane in every
/// frame. Read as 2D image coordinates so that angles are 2D: a body spanning more than 10 units in one
/// frame is in pixels, y down, kept as it is; otherwise the values are metres with y up (Sports2D's metre
/// TRC, older ones in km-like units with y inverted read the same way), turned into millimetre "pixels"
/// with y down. The warning says which.
void read_planar_as_2d(LandmarkFile& out) {
  LandmarkSequence& seq = out.landmarks;
  double span = 0;
  std::size_t present = 0;
  for (std::size_t i = 0; i < seq.n_frames(); ++i) {
    float lo_x = std::numeric_limits<float>::max(), hi_x = -lo_x, lo_y = lo_x, hi_y = -lo_x;
    for (const Landmark& lm : seq.frame(i)) {
      if (!std::isfinite(lm.x)) continue;
      if (lm.z != 0.0f) return;
      ++present;
      lo_x = std::min(lo_x, lm.x);
      hi_x = std::max(hi_x, lm.x);
      lo_y = std::min(lo_y, lm.y);
      hi_y = std::max(hi_y, lm.y);
    }
    if (hi_x >= lo_x) span = std::max(span, static_cast<double>(std::max(hi_x - lo_x, hi_y - lo_y)));
  }
  if (present == 0) return;
  const bool in_pixels = span > 10.0;
  LandmarkSequence flat(seq.skeleton_ptr(), CoordSpace::kImagePixels, 0);
  flat.source = seq.source;
  flat.reserve(seq.n_frames());
  for (std::size_t i = 0; i < seq.n_frames(); ++i) {
    auto dst = flat.add_frame(seq.times()[i]);
    const auto src = seq.frame(i);
    for (std::size_t m = 0; m < src.size(); ++m) {
      if (!std::isfinite(src[m].x)) continue;
      dst[m] = in_pixels ? Landmark{src[m].x, src[m].y, 0.0f, src[m].visibility}
                         : Landmark{src[m].x * 1000.0f, -src[m].y * 1000.0f, 0.0f, src[m].visibility};
    }
  }
  seq = std::move(flat);
  out.warnings.push_back(
      in_pixels ? fmt::format("every Z is 0 and the body spans up to {:.0f} units in one frame, more than a "
                              "person measures in metres: read as 2D pixel coordinates, y down (a Sports2D "
                              "pixel TRC); angles are 2D",
                              span)
                : "every Z is 0: read as a 2D recording in the image plane with y up (a Sports2D metre TRC); "
                  "angles are 2D");
}

Result<LandmarkFile> parse_trc_body(std::string_view content, std::string_view name,
                                    const LoadOptions& opts) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  LineReader reader(content);
  std::string_view line;
  std::vector<std::string_view> f;

  if (!reader.next(line) || !trim(line).starts_with("PathFileType"))
    return line_fail(1, ErrorCode::kParse, "expected a TRC header starting with 'PathFileType', got '{}'",
                     excerpt(line));

  // Lines 2 and 3: header keys and their values.
  if (!reader.next(line)) return line_fail(2, ErrorCode::kCorrupt, "file ends inside the header");
  std::vector<std::string> keys;
  trc_split_fields(line, f);
  for (auto k : f) keys.emplace_back(k);
  if (!reader.next(line)) return line_fail(3, ErrorCode::kCorrupt, "file ends inside the header");
  trc_split_fields(line, f);
  if (f.size() < keys.size())
    return line_fail(3, ErrorCode::kParse, "expected {} header values, got {}", keys.size(), f.size());
  auto value_of = [&](std::string_view key) -> std::optional<std::string_view> {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (iequals(keys[i], key)) return f[i];
    return std::nullopt;
  };
  auto rate_text = value_of("DataRate");
  auto frames_text = value_of("NumFrames");
  auto markers_text = value_of("NumMarkers");
  auto units_text = value_of("Units");
  if (!rate_text || !frames_text || !markers_text || !units_text)
    return line_fail(2, ErrorCode::kParse, "expected header keys DataRate, NumFrames, NumMarkers and Units");
  auto rate = parse_double(*rate_text);
  if (!rate || !(*rate >= detail::kMinRateHz && *rate <= detail::kMaxRateHz))
    return line_fail(3, ErrorCode::kParse, "DataRate '{}' is not a rate in Hz ({} to {})",
                     excerpt(*rate_text), detail::kMinRateHz, detail::kMaxRateHz);
  auto claimed_frames = parse_int(*frames_text);
  if (!claimed_frames || *claimed_frames < 0)
    return line_fail(3, ErrorCode::kParse, "NumFrames '{}' is not a frame count", excerpt(*frames_text));
  auto claimed_markers = parse_int(*markers_text);
  if (!claimed_markers || *claimed_markers < 1)
    return line_fail(3, ErrorCode::kParse, "NumMarkers '{}' is not a marker count", excerpt(*markers_text));
  double scale = 0;
  const bool pixels = iequals(*units_text, "px") || iequals(*units_text, "pixels");
  if (pixels)
    scale = 1.0;
  else if (iequals(*units_text, "m"))
    scale = 1.0;
  else if (iequals(*units_text, "mm"))
    scale = 1e-3;
  else if (iequals(*units_text, "cm"))
    scale = 1e-2;
  else
    return line_fail(3, ErrorCode::kUnsupported, "Units '{}' not supported, expected m, cm, mm or px",
                     excerpt(*units_text));

  // Line 4: Frame#, Time, then one name per marker; line 5: X1 Y1 Z1 ...
  if (!reader.next(line)) return line_fail(4, ErrorCode::kCorrupt, "file ends before the marker names");
  trc_split_fields(line, f);
  if (f.size() < 2 || !iequals(f[0], "Frame#") || !iequals(f[1], "Time"))
    return line_fail(4, ErrorCode::kParse, "expected 'Frame#' and 'Time' before the marker names");
  std::vector<std::string> names;
  for (std::size_t i = 2; i < f.size(); ++i) {
    if (f[i].empty()) continue;
    if (detail::has_control_char(f[i], false))
      return line_fail(4, ErrorCode::kParse, "marker name {} holds a control character or invalid UTF-8",
                       names.size() + 1);
    names.emplace_back(f[i]);
  }
  if (names.size() != static_cast<std::size_t>(*claimed_markers))
    return line_fail(4, ErrorCode::kParse, "expected {} marker names (NumMarkers), got {}", *claimed_markers,
                     names.size());
  auto skeleton_r = skeleton_from_names(names);
  if (!skeleton_r) return std::unexpected(std::move(skeleton_r.error()).with_context("line 4"));
  SkeletonPtr implied = matching_builtin(names);
  if (!implied) implied = *skeleton_r;
  SkeletonPtr skeleton = PHYSIO_TRY(detail::pick_skeleton(opts, implied, names.size()));
  if (!reader.next(line)) return line_fail(5, ErrorCode::kCorrupt, "file ends before the X1 Y1 Z1 line");

  const std::size_t n_markers = names.size();
  const std::size_t n_cols = 2 + 3 * n_markers;
  LandmarkFile out;
  out.format = "trc";
  out.landmarks = LandmarkSequence(skeleton, pixels ? CoordSpace::kImagePixels : CoordSpace::kWorldMetres, 0);
  LandmarkSequence& seq = out.landmarks;
  seq.up_axis = Axis::kY;
  seq.source = std::string(name);
  std::size_t last_line = reader.line_number();
  while (next_nonblank(reader, line)) {
    const std::size_t ln = reader.line_number();
    last_line = ln;
    trc_split_fields(line, f);
    while (f.size() > n_cols && f.back().empty()) f.pop_back();  // trailing tabs
    if (f.size() != n_cols)
      return line_fail(ln, ErrorCode::kParse, "expected {} columns, got {}", n_cols, f.size());
    auto t = parse_double(f[1]);
    if (!t) return line_fail(ln, ErrorCode::kParse, "time '{}' is not a number", excerpt(f[1]));
    auto t_us = detail::checked_time(*t);
    if (!t_us) return std::unexpected(std::move(t_us.error()).with_context(fmt::format("line {}", ln)));
    if (seq.n_frames() > 0 && *t_us <= seq.times().back())
      return line_fail(ln, ErrorCode::kParse, "time {} s is not after the previous frame's {} s", *t,
                       us_to_seconds(seq.times().back()));
    auto frame = seq.add_frame(*t_us);
    for (std::size_t m = 0; m < n_markers; ++m) {
      float xyz[3];
      bool missing = false;
      for (std::size_t a = 0; a < 3; ++a) {
        std::string_view cell = f[2 + 3 * m + a];
        double v = std::numeric_limits<double>::quiet_NaN();
        if (!cell.empty()) {
          auto p = parse_double(cell);
          if (!p)
            return line_fail(ln, ErrorCode::kParse, "column {} ({} {}): '{}' is not a number", 3 + 3 * m + a,
                             names[m], kAxisLetters[a], excerpt(cell));
          v = *p * scale;
          if (std::isinf(v) || (std::isfinite(v) && std::fabs(v) > std::numeric_limits<float>::max()))
            return line_fail(ln, ErrorCode::kParse, "column {} ({} {}): '{}' is not a finite coordinate",
                             3 + 3 * m + a, names[m], kAxisLetters[a], excerpt(cell));
        }
        if (std::isnan(v)) missing = true;
        xyz[a] = static_cast<float>(v);
      }
      if (!missing) frame[m] = Landmark{xyz[0], xyz[1], xyz[2], std::numeric_limits<float>::quiet_NaN()};
    }
  }
  const auto n_frames = static_cast<long long>(seq.n_frames());
  if (n_frames < *claimed_frames)
    return line_fail(last_line, ErrorCode::kCorrupt,
                     "file ends after {} frames but NumFrames says {} (truncated?)", n_frames,
                     *claimed_frames);
  if (n_frames > *claimed_frames)
    out.warnings.push_back(
        fmt::format("NumFrames says {} but the file holds {} frames", *claimed_frames, n_frames));
  if (!pixels) read_planar_as_2d(out);
  if (n_frames >= 2) {
    double measured = seq.rate_hz();
    if (std::fabs(measured - *rate) > 0.01 * *rate)
      out.warnings.push_back(
          fmt::format("DataRate says {} Hz but the times give {:.3f} Hz", *rate, measured));
  }
  return out;
}

}  // namespace

Result<LandmarkFile> parse_trc(std::string_view content, std::string_view name, const LoadOptions& opts) {
  auto r = parse_trc_body(content, name, opts);
  if (!r) return std::unexpected(detail::reading(std::move(r.error()), name));
  return r;
}

Result<LandmarkFile> load_trc(const std::filesystem::path& path, const LoadOptions& opts) {
  std::string content = PHYSIO_TRY(load_text_file(path, opts.max_bytes));
  return parse_trc(content, path.string(), opts);
}

Result<std::string> format_trc(const LandmarkSequence& seq, std::string_view file_name) {
  if (!seq.skeleton_ptr()) return fail(ErrorCode::kInvalidArgument, "TRC: the sequence has no skeleton");
  if (seq.space() == CoordSpace::kImageNormalized) {
    // Image-normalised landmarks of a known image size are written in pixels (a pixel TRC, as Sports2D's).
    if (seq.image_width <= 0 || seq.image_height <= 0)
      return fail(ErrorCode::kUnsupported,
                  "TRC holds 3D positions in metres or 2D pixel coordinates; these landmarks are normalised "
                  "to an image of unknown size (write world landmarks, or give the image size)");
    LandmarkSequence px(seq.skeleton_ptr(), CoordSpace::kImagePixels, 0);
    px.source = seq.source;
    px.reserve(seq.n_frames());
    const auto w = static_cast<float>(seq.image_width), h = static_cast<float>(seq.image_height);
    for (std::size_t i = 0; i < seq.n_frames(); ++i) {
      auto dst = px.add_frame(seq.times()[i]);
      const auto src = seq.frame(i);
      for (std::size_t m = 0; m < src.size(); ++m)
        if (std::isfinite(src[m].x) && std::isfinite(src[m].y))
          dst[m] = Landmark{src[m].x * w, src[m].y * h, 0.0f, src[m].visibility};
    }
    return format_trc(px, file_name);
  }
  const bool pixels = seq.space() == CoordSpace::kImagePixels;
  const Skeleton& sk = seq.skeleton();
  for (const auto& n : sk.landmarks)
    if (n.empty() || n.find_first_of("\t\r\n") != std::string::npos)
      return fail(ErrorCode::kInvalidArgument, "TRC: marker name '{}' is empty or holds a tab or line break",
                  n);
  double rate = seq.rate_hz();
  if (!(rate > 0)) rate = kDefaultRateHz;
  rate = std::clamp(rate, detail::kMinRateHz, detail::kMaxRateHz);  // what readers accept
  std::string out;
  out.reserve(256 + seq.n_frames() * (16 + sk.size() * 36));
  std::string fname(file_name);
  for (char& c : fname)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  out += fmt::format("PathFileType\t4\t(X/Y/Z)\t{}\n", fname);
  out +=
      "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n";
  out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t1\t{}\n", detail::format_rate_hz(rate),
                     detail::format_rate_hz(rate), seq.n_frames(), sk.size(), pixels ? "px" : "m",
                     detail::format_rate_hz(rate), seq.n_frames());
  out += "Frame#\tTime";
  for (const auto& n : sk.landmarks) out += fmt::format("\t{}\t\t", n);
  out += "\n\t";
  for (std::size_t m = 1; m <= sk.size(); ++m) out += fmt::format("\tX{0}\tY{0}\tZ{0}", m);
  out += "\n";
  for (std::size_t i = 0; i < seq.n_frames(); ++i) {
    out += fmt::format("{}\t{}", i + 1, detail::format_seconds(seq.times()[i]));
    for (const Landmark& lm : seq.frame(i)) {
      float x = lm.x, y = lm.y, z = lm.z;
      if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(z)) {  // written as missing
        out += "\t\t\t";
        continue;
      }
      if (pixels)
        z = 0.0f;  // image x, y as they are (y down), Z = 0 as Sports2D writes its pixel TRC
      else
        to_y_up(seq.up_axis, x, y, z);
      out += fmt::format("\t{}\t{}\t{}", detail::format_float(x), detail::format_float(y),
                         detail::format_float(z));
    }
    out += "\n";
  }
  return out;
}

Status save_trc(const LandmarkSequence& seq, const std::filesystem::path& path) {
  std::string text = PHYSIO_TRY(format_trc(seq, path.filename().string()));
  return save_file_atomic(path, text);
}

}  // namespace physio::kin
