#include "kinematics/formats/physio_csv.hpp"

#include <cmath>
#include <cstdint>
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

constexpr std::string_view kSuffixes[4] = {"_x", "_y", "_z", "_v"};

struct Meta {
  std::string skeleton;
  std::optional<CoordSpace> space;
  int image_width = 0;
  int image_height = 0;
  std::optional<Axis> up_axis;
};

Status read_meta(std::string_view comment, std::size_t ln, Meta& meta) {
  std::vector<std::string_view> f;
  split_whitespace(comment, f);
  for (auto kv : f) {
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = kv.substr(0, eq), val = kv.substr(eq + 1);
    if (key == "skeleton") {
      // The writer refuses such names (format_physio_csv), so what is read can be written back.
      if (detail::has_control_char(val, false))
        return line_fail(ln, ErrorCode::kParse,
                         "skeleton name '{}' holds a control character or invalid UTF-8", excerpt(val));
      meta.skeleton = std::string(val);
    } else if (key == "space") {
      meta.space = detail::coord_space_from_name(val);
      if (!meta.space)
        return line_fail(ln, ErrorCode::kParse, "space '{}' is not a coordinate space", excerpt(val));
    } else if (key == "image_width" || key == "image_height") {
      auto v = parse_int(val);
      if (!v || *v < 0 || *v > 1'000'000)
        return line_fail(ln, ErrorCode::kParse, "{} '{}' is not a pixel count", key, excerpt(val));
      (key == "image_width" ? meta.image_width : meta.image_height) = static_cast<int>(*v);
    } else if (key == "up_axis") {
      meta.up_axis = detail::axis_from_name(val);
      if (!meta.up_axis) return line_fail(ln, ErrorCode::kParse, "up_axis '{}' is not an axis", excerpt(val));
    }
  }
  return ok();
}

// "# physio-identity follow=auto people_seen=3" and "# physio-identity-uncertain start_s=5.667 end_s=6.633
// frames=30 kind=other-person reason=<the rest of the line>": whom a series made from video follows (as the
// JSON's "identity" object). Informative: a malformed line is left out, never an error.
void read_identity_line(std::string_view comment, std::optional<IdentityInfo>& identity) {
  std::string_view reason;
  if (auto r = comment.find(" reason="); r != std::string_view::npos) {
    reason = comment.substr(r + 8);
    comment = comment.substr(0, r);
  }
  std::vector<std::string_view> f;
  split_whitespace(comment, f);
  if (f.empty()) return;
  auto value = [&](std::string_view key) -> std::optional<std::string_view> {
    for (auto kv : f)
      if (kv.starts_with(key) && kv.size() > key.size() && kv[key.size()] == '=')
        return kv.substr(key.size() + 1);
    return std::nullopt;
  };
  if (f[0] == "physio-identity") {
    auto follow = value("follow");
    auto seen = value("people_seen");
    if (!follow || detail::has_control_char(*follow, false)) return;
    IdentityInfo info;
    info.follow = std::string(*follow);
    if (seen)
      if (auto n = parse_int(*seen); n && *n >= 0) info.people_seen = static_cast<std::int64_t>(*n);
    identity = std::move(info);
  } else if (f[0] == "physio-identity-uncertain" && identity) {
    auto start = value("start_s"), end = value("end_s"), frames = value("frames"), kind = value("kind");
    if (!start || !end || !frames || !kind) return;
    auto s = parse_double(*start), e = parse_double(*end);
    auto n = parse_int(*frames);
    if (!s || !e || !n || *n < 0) return;
    auto s_us = detail::checked_time(*s), e_us = detail::checked_time(*e);
    if (!s_us || !e_us || *e_us < *s_us || detail::has_control_char(*kind, false) ||
        detail::has_control_char(reason, false))
      return;
    identity->uncertain.push_back(
        {*s_us, *e_us, static_cast<std::int64_t>(*n), std::string(*kind), std::string(trim(reason))});
  }
}

Result<LandmarkFile> parse_body(std::string_view content, std::string_view name, const LoadOptions& opts) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  LineReader reader(content);
  std::string_view line;
  Meta meta;
  std::optional<IdentityInfo> identity;
  bool have_header = false;
  while (reader.next(line)) {
    std::string_view s = trim(line);
    if (s.empty()) continue;
    if (s.starts_with('#')) {
      if (s.find("physio-landmarks") != std::string_view::npos) {
        PHYSIO_CHECK(read_meta(s.substr(1), reader.line_number(), meta));
      } else if (s.find("physio-identity") != std::string_view::npos) {
        read_identity_line(trim(s.substr(1)), identity);
      }
      continue;
    }
    have_header = true;
    break;
  }
  if (!have_header) return fail(ErrorCode::kParse, "no header row, expected 'frame,t_s,<name>_x,...'");
  const std::size_t hl = reader.line_number();
  std::vector<std::string_view> f;
  split(line, ',', f);
  for (auto& x : f) x = trim(x);
  if (f.size() < 2 || f[0] != "frame" || f[1] != "t_s")
    return line_fail(hl, ErrorCode::kParse, "expected the header to start with 'frame,t_s'");
  if ((f.size() - 2) % 4 != 0 || f.size() == 2)
    return line_fail(hl, ErrorCode::kParse,
                     "expected 4 columns per landmark (_x, _y, _z, _v) after 't_s', got {}", f.size() - 2);
  std::vector<std::string> names;
  for (std::size_t c = 2; c < f.size(); c += 4) {
    std::string_view col = f[c];
    if (!col.ends_with("_x") || col.size() < 3)
      return line_fail(hl, ErrorCode::kParse, "column {} '{}': expected '<name>_x'", c + 1, excerpt(col));
    std::string_view base = col.substr(0, col.size() - 2);
    for (std::size_t k = 1; k < 4; ++k) {
      std::string_view other = f[c + k];
      if (other.size() != base.size() + 2 || !other.starts_with(base) || !other.ends_with(kSuffixes[k]))
        return line_fail(hl, ErrorCode::kParse, "column {} '{}': expected '{}{}'", c + k + 1, excerpt(other),
                         excerpt(base), kSuffixes[k]);
    }
    if (detail::has_control_char(base, true))
      return line_fail(hl, ErrorCode::kParse,
                       "column {}: landmark name holds a control character or invalid UTF-8", c + 1);
    names.emplace_back(base);
  }
  auto implied = detail::skeleton_for_names(names, meta.skeleton);
  if (!implied) return std::unexpected(std::move(implied.error()).with_context(fmt::format("line {}", hl)));
  SkeletonPtr skeleton = PHYSIO_TRY(detail::pick_skeleton(opts, *implied, names.size()));

  LandmarkFile out;
  out.format = "physio-csv";
  out.identity = std::move(identity);
  std::vector<Landmark> rows;
  std::vector<TimeUs> times;
  const std::size_t n = names.size();
  const std::size_t n_cols = f.size();
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    const std::size_t ln = reader.line_number();
    split(line, ',', f);
    if (f.size() != n_cols)
      return line_fail(ln, ErrorCode::kParse, "expected {} columns, got {}", n_cols, f.size());
    auto t = parse_double(f[1]);
    if (!t) return line_fail(ln, ErrorCode::kParse, "t_s '{}' is not a number", excerpt(trim(f[1])));
    auto t_us = detail::checked_time(*t);
    if (!t_us) return std::unexpected(std::move(t_us.error()).with_context(fmt::format("line {}", ln)));
    if (!times.empty() && *t_us <= times.back())
      return line_fail(ln, ErrorCode::kParse, "time {} s is not after the previous frame's {} s", *t,
                       us_to_seconds(times.back()));
    times.push_back(*t_us);
    for (std::size_t m = 0; m < n; ++m) {
      float v[4];
      for (std::size_t k = 0; k < 4; ++k) {
        std::string_view cell = trim(f[2 + 4 * m + k]);
        v[k] = std::numeric_limits<float>::quiet_NaN();
        if (cell.empty()) continue;
        auto d = parse_double(cell);
        if (!d || std::isinf(*d) || (std::isfinite(*d) && std::fabs(*d) > std::numeric_limits<float>::max()))
          return line_fail(ln, ErrorCode::kParse, "column {} ({}{}): '{}' is not a finite number",
                           3 + 4 * m + k, names[m], kSuffixes[k], excerpt(cell));
        v[k] = static_cast<float>(*d);
      }
      if (std::isnan(v[0]) || std::isnan(v[1])) {
        rows.emplace_back();
        continue;
      }
      rows.push_back(Landmark{v[0], v[1], v[2], v[3]});
      lo = std::min({lo, v[0], v[1]});
      hi = std::max({hi, v[0], v[1]});
    }
  }
  CoordSpace space = CoordSpace::kImagePixels;
  if (meta.space) {
    space = *meta.space;
  } else {
    // No metadata: values within about [0, 1] are normalised image coordinates, anything larger pixels.
    space = (lo >= -0.5f && hi <= 1.5f) ? CoordSpace::kImageNormalized : CoordSpace::kImagePixels;
    out.warnings.push_back(
        fmt::format("no '# physio-landmarks' line; assuming {} coordinates", coord_space_name(space)));
  }
  out.landmarks = LandmarkSequence(skeleton, space, times.size());
  LandmarkSequence& seq = out.landmarks;
  std::copy(times.begin(), times.end(), seq.times().begin());
  std::copy(rows.begin(), rows.end(), seq.data().begin());
  seq.image_width = meta.image_width;
  seq.image_height = meta.image_height;
  seq.up_axis = meta.up_axis.value_or(space == CoordSpace::kWorldMetres ? Axis::kY : Axis::kNegY);
  seq.source = std::string(name);
  return out;
}

}  // namespace

Result<LandmarkFile> parse_physio_csv(std::string_view content, std::string_view name,
                                      const LoadOptions& opts) {
  auto r = parse_body(content, name, opts);
  if (!r) return std::unexpected(detail::reading(std::move(r.error()), name));
  return r;
}

Result<LandmarkFile> load_physio_csv(const std::filesystem::path& path, const LoadOptions& opts) {
  std::string content = PHYSIO_TRY(load_text_file(path, opts.max_bytes));
  return parse_physio_csv(content, path.string(), opts);
}

Result<std::string> format_physio_csv(const LandmarkSequence& seq, const IdentityInfo* identity) {
  if (!seq.skeleton_ptr())
    return fail(ErrorCode::kInvalidArgument, "physio CSV: the sequence has no skeleton");
  const Skeleton& sk = seq.skeleton();
  // The skeleton name is one word of the metadata line; landmark names are cells of the header row.
  if (sk.name.empty() || sk.name.find_first_of(" \t\r\n") != std::string::npos)
    return fail(ErrorCode::kInvalidArgument, "physio CSV: skeleton name '{}' is empty or holds a blank",
                sk.name);
  for (const auto& n : sk.landmarks)
    if (n.empty() || n != trim(n) || n.find_first_of(",\r\n") != std::string::npos ||
        detail::has_control_char(n, true))
      return fail(ErrorCode::kInvalidArgument,
                  "physio CSV: landmark name '{}' is empty, padded, or holds a comma or line break", n);
  std::string out = fmt::format(
      "# physio-landmarks v1 skeleton={} space={} image_width={} image_height={} up_axis={}\n", sk.name,
      coord_space_name(seq.space()), seq.image_width, seq.image_height, detail::axis_name(seq.up_axis));
  if (identity != nullptr && !identity->follow.empty() &&
      identity->follow.find_first_of(" \t\r\n") == std::string::npos) {
    out +=
        fmt::format("# physio-identity follow={} people_seen={}\n", identity->follow, identity->people_seen);
    for (const IdentitySpan& u : identity->uncertain) {
      std::string reason = u.reason;
      for (char& ch : reason)
        if (ch == '\r' || ch == '\n') ch = ' ';
      std::string kind =
          u.kind.empty() || u.kind.find_first_of(" \t\r\n") != std::string::npos ? "uncertain" : u.kind;
      out += fmt::format("# physio-identity-uncertain start_s={} end_s={} frames={} kind={} reason={}\n",
                         detail::format_seconds(u.start_us), detail::format_seconds(u.end_us), u.frames, kind,
                         reason);
    }
  }
  out.reserve(out.size() + seq.n_frames() * seq.n_landmarks() * 48);
  out += "frame,t_s";
  for (const auto& n : sk.landmarks)
    for (auto s : kSuffixes) out += fmt::format(",{}{}", n, s);
  out += '\n';
  auto cell = [&](float v) {
    out += ',';
    if (std::isfinite(v)) out += detail::format_float(v);
  };
  for (std::size_t f = 0; f < seq.n_frames(); ++f) {
    out += fmt::format("{},{}", f, detail::format_seconds(seq.times()[f]));
    for (const Landmark& l : seq.frame(f)) {
      cell(l.x);
      cell(l.y);
      cell(l.z);
      cell(l.visibility);
    }
    out += '\n';
  }
  return out;
}

Status save_physio_csv(const LandmarkSequence& seq, const std::filesystem::path& path) {
  std::string text = PHYSIO_TRY(format_physio_csv(seq));
  return save_file_atomic(path, text);
}

}  // namespace physio::kin
