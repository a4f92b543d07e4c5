#include "shipped_annotations.hpp"

#include <algorithm>

#include "common/test_data.hpp"
#include "core/file_io.hpp"

namespace physio::scribe::test_support {

Result<std::vector<Shipped>> load_shipped_annotations(const std::filesystem::path& shared_dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(test::source_dir() / "data" / "scribe" / "annotations"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Shipped> out;
  for (const auto& f : files) {
    std::string text = PHYSIO_TRY(load_text_file(f));
    Annotation a = PHYSIO_TRY(parse_annotation(text, f.string()));
    Transcript t = PHYSIO_TRY(load_annotated_transcript(a, shared_dir));
    out.push_back({std::move(a), std::move(t)});
  }
  return out;
}

}  // namespace physio::scribe::test_support
