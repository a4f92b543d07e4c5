// Reading feeds as other systems send them (docs/interop/hl7v2.md, "Liberal reading"): the record number
// among PID-3's identifiers, units read from their text, statuses outside table 0278, spaces around values,
// every problem in one ACK with severities E and W, MSH-3/4 echoed whole, per-sender rules, and headers
// filled at send time.
#include <gtest/gtest.h>

#include "core/civil_date.hpp"
#include "hl7/inbound.hpp"
#include "hl7/parser.hpp"
#include "hl7/send_time.hpp"
#include "hl7/sender_profile.hpp"
#include "hl7/serializer.hpp"

namespace physio::hl7 {
namespace {

ReceiveOptions opts() {
  ReceiveOptions o;
  o.ours = HeaderParams{"PHYSIOKIT", "REHAB01", "", "", "ACK-7", 1710166522LL * kUsPerSecond, "P"};
  return o;
}

std::string adt_with_pid3(const std::string& pid3, const std::string& app = "SENDER") {
  return "MSH|^~\\&|" + app + "|FAC|||20270101||ADT^A04|C1|P|2.5.1\rPID|1||" + pid3 +
         "||Doe^Jo||19800101|F\r";
}

std::vector<std::string> err_lines(const Receipt& r) {
  std::vector<std::string> out;
  for (int n = 1; n <= r.ack.count("ERR"); ++n) {
    const Segment& e = *r.ack.find("ERR", n);
    out.push_back(r.ack.value(e, 4) + " " + serialize_field(e.fields.at(1), r.ack.delimiters) + " " +
                  r.ack.value(e, 3, 1));
  }
  return out;
}

TEST(Feeds, TheRecordNumberIsChosenAmongPid3sIdentifiers) {
  struct Case {
    std::string pid3;
    IdentifierRule rule;
    std::string chosen;  // "" when refused
    std::size_t warnings;
  };
  const Case cases[] = {
      {"E1^^^EPI^MR~X9^^^EPI^PI", {}, "E1", 0},
      {"E1^^^EPI^EPI", {}, "E1", 1},                                 // the only identifier, type not MR
      {"P7^^^CERNER^PI", {}, "P7", 1},                               // type PI, alone
      {"88231", {}, "88231", 1},                                     // bare
      {"88231", {.untyped_as = "MR"}, "88231", 1},                   // bare, typed by the sender's rule
      {"E1^^^EPI^EPI~S^^^SSA^SS~U1^^^PHYSIOKIT^PI", {}, "E1", 1},    // SS and our own id are never it
      {"E1^^^EPI^EPI~E2^^^EPIC^PI", {.authority = "EPI"}, "E1", 0},  // the sender's authority
      {"7^^^&2.16.840.1.113883.3.9&ISO^MR~8^^^&2.16.1&ISO^MR", {.authority = "2.16.1"}, "8", 0},  // an OID
      {"K1^^^A^PI~K9^^^B^PT", {}, "", 0},                      // two could be: refused
      {"S^^^SSA^SS", {}, "", 0},                               // none could be: refused
      {"E1^^^EPI^MR", {.authority = "HOSP"}, "", 0},           // the authority's is missing: refused
      {"E1^^^EPI^PI~E2^^^EPI^MRN", {.type = "MRN"}, "E2", 0},  // the sender's type
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.pid3);
    ReceiveOptions o = opts();
    o.identifier = c.rule;
    const Receipt r = receive(adt_with_pid3(c.pid3), o);
    if (c.chosen.empty()) {
      EXPECT_EQ(r.code, AckCode::kError);
      ASSERT_EQ(r.issues.size(), 1u);
      EXPECT_EQ(r.issues[0].where.field, 3);
      continue;
    }
    ASSERT_EQ(r.code, AckCode::kAccept) << (r.issues.empty() ? "" : r.issues[0].to_string());
    EXPECT_EQ(std::get<PatientUpsert>(r.event).patient.record_number.id, c.chosen);
    EXPECT_EQ(r.warnings.size(), c.warnings);
    EXPECT_EQ(to_clinic_patient(std::get<PatientUpsert>(r.event), c.rule.authority).mrn, c.chosen);
  }
}

std::string siu(const std::string& trigger, const std::string& sch, const std::string& ais = "") {
  return "MSH|^~\\&|SCHED|FAC|||20270101||SIU^" + trigger + "|C2|P|2.5.1\rSCH|" + sch +
         "\rPID|1||9^^^H^MR||Doe^Jo||19800101\r" + ais;
}

TEST(Feeds, UnitsStatusesAndSpacesAreReadWhereTheirMeaningIsClear) {
  // SCH-10 `m^Minutes`: the code is UCUM's metre, the text says minutes.
  Receipt r = receive(siu("S12", "P1||||||||30|m^Minutes|^^^202701011000"), opts());
  ASSERT_EQ(r.code, AckCode::kAccept) << (r.issues.empty() ? "" : r.issues[0].to_string());
  EXPECT_EQ(std::get<AppointmentChange>(r.event).duration_min, 30);
  EXPECT_EQ(err_lines(r), std::vector<std::string>{"W SCH^1^10^1^1 103"});
  // `m` alone is not a unit; a word in any case is.
  r = receive(siu("S12", "P1||||||||30|m|^^^202701011000"), opts());
  EXPECT_EQ(r.code, AckCode::kError);
  r = receive(siu("S12", "P1||||||||2|Hours|^^^202701011000"), opts());
  ASSERT_EQ(r.code, AckCode::kAccept);
  EXPECT_EQ(std::get<AppointmentChange>(r.event).duration_min, 120);
  EXPECT_TRUE(r.warnings.empty());
  // SCH-25 outside table 0278: ignored with a warning, the trigger decides; a table value in another case
  // is that value.
  const std::string pad = "||||||||||||||";  // SCH-11 to SCH-25
  r = receive(siu("S12", "P1||||||||30|MIN|^^^202701011000" + pad + "Scheduled"), opts());
  ASSERT_EQ(r.code, AckCode::kAccept);
  EXPECT_EQ(std::get<AppointmentChange>(r.event).status, "booked");
  EXPECT_EQ(err_lines(r), std::vector<std::string>{"W SCH^1^25^1^1 103"});
  r = receive(siu("S14", "P1||||||||30|MIN|^^^202701011000" + pad + "Scheduled"), opts());
  EXPECT_EQ(std::get<AppointmentChange>(r.event).status, "") << "a modification keeps the stored status";
  r = receive(siu("S14", "P1||||||||30|MIN|^^^202701011000" + pad + "NOSHOW"), opts());
  EXPECT_EQ(std::get<AppointmentChange>(r.event).status, "noshow");
  EXPECT_EQ(r.warnings.size(), 1u);
  // A trailing space in a time.
  r = receive(siu("S12", "P1", "AIS|1||X|20270101100000 |||30|MIN\r"), opts());
  ASSERT_EQ(r.code, AckCode::kAccept) << (r.issues.empty() ? "" : r.issues[0].to_string());
  EXPECT_EQ(err_lines(r), std::vector<std::string>{"W AIS^1^4 102"});
  EXPECT_NE(r.warnings[0].to_string().find("'20270101100000 ': the spaces around the value were trimmed"),
            std::string::npos);
}

TEST(Feeds, EveryProblemOfAMessageIsInOneAck) {
  const Receipt r = receive(
      "MSH|^~\\&|A|B|||20270101||SIU^S12|C3|P|2.5.1\rSCH|P1||||||||half|MIN|^^^20271301\rPID|1||||^Jo||1990|"
      "Q\r",
      opts());
  EXPECT_EQ(r.code, AckCode::kError);
  EXPECT_EQ(err_lines(r),
            (std::vector<std::string>{"E SCH^1^11^1^4 102", "E SCH^1^9 102", "E PID^1^3^1^1 101",
                                      "E PID^1^5^1^1 101", "E PID^1^7 102", "E PID^1^8 103"}));
  // Before 2.5: one ERR, ERR-1 repeated, MSA-3 the first error.
  std::string v24 = "MSH|^~\\&|A|B|||20270101||ADT^A08|C4|P|2.4\rPID|1||9^^^H^MR||||x|Q\r";
  const Receipt old = receive(v24, opts());
  EXPECT_EQ(old.ack.count("ERR"), 1);
  EXPECT_EQ(old.ack.repetitions(*old.ack.find("ERR"), 1), 3);
  EXPECT_EQ(old.ack.get("MSA-3"), "PID-5.1: no family name");
}

TEST(Feeds, TheAckEchoesAnOidQualifiedSenderWhole) {
  const Receipt r = receive(
      "MSH|^~\\&|EPIC^1.2.840.114350.1.13^ISO|NORTH^2.16.840.1.113883.3.1^ISO|||20270101||ADT^A08|C5|P|2.6\r"
      "PID|1||9^^^H^MR||Doe||19800101\r",
      opts());
  ASSERT_EQ(r.code, AckCode::kAccept);
  EXPECT_NE(
      r.ack_text.find("|PHYSIOKIT|REHAB01|EPIC^1.2.840.114350.1.13^ISO|NORTH^2.16.840.1.113883.3.1^ISO|"),
      std::string::npos)
      << r.ack_text;
  EXPECT_EQ(r.received.sending_application, "EPIC");  // the sender's key stays its namespace
  // Salvaged from a header that does not parse.
  const Receipt broken = receive("MSH|^~\\^|EPIC^1.2.3^ISO|F|||2027||ADT^A08|C6|P|2.5\r", opts());
  EXPECT_EQ(broken.code, AckCode::kReject);
  EXPECT_EQ(broken.received.sending_application_hd, (std::vector<std::string>{"EPIC", "1.2.3", "ISO"}));
}

TEST(Feeds, ASendersProfileSetsItsRules) {
  auto profiles = parse_sender_profiles(R"({"senders": [
      {"application": "SCHED", "statuses": {"Scheduled": "arrived", "Tentative": "ignore"}, "units": {"m": "min"},
       "time_zone": "Somewhere/Else", "identifier": {"untyped_as": "MR"}},
      {"application": "SCHED", "facility": "OTHER", "statuses": {"Scheduled": "cancelled"}}]})",
                                        "senders.json");
  ASSERT_TRUE(profiles.has_value()) << profiles.error().message();
  EXPECT_EQ(profiles->find("SCHED", "FAC")->statuses.at("Scheduled"), "arrived");
  EXPECT_EQ(profiles->find("SCHED", "OTHER")->statuses.at("Scheduled"), "cancelled");
  EXPECT_EQ(profiles->find("NOBODY", "FAC"), nullptr);
  ReceiveOptions o = opts();
  o.senders = &*profiles;
  o.zone_offset = [](const std::string& zone) { return fixed_offset(zone == "Somewhere/Else" ? 120 : 0); };
  const std::string pad = "||||||||||||||";
  const Receipt r =
      receive("MSH|^~\\&|SCHED|FAC|||20270101||SIU^S14|C7|P|2.5.1\rSCH|P1||||||||30|m|^^^202701011000" + pad +
                  "Scheduled\rPID|1||77||Doe\r",
              o);
  ASSERT_EQ(r.code, AckCode::kAccept) << (r.issues.empty() ? "" : r.issues[0].to_string());
  const auto& c = std::get<AppointmentChange>(r.event);
  EXPECT_EQ(c.status, "arrived");
  EXPECT_EQ(c.duration_min, 30);
  EXPECT_EQ(c.start_us, (days_from_civil(2027, 1, 1) * 86400 + 8 * 3600) * kUsPerSecond) << "10:00 at UTC+2";
  EXPECT_EQ(c.patient.record_number.id, "77");
  EXPECT_EQ(err_lines(r),
            (std::vector<std::string>{"W SCH^1^10^1^1 103", "W SCH^1^25^1^1 103", "W PID^1^3^1^5 101"}));
  // Mistakes name the file, the entry and the member.
  auto bad =
      parse_sender_profiles(R"({"senders": [{"application": "A", "units": {"m": "minutes"}}]})", "f.json");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(), "f.json: senders[1] (A): units.m: \"minutes\" is not one of min, s, h, d");
  bad = parse_sender_profiles(R"({"senders": [{"application": "A"}, {"application": "A"}]})", "f.json");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("a second entry"), std::string::npos);
}

TEST(Feeds, QueuedMessagesAreAddressedWhenSent) {
  OutboundSettings s;
  s.receiving_application = "EHR^1.2.840.99^ISO";
  s.receiving_facility = "MAIN";
  s.mrn_authority = "HOSP";
  const std::string queued =
      "MSH|^~\\&|PHYSIOKIT|Clinic|OLD^X^Y||20270101||ORU^R01^ORU_R01|K1|P|2.5.1\r"
      "PID|1||M1^^^^MR~M2^^^KEEP^MR~r1^^^PHYSIOKIT^PI||Doe\r";
  EXPECT_EQ(fill_at_send(queued, s),
            "MSH|^~\\&|PHYSIOKIT|Clinic|EHR^1.2.840.99^ISO|MAIN|20270101||ORU^R01^ORU_R01|K1|P|2.5.1\r"
            "PID|1||M1^^^HOSP^MR~M2^^^KEEP^MR~r1^^^PHYSIOKIT^PI||Doe\r");
  // Settings not given: left as queued.
  EXPECT_EQ(fill_at_send(queued, OutboundSettings{}), queued);
  EXPECT_EQ(fill_at_send("not hl7", s), "not hl7");
}

}  // namespace
}  // namespace physio::hl7
