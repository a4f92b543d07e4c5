#include "clinic/duplicates.hpp"

#include <gtest/gtest.h>

namespace physio::clinic {
namespace {

Patient person(std::string id, std::string given, std::string family, std::string birth) {
  Patient p;
  p.id = std::move(id);
  p.given_name = std::move(given);
  p.family_name = std::move(family);
  p.birth_date = std::move(birth);
  return p;
}

TEST(Duplicates, SwappedDayMonth) {
  EXPECT_EQ(swapped_day_month("1980-03-04"), "1980-04-03");
  EXPECT_EQ(swapped_day_month("1980-03-03"), "");  // the same date
  EXPECT_EQ(swapped_day_month("1980-03-25"), "");  // no 25th month
  EXPECT_EQ(swapped_day_month("1980-04-31"), "");  // not a date either way
  EXPECT_EQ(swapped_day_month("1980-31-02"), "");
  EXPECT_EQ(swapped_day_month("1981-29-02"), "");  // 1981-02-29 does not exist
  EXPECT_EQ(swapped_day_month("1980-29-02"), "");  // month 29 is not a date to start from either
  EXPECT_EQ(swapped_day_month("1980-3-4"), "");
}

TEST(Duplicates, Keys) {
  EXPECT_EQ(phone_key("+44 7700 900123"), phone_key("07700 900123"));
  EXPECT_EQ(phone_key("12345"), "");
  EXPECT_EQ(name_key("O'Brien-Smith"), "obriensmith");
  EXPECT_EQ(edit_distance("rivera", "rivera", 1), 0);
  EXPECT_EQ(edit_distance("rivera", "riveira", 1), 1);
  EXPECT_EQ(edit_distance("rivera", "rievra", 1), 1);  // adjacent letters swapped
  EXPECT_EQ(edit_distance("rivera", "romero", 1), 2);  // capped at cap + 1
  EXPECT_EQ(edit_distance("ana", "anastasia", 2), 3);
}

TEST(Duplicates, ASharedBirthDateAloneIsNoMatch) {
  const auto c = person("", "Maria", "Silva", "1970-05-06");
  EXPECT_TRUE(possible_duplicates(c, {person("a", "John", "Smith", "1970-05-06")}).empty());
}

TEST(Duplicates, SimilarNameAndBirthDate) {
  const auto c = person("", "Maria", "Silva", "1970-05-06");
  const std::vector<Patient> there{
      person("typo", "Mariah", "Silva", "1970-05-06"),
      person("swapped-names", "Silva", "Maria", "1970-05-06"),
      person("swapped-date", "maria", "SILVA", "1970-06-05"),
      person("other-date", "Maria", "Silva", "1971-05-06"),
      person("other-name", "Marta", "Sousa", "1970-05-06"),
  };
  const auto found = possible_duplicates(c, there);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].patient.id, "typo");
  EXPECT_EQ(found[0].reasons, std::vector<std::string>{"similar name and same birth date"});
  EXPECT_EQ(found[1].patient.id, "swapped-names");
  EXPECT_EQ(found[2].patient.id, "swapped-date");
  EXPECT_EQ(found[2].reasons,
            std::vector<std::string>{"similar name and the birth date with day and month swapped"});
}

TEST(Duplicates, ShortNamesMustBeEqual) {
  // "Ana" and "Ina" are one letter apart but different names: short names are compared exactly.
  EXPECT_TRUE(possible_duplicates(person("", "Ana", "Lee", "1990-01-02"), {person("x", "Ina", "Lee", "1990-01-02")})
                  .empty());
  EXPECT_TRUE(possible_duplicates(person("", "Bo", "Lee", "1990-01-02"), {person("x", "Bob", "Lee", "1990-01-02")})
                  .empty());
  // A letter added to a short name is a slip: "Ann" and "Anne".
  EXPECT_EQ(possible_duplicates(person("", "Anne", "Lee", "1990-01-02"), {person("x", "Ann", "Lee", "1990-01-02")})
                .size(),
            1u);
}

TEST(Duplicates, ContactsAndRecordNumberStrongestFirst) {
  auto c = person("", "Sam", "Rivera", "1985-02-03");
  c.email = "Sam.Rivera@example.org";
  c.phone = "+1 (555) 010-2030";
  c.mrn = "MRN-7";
  auto e = person("email", "Samuel", "Rivers", "1999-09-09");
  e.email = "sam.rivera@example.org";
  auto all = person("all", "Sam", "Rivera", "1985-02-03");
  all.mrn = "MRN-7";
  all.phone = "555 010 2030";
  auto unrelated = person("no", "Alex", "Kim", "1985-02-03");
  unrelated.mrn = "MRN-8";
  const auto found = possible_duplicates(c, {e, unrelated, all});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].patient.id, "all");
  EXPECT_EQ(found[0].reasons, (std::vector<std::string>{"same record number", "same phone number",
                                                        "similar name and same birth date"}));
  EXPECT_EQ(found[1].patient.id, "email");
  EXPECT_EQ(found[1].reasons, std::vector<std::string>{"same e-mail address"});
}

TEST(Duplicates, ARecordIsNotItsOwnDuplicate) {
  auto c = person("same", "Sam", "Rivera", "1985-02-03");
  EXPECT_TRUE(possible_duplicates(c, {c}).empty());
}

}  // namespace
}  // namespace physio::clinic
