#pragma once
// Every shipped annotation (data/scribe/annotations) with its transcript read from the shared data, for
// the tests that run over all of them.
#include <filesystem>
#include <vector>

#include "core/error.hpp"
#include "scribe/evaluate.hpp"

namespace physio::scribe::test_support {

struct Shipped {
  Annotation annotation;
  Transcript transcript;
};

/// Errors name the annotation file that does not parse or whose transcript cannot be read.
Result<std::vector<Shipped>> load_shipped_annotations(const std::filesystem::path& shared_dir);

}  // namespace physio::scribe::test_support
