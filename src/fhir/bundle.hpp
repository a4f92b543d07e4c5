#pragma once
/// Bundles: a searchset page with self and next links, and the collection of $everything.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fhir/search.hpp"

namespace physio::fhir {

/// `base` is the absolute FHIR base ("https://clinic.example/fhir"); `path` what follows it for this search
/// ("Observation", "Patient/<id>/$everything").
struct SearchLinks {
  std::string base;
  std::string path;
};

/// The query string of a search (its canonical parameters, percent-encoded), plus `_cursor` when given.
std::string query_string(const SearchQuery& q, std::string_view cursor = {});

/// A searchset Bundle: total, self link (this page), next link (when there is one), the page's resources
/// (search.mode "match") and included ones (search.mode "include"), each with its fullUrl.
nlohmann::json searchset(const SearchQuery& q, const Page& page, const std::vector<nlohmann::json>& included,
                         const SearchLinks& links, std::string_view last_updated);

}  // namespace physio::fhir
