#pragma once
/// CPT/HCPCS procedure codes used in physiotherapy (data/coding/cpt.json).
///
/// Input: the JSON document. Output: a catalogue whose entries say whether a code is timed (billed in
/// 15-minute units under the CMS 8-minute rule) or untimed (one unit per visit whatever the time).
/// Descriptions are the project's own short wording, not the AMA descriptors. Pure: no I/O.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"

namespace physio::billing {

struct CptEntry {
  std::string code;         ///< "97110", "G0283"
  std::string description;  ///< own words
  std::string group;        ///< evaluation, treatment, modality, test, rtm
  bool timed = false;
  int unit_minutes = 0;  ///< 15 for timed codes, 0 otherwise
};

struct CptCatalog {
  std::string note;
  std::vector<CptEntry> entries;
  const CptEntry* find(std::string_view code) const;
};

/// Checks: codes are 5 characters (digits, or a letter and 4 digits), unique, described; timed codes
/// have unit_minutes 15, untimed ones 0.
Result<CptCatalog> cpt_catalog_from_json(const nlohmann::json& j);

}  // namespace physio::billing
