#pragma once
/// Reads the files inside a .zip archive as published (NHS Digital's data packs): stored or deflated
/// entries, no encryption, no ZIP64. Used to read a pack without unpacking it first.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace physio::predict {

/// Largest entry read into memory (512 MiB).
inline constexpr std::size_t kMaxZipEntryBytes = std::size_t{512} << 20;

/// Names of the archive's entries, in the central directory's order.
Result<std::vector<std::string>> list_zip(std::string_view archive);

/// The content of the entry named `name`.
Result<std::string> read_zip_entry(std::string_view archive, std::string_view name);

}  // namespace physio::predict
