#include "clinic/validation.hpp"

#include <gtest/gtest.h>

namespace physio::clinic {
namespace {

TEST(Validation, Dates) {
  EXPECT_EQ(date_problem("2024-02-29"), "");
  EXPECT_EQ(date_problem("2023-02-29"), "day must be 01-28 in that month");
  EXPECT_EQ(date_problem("1900-02-29"), "day must be 01-28 in that month");
  EXPECT_EQ(date_problem("2000-02-29"), "");
  EXPECT_EQ(date_problem("2024-13-01"), "month must be 01-12");
  EXPECT_EQ(date_problem("24-01-01"), "must be a date YYYY-MM-DD");
  EXPECT_EQ(date_problem("2024-1-01"), "must be a date YYYY-MM-DD");
  EXPECT_EQ(birth_date_problem("2030-01-01", "2026-11-23"), "must not be in the future");
  EXPECT_EQ(birth_date_problem("1950-06-15", "2026-11-23"), "");
}

TEST(Validation, Icd10Cm) {
  for (const char* ok : {"M17.11", "S83.511A", "M54.5", "M25", "G35", "Z96.651"})
    EXPECT_EQ(icd10cm_problem(ok), "") << ok;
  for (const char* bad : {"m17.11", "M1", "M17.", "M1711", "17.11", "M17.11111", "M17-11"})
    EXPECT_NE(icd10cm_problem(bad), "") << bad;
}

TEST(Validation, EmailZoneLanguageText) {
  EXPECT_EQ(email_problem("ann.lee@clinic.example"), "");
  for (const char* bad : {"", "ann", "@x.org", "a@b", "a@@b.org", "a b@c.org", "a@b.org."})
    EXPECT_NE(email_problem(bad), "") << bad;
  EXPECT_EQ(time_zone_problem("Europe/Lisbon"), "");
  EXPECT_EQ(time_zone_problem("America/Argentina/Buenos_Aires"), "");
  EXPECT_NE(time_zone_problem("../etc/passwd"), "");
  EXPECT_NE(time_zone_problem("Europe/Lisbon;"), "");
  EXPECT_EQ(language_problem("pt-BR"), "");
  EXPECT_NE(language_problem("p"), "");
  EXPECT_EQ(text_problem("Ann\nLee", 10, true), "");
  EXPECT_EQ(text_problem("Ann\nLee", 10), "must not contain control characters");
  EXPECT_EQ(text_problem("\xC3\xA9", 10), "");
  EXPECT_EQ(text_problem("\xC3", 10), "must be valid UTF-8 text");
  EXPECT_EQ(text_problem("\xFF", 10), "must be valid UTF-8 text");
  EXPECT_EQ(text_problem("abcdef", 5), "must be at most 5 characters");
  EXPECT_EQ(enum_problem("up", {"left", "right"}), "must be one of: left, right");
}

}  // namespace
}  // namespace physio::clinic
