#pragma once
/// Counts and spans in the words a person reads (the C++ side of web/static/lib/words.js): "1 day", "2 days",
/// "1 point", never "1 days" or "1 points"; a span under two weeks in whole days, never "0.86 weeks".

#include <string>
#include <string_view>

namespace physio {

/// "1 day", "3 days", "2.5 points": `n` written with at most `digits` decimals (trailing zeros dropped), the
/// singular only when it is written as exactly 1. `many` defaults to `one` + "s".
std::string count_of(double n, std::string_view one, std::string_view many = {}, int digits = 0);

/// A span given in weeks: under two weeks in whole days ("6 days", "1 day"), from two weeks in weeks with at
/// most one decimal ("3.5 weeks", "2 weeks").
std::string weeks_words(double weeks);

}  // namespace physio
