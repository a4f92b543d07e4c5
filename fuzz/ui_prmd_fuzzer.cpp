// Fuzz target: the UI-PRMD Kinect text reader. load_ui_prmd_repetition reads two files, so the input is
// split at its first 0x00 byte into the positions file and the angles file (no 0x00: the angles file is
// empty), written under a per-process folder in the temp directory. Any bytes must give a sequence or
// an error, never a crash; a sequence has one frame per row of the files and times at 30 Hz.

#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "exercise/ui_prmd.hpp"
#include "fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;

// The folder, removed when the process ends normally (a crash leaves it, with the input that caused it).
struct WorkDir {
  fs::path path;
  ~WorkDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const fs::path& work_dir() {
  static const WorkDir dir{[] {
    fs::path d = fs::temp_directory_path() / ("physio_fuzz_ui_prmd_" + std::to_string(getpid()));
    std::error_code ec;
    fs::create_directories(d, ec);
    if (ec) {
      std::fprintf(stderr, "cannot create %s: %s\n", d.c_str(), ec.message().c_str());
      std::abort();
    }
    return d;
  }()};
  return dir.path;
}

void write_or_abort(const fs::path& p, std::string_view bytes) {
  std::FILE* f = std::fopen(p.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", p.c_str());
    std::abort();
  }
  const bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (std::fclose(f) != 0 || !ok) {
    std::fprintf(stderr, "cannot write %s\n", p.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ex = physio::exercise;
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = all.find('\0');
  const std::string_view positions = all.substr(0, cut);
  const std::string_view angles = cut == std::string_view::npos ? std::string_view() : all.substr(cut + 1);
  const fs::path pos_file = work_dir() / "m01_s01_e01_positions.txt";
  const fs::path ang_file = work_dir() / "m01_s01_e01_angles.txt";
  write_or_abort(pos_file, positions);
  write_or_abort(ang_file, angles);
  auto seq = ex::load_ui_prmd_repetition(pos_file, ang_file);
  if (!seq) {
    PHYSIO_FUZZ_ASSERT(!seq.error().message().empty());
    return 0;
  }
  PHYSIO_FUZZ_ASSERT(seq->n_frames() >= 1);
  PHYSIO_FUZZ_ASSERT(seq->n_frames() <= positions.size());
  return 0;
}
