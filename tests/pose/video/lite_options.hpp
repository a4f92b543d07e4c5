#pragma once
/// The pose run options the video tests start from: the lite model from the tests' models folder.

#include "pose/model_files.hpp"
#include "pose/video/pose_run.hpp"

namespace physio::pose::test_options {

inline PoseRunOptions lite_options() {
  PoseRunOptions o;
  o.tracker.model = PoseModelKind::kLite;
  o.tracker.models_dir = physio::test::models_dir();
  return o;
}

}  // namespace physio::pose::test_options
