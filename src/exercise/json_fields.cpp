#include "exercise/json_fields.hpp"

#include <cstdint>
#include <limits>

namespace physio::exercise {

Result<int> json_int_member(const nlohmann::json& j, const char* key, std::optional<int> fallback,
                            std::string_view what) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (fallback) return *fallback;
    return fail(ErrorCode::kParse, "{}: '{}' is missing", what, key);
  }
  if (it->is_number_unsigned() && it->get<std::uint64_t>() <= std::numeric_limits<int>::max())
    return static_cast<int>(it->get<std::uint64_t>());
  if (it->is_number_integer() && !it->is_number_unsigned() &&
      it->get<std::int64_t>() >= std::numeric_limits<int>::min() &&
      it->get<std::int64_t>() <= std::numeric_limits<int>::max())
    return static_cast<int>(it->get<std::int64_t>());
  return fail(ErrorCode::kParse, "{}: '{}' must be an integer, got {}", what, key, it->dump().substr(0, 40));
}

}  // namespace physio::exercise
