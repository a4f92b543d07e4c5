#include "billing/icd10_search.hpp"

#include <cctype>
#include <mutex>
#include <optional>

#include "billing/files.hpp"
#include "core/data_dir.hpp"

namespace physio::billing {
namespace {

std::string lower_text(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

std::string undotted_upper(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '.' && !std::isspace(static_cast<unsigned char>(c)))
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

std::vector<std::string> words_of(std::string_view q) {
  std::vector<std::string> out;
  std::string w;
  for (char c : q) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

/// "S83.511" + 'A' -> "S83.511A"; "S82.51" + 'A' -> "S82.51XA" (X fills the empty positions before the 7th).
std::string with_seventh(const std::string& dotted, char seventh) {
  std::string plain = undotted_upper(dotted);
  while (plain.size() < 6) plain.push_back('X');
  plain.push_back(seventh);
  return plain.substr(0, 3) + "." + plain.substr(3);
}

}  // namespace

std::vector<IcdMatch> search_icd10(const IcdCatalog& catalog, std::string_view query, std::size_t limit) {
  std::vector<IcdMatch> out;
  const auto words = words_of(query);
  if (words.empty() || limit == 0) return out;
  const std::string trimmed = undotted_upper(query);
  // Code-like: one token of letters, digits and dots starting with a letter and a digit ("S83.511").
  bool one_token = true;
  for (std::size_t i = query.find_first_not_of(' '); i < query.size() && i < query.find_last_not_of(' ') + 1;
       ++i)
    one_token = one_token && (std::isalnum(static_cast<unsigned char>(query[i])) || query[i] == '.');
  const bool by_code = one_token && trimmed.size() >= 2 &&
                       std::isalpha(static_cast<unsigned char>(trimmed[0])) &&
                       std::isdigit(static_cast<unsigned char>(trimmed[1]));
  auto offer = [&](const std::string& code, const std::string& title) {
    if (out.size() >= limit) return;
    if (by_code && !undotted_upper(code).starts_with(trimmed)) return;
    out.push_back({code, title});
  };
  for (const auto& e : catalog.entries) {
    if (out.size() >= limit) break;
    if (!e.billable) continue;
    if (!by_code) {
      const std::string title = lower_text(e.title);
      bool all = true;
      for (const auto& w : words) all = all && title.find(w) != std::string::npos;
      if (!all) continue;
    }
    const auto set = e.seventh.empty() ? catalog.seventh_sets.end() : catalog.seventh_sets.find(e.seventh);
    if (set == catalog.seventh_sets.end()) {
      offer(e.code, e.title);
      continue;
    }
    for (const auto& [ch, meaning] : set->second.meanings)
      offer(with_seventh(e.code, ch), e.title + ", " + meaning);
  }
  return out;
}

Result<const IcdCatalog*> default_icd10_catalog() {
  static std::mutex mutex;
  static std::optional<Result<IcdCatalog>> cached;
  std::lock_guard lock(mutex);
  if (!cached) {
    DataDirSearch s{
        .sub = "coding", .what = "ICD-10-CM code list", .good = [](const std::filesystem::path& d) {
          return std::filesystem::exists(d / "icd10cm.json");
        }};
#ifdef PHYSIO_CODING_SOURCE_DIR
    s.source_dir = std::filesystem::path(PHYSIO_CODING_SOURCE_DIR);
#endif
    auto dir = find_data_dir(s);
    if (!dir)
      cached = std::unexpected(dir.error());
    else
      cached = load_icd10_catalog(*dir / "icd10cm.json");
  }
  if (!*cached) return std::unexpected(cached->error());
  return &**cached;
}

}  // namespace physio::billing
