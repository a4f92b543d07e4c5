#include "hl7/parser.hpp"

#include <gtest/gtest.h>

#include "hl7/serializer.hpp"
#include "sample_messages.hpp"

namespace physio::hl7 {
namespace {

using test::read_message;
using test::sample_names;
using test::with_cr;

TEST(Parser, EverySampleRoundTrips) {
  const auto names = sample_names();
  ASSERT_GE(names.size(), 10u);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    const std::string text = read_message(name);
    auto m = parse_message(text);
    ASSERT_TRUE(m.has_value()) << m.error().to_string();
    const std::string out = serialize(*m);
    EXPECT_EQ(out, with_cr(text));
    auto again = parse_message(out);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *m);
  }
}

TEST(Parser, AcceptsLfAndCrlfSegmentEnds) {
  const std::string cr = "MSH|^~\\&|A|B|||20240101||ADT^A08|1|P|2.5\rPID|||1\r";
  const std::string lf = "MSH|^~\\&|A|B|||20240101||ADT^A08|1|P|2.5\nPID|||1\n";
  const std::string crlf = "MSH|^~\\&|A|B|||20240101||ADT^A08|1|P|2.5\r\nPID|||1\r\n\r\n";
  auto a = parse_message(cr);
  auto b = parse_message(lf);
  auto c = parse_message(crlf);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *c);
  EXPECT_EQ(a->segments.size(), 2u);
}

TEST(Parser, ReadsDelimitersFromMsh) {
  auto m = parse_message(read_message("adt_a04_custom_delims.hl7"));
  ASSERT_TRUE(m.has_value()) << m.error().to_string();
  EXPECT_EQ(m->delimiters.field, '*');
  EXPECT_EQ(m->delimiters.component, '$');
  EXPECT_EQ(m->delimiters.repetition, '@');
  EXPECT_EQ(m->delimiters.escape, '/');
  EXPECT_EQ(m->delimiters.subcomponent, '&');
  EXPECT_EQ(m->get("MSH-1"), "*");
  EXPECT_EQ(m->get("MSH-2"), "$@/&");
  EXPECT_EQ(m->get("MSH-9.2"), "A04");
  EXPECT_EQ(m->get("PID-3[2].1"), "990012");
  EXPECT_EQ(m->get("PID-5.2"), "Tomas");
  EXPECT_EQ(m->get("PID-13.4"), "tomas.r@example.net");
  EXPECT_EQ(m->get("PID-13[2].7"), "5550123");
}

TEST(Parser, PathsReachRepetitionsComponentsAndSubcomponents) {
  auto m = parse_message(read_message("adt_a04_epic.hl7"));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->get("MSH-4.2"), "1.2.840.114350.1.13.99.2");
  EXPECT_EQ(m->get("PID-3.1"), "E4471902");
  EXPECT_EQ(m->get("PID-3[2].4"), "SSA");
  EXPECT_EQ(m->get("PID-3[3].5"), "PI");
  EXPECT_EQ(m->get("PID-5.1"), "Okafor-Lindqvist");
  EXPECT_EQ(m->get("PID-5[2].7"), "M");
  EXPECT_EQ(m->get("PID-7"), "19870422");
  EXPECT_EQ(m->get("PID-11[2].1"), "PO Box 77");
  EXPECT_EQ(m->get("ZPD-2"), "Prefers morning visits");
  EXPECT_EQ(m->get("PID-99"), "");
  EXPECT_EQ(m->get("PID-3[9].1"), "");
  EXPECT_EQ(m->get("XYZ-1"), "");
  EXPECT_EQ(m->get("not a path"), "");
  auto s = parse_message(read_message("siu_s14_modify_lf.hl7"));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->get("TQ1-13.2.1"), "min");
  EXPECT_EQ(s->get("TQ1-13.2.3"), "UCUM");
}

TEST(Parser, SegmentOccurrencesByIndex) {
  auto m = parse_message(read_message("mdm_t02_vendor.hl7"));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->count("OBX"), 3);
  EXPECT_EQ(m->get("OBX[2]-1"), "2");
  EXPECT_EQ(m->get("OBX[2]-5"), "");
  EXPECT_EQ(m->get("OBX[3]-5"), "Plan: progress to single-leg work.\nReview in 2 weeks & re-test.");
  EXPECT_EQ(m->get("OBX-5"), "Assessment: knee flexion 0^110 deg; pain 3/10 | improving");
}

TEST(Parser, KeepsZSegmentsAndEmptyTrailingFields) {
  auto m = parse_message(read_message("adt_a08_minimal.hl7"));
  ASSERT_TRUE(m.has_value());
  const Segment* pid = m->find("PID");
  ASSERT_NE(pid, nullptr);
  EXPECT_EQ(pid->fields.size(), 19u);
  EXPECT_EQ(m->repetitions(*pid, 3), 1);
  EXPECT_EQ(m->repetitions(*pid, 4), 0);
  auto c = parse_message(read_message("adt_a08_cerner_lf.hl7"));
  ASSERT_TRUE(c.has_value());
  ASSERT_NE(c->find("ZCE"), nullptr);
  EXPECT_EQ(c->get("ZCE-1"), "Comment with a field sep | and a caret ^ kept");
  EXPECT_EQ(c->get("ZCE-2[3]"), "C");
}

TEST(Parser, SetEscapesAndGrows) {
  auto m = parse_message("MSH|^~\\&|A|B|||20240101||ADT^A08|1|P|2.5\rPID|1\r");
  ASSERT_TRUE(m.has_value());
  ASSERT_TRUE(m->set("PID-5.2", "Ann & Bo | ~^\\"));
  ASSERT_TRUE(m->set("PID-3[2].4", "HOSP"));
  ASSERT_TRUE(m->set("ZXY-2", "new"));
  EXPECT_FALSE(m->set("MSH-2", "x"));
  EXPECT_FALSE(m->set("bad", "x"));
  EXPECT_EQ(serialize(*m),
            "MSH|^~\\&|A|B|||20240101||ADT^A08|1|P|2.5\r"
            "PID|1||~^^^HOSP||^Ann \\T\\ Bo \\F\\ \\R\\\\S\\\\E\\\r"
            "ZXY||new\r");
  EXPECT_EQ(m->get("PID-5.2"), "Ann & Bo | ~^\\");
  auto again = parse_message(serialize(*m));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *m);
}

TEST(Parser, ParsePathForms) {
  auto p = parse_path("OBX[2]-5[3].4.2");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->segment, "OBX");
  EXPECT_EQ(p->occurrence, 2);
  EXPECT_EQ(p->field, 5);
  EXPECT_EQ(p->repetition, 3);
  EXPECT_EQ(p->component, 4);
  EXPECT_EQ(p->subcomponent, 2);
  for (const char* bad : {"", "PID", "PID-", "PID-0", "pid-1", "PID-1.", "PID-1.0", "PID[0]-1", "PID-1[2",
                          "PID-1.2.3.4", "PID-1x"}) {
    EXPECT_FALSE(parse_path(bad).has_value()) << bad;
  }
}

struct BadCase {
  const char* text;
  const char* expected;  // Issue::to_string()
};

TEST(Parser, ErrorsNameSegmentPositionAndField) {
  const BadCase cases[] = {
      {"", "MSH (segment 1): the message is empty (no MSH segment)"},
      {"PID|||1\r", "MSH (segment 1): the message must start with an MSH segment, found 'PID|||1'"},
      {"MSH", "MSH-1 (segment 1): no field separator"},
      {"MSH|", "MSH-2 (segment 1): no encoding characters"},
      {"MSHA^~\\&", "MSH-1 (segment 1): 'A' cannot be a field separator"},
      {"MSH|^^\\&|", "MSH-2 (segment 1): encoding characters '^^\\&' repeat '^'"},
      {"MSH|^~\\&|A\rPID|||12\\Q\\3\r", "PID-3.1.1 (segment 2): unknown escape '\\Q\\'"},
      {"MSH|^~\\&|A\rEVN|A04\rPID|||12\\X0\\3\r", "PID-3.1.1 (segment 3): bad hex escape '\\X0\\'"},
      {"MSH|^~\\&|A\rPID|||1~2^^^A&B\\X4\r", "PID-3[2].4.2 (segment 2): unterminated escape '\\X4'"},
      {"MSH|^~\\&|A\rPI\r", "PI (segment 2): 'PI' is not a segment name (three characters A-Z, 0-9)"},
      {"MSH|^~\\&|A\rPIDX|1\r", "PID (segment 2): 'PIDX' is not a segment name (three characters A-Z, 0-9)"},
      {"MSH|^~\\&|A\rOBX|1\rOBX|2|\\C2842\\\r",
       "OBX[2]-2.1.1 (segment 3): character set escape '\\C2842\\' is not supported (UTF-8 only)"},
      {"MSH|^~\\&|A\rMSH|^~\\&|B\r", "MSH[2] (segment 2): a second MSH segment (batches are not supported)"},
  };
  for (const BadCase& c : cases) {
    auto m = parse_message(c.text);
    ASSERT_FALSE(m.has_value()) << c.text;
    EXPECT_EQ(m.error().to_string(), c.expected);
    EXPECT_EQ(m.error().to_error().code(), ErrorCode::kParse);
  }
}

TEST(Parser, EncodingCharactersMayBeFewerOrFive) {
  auto two = parse_message("MSH|^~|A|B\rPID|||1~2\\3\r");
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->delimiters.escape, '\0');
  EXPECT_EQ(two->get("PID-3[2]"), "2\\3");
  EXPECT_EQ(serialize(*two), "MSH|^~|A|B\rPID|||1~2\\3\r");
  auto five = parse_message("MSH|^~\\&#|A\r");
  ASSERT_TRUE(five.has_value());
  EXPECT_EQ(five->delimiters.truncation, '#');
  EXPECT_EQ(serialize(*five), "MSH|^~\\&#|A\r");
}

}  // namespace
}  // namespace physio::hl7
