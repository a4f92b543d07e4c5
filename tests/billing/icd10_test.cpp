#include "billing/icd10.hpp"

#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "billing/files.hpp"
#include "common/test_data.hpp"

namespace physio::billing {
namespace {

const std::filesystem::path kIcdFile = physio::test::source_dir() / "data/coding/icd10cm.json";

const IcdCatalog& catalog() {
  static const IcdCatalog c = load_icd10_catalog(kIcdFile).value();
  return c;
}

nlohmann::json raw() {
  std::ifstream in(kIcdFile);
  return nlohmann::json::parse(in);
}

TEST(Icd10Data, LoadsAndRecordsItsSource) {
  const auto& c = catalog();
  EXPECT_GE(c.entries.size(), 350u);
  EXPECT_NE(c.source.find("CMS"), std::string::npos);
  EXPECT_NE(c.version.find("FY2026"), std::string::npos);
  const auto j = raw();
  ASSERT_TRUE(j.contains("not_included"));
  EXPECT_FALSE(j["not_included"].get<std::string>().empty());
}

TEST(Icd10Data, EveryCodeMatchesTheFormatAndHasATitle) {
  // ^[A-TV-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?$ written out by hand, independent of icd10_format_ok.
  auto matches = [](const std::string& c) {
    auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    auto alnum = [&](char ch) { return digit(ch) || (ch >= 'A' && ch <= 'Z'); };
    if (c.size() < 3 || c[0] < 'A' || c[0] > 'Z' || c[0] == 'U' || !digit(c[1])) return false;
    if (!digit(c[2]) && c[2] != 'A' && c[2] != 'B') return false;
    if (c.size() == 3) return true;
    if (c[3] != '.' || c.size() < 5 || c.size() > 8) return false;
    for (std::size_t i = 4; i < c.size(); ++i)
      if (!alnum(c[i])) return false;
    return true;
  };
  for (const auto& e : catalog().entries) {
    EXPECT_TRUE(matches(e.code)) << e.code;
    EXPECT_FALSE(e.title.empty()) << e.code;
    EXPECT_EQ(e.title.find("initial encounter"), std::string::npos)
        << e.code << ": 7th-character wording in title";
  }
}

TEST(Icd10Data, NoDuplicates) {
  std::set<std::string> seen;
  const auto j = raw();
  for (const auto& c : j["codes"]) EXPECT_TRUE(seen.insert(c["code"].get<std::string>()).second) << c["code"];
}

TEST(Icd10Data, BillableMeansNoChildrenInTheList) {
  const auto& entries = catalog().entries;
  for (const auto& e : entries) {
    for (const auto& o : entries) {
      if (&o == &e || !o.code.starts_with(e.code)) continue;
      EXPECT_FALSE(e.billable) << e.code << " is billable but has child " << o.code;
    }
  }
}

TEST(Icd10Data, SeventhCharacterRules) {
  const auto& c = catalog();
  for (const auto& [name, set] : c.seventh_sets) {
    EXPECT_TRUE(set.meanings.contains('A')) << name;
    EXPECT_TRUE(set.meanings.contains('S')) << name << ": every set has a sequela";
    EXPECT_FALSE(set.summary.empty()) << name;
  }
  EXPECT_EQ(c.seventh_sets.at("injury").meanings.size(), 3u);
  EXPECT_EQ(c.seventh_sets.at("fracture_open_types").meanings.size(), 16u);
  for (const auto& e : c.entries) {
    if (e.code[0] == 'S' || e.code[0] == 'T') {
      EXPECT_FALSE(e.seventh.empty()) << e.code << ": injury without 7th rule";
    }
    if (!e.seventh.empty()) {
      EXPECT_NE(e.code.back(), 'X') << e.code << ": stored without trailing placeholder";
      EXPECT_LE(e.code.size(), 7u) << e.code;
    }
  }
}

TEST(Icd10Data, DeletedAndSplitCodesAreAbsent) {
  EXPECT_EQ(catalog().find("M54.5"), nullptr);
  EXPECT_NE(catalog().find("M54.50"), nullptr);
  EXPECT_NE(catalog().find("M54.51"), nullptr);
  EXPECT_NE(catalog().find("M54.59"), nullptr);
  EXPECT_EQ(catalog().find("M72.2"), nullptr);
}

TEST(Icd10Data, AreasOnceLeftOutArePresent) {
  // Checked against the CMS FY2026 codes file; the header note no longer lists these areas.
  for (const char* code :
       {"G20.A1",  "G20.C",  "G35.A",  "G35.D",   "I69.351", "I69.352", "I69.353", "I69.354", "R26.0",
        "R26.1",   "R26.2",  "R26.81", "R26.89",  "R26.9",   "R27.0",   "R29.6",   "R53.1",   "M62.81",
        "M16.11",  "M16.12", "M17.0",  "M17.10",  "M17.11",  "M17.12",  "S83.511", "S83.512", "S93.401",
        "S93.402", "S13.4",  "S33.5",  "S39.012", "S86.011", "S42.201", "S52.531", "S72.141", "M54.16",
        "M54.41",  "M54.42", "M54.2",  "M25.561", "M25.562", "M25.511", "M25.512", "M75.41",  "M75.101",
        "M76.61",  "M76.62", "Z47.1",  "Z96.651", "Z96.652", "Z96.641", "Z96.642", "Z91.81"}) {
    const IcdEntry* e = catalog().find(code);
    ASSERT_NE(e, nullptr) << code;
    EXPECT_TRUE(e->billable) << code;
  }
  // Categories stay out of the list (their leaves are in it).
  for (const char* category : {"G20", "G35", "I69.35", "M16.1", "M17.1", "R26", "R26.8", "S83.51", "S93.40"})
    EXPECT_EQ(catalog().find(category), nullptr) << category;
  const std::string note = raw()["not_included"].get<std::string>();
  for (const char* area : {"M16", "M17", "S83.5", "S93.4", "G20", "G35", "R26", "R29.6"})
    EXPECT_EQ(note.find(area), std::string::npos) << area << " is in the list now";
}

TEST(Icd10Data, SeventhCharacterSetFollowsTheCategory) {
  const auto& c = catalog();
  for (const auto& e : c.entries) {
    if (e.code.starts_with("S42") || e.code.starts_with("S92")) {
      EXPECT_EQ(e.seventh, "fracture_open") << e.code;
    }
    if (e.code.starts_with("S52.5") || e.code.starts_with("S72") || e.code.starts_with("S82")) {
      EXPECT_EQ(e.seventh, "fracture_open_types") << e.code;
    }
    if (e.code.starts_with("S13") || e.code.starts_with("S33") || e.code.starts_with("S39") ||
        e.code.starts_with("S83") || e.code.starts_with("S86") || e.code.starts_with("S93")) {
      EXPECT_EQ(e.seventh, "injury") << e.code;
    }
    if (e.code[0] != 'S' && e.code[0] != 'T' && !e.code.starts_with("M80")) {
      EXPECT_TRUE(e.seventh.empty()) << e.code;
    }
  }
}

TEST(Icd10Format, Regex) {
  EXPECT_TRUE(icd10_format_ok("M54.50"));
  EXPECT_TRUE(icd10_format_ok("Z47.1"));
  EXPECT_TRUE(icd10_format_ok("M1A"));
  EXPECT_TRUE(icd10_format_ok("M53.2X6"));
  EXPECT_FALSE(icd10_format_ok("U07.1"));
  EXPECT_FALSE(icd10_format_ok("M5"));
  EXPECT_FALSE(icd10_format_ok("M54."));
  EXPECT_FALSE(icd10_format_ok("M54.12345"));
  EXPECT_FALSE(icd10_format_ok("5M4.1"));
  EXPECT_FALSE(icd10_format_ok("MC4.1"));
}

TEST(Icd10Validate, Normalises) {
  EXPECT_EQ(normalize_icd10(" m5450 "), "M54.50");
  EXPECT_EQ(normalize_icd10("s46011a"), "S46.011A");
  EXPECT_EQ(normalize_icd10("Z47.1"), "Z47.1");
}

struct ValidCase {
  const char* input;
  const char* code;
  char seventh;
};

class Icd10Valid : public ::testing::TestWithParam<ValidCase> {};

TEST_P(Icd10Valid, Accepts) {
  const auto& p = GetParam();
  auto r = validate_icd10(catalog(), p.input);
  ASSERT_TRUE(r) << p.input << ": " << r.error().to_string();
  EXPECT_EQ(r->code, p.code);
  EXPECT_EQ(r->seventh, p.seventh);
  ASSERT_NE(r->entry, nullptr);
  EXPECT_FALSE(r->entry->title.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Known, Icd10Valid,
    ::testing::Values(ValidCase{"M54.50", "M54.50", 0}, ValidCase{"m5450", "M54.50", 0},
                      ValidCase{"M25.561", "M25.561", 0}, ValidCase{"Z96.651", "Z96.651", 0},
                      ValidCase{"Z47.1", "Z47.1", 0}, ValidCase{"M53.2X6", "M53.2X6", 0},
                      ValidCase{"S46.011A", "S46.011A", 'A'}, ValidCase{"s46012d", "S46.012D", 'D'},
                      ValidCase{"S83.014S", "S83.014S", 'S'}, ValidCase{"S82.51XA", "S82.51XA", 'A'},
                      ValidCase{"S82.51XK", "S82.51XK", 'K'}, ValidCase{"S92.121B", "S92.121B", 'B'},
                      ValidCase{"M80.88XA", "M80.88XA", 'A'}, ValidCase{"M17.11", "M17.11", 0},
                      ValidCase{"m1612", "M16.12", 0}, ValidCase{"S83.511A", "S83.511A", 'A'},
                      ValidCase{"s83512d", "S83.512D", 'D'}, ValidCase{"S93.401S", "S93.401S", 'S'},
                      ValidCase{"S13.4XXA", "S13.4XXA", 'A'}, ValidCase{"S33.5XXD", "S33.5XXD", 'D'},
                      ValidCase{"S39.012A", "S39.012A", 'A'}, ValidCase{"S86.011A", "S86.011A", 'A'},
                      ValidCase{"S42.201P", "S42.201P", 'P'}, ValidCase{"S52.531C", "S52.531C", 'C'},
                      ValidCase{"S72.141A", "S72.141A", 'A'}, ValidCase{"S72.21XK", "S72.21XK", 'K'},
                      ValidCase{"G20.A1", "G20.A1", 0}, ValidCase{"G35.D", "G35.D", 0},
                      ValidCase{"I69.351", "I69.351", 0}, ValidCase{"R26.81", "R26.81", 0},
                      ValidCase{"R29.6", "R29.6", 0}, ValidCase{"R42", "R42", 0},
                      ValidCase{"R53.1", "R53.1", 0}, ValidCase{"M67.A01", "M67.A01", 0},
                      ValidCase{"Z91.81", "Z91.81", 0}));

struct InvalidCase {
  const char* input;
  const char* message;
};

class Icd10Invalid : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(Icd10Invalid, RejectsInWords) {
  const auto& p = GetParam();
  auto r = validate_icd10(catalog(), p.input);
  ASSERT_FALSE(r) << p.input;
  EXPECT_EQ(r.error().message(), p.message);
}

INSTANTIATE_TEST_SUITE_P(
    Known, Icd10Invalid,
    ::testing::Values(
        InvalidCase{
            "S46.011",
            "S46.011: injury code needs a 7th character (A initial encounter, D subsequent, S sequela)"},
        InvalidCase{"S46.011Q",
                    "S46.011Q: 7th character Q is not allowed for S46.011 (A initial encounter, D "
                    "subsequent, S sequela)"},
        InvalidCase{"S82.51A", "S82.51A: needs the placeholder X: write S82.51XA"},
        InvalidCase{"M54.5",
                    "M54.5: not billable: a category with more specific codes (M54.50, M54.51, M54.59)"},
        InvalidCase{"M72.2", "M72.2: not billable: a category with more specific codes (M72.21, M72.22)"},
        InvalidCase{"M54.50A", "M54.50A: M54.50 is complete; it takes no further character"},
        InvalidCase{"Z99.89", "Z99.89: not in the physiotherapy code list (data/coding/icd10cm.json)"},
        InvalidCase{
            "S83.511",
            "S83.511: injury code needs a 7th character (A initial encounter, D subsequent, S sequela)"},
        InvalidCase{
            "S13.4",
            "S13.4: injury code needs a 7th character (A initial encounter, D subsequent, S sequela), "
            "with X before it: S13.4XXA"},
        InvalidCase{"S13.4A", "S13.4A: needs the placeholder X: write S13.4XXA"},
        InvalidCase{"S13.4XA", "S13.4XA: needs the placeholder X: write S13.4XXA"},
        InvalidCase{"S72.21A", "S72.21A: needs the placeholder X: write S72.21XA"},
        InvalidCase{"S42.201C",
                    "S42.201C: 7th character C is not allowed for S42.201 (A initial closed, B initial open, "
                    "D/G/K/P subsequent (routine healing, delayed healing, nonunion, malunion), S sequela)"},
        InvalidCase{"M17.1",
                    "M17.1: not billable: a category with more specific codes (M17.10, M17.11, M17.12)"},
        InvalidCase{"M17.11A", "M17.11A: M17.11 is complete; it takes no further character"},
        InvalidCase{"G20",
                    "G20: not billable: a category with more specific codes (G20.A1, G20.A2, G20.B1, G20.B2, "
                    "G20.C)"},
        InvalidCase{"G35",
                    "G35: not billable: a category with more specific codes (G35.A, G35.B0, G35.B1, G35.B2, "
                    "G35.C0, ...)"},
        InvalidCase{"R26.8", "R26.8: not billable: a category with more specific codes (R26.81, R26.89)"}));

TEST(Icd10Validate, FormatErrors) {
  for (const char* bad : {"U07.1", "M5", "12345", "M54.5.0", "M54.123456"}) {
    auto r = validate_icd10(catalog(), bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message().find("not an ICD-10-CM code"), std::string::npos) << r.error().message();
  }
  EXPECT_FALSE(validate_icd10(catalog(), ""));
}

TEST(Icd10Validate, FractureSetRejectsLettersOfTheOtherSet) {
  auto r = validate_icd10(catalog(), "S92.121C");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("7th character C is not allowed"), std::string::npos);
}

TEST(Icd10Validate, ShortInjuryCodeWithoutSeventhSaysWhereTheXGoes) {
  auto r = validate_icd10(catalog(), "S82.51");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("S82.51XA"), std::string::npos) << r.error().message();
}

TEST(Icd10Catalog, RejectsABillableParent) {
  const auto j = nlohmann::json::parse(R"({"source":"s","version":"v","codes":[
    {"code":"M54.5","title":"Low back pain","billable":true,"chapter":"13","region":"spine","laterality":"none"},
    {"code":"M54.50","title":"Low back pain, unspecified","billable":true,"chapter":"13","region":"spine","laterality":"none"}]})");
  auto r = icd10_catalog_from_json(j);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("M54.5: marked billable but M54.50"), std::string::npos);
}

TEST(Icd10Catalog, RejectsBadFormatAndDuplicates) {
  auto bad = nlohmann::json::parse(R"({"source":"s","version":"v","codes":[
    {"code":"U07.1","title":"x","billable":true,"chapter":"22","region":"x","laterality":"none"}]})");
  EXPECT_FALSE(icd10_catalog_from_json(bad));
  auto dup = nlohmann::json::parse(R"({"source":"s","version":"v","codes":[
    {"code":"M54.2","title":"Cervicalgia","billable":true,"chapter":"13","region":"spine","laterality":"none"},
    {"code":"M54.2","title":"Cervicalgia","billable":true,"chapter":"13","region":"spine","laterality":"none"}]})");
  EXPECT_FALSE(icd10_catalog_from_json(dup));
}

}  // namespace
}  // namespace physio::billing
