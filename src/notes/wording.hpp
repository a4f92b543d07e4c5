#pragma once
/// Numbers and units as a note writes them. Every number carries its unit:
///   NPRS "3/10" (means "3.4/10"), degrees "95°", seconds "11.2 s", speeds "1.05 m/s", percent "70 %",
///   outcome-measure scores in their instrument's unit ("28 %", "50 points").
/// Numbers are rounded to a unit's precision and trailing zeros dropped ("12 s", not "12.0 s").

#include <string>
#include <string_view>
#include <vector>

namespace physio::notes {

/// `v` rounded to `decimals` decimals, halves away from zero (3.25 -> 3.3, as a person rounds).
double rounded(double v, int decimals);
/// `v` with at most `decimals` decimals (rounded()), trailing zeros and a "-0" dropped.
std::string number(double v, int decimals);
/// "3/10" (pain on the 0-10 numeric rating scale), one decimal at most.
std::string nprs(double v);
/// "70 %" of done / total, rounded to a whole percent; "0 %" when total is 0.
std::string percent_of(int done, int total);
/// A measured value with its UCUM unit as a reader expects it: "deg" -> "95°", "s" -> "11.2 s",
/// "m/s" -> "1.05 m/s", "m/s2" -> "0.12 m/s²", "/min" -> "112/min", "{repetitions}" -> "12 repetitions";
/// `code` picks the noun for the bare count unit "{#}" (LOINC 66247-8: stands).
std::string measured(double v, std::string_view ucum_unit, std::string_view code = {});
/// `v` as measured() writes it, as a number (11.25 s -> 11.3): a change between two written values is
/// the difference of what is written.
double as_measured(double v, std::string_view ucum_unit);
/// A score in an outcome measure's unit: "%" -> "28 %", "points" -> "50 points" ("1 point"), "s" -> "11.2 s".
std::string score_value(double v, std::string_view unit);
/// A difference in an outcome measure's unit: "%" -> "14 points" (percentage points), else as
/// score_value.
std::string score_difference(double v, std::string_view unit);
/// "a", "a and b", "a, b and c".
std::string join_words(const std::vector<std::string>& parts);
/// Text from a person made safe for one line: line breaks and tabs become spaces, runs of spaces one,
/// trimmed.
std::string one_line(std::string_view text);
/// "mini_squat" -> "mini squat".
std::string words_of_id(std::string_view id);
/// The text with its first letter upper-cased (ASCII only).
std::string capitalised(std::string text);
/// A stored measurement method as a clinician reads it: the file an analysis read is no method, so
/// "landmark file" (what the analysis of an uploaded landmark file stored before it was named as
/// motion capture) reads "uploaded motion capture", and "video pose estimation (BlazePose)" reads
/// "video"; what follows a comma is kept ("..., Zeni foot-pelvis gait events"). Other methods as given.
std::string method_in_words(std::string_view method);

}  // namespace physio::notes
