#pragma once
/// A patient's registration details beyond the demographics (docs/server/patient-admin.md, "Registration
/// details"): the postal address, the emergency contact, who referred them, their GP or family doctor and
/// who pays (self-pay, a national health service, a private insurer, workers' compensation). Every field is
/// optional; "" is "not recorded". The checks here are pure and each names the field it refuses, for a 400.
/// Also the reference lists the pages choose from: countries (ISO 3166-1 alpha-2) and common languages
/// (BCP 47 tags).

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace physio::clinic {

struct Registration {
  std::string address_lines{};  ///< street and number, one or two lines separated by a newline
  std::string city{};           ///< town or city
  std::string region{};         ///< state, province, county or district
  std::string postcode{};
  std::string country{};  ///< ISO 3166-1 alpha-2 ("PT")
  std::string emergency_name{};
  std::string emergency_relationship{};  ///< in words: "wife", "son", "neighbour"
  std::string emergency_phone{};
  std::string referrer_name{};
  std::string referrer_organisation{};
  std::string referrer_contact{};  ///< a phone number or an e-mail address, as given
  std::string gp_name{};
  std::string gp_practice{};
  std::string gp_phone{};
  std::string funder_kind{};       ///< one of funder_kinds() ids, "" = not recorded
  std::string funder_name{};       ///< the insurer or the service ("Médis", "NHS England")
  std::string funder_reference{};  ///< the policy, membership or claim number

  bool operator==(const Registration&) const = default;
};

/// One field of Registration: its name in the API, its name in words, its longest value, its kind of check.
enum class FieldCheck { kText, kMultiline, kPhone, kCountry, kFunderKind, kContact };
struct RegistrationField {
  std::string_view name;   ///< "emergency_phone"
  std::string_view label;  ///< "Emergency contact's phone"
  std::size_t max_chars;
  FieldCheck check;
  std::string Registration::*member;
};
/// Every field, in the order the pages show them.
std::span<const RegistrationField> registration_fields();
const RegistrationField* find_registration_field(std::string_view name);

/// The problem with `value` for field `f` in words ("must be a phone number in international form, like
/// +351 912 345 678"), "" when acceptable. "" is acceptable for every field.
std::string registration_field_problem(const RegistrationField& f, std::string_view value);

struct FieldProblem {
  std::string field;
  std::string problem;
};
/// Every field's problem, plus the rules between fields: an emergency contact with a phone needs a name;
/// a funder's name or reference needs the kind. Empty when all is acceptable.
std::vector<FieldProblem> registration_problems(const Registration& r);

/// A telephone number in international (E.164) form as people write it: a leading "+", the country code
/// (not starting with 0), then digits with spaces, "-", "." or "(" ")" between them; 8 to 15 digits in
/// all (ITU-T E.164 allows at most 15). "" is acceptable.
std::string e164_phone_problem(std::string_view value);

struct FunderKind {
  std::string_view id;    ///< as stored: "national_health_service"
  std::string_view name;  ///< as shown: "National health service"
};
/// self_pay, national_health_service, private_insurer, workers_compensation, other.
std::span<const FunderKind> funder_kinds();

struct Country {
  std::string_view code;  ///< ISO 3166-1 alpha-2, upper case
  std::string_view name;  ///< English short name
};
/// The 249 ISO 3166-1 countries, by name (src/clinic/countries.cpp says the source).
std::span<const Country> countries();
const Country* find_country(std::string_view code);

struct Language {
  std::string_view tag;   ///< BCP 47: "pt-BR"
  std::string_view name;  ///< English name: "Portuguese (Brazil)"
};
/// Common languages of patients, by name (src/clinic/languages.cpp says the source).
std::span<const Language> languages();

/// A preferred language: a well-formed BCP 47 tag (language_problem) whose primary language is one of
/// languages() ("pt-AO" is accepted for "pt"; with `require_listed` false, any well-formed tag, as another
/// system may send). A language written as its name ("English", "portuguese") is refused with the tag to
/// write instead: "must be a language tag: write en for English".
std::string preferred_language_problem(std::string_view value, bool require_listed = true);

}  // namespace physio::clinic
