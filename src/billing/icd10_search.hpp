#pragma once
/// Finding a condition's ICD-10-CM code by words or by the start of its code (the episode form's search,
/// docs/server/api.md, GET /api/icd10). Only complete codes are offered: categories are left out and an
/// entry with a 7th-character set is offered once per character of its set ("S83.511A Sprain of anterior
/// cruciate ligament of right knee, initial encounter"), with the placeholder X where the code needs it.
/// Every offered code passes validate_icd10. Pure: no I/O.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "billing/icd10.hpp"
#include "core/error.hpp"

namespace physio::billing {

struct IcdMatch {
  std::string code;   ///< complete, dotted: "M17.11", "S83.511A"
  std::string title;  ///< the catalogue's title, with the 7th character's meaning after a comma
};

/// Matches of `query`, in the catalogue's (tabular) order, at most `limit`. A query that starts like a
/// code (a letter then a digit: "m17", "S83.5") matches codes starting with it, dots ignored; any other
/// query matches titles containing every one of its words (case ignored): "knee", "right knee sprain".
/// An empty query matches nothing.
std::vector<IcdMatch> search_icd10(const IcdCatalog& catalog, std::string_view query, std::size_t limit);

/// The catalogue of data/coding/icd10cm.json, loaded once (found like the other data folders,
/// core/data_dir.hpp, folder "coding").
Result<const IcdCatalog*> default_icd10_catalog();

}  // namespace physio::billing
