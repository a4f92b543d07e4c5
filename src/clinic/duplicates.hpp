#pragma once
/// Is a patient being registered already in the record? (docs/server/patient-admin.md, "Duplicate
/// check"). The front desk is warned, with the reasons, before a second record of one person is made; it
/// may still register them (two people can share a name and a birth date) by saying so.
///
/// A record matches when it shares the record number, the e-mail address (case ignored) or the phone
/// number (digits only, the last 9 compared so that "+44 7700 900123" and "07700 900123" agree), or when it
/// has a similar name (each of given and family name equal, or one typing slip apart when the longer has 4
/// letters or more and the shorter 3 or more, or the two swapped)
/// and the same birth date or the same date with day and month swapped. A shared birth date alone is not
/// a match.

#include <string>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"

namespace physio::clinic {

struct DuplicateMatch {
  Patient patient;                   ///< the record already there
  std::vector<std::string> reasons;  ///< in words: "same e-mail address", "similar name and same birth date"
};

/// The records among `existing` that may be the same person as `candidate`, strongest first.
std::vector<DuplicateMatch> possible_duplicates(const Patient& candidate, const std::vector<Patient>& existing);

/// "1980-04-03" for "1980-03-04"; "" when the date is not YYYY-MM-DD or day and month are equal or the
/// swapped date cannot exist.
std::string swapped_day_month(std::string_view date);

/// Digits of a phone number, the last 9 (fewer when it has fewer); "" when it has fewer than 6 digits.
std::string phone_key(std::string_view phone);

/// Lower-case ASCII letters of a name, without spaces, hyphens or apostrophes; other characters kept as
/// they are.
std::string name_key(std::string_view name);

/// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped: returns
/// `cap + 1` as soon as the distance exceeds `cap`.
int edit_distance(std::string_view a, std::string_view b, int cap);

}  // namespace physio::clinic
