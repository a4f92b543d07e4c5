// Messages as other systems write them (tests/hl7/messages/*_v2x_*.hl7): several sending applications,
// versions 2.3 to 2.8, CR, LF, CRLF and mixed segment ends, Z-segments, repeated fields and every escape
// sequence. Each is accepted, read field for field, answered in its own version, and round-trips.
#include <gtest/gtest.h>

#include "hl7/inbound.hpp"
#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"
#include "sample_messages.hpp"

namespace physio::hl7 {
namespace {

ReceiveOptions sender_options() {
  ReceiveOptions o;
  o.ours = HeaderParams{"PHYSIOKIT", "REHAB01", "", "", "ACK-9", 1710166522LL * kUsPerSecond, "P"};
  return o;
}

struct Sender {
  const char* file;
  const char* application;  // MSH-3
  const char* version;      // MSH-12
  const char* trigger;
};

constexpr Sender kSenders[] = {
    {"adt_a04_v23_meditech_crlf.hl7", "MEDITECH", "2.3", "A04"},
    {"adt_a08_v24_allscripts.hl7", "ALLSCRIPTS", "2.4", "A08"},
    {"siu_s12_v231_athena.hl7", "ATHENANET", "2.3.1", "S12"},
    {"siu_s15_v25_nextgen_mixed.hl7", "NEXTGEN", "2.5", "S15"},
    {"siu_s14_v26_cerner_crlf.hl7", "CERNER", "2.6", "S14"},
    {"siu_s12_v27_mirth.hl7", "MIRTH", "2.7", "S12"},
    {"adt_a04_v28_openemr.hl7", "OPENEMR", "2.8", "A04"},
};

TEST(OtherSenders, EachIsAcceptedAnsweredInItsVersionAndRoundTrips) {
  for (const auto& s : kSenders) {
    SCOPED_TRACE(s.file);
    const std::string text = test::read_message(s.file);
    ASSERT_FALSE(text.empty());
    const Receipt r = receive(text, sender_options());
    ASSERT_EQ(r.code, AckCode::kAccept) << (r.issues.empty() ? "" : r.issues[0].to_string());
    auto ack = parse_message(r.ack_text);
    ASSERT_TRUE(ack.has_value());
    EXPECT_EQ(ack->get("MSH-5"), s.application);
    EXPECT_EQ(ack->get("MSH-12"), s.version);
    EXPECT_EQ(ack->get("MSH-9.2"), s.trigger);
    EXPECT_EQ(ack->get("MSA-1"), "AA");
    auto parsed = parse_message(text);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(serialize(*parsed), test::with_cr(text));
  }
}

TEST(OtherSenders, Meditech23CrlfRepetitionsAndEscapedBackslash) {
  auto m = parse_message(test::read_message("adt_a04_v23_meditech_crlf.hl7"));
  ASSERT_TRUE(m);
  auto u = map_adt(*m, fixed_offset(0));
  ASSERT_TRUE(u) << u.error().to_string();
  ASSERT_EQ(u->patient.identifiers.size(), 2u);
  EXPECT_EQ(u->patient.identifiers[0].id, "M0099812");
  EXPECT_EQ(u->patient.identifiers[1].type_code, "SS");
  ASSERT_EQ(u->patient.addresses.size(), 1u);
  EXPECT_EQ(u->patient.addresses[0].other, "Unit 4\\B");  // \E\ is the escape character itself
  ASSERT_EQ(u->patient.contacts.size(), 2u);
  EXPECT_EQ(m->get("ZPI-3"), "Left-handed");
}

TEST(OtherSenders, Allscripts24FieldComponentRepetitionAndHexEscapes) {
  auto m = parse_message(test::read_message("adt_a08_v24_allscripts.hl7"));
  ASSERT_TRUE(m);
  auto u = map_adt(*m, fixed_offset(0));
  ASSERT_TRUE(u) << u.error().to_string();
  EXPECT_EQ(u->patient.name.family, "D'Souza");
  ASSERT_EQ(u->patient.addresses.size(), 1u);
  EXPECT_EQ(u->patient.addresses[0].street, "Calle 5 | Piso 2");
  EXPECT_EQ(u->patient.addresses[0].other, "Depto ^B~C");
  EXPECT_EQ(m->get("ZAL-2"), "Penicillin Allergy");
  EXPECT_EQ(m->get("ZAL-3"), "Reaction: rash & itch");
}

TEST(OtherSenders, Athena231ProviderByNpiWithDegree) {
  auto m = parse_message(test::read_message("siu_s12_v231_athena.hl7"));
  ASSERT_TRUE(m);
  auto c = map_siu(*m, fixed_offset(0));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->duration_min, 45);
  EXPECT_EQ(c->reason, "Low back pain follow-up");
  ASSERT_EQ(c->practitioners.size(), 1u);
  const Practitioner& p = c->practitioners[0];
  EXPECT_EQ(p.id, "1639271234");
  EXPECT_EQ(p.authority, "NPI");
  EXPECT_EQ(p.family, "Rivera");
  EXPECT_EQ(p.given, "Sam");
  EXPECT_EQ(p.credentials, "PT");
  EXPECT_EQ(p.role, "PT");
  EXPECT_TRUE(display_name_matches("Sam Rivera, PT", p));
  EXPECT_EQ(m->get("ZSC-2"), "Self-booked & confirmed");
}

TEST(OtherSenders, Cerner26TimingFromTq1AndRepeatedNames) {
  auto m = parse_message(test::read_message("siu_s14_v26_cerner_crlf.hl7"));
  ASSERT_TRUE(m);
  auto c = map_siu(*m, fixed_offset(0));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->filler_id, "FL-7001");
  EXPECT_EQ(c->duration_min, 45);  // TQ1-8 end - TQ1-7 start
  EXPECT_EQ(c->patient.identifiers.size(), 2u);
  EXPECT_EQ(c->patient.name.family, "Haddad");  // the first PID-5 repetition
  EXPECT_EQ(m->repetitions(*m->find("AIP"), 3), 2);
  ASSERT_EQ(c->practitioners.size(), 1u);
  EXPECT_EQ(c->practitioners[0].authority, "NPI");
}

TEST(OtherSenders, Mirth27ProfessionalSuffixAndUtf8) {
  auto m = parse_message(test::read_message("siu_s12_v27_mirth.hl7"));
  ASSERT_TRUE(m);
  auto c = map_siu(*m, fixed_offset(0));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->reason, "Shoulder & neck review");
  EXPECT_EQ(c->patient.name.given, "João");
  ASSERT_EQ(c->practitioners.size(), 1u);
  EXPECT_EQ(c->practitioners[0].family, "Ferreira-Lund");
  EXPECT_EQ(c->practitioners[0].credentials, "PT, DPT");
  EXPECT_TRUE(display_name_matches("Ana Ferreira-Lund, PT, DPT", c->practitioners[0]));
}

TEST(OtherSenders, OpenEmr28FormattingEscapesAndTrainingId) {
  const std::string text = test::read_message("adt_a04_v28_openemr.hl7");
  auto m = parse_message(text);
  ASSERT_TRUE(m);
  auto u = map_adt(*m, fixed_offset(0));
  ASSERT_TRUE(u) << u.error().to_string();
  EXPECT_EQ(u->patient.identifiers.size(), 2u);
  EXPECT_EQ(u->patient.contacts.size(), 3u);
  EXPECT_EQ(u->patient.addresses[0].street, "1 Main St\nRear door");
  EXPECT_EQ(m->get("ZPV-2"), "urgent");  // highlighting dropped
  EXPECT_EQ(m->get("ZPV-3"), "HI");
  EXPECT_EQ(m->get("ZPV-4"), "a\\b");
  const Receipt r = receive(text, sender_options());
  EXPECT_NE(r.ack_text.find("|T|2.8"), std::string::npos) << r.ack_text;  // processing id T echoed
}

TEST(OtherSenders, NextGen25MixedLineEndsCancel) {
  auto m = parse_message(test::read_message("siu_s15_v25_nextgen_mixed.hl7"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->count("ZCN"), 1);
  EXPECT_EQ(m->get("ZCN-2"), "\\|");
  auto c = map_siu(*m, fixed_offset(0));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->status, "cancelled");
  EXPECT_EQ(c->practitioners[0].credentials, "PT");
}

}  // namespace
}  // namespace physio::hl7
