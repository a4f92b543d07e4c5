#pragma once
// What the parts of FHIR search share (search.cpp: parsing and paging; search_types.cpp: what each type is
// searched by; search_match.cpp: matching and ordering). Not part of the module's interface.

#include <string>
#include <string_view>
#include <utility>

namespace physio::fhir::search_detail {

/// ASCII lower case.
std::string lower(std::string_view s);
/// A date value's comparison prefix ("ge", "lt", ... or "eq" when it has none) and the date after it.
std::pair<std::string, std::string_view> date_prefix(std::string_view v);

}  // namespace physio::fhir::search_detail
