#pragma once
/// Where pose tests find the BlazePose models: $PHYSIO_MODELS_DIR, else <source>/models (filled by
/// scripts/fetch-models.sh, which CI runs through scripts/install-deps.sh). Tests that need a model start
/// with PHYSIO_REQUIRE_MODEL("pose_detection.tflite"), which skips with a visible reason when it is absent.

#include <filesystem>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace physio::test {

/// The models folder in use (it may not exist).
std::filesystem::path models_dir();
/// The path of one model file, if present.
std::optional<std::filesystem::path> model_file(const std::string& name);
/// The option that points `physio` at the models folder in use: " --models <folder>".
inline std::string models_arg() {
  return " --models " + models_dir().string();
}

}  // namespace physio::test

/// Skips the current test, with the reason printed, when the model file is absent. Declares `model_path`.
#define PHYSIO_REQUIRE_MODEL(name)                                                                    \
  auto physio_model_opt_ = ::physio::test::model_file(name);                                          \
  if (!physio_model_opt_) {                                                                           \
    GTEST_SKIP() << "model " << (name) << " is absent from " << ::physio::test::models_dir().string() \
                 << " (run scripts/fetch-models.sh); skipping";                                       \
  }                                                                                                   \
  const std::filesystem::path model_path = *physio_model_opt_
