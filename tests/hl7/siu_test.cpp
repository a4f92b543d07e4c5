#include "hl7/siu.hpp"

#include <gtest/gtest.h>

#include "hl7/parser.hpp"
#include "sample_messages.hpp"

namespace physio::hl7 {
namespace {

using test::sample;

// 2024-04-15 09:30 at UTC-4
constexpr TimeUs kBookedStart = 1713187800LL * kUsPerSecond;

TEST(Siu, BookingFromAisWithPractitionerAndLocation) {
  auto c = map_siu(sample("siu_s12_booking.hl7"), fixed_offset(0));
  ASSERT_TRUE(c.has_value()) << c.error().to_string();
  EXPECT_EQ(c->action, AppointmentAction::kBook);
  EXPECT_EQ(c->control_id, "A7781-20240410-1");
  EXPECT_EQ(c->placer_id, "PL-55102");
  EXPECT_EQ(c->filler_id, "FL-99310");
  EXPECT_EQ(c->start_us, kBookedStart);
  EXPECT_EQ(c->duration_min, 30);
  EXPECT_EQ(c->filler_status, "Booked");
  EXPECT_EQ(c->status, "booked");
  EXPECT_EQ(c->reason, "Knee rehabilitation after ACL repair");
  EXPECT_EQ(c->patient.identifiers.at(0).id, "A119230");
  EXPECT_EQ(c->patient.contacts.at(0).value, "+1 617 5550110");
  ASSERT_EQ(c->practitioners.size(), 1u);
  Practitioner claire{"2231", "Moreau", "Claire", "PT"};
  claire.authority = "ELMSTREET";  // XCN.9: who issued the id
  EXPECT_EQ(c->practitioners[0], claire);
  ASSERT_EQ(c->locations.size(), 1u);
  EXPECT_EQ(c->locations[0], (CareLocation{"GYM", "2", "", "ELMSTREET"}));

  clinic::Appointment base;
  base.id = "a-1";
  base.patient_id = "p-9";
  const clinic::Appointment a = to_clinic_appointment(*c, base);
  EXPECT_EQ(a.id, "a-1");
  EXPECT_EQ(a.patient_id, "p-9");
  EXPECT_EQ(a.start_us, kBookedStart);
  EXPECT_EQ(a.duration_min, 30);
  EXPECT_EQ(a.status, "booked");
}

TEST(Siu, ModificationFromTq1InLocalTime) {
  auto c = map_siu(sample("siu_s14_modify_lf.hl7"), fixed_offset(-240));
  ASSERT_TRUE(c.has_value()) << c.error().to_string();
  EXPECT_EQ(c->action, AppointmentAction::kModify);
  EXPECT_EQ(c->start_us, (1713794400LL + 4 * 3600) * kUsPerSecond);
  EXPECT_EQ(c->duration_min, 45);
  EXPECT_EQ(c->reason, "Moved to the afternoon");
  EXPECT_EQ(c->practitioners.at(0).id, "2231");
}

TEST(Siu, CancellationAndNoShow) {
  auto cancel = map_siu(sample("siu_s15_cancel.hl7"), fixed_offset(0));
  ASSERT_TRUE(cancel.has_value()) << cancel.error().to_string();
  EXPECT_EQ(cancel->action, AppointmentAction::kCancel);
  EXPECT_EQ(cancel->status, "cancelled");
  EXPECT_EQ(cancel->start_us, 0);
  clinic::Appointment base;
  base.start_us = 77;
  base.duration_min = 30;
  const clinic::Appointment a = to_clinic_appointment(*cancel, base);
  EXPECT_EQ(a.start_us, 77);
  EXPECT_EQ(a.duration_min, 30);
  EXPECT_EQ(a.status, "cancelled");

  auto noshow = map_siu(sample("siu_s26_noshow.hl7"), fixed_offset(0));
  ASSERT_TRUE(noshow.has_value()) << noshow.error().to_string();
  EXPECT_EQ(noshow->action, AppointmentAction::kNoShow);
  EXPECT_EQ(noshow->status, "noshow");
  EXPECT_EQ(noshow->placer_id, "");
  EXPECT_EQ(noshow->filler_id, "FL-99422");
  EXPECT_EQ(noshow->start_us, 1714399200LL * kUsPerSecond);
}

TEST(Siu, DurationSources) {
  const std::string head = "MSH|^~\\&|A|B|||20240101||SIU^S12|1|P|2.5\r";
  const std::string pid = "PID|1||9^^^H||Doe\r";
  struct Case {
    std::string body;
    std::int64_t minutes;
  };
  const Case cases[] = {
      {"SCH|P1||||||||1.5|h^hours|^^^202401011000\r", 90},
      {"SCH|P1||||||||||^^M20^202401011000\r", 20},
      {"SCH|P1||||||||||^^^202401011000^202401011045\r", 45},
      {"SCH|P1||||||||2700|s|^^^202401011000\r", 45},
      {"SCH|P1||||||||25||^^^202401011000\r", 25},
      {"SCH|P1\rTQ1|1||||||202401011000|202401011100\r", 60},
  };
  for (const Case& c : cases) {
    auto m = parse_message(head + c.body + pid);
    ASSERT_TRUE(m.has_value()) << c.body;
    auto change = map_siu(*m, fixed_offset(0));
    ASSERT_TRUE(change.has_value()) << c.body << ": " << change.error().to_string();
    EXPECT_EQ(change->duration_min, c.minutes) << c.body;
  }
}

TEST(Siu, ErrorsNameSegmentAndField) {
  const std::string pid = "PID|1||9^^^H||Doe\r";
  struct Case {
    std::string trigger;
    std::string body;
    std::string expected;
  };
  const Case cases[] = {
      {"S12", pid, "SCH: no SCH segment"},
      {"S12", "SCH|||||||||30\r" + pid, "SCH-2.1: no placer (SCH-1) or filler (SCH-2) appointment id"},
      {"S12", "SCH|P1||||||||30\r" + pid, "SCH-11.4: no appointment start (AIS-4, TQ1-7 or SCH-11.4)"},
      {"S12", "SCH|P1||||||||||^^^202401011000\r" + pid,
       "SCH-9: no appointment duration (AIS-7, SCH-9, TQ1-13, SCH-11.3 or an end time)"},
      {"S12", "SCH|P1||||||||30||^^^20240132\r" + pid, "SCH-11.4: '20240132' is not a DTM"},
      {"S12", "SCH|P1||||||||half|min|^^^202401011000\r" + pid, "SCH-9: 'half' is not a duration"},
      {"S12", "SCH|P1||||||||30|fortnight|^^^202401011000\r" + pid,
       "SCH-10.1: 'fortnight' is not a duration unit"},
      {"S12", "SCH|P1||||||||||^^X9^202401011000\r" + pid, "SCH-11.3: 'X9' is not a TQ duration (like M30)"},
      {"S12", "SCH|P1||||||||||^^^202401011000^202401010900\r" + pid,
       "SCH-11.5: the appointment ends before it starts"},
      {"S15", "SCH|P1\rPID|1\r", "PID-3.1: no patient identifier"},
      {"S15", "SCH|P1\rAIS|1||x|tomorrow\r" + pid, "AIS-4: 'tomorrow' is not a DTM"},
      {"S16", "SCH|P1\r" + pid, "MSH-9.2: SIU trigger 'S16' is not supported"},
  };
  for (const Case& c : cases) {
    auto m = parse_message("MSH|^~\\&|A|B|||20240101||SIU^" + c.trigger + "|1|P|2.5\r" + c.body);
    ASSERT_TRUE(m.has_value()) << c.body;
    auto change = map_siu(*m, fixed_offset(0));
    ASSERT_FALSE(change.has_value()) << c.body;
    EXPECT_EQ(change.error().to_string(), c.expected);
  }
}

}  // namespace
}  // namespace physio::hl7
