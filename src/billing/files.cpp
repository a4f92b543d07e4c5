#include "billing/files.hpp"

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"

namespace physio::billing {

namespace {

Result<nlohmann::json> load_json(const std::filesystem::path& path) {
  const std::string text = PHYSIO_TRY(load_text_file(path));
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail(ErrorCode::kParse, "reading {}: not valid JSON", path.string());
  return j;
}

template <typename T, typename F>
Result<T> load_with(const std::filesystem::path& path, F parse) {
  const auto j = PHYSIO_TRY(load_json(path));
  auto r = parse(j);
  if (!r) return std::unexpected(std::move(r).error().with_context("reading " + path.string()));
  return r;
}

}  // namespace

Result<IcdCatalog> load_icd10_catalog(const std::filesystem::path& path) {
  return load_with<IcdCatalog>(path, icd10_catalog_from_json);
}

Result<CptCatalog> load_cpt_catalog(const std::filesystem::path& path) {
  return load_with<CptCatalog>(path, cpt_catalog_from_json);
}

}  // namespace physio::billing
