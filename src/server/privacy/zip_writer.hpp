#pragma once
/// A ZIP archive (PKWARE APPNOTE 6.3) of stored, uncompressed entries with UTF-8 names, built in memory:
/// what a patient's record export needs (docs/server/privacy.md). Every unzip tool and operating system
/// opens it. No ZIP64: the whole archive stays under 4 GiB.

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace physio::server {

struct ZipEntry {
  std::string name;  ///< "reports/abc.html"; '/' separates folders
  std::string data;
};

/// CRC-32 (ISO 3309, the ZIP and gzip one).
std::uint32_t crc32_of(std::string_view data);

/// The archive's bytes; entries dated `time_us` (UTC). kInvalidArgument when it would pass 4 GiB or a
/// name is empty, absolute or holds "..".
Result<std::string> build_zip(const std::vector<ZipEntry>& entries, TimeUs time_us);

}  // namespace physio::server
