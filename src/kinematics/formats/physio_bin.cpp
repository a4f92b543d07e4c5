#include "kinematics/formats/physio_bin.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <type_traits>

#include "core/file_io.hpp"
#include "kinematics/formats/detail.hpp"

namespace physio::kin {
namespace {

// The payload is copied straight into memory, so the host must share the file's byte order and the
// landmark struct must be exactly four packed floats.
static_assert(std::endian::native == std::endian::little, ".plmk reading assumes a little-endian host");
static_assert(sizeof(Landmark) == 4 * sizeof(float) && std::is_trivially_copyable_v<Landmark>);

using detail::json;

constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kPrefixBytes = 16;
constexpr std::size_t kTrailerBytes = 16;
constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 20;
constexpr std::uint64_t kMaxFrames = std::uint64_t{1} << 32;

std::size_t align8(std::size_t n) {
  return (n + 7) & ~std::size_t{7};
}

// Fletcher-style running sums over 64-bit words (wrapping): cheap enough to verify 57 MB in a few ms.
struct Checksum {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  void add(const void* data, std::size_t bytes) {  // bytes % 8 == 0
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i + 8 <= bytes; i += 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, p + i, 8);
      a += w;
      b += a;
    }
  }
};

// Where the bytes come from: memory (parse) or a file read in place (load).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t size() const = 0;
  virtual Status read(std::size_t offset, void* dst, std::size_t n) = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  std::size_t size() const override { return bytes_.size(); }
  Status read(std::size_t offset, void* dst, std::size_t n) override {
    if (offset > bytes_.size() || n > bytes_.size() - offset)
      return fail(ErrorCode::kCorrupt, "read past the end at byte {}", offset);
    if (n > 0) std::memcpy(dst, bytes_.data() + offset, n);
    return ok();
  }

 private:
  std::string_view bytes_;
};

class FileSource final : public ByteSource {
 public:
  FileSource(std::FILE* f, std::size_t size) : file_(f), size_(size) {}
  std::size_t size() const override { return size_; }
  Status read(std::size_t offset, void* dst, std::size_t n) override {
    if (offset != position_ && std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0)
      return fail(ErrorCode::kIo, "cannot seek to byte {}", offset);
    if (n > 0 && std::fread(dst, 1, n, file_) != n)
      return fail(ErrorCode::kIo, "the file ended or failed while reading bytes {}..{}", offset, offset + n);
    position_ = offset + n;
    return ok();
  }

 private:
  std::FILE* file_;
  std::size_t size_;
  std::size_t position_ = 0;
};

struct Header {
  SkeletonPtr skeleton;
  CoordSpace space = CoordSpace::kImageNormalized;
  int image_width = 0;
  int image_height = 0;
  Axis up_axis = Axis::kNegY;
  Axis world_up_axis = Axis::kNegY;
  std::uint64_t n_frames = 0;
  bool has_world = false;
};

Result<Header> parse_header(std::string_view text, const LoadOptions& opts) {
  json doc = PHYSIO_TRY(detail::parse_json(text));
  if (!doc.is_object() || doc.value("format", json()) != "physio-landmarks-bin")
    return fail(ErrorCode::kParse, "header: expected \"format\": \"physio-landmarks-bin\"");
  auto str = [&](std::string_view key) -> std::string {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Header h;
  std::vector<std::string> names;
  auto it = doc.find("landmark_names");
  if (it == doc.end() || !it->is_array() || it->empty())
    return fail(ErrorCode::kParse, "header: \"landmark_names\" must be a non-empty array of strings");
  for (const auto& n : *it) {
    if (!n.is_string()) return fail(ErrorCode::kParse, "header: \"landmark_names\" must hold strings");
    names.push_back(n.get<std::string>());
  }
  SkeletonPtr implied = PHYSIO_TRY(detail::skeleton_for_names(names, str("skeleton")));
  h.skeleton = PHYSIO_TRY(detail::pick_skeleton(opts, implied, names.size()));
  auto space = detail::coord_space_from_name(str("space"));
  if (!space)
    return fail(ErrorCode::kParse,
                "header: \"space\" is '{}', expected image-normalized, image-pixels or "
                "world-metres",
                str("space").substr(0, 40));
  h.space = *space;
  auto dim = [&](std::string_view key) -> Result<int> {
    auto v = detail::number_member(doc, key);
    if (!v) return 0;
    if (!(*v >= 0 && *v <= 1e6))
      return fail(ErrorCode::kParse, "header: \"{}\" is {}, expected 0 to 1000000 pixels", key, *v);
    return static_cast<int>(*v);
  };
  h.image_width = PHYSIO_TRY(dim("image_width"));
  h.image_height = PHYSIO_TRY(dim("image_height"));
  auto axis = [&](std::string_view key, Axis def) -> Result<Axis> {
    std::string t = str(key);
    if (t.empty()) return def;
    auto a = detail::axis_from_name(t);
    if (!a)
      return fail(ErrorCode::kParse, "header: \"{}\" is '{}', expected x, y, z, -x, -y or -z", key,
                  t.substr(0, 40));
    return *a;
  };
  h.up_axis = PHYSIO_TRY(axis("up_axis", h.space == CoordSpace::kWorldMetres ? Axis::kY : Axis::kNegY));
  h.world_up_axis = PHYSIO_TRY(axis("world_up_axis", Axis::kNegY));
  auto n = detail::number_member(doc, "n_frames");
  if (!n || !(*n >= 0) || *n != std::floor(*n) || *n > static_cast<double>(kMaxFrames))
    return fail(ErrorCode::kParse, "header: \"n_frames\" must be a whole number from 0 to {}", kMaxFrames);
  h.n_frames = static_cast<std::uint64_t>(*n);
  if (auto w = doc.find("has_world"); w != doc.end()) {
    if (!w->is_boolean()) return fail(ErrorCode::kParse, "header: \"has_world\" must be true or false");
    h.has_world = w->get<bool>();
  }
  return h;
}

// Times strictly increase; coordinates are finite or NaN (missing).
Status check_values(const LandmarkSequence& seq, std::string_view what) {
  PHYSIO_CHECK(detail::check_increasing(seq.times()));
  const std::size_t n_lm = seq.n_landmarks();
  const auto data = seq.data();
  for (std::size_t i = 0; i < data.size(); ++i) {
    const Landmark& l = data[i];
    if (std::isinf(l.x) || std::isinf(l.y) || std::isinf(l.z) || std::isinf(l.visibility)) {
      return fail(ErrorCode::kParse, "frame {}: {} '{}' has an infinite value", i / n_lm, what,
                  seq.skeleton().landmarks[i % n_lm]);
    }
  }
  return ok();
}

Result<LandmarkFile> read_bin(ByteSource& src, std::string_view name, const LoadOptions& opts) {
  const std::size_t size = src.size();
  if (size < kPrefixBytes + kTrailerBytes)
    return fail(ErrorCode::kCorrupt, "{} bytes is too short for a .plmk file (at least {})", size,
                kPrefixBytes + kTrailerBytes);
  char prefix[kPrefixBytes];
  PHYSIO_CHECK(src.read(0, prefix, kPrefixBytes));
  if (std::string_view(prefix, 8) != kPhysioBinMagic)
    return fail(ErrorCode::kParse, "not a .plmk file (its first bytes are not the PHYSLMK magic)");
  std::uint32_t version = 0;
  std::uint32_t header_bytes = 0;
  std::memcpy(&version, prefix + 8, 4);
  std::memcpy(&header_bytes, prefix + 12, 4);
  if (version != kVersion)
    return fail(ErrorCode::kUnsupported, ".plmk version {} (this reader knows version {})", version,
                kVersion);
  if (header_bytes == 0 || header_bytes > kMaxHeaderBytes || kPrefixBytes + header_bytes > size)
    return fail(ErrorCode::kCorrupt, "header length {} bytes does not fit a {}-byte file", header_bytes,
                size);
  std::string header_text(header_bytes, '\0');
  PHYSIO_CHECK(src.read(kPrefixBytes, header_text.data(), header_bytes));
  Header h = PHYSIO_TRY(parse_header(header_text, opts));

  // Sizes are checked against the file before anything is allocated.
  const std::uint64_t n = h.n_frames;
  const std::uint64_t n_lm = h.skeleton->size();
  const std::uint64_t lm_bytes = n * n_lm * sizeof(Landmark);  // n < 2^32, n_lm < 2^16: no overflow
  const std::uint64_t payload = n * sizeof(TimeUs) + lm_bytes * (h.has_world ? 2 : 1);
  const std::uint64_t offset = align8(kPrefixBytes + header_bytes);
  const std::uint64_t expected = offset + payload + kTrailerBytes;
  if (expected != size)
    return fail(
        ErrorCode::kCorrupt,
        "the header promises {} frames of {} landmarks{} ({} bytes in all) but the file has {} bytes{}", n,
        n_lm, h.has_world ? " with world landmarks" : "", expected, size,
        expected > size ? " (truncated?)" : "");

  LandmarkFile out;
  out.format = "physio-bin";
  out.landmarks = LandmarkSequence(h.skeleton, h.space, static_cast<std::size_t>(n));
  LandmarkSequence& seq = out.landmarks;
  seq.source = std::string(name);
  seq.image_width = h.image_width;
  seq.image_height = h.image_height;
  seq.up_axis = h.up_axis;
  Checksum sum;
  std::size_t at = offset;
  auto read_into = [&](void* dst, std::size_t bytes) -> Status {
    PHYSIO_CHECK(src.read(at, dst, bytes));
    sum.add(dst, bytes);
    at += bytes;
    return ok();
  };
  PHYSIO_CHECK(read_into(seq.times().data(), seq.times().size_bytes()));
  PHYSIO_CHECK(read_into(seq.data().data(), seq.data().size_bytes()));
  if (h.has_world) {
    out.world = LandmarkSequence(h.skeleton, CoordSpace::kWorldMetres, static_cast<std::size_t>(n));
    out.world->up_axis = h.world_up_axis;
    out.world->source = seq.source;
    std::copy(seq.times().begin(), seq.times().end(), out.world->times().begin());
    PHYSIO_CHECK(read_into(out.world->data().data(), out.world->data().size_bytes()));
  }
  std::uint64_t trailer[2];
  PHYSIO_CHECK(src.read(at, trailer, kTrailerBytes));
  if (trailer[0] != sum.a || trailer[1] != sum.b)
    return fail(ErrorCode::kCorrupt, "checksum mismatch: the landmark data is damaged");
  PHYSIO_CHECK(check_values(seq, "landmark"));
  if (out.world) PHYSIO_CHECK(check_values(*out.world, "world landmark"));
  return out;
}

void append_u32(std::string& out, std::uint32_t v) {
  out.append(reinterpret_cast<const char*>(&v), 4);
}

}  // namespace

bool is_physio_bin(std::string_view content) {
  return content.starts_with(kPhysioBinMagic);
}

Result<LandmarkFile> parse_physio_bin(std::string_view content, std::string_view name,
                                      const LoadOptions& opts) {
  MemorySource src(content);
  auto r = read_bin(src, name, opts);
  if (!r) return std::unexpected(detail::reading(std::move(r.error()), name));
  return r;
}

Result<LandmarkFile> load_physio_bin(const std::filesystem::path& path, const LoadOptions& opts) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return fail(ErrorCode::kInvalidArgument, "reading {}: is a directory, expected a .plmk file", name);
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(ErrorCode::kNotFound, "reading {}: {}", name, ec.message());
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return fail(ErrorCode::kIo, "reading {}: cannot open the file", name);
  FileSource src(file.get(), static_cast<std::size_t>(size));
  auto r = read_bin(src, name, opts);
  if (!r) return std::unexpected(detail::reading(std::move(r.error()), name));
  return r;
}

Result<std::string> format_physio_bin(const LandmarkSequence& seq, const LandmarkSequence* world) {
  if (!seq.skeleton_ptr()) return fail(ErrorCode::kInvalidArgument, ".plmk: the sequence has no skeleton");
  if (world != nullptr &&
      (world->n_frames() != seq.n_frames() || world->n_landmarks() != seq.n_landmarks() || !world->is_3d()))
    return fail(ErrorCode::kInvalidArgument,
                ".plmk: world landmarks must be 3D with the same frames and landmarks ({} x {}), got {} x {}",
                seq.n_frames(), seq.n_landmarks(), world->n_frames(), world->n_landmarks());
  const Skeleton& sk = seq.skeleton();
  json header = {{"format", "physio-landmarks-bin"},
                 {"version", kVersion},
                 {"skeleton", sk.name},
                 {"landmark_names", sk.landmarks},
                 {"space", coord_space_name(seq.space())},
                 {"image_width", seq.image_width},
                 {"image_height", seq.image_height},
                 {"up_axis", detail::axis_name(seq.up_axis)},
                 {"n_frames", seq.n_frames()},
                 {"has_world", world != nullptr}};
  if (world) header["world_up_axis"] = detail::axis_name(world->up_axis);
  const std::string header_text = header.dump();

  std::string out;
  const std::size_t offset = align8(kPrefixBytes + header_text.size());
  out.reserve(offset + seq.times().size_bytes() + seq.data().size_bytes() * (world ? 2 : 1) + kTrailerBytes);
  out.append(kPhysioBinMagic);
  append_u32(out, kVersion);
  append_u32(out, static_cast<std::uint32_t>(header_text.size()));
  out += header_text;
  out.resize(offset, '\0');
  Checksum sum;
  auto put = [&](const void* data, std::size_t bytes) {
    out.append(static_cast<const char*>(data), bytes);
    sum.add(data, bytes);
  };
  put(seq.times().data(), seq.times().size_bytes());
  put(seq.data().data(), seq.data().size_bytes());
  if (world) put(world->data().data(), world->data().size_bytes());
  out.append(reinterpret_cast<const char*>(&sum.a), 8);
  out.append(reinterpret_cast<const char*>(&sum.b), 8);
  return out;
}

Status save_physio_bin(const LandmarkSequence& seq, const std::filesystem::path& path,
                       const LandmarkSequence* world) {
  std::string bytes = PHYSIO_TRY(format_physio_bin(seq, world));
  return save_file_atomic(path, bytes);
}

}  // namespace physio::kin
