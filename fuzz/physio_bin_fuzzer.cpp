// libFuzzer target: the .plmk binary landmark container reader and writer.
// Any bytes must give a value or an error, never a crash; what parses must write and read back identically.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "kinematics/formats/physio_bin.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  auto file = physio::kin::parse_physio_bin(content, "fuzz.plmk");
  if (!file) return 0;
  auto bytes = physio::kin::format_physio_bin(file->landmarks, file->world ? &*file->world : nullptr);
  PHYSIO_FUZZ_ASSERT(bytes.has_value());
  auto again = physio::kin::parse_physio_bin(*bytes, "again.plmk");
  PHYSIO_FUZZ_ASSERT(again.has_value());
  PHYSIO_FUZZ_ASSERT(again->landmarks.n_frames() == file->landmarks.n_frames());
  auto bytes_again =
      physio::kin::format_physio_bin(again->landmarks, again->world ? &*again->world : nullptr);
  PHYSIO_FUZZ_ASSERT(bytes_again.has_value() && *bytes_again == *bytes);
  return 0;
}
