#include "hl7/inbound.hpp"

#include <gtest/gtest.h>

#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"
#include "sample_messages.hpp"

namespace physio::hl7 {
namespace {

ReceiveOptions options() {
  ReceiveOptions o;
  o.ours = HeaderParams{"PHYSIOKIT", "REHAB01", "", "", "ACK-1", 1710166522LL * kUsPerSecond, "P"};
  return o;
}

TEST(Inbound, AcceptsEverySupportedSample) {
  const std::pair<const char*, bool> samples[] = {
      {"adt_a04_epic.hl7", true},    {"adt_a08_cerner_lf.hl7", true}, {"adt_a04_custom_delims.hl7", true},
      {"adt_a08_minimal.hl7", true}, {"siu_s12_booking.hl7", false},  {"siu_s14_modify_lf.hl7", false},
      {"siu_s15_cancel.hl7", false}, {"siu_s26_noshow.hl7", false},
  };
  for (const auto& [name, adt] : samples) {
    SCOPED_TRACE(name);
    const Receipt r = receive(test::read_message(name), options());
    ASSERT_EQ(r.code, AckCode::kAccept) << (r.issues.empty() ? "" : r.issues[0].to_string());
    EXPECT_TRUE(r.issues.empty());
    EXPECT_EQ(std::holds_alternative<PatientUpsert>(r.event), adt);
    EXPECT_EQ(std::holds_alternative<AppointmentChange>(r.event), !adt);
  }
}

TEST(Inbound, AckShape) {
  const Receipt r = receive(test::read_message("adt_a04_epic.hl7"), options());
  EXPECT_EQ(r.ack_text,
            // MSH-6 is the received MSH-4 whole, OID and its type included (it was cut to NORTHSIDE).
            "MSH|^~\\&|PHYSIOKIT|REHAB01|EPICADT|NORTHSIDE^1.2.840.114350.1.13.99.2^ISO|20240311141522+0000||"
            "ACK^A04^ACK|ACK-1|P|2.5.1"
            "||||||UNICODE UTF-8\r"
            "MSA|AA|8812093\r");
  auto parsed = parse_message(r.ack_text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, r.ack);
}

struct Malformed {
  const char* name;
  std::string text;
  AckCode code;
  const char* err2;  // ERR-2 as written
  const char* err3;  // ERR-3.1
  const char* err8;
};

std::string good_adt() {
  return test::read_message("adt_a04_epic.hl7");
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(Inbound, MalformedMessagesGetTheRightAck) {
  const std::string adt = good_adt();
  const std::string siu = test::read_message("siu_s12_booking.hl7");
  const Malformed cases[] = {
      {"missing MSH", adt.substr(adt.find("EVN|")), AckCode::kReject, "MSH^1", "100",
       "MSH (segment 1): the message must start with an MSH segment, found 'EVN|A04|202403110915...'"},
      {"empty", "", AckCode::kReject, "MSH^1", "100",
       "MSH (segment 1): the message is empty (no MSH segment)"},
      {"bad MSH-2", replace(adt, "MSH|^~\\&|", "MSH|^~\\^|"), AckCode::kReject, "MSH^1^2", "102",
       "MSH-2 (segment 1): encoding characters '^~\\^' repeat '^'"},
      {"no MSH-9", replace(adt, "ADT^A04^ADT_A01", ""), AckCode::kReject, "MSH^1^9^1^1", "101",
       "MSH-9.1: no message type"},
      {"bad MSH-9", replace(adt, "ADT^A04^ADT_A01", "ADT A04"), AckCode::kReject, "MSH^1^9^1^1", "102",
       "MSH-9.1: 'ADT A04' is not a message type"},
      {"no trigger", replace(adt, "ADT^A04^ADT_A01", "ADT"), AckCode::kReject, "MSH^1^9^1^2", "101",
       "MSH-9.2: no trigger event"},
      {"no control id", replace(adt, "|8812093|", "||"), AckCode::kReject, "MSH^1^10", "101",
       "MSH-10: no message control id"},
      {"bad processing id", replace(adt, "|8812093|P|", "|8812093|X|"), AckCode::kReject, "MSH^1^11^1^1",
       "202", "MSH-11.1: processing id 'X' is not P, T or D"},
      {"version 3", replace(adt, "|2.5.1|", "|3.0|"), AckCode::kReject, "MSH^1^12^1^1", "203",
       "MSH-12.1: version '3.0' is not HL7 v2.x"},
      {"unsupported type", replace(adt, "ADT^A04^ADT_A01", "ORM^O01"), AckCode::kReject, "MSH^1^9^1^1", "200",
       "MSH-9.1: message type 'ORM' is not supported"},
      {"unknown trigger", replace(adt, "ADT^A04^ADT_A01", "ADT^A99"), AckCode::kReject, "MSH^1^9^1^2", "201",
       "MSH-9.2: ADT^A99 is not supported"},
      {"missing PID-3", replace(adt, "E4471902^^^EPI^MR~300221187^^^SSA^SS~88420^^^PHYSIOKIT^PI", ""),
       AckCode::kError, "PID^1^3^1^1", "101", "PID-3.1: no patient identifier"},
      {"bad date", replace(adt, "|19870422|", "|2023-13-45|"), AckCode::kError, "PID^1^7", "102",
       "PID-7: '2023-13-45' is not a DTM date"},
      {"truncated segment", adt.substr(0, adt.find("PID|") + 5), AckCode::kError, "PID^1^3^1^1", "101",
       "PID-3.1: no patient identifier"},
      {"truncated segment name", adt.substr(0, adt.find("PID|") + 2), AckCode::kError, "PI^1", "100",
       "PI (segment 3): 'PI' is not a segment name (three characters A-Z, 0-9)"},
      {"bad escape", replace(adt, "Okafor-Lindqvist", "Okafor\\Q\\Lindqvist"), AckCode::kError,
       "PID^1^5^1^1^1", "102", "PID-5.1.1 (segment 3): unknown escape '\\Q\\'"},
      {"bad escape in MSH", replace(adt, "EPICADT", "EPIC\\X4"), AckCode::kReject, "MSH^1^3^1^1^1", "102",
       "MSH-3.1.1 (segment 1): unterminated escape '\\X4'"},
      {"no SCH id", replace(siu, "PL-55102^ATHENA|FL-99310^PHYSIOKIT", "|"), AckCode::kError, "SCH^1^2^1^1",
       "101", "SCH-2.1: no placer (SCH-1) or filler (SCH-2) appointment id"},
      {"bad AIS time", replace(siu, "|20240415093000-0400|||30|min", "|20241315093000|||30|min"),
       AckCode::kError, "AIS^1^4", "102", "AIS-4: '20241315093000' is not a DTM"},
  };
  for (const Malformed& c : cases) {
    SCOPED_TRACE(c.name);
    const Receipt r = receive(c.text, options());
    EXPECT_EQ(to_string(r.code), to_string(c.code));
    EXPECT_TRUE(std::holds_alternative<std::monostate>(r.event));
    // The first problem is the one named; a truncated PID also lacks its name (every error is in the ACK).
    ASSERT_EQ(r.issues.size(), std::string(c.name) == "truncated segment" ? 2u : 1u);
    auto ack = parse_message(r.ack_text);
    ASSERT_TRUE(ack.has_value()) << ack.error().to_string();
    EXPECT_EQ(ack->get("MSH-9"), "ACK");
    EXPECT_EQ(ack->get("MSA-1"), to_string(c.code));
    const Segment* err = ack->find("ERR");
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(serialize_field(err->fields.at(1), ack->delimiters), c.err2);
    EXPECT_EQ(ack->get("ERR-3.1"), c.err3);
    EXPECT_EQ(ack->get("ERR-3.3"), "HL70357");
    EXPECT_EQ(ack->get("ERR-4"), "E");
    EXPECT_EQ(ack->get("ERR-8"), c.err8);
  }
}

TEST(Inbound, AckEchoesTheControlIdEvenWhenTheMshIsBroken) {
  std::string adt = good_adt();
  const Receipt ok = receive(replace(adt, "|19870422|", "|2023-13-45|"), options());
  auto ack = parse_message(ok.ack_text);
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ(ack->get("MSA-2"), "8812093");
  EXPECT_EQ(ack->get("MSH-5"), "EPICADT");
  EXPECT_EQ(ack->get("MSH-6"), "NORTHSIDE");
  EXPECT_EQ(ack->get("MSH-9.2"), "A04");

  const Receipt broken = receive(replace(adt, "MSH|^~\\&|", "MSH|^~\\^|"), options());
  EXPECT_EQ(broken.code, AckCode::kReject);
  EXPECT_EQ(broken.received.control_id, "8812093");
  EXPECT_EQ(broken.received.sending_application, "EPICADT");
  auto ack2 = parse_message(broken.ack_text);
  ASSERT_TRUE(ack2.has_value());
  EXPECT_EQ(ack2->get("MSA-2"), "8812093");
}

TEST(Inbound, InternalErrorAck) {
  const Receipt r = receive(good_adt(), options());
  const Message ack = internal_error_ack(r.received, "the store is unavailable", options().ours);
  EXPECT_EQ(ack.get("MSA-1"), "AE");
  EXPECT_EQ(ack.get("MSA-2"), "8812093");
  EXPECT_EQ(ack.get("ERR-2"), "");
  EXPECT_EQ(ack.get("ERR-3.1"), "207");
  EXPECT_EQ(ack.get("ERR-3.2"), "Application internal error");
  EXPECT_EQ(ack.get("ERR-8"), "message: the store is unavailable");
}

TEST(Inbound, CustomDelimitersAreAcknowledgedInOurs) {
  const Receipt r = receive(test::read_message("adt_a04_custom_delims.hl7"), options());
  ASSERT_EQ(r.code, AckCode::kAccept);
  EXPECT_EQ(r.ack.get("MSA-2"), "LR-000412");
  EXPECT_EQ(r.ack.get("MSH-11"), "T");
  EXPECT_EQ(r.ack_text.substr(0, 9), "MSH|^~\\&|");
}

}  // namespace
}  // namespace physio::hl7
