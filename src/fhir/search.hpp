#pragma once
/// FHIR search as pure code: which parameters each resource type takes, parsing a query into criteria
/// (every unknown parameter, modifier, prefix or malformed value is a Problem naming the parameter),
/// matching criteria against resources, and choosing one page in a stable order.
///
/// The `patient` parameter of every compartment type means membership of the patient's compartment (the
/// record's patient), the same rule the app's authorization uses; the server loads only what the caller
/// may see and passes each resource with the patient it belongs to.

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fhir/outcome.hpp"

namespace physio::fhir {

enum class ParamType { kToken, kString, kDate, kReference, kUri };

struct SearchParamDef {
  std::string name;  ///< "code", "patient", "_id"
  ParamType type = ParamType::kToken;
  std::vector<std::string> paths;  ///< element paths it matches ("code.coding"); empty for "patient"
  std::string description;
};

struct ResourceTypeDef {
  std::string name;          ///< "Observation"
  bool compartment = false;  ///< belongs to a Patient compartment (needs a patient to be found)
  std::vector<SearchParamDef> params;
  std::vector<std::string> includes;  ///< "_include" values it supports ("Observation:patient")
  std::string sort_path;              ///< the element the searchset is ordered by (then id); "" = id
};

/// Every resource type the API serves, in documentation order.
const std::vector<ResourceTypeDef>& resource_types();
const ResourceTypeDef* find_type(std::string_view name);

/// The canonical URL of the FHIR R4 SearchParameter that `type`'s parameter `param` implements
/// ("http://hl7.org/fhir/SearchParameter/clinical-date" for Observation's `date`); "" for the few that are
/// this server's own (CarePlan `author`, RiskAssessment `status` and `code`).
std::string r4_search_parameter(std::string_view type, std::string_view param);

/// One parsed criterion: a parameter, its modifier and the values any of which may match (comma = OR).
struct Criterion {
  const SearchParamDef* def = nullptr;
  std::string modifier;             ///< "", "exact", "contains"
  std::vector<std::string> values;  ///< raw values, prefixes included for dates
};

struct SearchQuery {
  const ResourceTypeDef* type = nullptr;
  std::vector<Criterion> criteria;       ///< AND of criteria
  std::vector<std::string> patient_ids;  ///< values of `patient` (ids without "Patient/"); empty: not given
  int count = 50;                        ///< _count, 1..kMaxCount
  std::string cursor;                    ///< _cursor of a next link
  bool revinclude_provenance = false;    ///< _revinclude=Provenance:target
  bool include_patient = false;          ///< _include=<Type>:patient or :subject
  /// The other _include values' reference parameters ("performer" of Observation:performer).
  std::vector<const SearchParamDef*> include_refs;
  std::string sort_path;              ///< _sort's element path ("" the type's order); "id" for _id
  bool sort_descending = false;       ///< _sort=-date
  std::string summary;                ///< _summary: "", true, text, data, count, false
  std::vector<std::string> elements;  ///< _elements
  std::vector<std::string> ignored;   ///< parameters left out under Prefer: handling=lenient
  std::vector<std::pair<std::string, std::string>> canonical;  ///< every parameter but _cursor, sorted
};

inline constexpr int kDefaultCount = 50;
inline constexpr int kMaxCount = 500;

/// Parses the (decoded) query parameters of a search on `type`. Problems: 400 "invalid" naming the
/// parameter for an unknown parameter, modifier, date prefix or malformed value; 400 for `_count` outside
/// 1..500 or not a number. `lenient` (Prefer: handling=lenient): an unknown parameter is left out and named
/// in `ignored` instead (a known one with a bad value is still a Problem).
///
/// Besides the type's parameters: `_lastUpdated` (a date), `_sort` (`_lastUpdated`, `_id` or one of the
/// type's date parameters, `-` for descending), `_summary`, `_elements`, `_include` (the type's
/// reference parameters), `_revinclude=Provenance:target`, `_count`, `_format`.
std::expected<SearchQuery, Problem> parse_search(
    const ResourceTypeDef& type, const std::vector<std::pair<std::string, std::string>>& params,
    bool lenient = false);

/// A resource the caller may see, with the patient whose compartment it is in ("" for none).
struct SearchItem {
  nlohmann::json resource;
  std::string patient_id;
};

/// True when `item` meets every criterion (and its patient is one of `patient_ids`, when given).
bool matches(const SearchQuery& q, const SearchItem& item);

/// The order of a searchset: the type's sort element (or `path`), then the id (numeric ids compare as
/// numbers).
std::string sort_key(const ResourceTypeDef& type, const nlohmann::json& resource, std::string_view path = {});

/// One page of matches.
struct Page {
  std::vector<const SearchItem*> items;
  std::size_t total = 0;    ///< matches over every page
  std::string next_cursor;  ///< "" on the last page
  std::string prev_cursor;  ///< "" on the first page
};

/// Filters `items`, orders them and picks the page after `q.cursor`. The cursor is bound to the query
/// (q.canonical) and to `binding` (the caller): a cursor from another query or caller is a 400 Problem on
/// `_cursor`. Every page is computed again from what the caller may see, so a cursor never widens reach.
std::expected<Page, Problem> select_page(const SearchQuery& q, const std::vector<SearchItem>& items,
                                         std::string_view binding);

/// Parses a FHIR date/dateTime/instant ("2026", "2026-11", "2026-11-23", "2026-11-23T10:15:00Z",
/// "...+01:00") into the half-open range of UTC microseconds it covers; nullopt when malformed.
std::optional<std::pair<long long, long long>> date_range(std::string_view s);

/// Percent-encoding of a query value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view s);

}  // namespace physio::fhir
