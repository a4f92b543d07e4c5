#include <gtest/gtest.h>

#include "hl7/mdm.hpp"
#include "hl7/oru.hpp"
#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"
#include "hl7/xcn.hpp"

namespace physio::hl7 {
namespace {

// 2024-03-11T14:15:22Z
constexpr TimeUs kNow = 1710166522LL * kUsPerSecond;

HeaderParams header() {
  return HeaderParams{"PHYSIOKIT", "REHAB01", "EPIC", "NORTHSIDE", "PK-000001", kNow, "P"};
}

PatientDemographics patient() {
  clinic::Patient p;
  p.id = "0123456789abcdef0123456789abcdef";
  p.mrn = "E4471902";
  p.family_name = "Okafor-Lindqvist";
  p.given_name = "Amara";
  p.birth_date = "1987-04-22";
  p.sex = "female";
  return demographics_from(p, "EPI");
}

TEST(Oru, ResultsWithLoincLocalCodesAndUcum) {
  ResultReport r;
  r.header = header();
  r.patient = patient();
  r.report_id = "rec-42";
  r.panel = CodedValue{"41359-1", "Active range of motion panel", "LN"};
  r.observed_us = kNow - 3600 * kUsPerSecond;
  r.reported_us = kNow;
  clinic::Observation knee;
  knee.code_system = "http://loinc.org";
  knee.code = "41343-5";
  knee.display = "Knee - left Flexion Active Range of Motion";
  knee.value = 112.5;
  knee.unit = "deg";
  knee.side = "left";
  knee.body_site = "knee";
  knee.effective_us = kNow - 3500 * kUsPerSecond;
  clinic::Observation cadence;
  cadence.code_system = "urn:physiokit:measure";
  cadence.code = "cadence";
  cadence.display = "Cadence";
  cadence.value = 104;
  cadence.unit = "/min";
  ResultObservation pain;
  pain.code = CodedValue{"72514-3", "Pain severity - 0-10 verbal numeric rating", "LN"};
  pain.number = 3;
  pain.unit = "{score}";
  pain.reference_range = "0-10";
  ResultObservation remark;
  remark.code = CodedValue{"remark", "Therapist remark", std::string(kLocalSystem)};
  remark.numeric = false;
  remark.text = "Good control | no pain ^ at end";
  r.observations = {result_from(knee), result_from(cadence), pain, remark};
  auto m = build_oru_r01(r);
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  const std::string text = serialize(*m);
  EXPECT_EQ(
      text,
      "MSH|^~\\&|PHYSIOKIT|REHAB01|EPIC|NORTHSIDE|20240311141522+0000||ORU^R01^ORU_R01|PK-000001|P|2.5.1"
      "||||||UNICODE UTF-8\r"
      "PID|1||E4471902^^^EPI^MR~0123456789abcdef0123456789abcdef^^^PHYSIOKIT^PI||Okafor-Lindqvist^Amara||"
      "19870422|F\r"
      "OBR|1||rec-42^PHYSIOKIT|41359-1^Active range of motion panel^LN|||20240311131522+0000|||||||||||||||"
      "20240311141522+0000|||F\r"
      "OBX|1|NM|41343-5^Knee - left Flexion Active Range of Motion^LN||112.5|deg^deg^UCUM|||||F|||"
      "20240311131702+0000||||||^left knee\r"
      "OBX|2|NM|cadence^Cadence^99PKT||104|/min^/min^UCUM|||||F|||20240311131522+0000\r"
      "OBX|3|NM|72514-3^Pain severity - 0-10 verbal numeric rating^LN||3|{score}^{score}^UCUM|0-10||||F|||"
      "20240311131522+0000\r"
      "OBX|4|ST|remark^Therapist remark^99PKT||Good control \\F\\ no pain \\S\\ at end||||||F|||"
      "20240311131522+0000\r");
  auto back = parse_message(text);
  ASSERT_TRUE(back.has_value()) << back.error().to_string();
  EXPECT_EQ(*back, *m);
  EXPECT_EQ(back->get("OBX[4]-5"), "Good control | no pain ^ at end");
}

TEST(Oru, LocalCodesUseTheTable0396FormAndIdsOurNamespace) {
  // The finding: local codes were written with the coding system "PHYSIOKIT", which table 0396 does not
  // have; local coding systems are "99zzz". Ids we issue (EI, HD) keep our namespace.
  EXPECT_EQ(kLocalSystem, "99PKT");
  EXPECT_EQ(kLocalSystem.size(), 5u);
  EXPECT_EQ(kLocalSystem.substr(0, 2), "99");
  clinic::Observation sway;
  sway.code_system = "urn:physiokit:measure";
  sway.code = "postural-sway";
  sway.value = 1.5;
  EXPECT_EQ(result_from(sway).code.system, "99PKT");
  ResultReport r;
  r.header = header();
  r.patient = patient();
  r.report_id = "rec-1";
  r.panel = CodedValue{"movement-analysis", "Movement analysis", std::string(kLocalSystem)};
  r.observations = {result_from(sway)};
  auto m = build_oru_r01(r);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->get("OBR-3.2"), "PHYSIOKIT");
  EXPECT_EQ(m->get("OBR-4.3"), "99PKT");
  EXPECT_EQ(m->get("OBX-3.3"), "99PKT");
  EXPECT_EQ(m->get("PID-3[2].4"), "PHYSIOKIT");
}

TEST(Oru, RefusesValuesItCannotWrite) {
  ResultReport r;
  r.header = header();
  ResultObservation bad;
  bad.code = CodedValue{"x", "", "PHYSIOKIT"};
  bad.number = std::numeric_limits<double>::quiet_NaN();
  r.observations = {bad};
  auto m = build_oru_r01(r);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().to_string(), "observation 1 (x): the value is not a finite number");
  r.observations[0] = ResultObservation{};
  EXPECT_EQ(build_oru_r01(r).error().to_string(), "observation 1 (): no code or code system");
  r.observations[0].code = CodedValue{"x", "", "PHYSIOKIT"};
  r.observations[0].numeric = false;
  r.observations[0].unit = "s";
  EXPECT_EQ(build_oru_r01(r).error().to_string(), "observation 1 (x): a text value cannot have a unit");
}

TEST(Oru, NumbersArePlainDecimals) {
  EXPECT_EQ(format_nm(120), "120");
  EXPECT_EQ(format_nm(41.5), "41.5");
  EXPECT_EQ(format_nm(0.000012), "0.000012");
  EXPECT_EQ(format_nm(-0.0), "0");
  EXPECT_EQ(format_nm(-3.25), "-3.25");
  EXPECT_EQ(format_nm(1e21), "1000000000000000000000");
}

TEST(Mdm, NoteLinesBecomeEscapedTxObx) {
  ClinicalNote note;
  note.header = header();
  note.patient = patient();
  note.document_number = "note-7";
  note.author = Practitioner{"u-1184", "Haddad", "Samir", ""};
  note.activity_us = kNow - 600 * kUsPerSecond;
  note.signed_us = kNow;
  note.text = "S: knee pain 3/10 | better\r\n\nO: flexion 0^110 deg & stable\\ok\nA/P: continue";
  auto m = build_mdm_t02(note);
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  const std::string text = serialize(*m);
  const std::string expected_tail =
      "EVN|T02|20240311141522+0000\r"
      "PID|1||E4471902^^^EPI^MR~0123456789abcdef0123456789abcdef^^^PHYSIOKIT^PI||Okafor-Lindqvist^Amara||"
      "19870422|F\r"
      "PV1|1|O\r"
      "TXA|1|PR|TX|20240311140522+0000|u-1184^Haddad^Samir|20240311140522+0000|||u-1184^Haddad^Samir|||"
      "note-7^PHYSIOKIT|||||AU|||||u-1184^Haddad^Samir^^^^^^^^^^^^20240311141522+0000\r"
      "OBX|1|TX|11506-3^Progress note^LN|1|S: knee pain 3/10 \\F\\ better||||||F\r"
      "OBX|2|TX|11506-3^Progress note^LN|1|||||||F\r"
      "OBX|3|TX|11506-3^Progress note^LN|1|O: flexion 0\\S\\110 deg \\T\\ stable\\E\\ok||||||F\r"
      "OBX|4|TX|11506-3^Progress note^LN|1|A/P: continue||||||F\r";
  ASSERT_GT(text.size(), expected_tail.size());
  EXPECT_EQ(
      text.substr(0, text.find('\r')),
      "MSH|^~\\&|PHYSIOKIT|REHAB01|EPIC|NORTHSIDE|20240311141522+0000||MDM^T02^MDM_T02|PK-000001|P|2.5.1"
      "||||||UNICODE UTF-8");
  EXPECT_EQ(text.substr(text.find('\r') + 1), expected_tail);
  auto back = parse_message(text);
  ASSERT_TRUE(back.has_value());
  std::string rebuilt;
  for (int i = 1; i <= back->count("OBX"); ++i) {
    if (i > 1) rebuilt += "\n";
    rebuilt += back->get("OBX[" + std::to_string(i) + "]-5");
  }
  EXPECT_EQ(rebuilt, "S: knee pain 3/10 | better\n\nO: flexion 0^110 deg & stable\\ok\nA/P: continue");
}

TEST(Mdm, TheAuthorIsAWholeXcnWithCredentialsAndAuthority) {
  // The finding: a display name "Sam Rivera, PT" was cut at its last space, giving family "PT" and given
  // "Sam Rivera,". The author is now split into its parts and written as XCN / PPN, escaped.
  ClinicalNote note;
  note.header = header();
  note.patient = patient();
  note.document_number = "note-9";
  note.author = split_display_name("Sam Rivera, PT");
  note.author.id = "u-77";
  note.author.authority = std::string(kNamespace);
  note.activity_us = kNow;
  note.signed_us = kNow;
  note.text = "S: better";
  auto m = build_mdm_t02(note);
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  const std::string xcn = "u-77^Rivera^Sam^^^^PT^^PHYSIOKIT^^^^^^^^^^^^PT";
  EXPECT_EQ(m->get("TXA-5.2"), "Rivera");
  EXPECT_EQ(m->get("TXA-9.3"), "Sam");
  const std::string text = serialize(*m);
  EXPECT_NE(text.find("|" + xcn + "|20240311141522+0000|||" + xcn + "|||note-9^PHYSIOKIT|"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("|u-77^Rivera^Sam^^^^PT^^PHYSIOKIT^^^^^^20240311141522+0000^^^^^^^^PT\rOBX|"),
            std::string::npos)
      << text;
  auto back = parse_message(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->get("TXA-22.15"), "20240311141522+0000");
  EXPECT_EQ(back->get("TXA-22.23"), "PT");
  // Delimiters in a name are escaped, not taken as structure.
  note.author = split_display_name("Jo^Ann Lee-Smith, PT");
  note.author.id = "u|78";
  m = build_mdm_t02(note);
  ASSERT_TRUE(m);
  back = parse_message(serialize(*m));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->get("TXA-9.1"), "u|78");
  EXPECT_EQ(back->get("TXA-9.2"), "Lee-Smith");
  EXPECT_EQ(back->get("TXA-9.3"), "Jo^Ann");
  EXPECT_NE(serialize(*m).find("|u\\F\\78^Lee-Smith^Jo\\S\\Ann^"), std::string::npos) << serialize(*m);
}

TEST(Mdm, AnAddendumIsADocumentOfItsOwnLinkedToTheOriginal) {
  ClinicalNote note;
  note.header = header();
  note.patient = patient();
  note.document_number = "note-7-A1";
  note.parent_document_number = "note-7";
  note.author = Practitioner{"u-2", "Lee", "Sam", ""};
  note.activity_us = kNow;
  note.signed_us = kNow;
  note.text = "Addendum of 11 Mar 2024 by Sam Lee: swelling resolved. Reason: phone call";
  auto m = build_mdm_t06(note);
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  const std::string text = serialize(*m);
  EXPECT_NE(text.find("|MDM^T06^MDM_T02|"), std::string::npos) << text;
  EXPECT_NE(text.find("\rEVN|T06|"), std::string::npos);
  auto back = parse_message(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->get("TXA-12.1"), "note-7-A1");
  EXPECT_EQ(back->get("TXA-13.1"), "note-7");
  EXPECT_EQ(back->get("TXA-13.2"), "PHYSIOKIT");
  EXPECT_EQ(back->get("TXA-5.2"), "Lee");
  EXPECT_EQ(back->count("OBX"), 1);
  EXPECT_EQ(back->get("OBX-5"), note.text);
  // T02 never carries a parent; T06 needs one.
  auto original = build_mdm_t02(note);
  ASSERT_TRUE(original);
  EXPECT_EQ(parse_message(serialize(*original))->get("TXA-13"), "");
  note.parent_document_number.clear();
  EXPECT_EQ(build_mdm_t06(note).error().to_string(), "MDM^T06: no parent document number (TXA-13)");
}

TEST(Mdm, RefusesMissingIds) {
  ClinicalNote note;
  note.header = header();
  note.author.id = "u";
  EXPECT_EQ(build_mdm_t02(note).error().to_string(), "MDM^T02: no document number");
  note.document_number = "n";
  note.author.id = "";
  EXPECT_EQ(build_mdm_t02(note).error().to_string(), "MDM^T02: no author id");
}

}  // namespace
}  // namespace physio::hl7
