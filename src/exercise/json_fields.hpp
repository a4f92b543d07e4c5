#pragma once
/// Checked reads of integer members of the JSON files the exercise module loads (reference templates,
/// movement models).
///
/// Contract: json_int_member
///   inputs : an object, a member name, a fallback for an absent member (std::nullopt = required), and
///            what the file is ("movement model") for the message.
///   outputs: the member as int.
///   errors : kParse naming the member when it is missing (and required), a float, or outside int range
///            (a plain get<int>() would convert an out-of-range double with undefined behaviour).

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace physio::exercise {

Result<int> json_int_member(const nlohmann::json& j, const char* key, std::optional<int> fallback,
                            std::string_view what);

}  // namespace physio::exercise
