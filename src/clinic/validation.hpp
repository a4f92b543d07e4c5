#pragma once
/// Field checks for what people type into the record. Each returns an empty string when the value is
/// acceptable, else the problem in words ("must be a date YYYY-MM-DD"), for a 400 naming the field.

#include <cstdint>
#include <string>
#include <string_view>

namespace physio::clinic {

/// A calendar date "YYYY-MM-DD" that exists (leap years checked), year 1900-2200.
std::string date_problem(std::string_view value);
/// A birth date: a valid date, not after `today` ("YYYY-MM-DD").
std::string birth_date_problem(std::string_view value, std::string_view today);
/// A plausible e-mail address: one '@', a dot in the domain, no spaces or control characters, <= 254.
std::string email_problem(std::string_view value);
/// An ICD-10-CM code: a letter, two characters (digits, or a digit and a letter), then optionally a
/// dot and one to four letters or digits ("M17.11", "S83.511A").
std::string icd10cm_problem(std::string_view value);
/// An IANA time zone name's shape ("Europe/Lisbon", "UTC"); whether it exists is checked by the caller.
std::string time_zone_problem(std::string_view value);
/// A BCP 47 language tag's shape ("en", "pt-BR").
std::string language_problem(std::string_view value);
/// Free text: at most `max_chars` bytes, valid UTF-8, no control characters except newline and tab
/// when `multiline`.
std::string text_problem(std::string_view value, std::size_t max_chars, bool multiline = false);
/// One of a fixed list ("must be one of: left, right, both").
std::string enum_problem(std::string_view value, std::initializer_list<std::string_view> allowed);

/// A person's standing height in whole centimetres: from a small child's to beyond the tallest adults'.
inline constexpr int kMinHeightCm = 50;
inline constexpr int kMaxHeightCm = 250;
/// A height typed as text (a query parameter): whole centimetres, kMinHeightCm..kMaxHeightCm. Sets `cm`
/// when acceptable.
std::string height_cm_problem(std::string_view value, std::int64_t& cm);

}  // namespace physio::clinic
