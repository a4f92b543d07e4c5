// The registration details' checks (clinic/registration.hpp): international phone numbers, countries,
// who pays, the rules between fields, and the preferred language from the list ("English" refused with
// the tag to write).
#include <cctype>
#include <set>

#include <gtest/gtest.h>

#include "clinic/registration.hpp"

namespace physio::clinic {
namespace {

TEST(Registration, InternationalPhoneNumbersAsPeopleWriteThem) {
  for (const char* ok :
       {"+351 912 345 678", "+44 20 7946 0000", "+1 (212) 555-0100", "+351912345678", "+49 30.1234.5678", ""})
    EXPECT_EQ(e164_phone_problem(ok), "") << ok;
  // No country code, a country code starting with 0, letters, too few or too many digits.
  for (const char* bad : {"912 345 678", "00351 912 345 678", "+0 123 456 789", "+351 91 CALL ME", "+351 12",
                          "+1234567890123456", "+351 912 345 678 ext 2"})
    EXPECT_NE(e164_phone_problem(bad), "") << bad;
  EXPECT_NE(e164_phone_problem("912 345 678").find("+351 912 345 678"), std::string::npos)
      << "the message shows the form to write";
}

TEST(Registration, CountriesAreTheIso3166List) {
  EXPECT_EQ(countries().size(), 249u);
  std::set<std::string_view> codes;
  for (const auto& c : countries()) {
    EXPECT_EQ(c.code.size(), 2u) << c.name;
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(c.code[0])) &&
                std::isupper(static_cast<unsigned char>(c.code[1])));
    EXPECT_TRUE(codes.insert(c.code).second) << c.code << " twice";
  }
  ASSERT_NE(find_country("PT"), nullptr);
  EXPECT_EQ(find_country("PT")->name, "Portugal");
  EXPECT_EQ(find_country("pt"), nullptr) << "stored upper case";
  EXPECT_EQ(find_country("UK"), nullptr) << "the United Kingdom is GB in ISO 3166-1";
  const auto* country = find_registration_field("country");
  ASSERT_NE(country, nullptr);
  EXPECT_EQ(registration_field_problem(*country, "PT"), "");
  EXPECT_NE(registration_field_problem(*country, "Portugal"), "");
}

TEST(Registration, EveryFieldIsOptionalAndNamedInProblems) {
  EXPECT_TRUE(registration_problems({}).empty());
  Registration r;
  r.address_lines = "Rua Augusta 100\n2.º esquerdo";
  r.city = "Lisboa";
  r.postcode = "1100-053";
  r.country = "PT";
  r.emergency_name = "Maria Silva";
  r.emergency_relationship = "wife";
  r.emergency_phone = "+351 912 345 678";
  r.referrer_contact = "dr.costa@example.pt";
  r.gp_phone = "+351 213 000 000";
  r.funder_kind = "private_insurer";
  r.funder_name = "Médis";
  r.funder_reference = "POL-12345";
  EXPECT_TRUE(registration_problems(r).empty());
  r.emergency_phone = "912 345 678";
  r.city = std::string(101, 'a');
  r.funder_kind = "insurance";
  r.referrer_contact = "call the surgery";
  auto problems = registration_problems(r);
  std::set<std::string> fields;
  for (const auto& p : problems) fields.insert(p.field);
  EXPECT_EQ(fields, (std::set<std::string>{"emergency_phone", "city", "funder_kind", "referrer_contact"}));
}

TEST(Registration, RulesBetweenFields) {
  Registration r;
  r.emergency_phone = "+351 912 345 678";
  auto p = registration_problems(r);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "emergency_name");
  r = {};
  r.funder_reference = "POL-1";
  p = registration_problems(r);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "funder_kind");
}

TEST(Registration, FunderKinds) {
  std::set<std::string_view> ids;
  for (const auto& k : funder_kinds()) ids.insert(k.id);
  EXPECT_EQ(ids, (std::set<std::string_view>{"self_pay", "national_health_service", "private_insurer",
                                             "workers_compensation", "other"}));
}

TEST(Registration, PreferredLanguageFromTheList) {
  for (const char* ok : {"en", "pt-PT", "pt-BR", "pt-AO", "fr-CA", "zh-Hant", "yue", ""})
    EXPECT_EQ(preferred_language_problem(ok), "") << ok;
  EXPECT_EQ(preferred_language_problem("English"), "must be a language tag: write en for English");
  EXPECT_NE(preferred_language_problem("portuguese").find("write pt for Portuguese"), std::string::npos);
  EXPECT_NE(preferred_language_problem("xx"), "") << "not a language of the list";
  // What another system sends (FHIR): any well-formed tag, but never a language's name.
  EXPECT_EQ(preferred_language_problem("eo", false), "");
  EXPECT_EQ(preferred_language_problem("English", false), "must be a language tag: write en for English");
  EXPECT_NE(preferred_language_problem("en_GB"), "") << "BCP 47 uses a hyphen";
  std::set<std::string_view> tags;
  for (const auto& l : languages()) EXPECT_TRUE(tags.insert(l.tag).second) << l.tag << " twice";
  EXPECT_GT(languages().size(), 60u);
}

}  // namespace
}  // namespace physio::clinic
