// People in XCN / PPN fields: read component by component, written escaped, and matched against staff
// display names by their parts, never by the raw display string.
#include "hl7/xcn.hpp"

#include <gtest/gtest.h>

#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"

namespace physio::hl7 {
namespace {

Practitioner person(std::string family, std::string given, std::string credentials = "",
                    std::string middle = "") {
  Practitioner p;
  p.family = std::move(family);
  p.given = std::move(given);
  p.credentials = std::move(credentials);
  p.middle = std::move(middle);
  return p;
}

TEST(Xcn, ReadsEveryComponentOfAnAip) {
  auto m = parse_message(
      "MSH|^~\\&|ATHENA|WESTCLINIC|||20260410101500||SIU^S12|1|P|2.7\r"
      "AIP|1|A|1639271234^Rivera&&&&^Sam^J^Jr^Dr^MD^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI^^^^^^^^PT, "
      "OCS|PT\r");
  ASSERT_TRUE(m) << m.error().to_string();
  const Practitioner p = read_xcn(*m, *m->find("AIP"), 3);
  EXPECT_EQ(p.id, "1639271234");
  EXPECT_EQ(p.family, "Rivera");
  EXPECT_EQ(p.given, "Sam");
  EXPECT_EQ(p.middle, "J");
  EXPECT_EQ(p.suffix, "Jr");
  EXPECT_EQ(p.prefix, "Dr");
  EXPECT_EQ(p.credentials, "PT, OCS");  // XCN.21 wins over the deprecated XCN.7
  EXPECT_EQ(p.authority, "NPI");
  // Without a professional suffix, the degree (XCN.7) is the credentials.
  auto old = parse_message("MSH|^~\\&|A|B|||20260410||SIU^S12|1|P|2.3\rAIP|1||77^Rivera^Sam^^^^PT^^LOCAL\r");
  ASSERT_TRUE(old);
  EXPECT_EQ(read_xcn(*old, *old->find("AIP"), 3).credentials, "PT");
  EXPECT_EQ(read_xcn(*old, *old->find("AIP"), 3).authority, "LOCAL");
}

TEST(Xcn, SplitsDisplayNamesIntoParts) {
  struct Case {
    const char* display;
    const char* prefix;
    const char* given;
    const char* middle;
    const char* family;
    const char* credentials;
  };
  const Case cases[] = {
      {"Sam Rivera, PT", "", "Sam", "", "Rivera", "PT"},
      {"Sam Rivera, PT, DPT", "", "Sam", "", "Rivera", "PT, DPT"},
      {"Dr. Léa van der Berg, PT", "Dr.", "Léa", "", "van der Berg", "PT"},
      {"Rivera, Sam", "", "Sam", "", "Rivera", ""},
      {"Rivera, Sam J, PT", "", "Sam", "J", "Rivera", "PT"},
      {"Anna Maria Lopez", "", "Anna", "Maria", "Lopez", ""},
      {"  Claire   Moreau  ", "", "Claire", "", "Moreau", ""},
      {"Moreau", "", "", "", "Moreau", ""},
      {"", "", "", "", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.display);
    const Practitioner p = split_display_name(c.display);
    EXPECT_EQ(p.prefix, c.prefix);
    EXPECT_EQ(p.given, c.given);
    EXPECT_EQ(p.middle, c.middle);
    EXPECT_EQ(p.family, c.family);
    EXPECT_EQ(p.credentials, c.credentials);
  }
}

TEST(Xcn, DisplayNamesMatchByNamePartsNotByTheRawString) {
  // The finding: "Sam Rivera, PT" did not match Rivera^Sam.
  EXPECT_TRUE(display_name_matches("Sam Rivera, PT", person("Rivera", "Sam")));
  EXPECT_TRUE(display_name_matches("Sam Rivera, PT, OCS", person("Rivera", "Sam")));
  EXPECT_TRUE(display_name_matches("Sam Rivera PT", person("Rivera", "Sam", "PT")));
  EXPECT_TRUE(display_name_matches("Dr. Sam Rivera", person("Rivera", "Sam")));
  EXPECT_TRUE(display_name_matches("Rivera, Sam", person("Rivera", "Sam")));
  EXPECT_TRUE(display_name_matches("RIVERA Sam", person("Rivera", "Sam")));
  EXPECT_TRUE(display_name_matches("Sam J. Rivera", person("Rivera", "Sam", "", "J")));
  EXPECT_TRUE(display_name_matches("Sam Rivera", person("Rivera", "Sam", "", "J")));
  EXPECT_TRUE(display_name_matches("Léa van der Berg, PT", person("van der Berg", "Léa")));
  EXPECT_TRUE(display_name_matches("Claire Okafor-Lindqvist", person("Okafor-Lindqvist", "Claire")));
  // Different people stay different.
  EXPECT_FALSE(display_name_matches("Sam Rivera, PT", person("Rivera", "Samantha")));
  EXPECT_FALSE(display_name_matches("Sam Rivera PT", person("Rivera", "Sam")));  // no comma: PT is a word
  EXPECT_FALSE(display_name_matches("Sam Riviera", person("Rivera", "Sam")));
  EXPECT_FALSE(display_name_matches("Rivera", person("Rivera", "Sam")));
  EXPECT_FALSE(display_name_matches("Sam Rivera", person("", "Sam")));
  EXPECT_FALSE(display_name_matches("", person("Rivera", "Sam")));
}

TEST(Xcn, WritesAPersonEscapedWithCredentialsAndAuthority) {
  Message m;
  m.set("MSH-3", "X");
  Practitioner p = split_display_name("Dr. Jo O'Brien-Smith Jr, PT, DPT");
  p.id = "u^1";
  p.authority = "PHYSIOKIT";
  p.given = "Jo & Al";
  write_person(m, "TXA", 9, p);
  write_person(m, "TXA", 22, p, PersonType::kPpn);
  m.set("TXA-22.15", "20260101");
  const std::string text = serialize(m);
  const std::string txa = text.substr(text.find("TXA|"));
  EXPECT_EQ(
      txa,
      "TXA|||||||||u\\S\\1^O'Brien-Smith^Jo \\T\\ Al^^Jr^Dr.^PT^^PHYSIOKIT^^^^^^^^^^^^PT, DPT|||||||||||||"
      "u\\S\\1^O'Brien-Smith^Jo \\T\\ Al^^Jr^Dr.^PT^^PHYSIOKIT^^^^^^20260101^^^^^^^^PT, DPT\r");
  auto back = parse_message(text);
  ASSERT_TRUE(back);
  const Practitioner read = read_xcn(*back, *back->find("TXA"), 9);
  EXPECT_EQ(read.id, "u^1");
  EXPECT_EQ(read.given, "Jo & Al");
  EXPECT_EQ(read.credentials, "PT, DPT");
  EXPECT_EQ(read.authority, "PHYSIOKIT");
}

}  // namespace
}  // namespace physio::hl7
