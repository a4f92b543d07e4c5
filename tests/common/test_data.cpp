#include "common/test_data.hpp"

#include <unistd.h>

#include <cstdlib>

namespace physio::test {
namespace fs = std::filesystem;

std::optional<fs::path> shared_data_dir() {
  if (const char* env = std::getenv("PHYSIO_SHARED_DATA"); env != nullptr && *env != 0) {
    if (fs::is_directory(env)) return fs::path(env);
    return std::nullopt;
  }
  fs::path p = PHYSIO_SHARED_DATA_DIR;
  if (fs::is_directory(p)) return fs::weakly_canonical(p);
  return std::nullopt;
}

std::optional<fs::path> shared_data(const std::string& sub) {
  auto root = shared_data_dir();
  if (!root) return std::nullopt;
  fs::path p = *root / sub;
  if (!fs::exists(p)) return std::nullopt;
  return p;
}

fs::path source_dir() {
  return PHYSIO_SOURCE_DIR;
}

fs::path binary_dir() {
  return PHYSIO_BINARY_DIR;
}

fs::path scratch_dir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string leaf = name;
  if (info != nullptr) {
    leaf += std::string("_") + info->test_suite_name() + "_" + info->name();
  } else {
    // Made for a whole suite (SetUpTestSuite): ctest runs each test of the suite in its own process, side by
    // side, so the folder is the process's own (one shared name let one process delete another's store).
    leaf += "_suite_" + std::to_string(::getpid());
  }
  for (char& c : leaf)
    if (c == '/') c = '_';
  fs::path p = fs::path(PHYSIO_BINARY_DIR) / "test-scratch" / leaf;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

}  // namespace physio::test
