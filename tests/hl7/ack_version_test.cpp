// The ACK answers in the sender's HL7 version (2.3 to 2.8.2), else in the configured default; before
// 2.5 its errors use ERR-1 (ELD) and MSA-3 / MSA-6, from 2.5 on ERR-2..8.
#include <gtest/gtest.h>

#include "hl7/inbound.hpp"
#include "hl7/parser.hpp"

namespace physio::hl7 {
namespace {

ReceiveOptions ack_options(std::string default_version = "2.5.1") {
  ReceiveOptions o;
  o.ours = HeaderParams{"PHYSIOKIT", "REHAB01", "", "", "ACK-1", 1710166522LL * kUsPerSecond, "P"};
  o.ours.version = std::move(default_version);
  return o;
}

std::string adt_in_version(const std::string& version, const std::string& birth = "19870422") {
  return "MSH|^~\\&|EHR|NORTH|PHYSIOKIT|REHAB01|20240311091522||ADT^A04^ADT_A01|C-1|P|" + version +
         "\rEVN|A04|20240311091500\rPID|1||E1^^^EPI^MR||Okafor^Amara||" + birth + "|F\r";
}

TEST(AckVersion, AnswersInTheSendersVersion) {
  for (const std::string_view v : kAckVersions) {
    SCOPED_TRACE(v);
    const Receipt r = receive(adt_in_version(std::string(v)), ack_options());
    ASSERT_EQ(r.code, AckCode::kAccept);
    EXPECT_EQ(r.ack.get("MSH-12"), v);
    // 2.3 has no message structure component in MSH-9.
    EXPECT_EQ(r.ack.get("MSH-9.3"), v == "2.3" ? "" : "ACK");
  }
  // A version with its internationalization components is still that version.
  EXPECT_EQ(receive(adt_in_version("2.4^USA"), ack_options()).ack.get("MSH-12"), "2.4");
}

TEST(AckVersion, OtherVersionsGetTheConfiguredDefault) {
  for (const char* v : {"2.1", "2.2", "2.9", "2.5.2"}) {
    SCOPED_TRACE(v);
    EXPECT_EQ(receive(adt_in_version(v), ack_options()).ack.get("MSH-12"), "2.5.1");
    EXPECT_EQ(receive(adt_in_version(v), ack_options("2.4")).ack.get("MSH-12"), "2.4");
  }
  // Not 2.x at all: rejected (203), in the default version.
  const Receipt r = receive(adt_in_version("3.0"), ack_options("2.7"));
  EXPECT_EQ(r.code, AckCode::kReject);
  EXPECT_EQ(r.ack.get("MSH-12"), "2.7");
  EXPECT_EQ(r.ack.get("ERR-3.1"), "203");
}

TEST(AckVersion, ErrorsBefore25UseErr1AndMsa3) {
  const Receipt r = receive(adt_in_version("2.3", "20231345"), ack_options());
  ASSERT_EQ(r.code, AckCode::kError);
  EXPECT_EQ(
      r.ack_text,
      "MSH|^~\\&|PHYSIOKIT|REHAB01|EHR|NORTH|20240311141522+0000||ACK^A04|ACK-1|P|2.3||||||UNICODE UTF-8\r"
      "MSA|AE|C-1|PID-7: '20231345' is not a DTM date|||102^Data type error^HL70357\r"
      "ERR|PID^1^7^102&Data type error&HL70357\r");
  auto back = parse_message(r.ack_text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, r.ack);
  // The same error from a 2.5 sender: ERR-2 / ERR-3 / ERR-8.
  const Receipt r25 = receive(adt_in_version("2.5", "20231345"), ack_options());
  EXPECT_EQ(r25.ack.get("ERR-1"), "");
  EXPECT_EQ(r25.ack.get("ERR-2.3"), "7");
  EXPECT_EQ(r25.ack.get("ERR-3.1"), "102");
  EXPECT_EQ(r25.ack.get("MSA-3"), "");
}

TEST(AckVersion, ABrokenMshIsAnsweredInTheVersionItsFirstLineNames) {
  // A bad escape in MSH-4: the MSH does not parse, but MSH-12 is read from the raw line.
  const std::string text = "MSH|^~\\&|EHR|NO\\Q\\RTH|||20240311||ADT^A04|C-7|P|2.4\rPID|1\r";
  const Receipt r = receive(text, ack_options());
  EXPECT_EQ(r.code, AckCode::kReject);
  EXPECT_EQ(r.ack.get("MSH-12"), "2.4");
  EXPECT_EQ(r.ack.get("MSA-2"), "C-7");
  EXPECT_EQ(r.ack.get("ERR-1.4.1"), "102");
}

TEST(AckVersion, InternalErrorIn24) {
  AckContext c;
  c.control_id = "X1";
  c.trigger = "S12";
  c.version = "2.4";
  const Message m = internal_error_ack(c, "the message could not be stored", ack_options().ours);
  EXPECT_EQ(m.get("MSH-12"), "2.4");
  EXPECT_EQ(m.get("MSA-3"), "message: the message could not be stored");  // as ERR-8 from 2.5 on
  EXPECT_EQ(m.get("ERR-1.4.1"), "207");
}

}  // namespace
}  // namespace physio::hl7
