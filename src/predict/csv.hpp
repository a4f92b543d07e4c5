#pragma once
/// Comma-separated files as published (RFC 4180: quoted fields may hold commas, quotes and line breaks).
/// Errors name the line a record starts on.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace physio::predict {

struct CsvTable {
  std::vector<std::string> header{};
  std::vector<std::vector<std::string>> rows{};  ///< [n_rows][header.size()]
  std::vector<std::size_t> line{};               ///< [n_rows] 1-based line each record starts on

  /// Index of the column named exactly `name`, or nullopt.
  std::optional<std::size_t> column(std::string_view name) const;
};

/// Parses `text`; every record must have as many fields as the header. A UTF-8 byte-order mark is skipped.
Result<CsvTable> parse_csv(std::string_view text);

}  // namespace physio::predict
