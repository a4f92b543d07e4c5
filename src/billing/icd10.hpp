#pragma once
/// ICD-10-CM diagnosis codes for physiotherapy: the catalogue and the validator.
///
/// Inputs: a catalogue (`icd10_catalog_from_json`, the content of data/coding/icd10cm.json) and a
/// code as a person typed it ("s46.011a", "M5450", " M54.50 ").
/// Output: `validate_icd10` gives the normalised code with its catalogue entry and 7th character, or
/// an Error whose message names the code and says what is wrong in words:
///   "S46.011: injury code needs a 7th character (A initial encounter, D subsequent, S sequela)"
///   "M54.5: not billable: a category with more specific codes (M54.50, M54.51, M54.59)"
///   "S82.51A: needs the placeholder X: write S82.51XA"
/// Rules: format `^[A-TV-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?$` (7-character injury codes add one more
/// character); the code (without its 7th character) is in the catalogue; it is a leaf (billable);
/// an entry with a 7th-character set requires one of that set's letters, written in position 7 with
/// X filling any empty positions before it. Pure: no I/O.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"

namespace physio::billing {

/// One 7th-character scheme (injury A/D/S, fracture A..S, ...).
struct SeventhCharacterSet {
  std::string name;
  std::string summary;                   ///< short wording for messages: "A initial encounter, ..."
  std::map<char, std::string> meanings;  ///< 'A' -> "initial encounter"
};

struct IcdEntry {
  std::string code;        ///< dotted, without 7th character: "S46.011", "M54.50"
  std::string title;       ///< CMS long title, without the 7th-character wording
  bool billable = true;    ///< a leaf (with its 7th character when `seventh` is set)
  std::string chapter;     ///< ICD-10-CM chapter number as text: "13"
  std::string region;      ///< body region: spine, shoulder, elbow, wrist_hand, hip, knee, ankle_foot, ...
  std::string laterality;  ///< right, left, bilateral, unspecified, none
  std::string seventh;     ///< name of the 7th-character set, empty when none applies
};

struct IcdCatalog {
  std::string source;   ///< which CMS release the entries were checked against
  std::string version;  ///< e.g. "FY2026 (April 1, 2026 update)"
  std::vector<IcdEntry> entries;
  std::map<std::string, SeventhCharacterSet> seventh_sets;

  /// The entry with this dotted code (no 7th character), or nullptr.
  const IcdEntry* find(std::string_view dotted) const;
};

/// Checks the catalogue as it loads: every code matches the format, titles are non-empty, no code
/// twice, a billable entry has no children in the list, 7th-character sets exist and name A.
Result<IcdCatalog> icd10_catalog_from_json(const nlohmann::json& j);

/// Upper case, spaces trimmed, a dot after the third character when missing.
std::string normalize_icd10(std::string_view text);

/// The format regex above (for codes of up to 6 characters).
bool icd10_format_ok(std::string_view dotted);

struct IcdValidated {
  std::string code;  ///< normalised, with the 7th character when there is one: "S46.011A"
  const IcdEntry* entry = nullptr;
  char seventh = 0;  ///< 0 when the code has none
  std::string seventh_meaning;
};

Result<IcdValidated> validate_icd10(const IcdCatalog& catalog, std::string_view text);

}  // namespace physio::billing
