#include "clinic/registration.hpp"

#include <array>
#include <cctype>

#include "clinic/clinic_contact.hpp"
#include "clinic/validation.hpp"

namespace physio::clinic {
namespace {

using R = Registration;

constexpr std::array kFields{
    RegistrationField{"address_lines", "Address", 200, FieldCheck::kMultiline, &R::address_lines},
    RegistrationField{"city", "Town or city", 100, FieldCheck::kText, &R::city},
    RegistrationField{"region", "Region, state or county", 100, FieldCheck::kText, &R::region},
    RegistrationField{"postcode", "Postcode", 20, FieldCheck::kText, &R::postcode},
    RegistrationField{"country", "Country", 2, FieldCheck::kCountry, &R::country},
    RegistrationField{"emergency_name", "Emergency contact's name", 100, FieldCheck::kText,
                      &R::emergency_name},
    RegistrationField{"emergency_relationship", "Emergency contact's relationship", 60, FieldCheck::kText,
                      &R::emergency_relationship},
    RegistrationField{"emergency_phone", "Emergency contact's phone", kMaxPhoneChars, FieldCheck::kPhone,
                      &R::emergency_phone},
    RegistrationField{"referrer_name", "Referrer's name", 100, FieldCheck::kText, &R::referrer_name},
    RegistrationField{"referrer_organisation", "Referrer's organisation", 120, FieldCheck::kText,
                      &R::referrer_organisation},
    RegistrationField{"referrer_contact", "Referrer's phone or e-mail", 254, FieldCheck::kContact,
                      &R::referrer_contact},
    RegistrationField{"gp_name", "GP or family doctor", 100, FieldCheck::kText, &R::gp_name},
    RegistrationField{"gp_practice", "GP's practice", 120, FieldCheck::kText, &R::gp_practice},
    RegistrationField{"gp_phone", "GP's phone", kMaxPhoneChars, FieldCheck::kPhone, &R::gp_phone},
    RegistrationField{"funder_kind", "Who pays", 32, FieldCheck::kFunderKind, &R::funder_kind},
    RegistrationField{"funder_name", "Insurer or service", 120, FieldCheck::kText, &R::funder_name},
    RegistrationField{"funder_reference", "Policy or reference number", 60, FieldCheck::kText,
                      &R::funder_reference},
};

constexpr std::array kFunderKinds{
    FunderKind{"self_pay", "Self-pay"},
    FunderKind{"national_health_service", "National health service"},
    FunderKind{"private_insurer", "Private insurer"},
    FunderKind{"workers_compensation", "Workers' compensation"},
    FunderKind{"other", "Other"},
};

std::string lower_case(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::span<const RegistrationField> registration_fields() {
  return kFields;
}

const RegistrationField* find_registration_field(std::string_view name) {
  for (const auto& f : kFields)
    if (f.name == name) return &f;
  return nullptr;
}

std::span<const FunderKind> funder_kinds() {
  return kFunderKinds;
}

std::string e164_phone_problem(std::string_view v) {
  if (v.empty()) return {};
  constexpr const char* kMsg =
      "must be a phone number in international form: + and the country code, like +351 912 345 678";
  if (v.size() > kMaxPhoneChars) return "must be at most " + std::to_string(kMaxPhoneChars) + " characters";
  if (v.front() != '+') return kMsg;
  int digits = 0;
  bool first = true;
  for (std::size_t i = 1; i < v.size(); ++i) {
    const auto ch = static_cast<unsigned char>(v[i]);
    if (std::isdigit(ch)) {
      if (first && ch == '0') return kMsg;  // country codes never start with 0
      first = false;
      ++digits;
      continue;
    }
    if (ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')') continue;
    return kMsg;
  }
  if (digits < 8 || digits > 15)
    return "must have 8 to 15 digits with the country code, like +351 912 345 678";
  return {};
}

std::string registration_field_problem(const RegistrationField& f, std::string_view v) {
  if (v.empty()) return {};
  switch (f.check) {
    case FieldCheck::kText:
      return text_problem(v, f.max_chars);
    case FieldCheck::kMultiline:
      return text_problem(v, f.max_chars, true);
    case FieldCheck::kPhone:
      return e164_phone_problem(v);
    case FieldCheck::kCountry:
      return find_country(v)
                 ? std::string()
                 : std::string("must be a country code from the list (ISO 3166-1, like PT or GB)");
    case FieldCheck::kFunderKind: {
      for (const auto& k : kFunderKinds)
        if (k.id == v) return {};
      return "must be one of: self_pay, national_health_service, private_insurer, workers_compensation, "
             "other";
    }
    case FieldCheck::kContact:
      if (auto p = text_problem(v, f.max_chars); !p.empty()) return p;
      if (v.find('@') != std::string_view::npos)
        return email_problem(v).empty() ? std::string() : email_problem(v);
      return e164_phone_problem(v).empty()
                 ? std::string()
                 : std::string(
                       "must be an e-mail address or a phone number in international form, like "
                       "+351 912 345 678");
  }
  return {};
}

std::vector<FieldProblem> registration_problems(const Registration& r) {
  std::vector<FieldProblem> out;
  for (const auto& f : kFields)
    if (auto p = registration_field_problem(f, r.*(f.member)); !p.empty())
      out.push_back({std::string(f.name), p});
  if (r.emergency_name.empty() && (!r.emergency_phone.empty() || !r.emergency_relationship.empty()))
    out.push_back({"emergency_name", "is needed with the emergency contact's phone or relationship"});
  if (r.funder_kind.empty() && (!r.funder_name.empty() || !r.funder_reference.empty()))
    out.push_back({"funder_kind", "is needed with the insurer's name or a reference number"});
  return out;
}

std::string preferred_language_problem(std::string_view v, bool require_listed) {
  if (v.empty()) return {};
  const std::string low = lower_case(v);
  for (const auto& l : languages()) {
    const std::string name = lower_case(l.name);
    if (low == name || low == name.substr(0, name.find(" (")))
      return "must be a language tag: write " + std::string(l.tag) + " for " + std::string(l.name);
  }
  if (auto p = language_problem(v); !p.empty()) return p;
  if (!require_listed) return {};
  const auto primary = low.substr(0, low.find('-'));
  for (const auto& l : languages())
    if (lower_case(l.tag) == primary) return {};
  return "must be a language from the list (a BCP 47 tag like en, pt-PT or fr-CA)";
}

}  // namespace physio::clinic
