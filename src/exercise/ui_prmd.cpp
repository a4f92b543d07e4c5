#include "exercise/ui_prmd.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numbers>

#include <zlib.h>

#include <Eigen/Dense>

#include "core/file_io.hpp"

namespace physio::exercise {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kJoints = 22;
constexpr std::array<int, kJoints> kParent = {-1, 0,  1,  2, 3,  4,  2,  6, 7,  8,  2,
                                              10, 11, 12, 0, 14, 15, 16, 0, 18, 19, 20};

Result<std::string> read_maybe_gz(const fs::path& p) {
  Result<std::string> loaded = load_file(p);
  if (!loaded) return loaded;
  std::string& raw = *loaded;
  if (raw.size() < 2 || static_cast<unsigned char>(raw[0]) != 0x1f ||
      static_cast<unsigned char>(raw[1]) != 0x8b)
    return loaded;  // not gzip (its magic bytes)
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return fail(ErrorCode::kInternal, "zlib init failed");
  zs.next_in = reinterpret_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  std::string out;
  std::array<char, 65536> buf;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return fail(ErrorCode::kCorrupt, "{}: damaged gzip data", p.string());
    }
    out.append(buf.data(), buf.size() - zs.avail_out);
    if (out.size() > (std::size_t{1} << 28)) {
      inflateEnd(&zs);
      return fail(ErrorCode::kOutOfRange, "{}: more than 256 MiB uncompressed", p.string());
    }
    if (rc != Z_STREAM_END && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return fail(ErrorCode::kCorrupt, "{}: truncated gzip data", p.string());
    }
  }
  inflateEnd(&zs);
  return out;
}

// [n_frames][66]
Result<std::vector<std::array<double, 66>>> parse_rows(const fs::path& p) {
  std::string text = PHYSIO_TRY(read_maybe_gz(p));
  std::vector<std::array<double, 66>> rows;
  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) continue;
    std::array<double, 66> row{};
    std::size_t col = 0, s = 0;
    while (true) {
      std::size_t e = line.find(',', s);
      std::string_view cell = line.substr(s, e == std::string_view::npos ? std::string_view::npos : e - s);
      while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
      if (col >= 66)
        return fail(ErrorCode::kParse, "{}: line {}: more than 66 columns", p.filename().string(), line_no);
      double v = 0.0;
      auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec != std::errc() || ptr != cell.data() + cell.size() || !std::isfinite(v))
        return fail(ErrorCode::kParse, "{}: line {}: column {}: expected a number, got '{}'",
                    p.filename().string(), line_no, col + 1, cell);
      row[col++] = v;
      if (e == std::string_view::npos) break;
      s = e + 1;
    }
    if (col != 66)
      return fail(ErrorCode::kParse, "{}: line {}: expected 66 columns (22 joints x 3), got {}",
                  p.filename().string(), line_no, col);
    rows.push_back(row);
  }
  if (rows.empty()) return fail(ErrorCode::kParse, "{}: no frames", p.filename().string());
  return rows;
}

// Parses "mXX_sYY_eZZ_positions[_inc].txt[.gz]".
bool parse_name(const std::string& name, UiPrmdFile& f) {
  auto digits = [&](std::size_t at) {
    return at + 2 <= name.size() && std::isdigit(static_cast<unsigned char>(name[at])) &&
           std::isdigit(static_cast<unsigned char>(name[at + 1]));
  };
  if (name.size() < 24 || name[0] != 'm' || !digits(1) || name[3] != '_' || name[4] != 's' || !digits(5) ||
      name[7] != '_' || name[8] != 'e' || !digits(9))
    return false;
  std::string_view rest = std::string_view(name).substr(11);
  bool inc = false;
  if (rest.starts_with("_positions_inc")) {
    inc = true;
    rest.remove_prefix(14);
  } else if (rest.starts_with("_positions")) {
    rest.remove_prefix(10);
  } else {
    return false;
  }
  if (rest != ".txt" && rest != ".txt.gz") return false;
  f.exercise = name.substr(0, 3);
  f.subject = name.substr(4, 3);
  f.repetition = (name[9] - '0') * 10 + (name[10] - '0');
  f.correct = !inc;
  return true;
}

Eigen::Matrix3d euler_yxz(double x_deg, double y_deg, double z_deg) {
  constexpr double k = std::numbers::pi / 180.0;
  Eigen::Matrix3d rx = Eigen::AngleAxisd(x_deg * k, Eigen::Vector3d::UnitX()).toRotationMatrix();
  Eigen::Matrix3d ry = Eigen::AngleAxisd(y_deg * k, Eigen::Vector3d::UnitY()).toRotationMatrix();
  Eigen::Matrix3d rz = Eigen::AngleAxisd(z_deg * k, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  return ry * rx * rz;
}

}  // namespace

kin::SkeletonPtr kinect22_skeleton() {
  static const kin::SkeletonPtr s = [] {
    auto r = kin::skeleton_from_names(
        {"hip",         "spine",         "chest",       "neck",         "head",         "head_tip",
         "left_collar", "left_shoulder", "left_elbow",  "left_wrist",   "right_collar", "right_shoulder",
         "right_elbow", "right_wrist",   "left_hip",    "left_knee",    "left_ankle",   "left_big_toe",
         "right_hip",   "right_knee",    "right_ankle", "right_big_toe"},
        "kinect22");
    return r ? *r : kin::SkeletonPtr{};
  }();
  return s;
}

Result<kin::LandmarkSequence> load_ui_prmd_repetition(const fs::path& positions, const fs::path& angles) {
  auto pos = PHYSIO_TRY(parse_rows(positions));
  auto ang = PHYSIO_TRY(parse_rows(angles));
  if (pos.size() != ang.size())
    return fail(ErrorCode::kCorrupt, "{} has {} frames but {} has {}", positions.filename().string(),
                pos.size(), angles.filename().string(), ang.size());
  auto skel = kinect22_skeleton();
  if (!skel) return fail(ErrorCode::kInternal, "kinect22 skeleton could not be built");
  kin::LandmarkSequence seq(skel, kin::CoordSpace::kWorldMetres, pos.size());
  seq.up_axis = kin::Axis::kY;
  seq.source = positions.filename().string();
  for (std::size_t f = 0; f < pos.size(); ++f) {
    seq.times()[f] = sample_time_us(static_cast<std::int64_t>(f), kUiPrmdRateHz);
    std::array<Eigen::Matrix3d, kJoints> rg;
    std::array<Eigen::Vector3d, kJoints> p;
    for (std::size_t j = 0; j < kJoints; ++j) {
      Eigen::Matrix3d rl = euler_yxz(ang[f][3 * j], ang[f][3 * j + 1], ang[f][3 * j + 2]);
      Eigen::Vector3d v(pos[f][3 * j], pos[f][3 * j + 1], pos[f][3 * j + 2]);
      int parent = kParent[j];
      if (parent < 0) {
        rg[j] = rl;
        p[j] = v;
      } else {
        auto pj = static_cast<std::size_t>(parent);
        rg[j] = rg[pj] * rl;
        p[j] = rg[pj] * v + p[pj];
      }
      auto& lm = seq.at(f, j);
      lm.x = static_cast<float>(p[j].x() / 100.0);
      lm.y = static_cast<float>(p[j].y() / 100.0);
      lm.z = static_cast<float>(p[j].z() / 100.0);
      lm.visibility = 1.0f;
    }
  }
  return seq;
}

Result<std::vector<UiPrmdFile>> list_ui_prmd(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return fail(ErrorCode::kNotFound, "UI-PRMD folder '{}' does not exist", dir.string());
  std::vector<UiPrmdFile> out;
  std::vector<fs::path> angle_files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file()) continue;
    std::string name = it->path().filename().string();
    if (name.find("_angles") != std::string::npos) angle_files.push_back(it->path());
    UiPrmdFile f;
    if (!parse_name(name, f)) continue;
    f.positions = it->path();
    out.push_back(std::move(f));
  }
  if (ec) return fail(ErrorCode::kIo, "listing '{}': {}", dir.string(), ec.message());
  for (auto& f : out) {
    std::string want = f.positions.filename().string();
    want.replace(want.find("_positions"), 10, "_angles");
    auto it = std::find_if(angle_files.begin(), angle_files.end(), [&](const fs::path& a) {
      if (a.filename() != want) return false;
      // The angles file of the same set: same parent, or a sibling Angles/ folder of Positions/.
      auto pp = f.positions.parent_path(), ap = a.parent_path();
      return pp == ap || pp.parent_path() == ap.parent_path();
    });
    if (it == angle_files.end())
      return fail(ErrorCode::kMissingData, "{}: no matching angles file '{}' (needed for forward kinematics)",
                  f.positions.string(), want);
    f.angles = *it;
  }
  if (out.empty())
    return fail(ErrorCode::kNotFound, "no UI-PRMD files (mXX_sYY_eZZ_positions[_inc].txt[.gz]) under '{}'",
                dir.string());
  std::sort(out.begin(), out.end(), [](const UiPrmdFile& a, const UiPrmdFile& b) {
    return std::tie(a.exercise, a.subject, b.correct, a.repetition) <
           std::tie(b.exercise, b.subject, a.correct, b.repetition);
  });
  return out;
}

Result<std::optional<UiPrmdFile>> ui_prmd_pair_of(const fs::path& file) {
  std::string name = file.filename().string();
  const bool given_angles = name.find("_angles") != std::string::npos;
  if (given_angles) name.replace(name.find("_angles"), 7, "_positions");
  UiPrmdFile f;
  if (!parse_name(name, f)) return std::optional<UiPrmdFile>{};
  std::string partner = name;
  if (!given_angles) partner.replace(partner.find("_positions"), 10, "_angles");
  // The partner: same folder, or the same name in a sibling folder (Positions/ and Angles/).
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  std::vector<fs::path> candidates = {dir / partner};
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir.parent_path().empty() ? fs::path("..") : dir.parent_path(), ec);
       !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_directory(ec)) candidates.push_back(it->path() / partner);
  for (const auto& c : candidates) {
    if (!fs::is_regular_file(c, ec)) continue;
    f.positions = given_angles ? c : file;
    f.angles = given_angles ? file : c;
    return std::optional<UiPrmdFile>(std::move(f));
  }
  return fail(ErrorCode::kMissingData,
              "{} is a UI-PRMD {} file; its {} file '{}' is needed too (same folder, or a sibling Positions/ "
              "or Angles/ folder) and was not found",
              file.string(), given_angles ? "angles" : "positions", given_angles ? "positions" : "angles",
              partner);
}

Result<kin::LandmarkSequence> concatenate_sequences(std::span<const kin::LandmarkSequence> parts) {
  if (parts.empty()) return fail(ErrorCode::kInvalidArgument, "nothing to concatenate");
  std::size_t total = 0;
  for (const auto& p : parts) {
    if (p.skeleton_ptr() != parts[0].skeleton_ptr() || p.space() != parts[0].space())
      return fail(ErrorCode::kInvalidArgument, "{}: a different skeleton or coordinate space than {}",
                  p.source, parts[0].source);
    total += p.n_frames();
  }
  double rate = parts[0].rate_hz() > 0.0 ? parts[0].rate_hz() : kUiPrmdRateHz;
  kin::LandmarkSequence out(parts[0].skeleton_ptr(), parts[0].space(), total);
  out.up_axis = parts[0].up_axis;
  out.image_width = parts[0].image_width;
  out.image_height = parts[0].image_height;
  out.source = parts[0].source + " + ...";
  std::size_t f = 0;
  for (const auto& p : parts) {
    for (std::size_t i = 0; i < p.n_frames(); ++i, ++f) {
      out.times()[f] = sample_time_us(static_cast<std::int64_t>(f), rate);
      auto src = p.frame(i);
      std::copy(src.begin(), src.end(), out.frame(f).begin());
    }
  }
  return out;
}

Result<std::optional<UiPrmdSet>> load_ui_prmd_set(std::span<const UiPrmdFile> files,
                                                  std::string_view exercise, std::string_view subject,
                                                  bool correct) {
  std::vector<kin::LandmarkSequence> parts;
  UiPrmdSet set;
  std::size_t n_frames = 0;
  for (const auto& f : files) {
    if (f.exercise != exercise || f.subject != subject || f.correct != correct) continue;
    auto rep = load_ui_prmd_repetition(f.positions, f.angles);
    if (!rep) return std::unexpected(std::move(rep).error().with_context("UI-PRMD " + std::string(exercise)));
    set.file_starts.push_back(n_frames);
    n_frames += rep->n_frames();
    parts.push_back(std::move(*rep));
  }
  if (parts.empty()) return std::nullopt;
  set.landmarks = PHYSIO_TRY(concatenate_sequences(parts));
  return set;
}

}  // namespace physio::exercise
