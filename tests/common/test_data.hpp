#pragma once
/// Where tests find reference data and scratch space.
///
/// Reference data lives in ../shared/data beside the project (never copied in). A test that needs
/// it starts with PHYSIO_REQUIRE_SHARED("pose2sim-demo"), which skips with a visible reason when
/// the folder is absent. PHYSIO_SHARED_DATA overrides the location.

#include <filesystem>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace physio::test {

/// The shared reference data folder, if present.
std::optional<std::filesystem::path> shared_data_dir();
/// A sub-folder of the shared data, if present.
std::optional<std::filesystem::path> shared_data(const std::string& sub);
/// The project's source folder (for committed fixtures).
std::filesystem::path source_dir();
/// The build folder (the built `physio` is bin/physio in it).
std::filesystem::path binary_dir();
/// A fresh empty folder for a test's outputs, under the build folder.
std::filesystem::path scratch_dir(const std::string& name);

}  // namespace physio::test

/// Skips the current test, with the reason printed, when ../shared/data/<sub> is absent.
/// Declares `shared_path` (std::filesystem::path) otherwise.
#define PHYSIO_REQUIRE_SHARED(sub)                                                       \
  auto physio_shared_opt_ = ::physio::test::shared_data(sub);                            \
  if (!physio_shared_opt_) {                                                             \
    GTEST_SKIP() << "reference data ../shared/data/" << (sub) << " is absent; skipping"; \
  }                                                                                      \
  const std::filesystem::path shared_path = *physio_shared_opt_
