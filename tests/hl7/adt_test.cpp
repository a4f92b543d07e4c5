#include "hl7/adt.hpp"

#include <gtest/gtest.h>

#include "hl7/parser.hpp"
#include "sample_messages.hpp"

namespace physio::hl7 {
namespace {

using test::sample;

TEST(Adt, EpicRegistrationMapsEveryPidField) {
  auto u = map_adt(sample("adt_a04_epic.hl7"), fixed_offset(0));
  ASSERT_TRUE(u.has_value()) << u.error().to_string();
  EXPECT_EQ(u->trigger, "A04");
  EXPECT_EQ(u->control_id, "8812093");
  // EVN-2 20240311091500-0500
  EXPECT_EQ(u->recorded_us, 1710166500LL * kUsPerSecond);
  const PatientDemographics& p = u->patient;
  ASSERT_EQ(p.identifiers.size(), 3u);
  EXPECT_EQ(p.identifiers[0], (PatientIdentifier{"E4471902", "EPI", "MR"}));
  EXPECT_EQ(p.identifiers[1], (PatientIdentifier{"300221187", "SSA", "SS"}));
  EXPECT_EQ(p.name, (PersonName{"Okafor-Lindqvist", "Amara", "J", "", "Ms."}));
  EXPECT_EQ(p.birth_date, "1987-04-22");
  EXPECT_EQ(p.sex, "female");
  ASSERT_EQ(p.addresses.size(), 2u);
  EXPECT_EQ(p.addresses[0],
            (PostalAddress{"1482 Juniper Hollow Rd", "Apt 3B", "Duluth", "MN", "55805", "USA", "H"}));
  EXPECT_EQ(p.addresses[1].type, "M");
  ASSERT_EQ(p.contacts.size(), 2u);
  EXPECT_EQ(p.contacts[0], (ContactPoint{ContactPoint::Kind::kPhone, "+1 218 5550142", "PRN"}));
  EXPECT_EQ(p.contacts[1], (ContactPoint{ContactPoint::Kind::kEmail, "amara.ol@example.org", "NET"}));
  EXPECT_FALSE(p.deceased);

  clinic::Patient base;
  base.id = "p-1";
  base.version = 3;
  const clinic::Patient rec = to_clinic_patient(*u, "EPI", base);
  EXPECT_EQ(rec.id, "p-1");
  EXPECT_EQ(rec.version, 3);
  EXPECT_EQ(rec.family_name, "Okafor-Lindqvist");
  EXPECT_EQ(rec.given_name, "Amara");
  EXPECT_EQ(rec.mrn, "E4471902");
  EXPECT_EQ(rec.birth_date, "1987-04-22");
  EXPECT_EQ(rec.sex, "female");
  EXPECT_EQ(rec.phone, "+1 218 5550142");
  EXPECT_EQ(rec.email, "amara.ol@example.org");
  EXPECT_EQ(to_clinic_patient(*u, "PHYSIOKIT").mrn, "88420");
}

TEST(Adt, CernerUpdateWithDeathAndEscapes) {
  auto u = map_adt(sample("adt_a08_cerner_lf.hl7"), fixed_offset(-240));
  ASSERT_TRUE(u.has_value()) << u.error().to_string();
  const PatientDemographics& p = u->patient;
  EXPECT_EQ(u->trigger, "A08");
  EXPECT_EQ(p.name.family, "VAN DER BERG");
  EXPECT_EQ(p.name.suffix, "JR");
  EXPECT_EQ(p.birth_date, "1944-10-03");
  EXPECT_EQ(p.sex, "male");
  ASSERT_EQ(p.addresses.size(), 1u);
  EXPECT_EQ(p.addresses[0].street, "Flat 2 & 3 Harbour View");
  ASSERT_EQ(p.contacts.size(), 2u);
  EXPECT_EQ(p.contacts[0].value, "(207)555-0187");
  EXPECT_EQ(p.contacts[1], (ContactPoint{ContactPoint::Kind::kEmail, "h.vdberg@example.com", "NET"}));
  EXPECT_TRUE(p.deceased);
  // 2024-03-30 12:15 at UTC-4
  EXPECT_EQ(p.deceased_us, (1711800900LL + 4 * 3600) * kUsPerSecond);
  EXPECT_EQ(to_clinic_patient(*u, "MERCY_MRN").mrn, "2290417");
}

TEST(Adt, CustomDelimitersAndMinimalMessages) {
  auto u = map_adt(sample("adt_a04_custom_delims.hl7"), fixed_offset(0));
  ASSERT_TRUE(u.has_value()) << u.error().to_string();
  EXPECT_EQ(u->patient.birth_date, "1976-02-29");
  EXPECT_EQ(u->patient.name.prefix, "Dr");
  ASSERT_EQ(u->patient.contacts.size(), 2u);
  EXPECT_EQ(u->patient.contacts[0].value, "tomas.r@example.net");
  EXPECT_EQ(u->patient.contacts[1].value, "+39 051 5550123");
  auto minimal = map_adt(sample("adt_a08_minimal.hl7"), fixed_offset(0));
  ASSERT_TRUE(minimal.has_value()) << minimal.error().to_string();
  EXPECT_EQ(minimal->patient.identifiers.size(), 1u);
  EXPECT_EQ(minimal->patient.birth_date, "");
  EXPECT_EQ(minimal->patient.sex, "");
  EXPECT_TRUE(minimal->patient.addresses.empty());
  clinic::Patient base;
  base.birth_date = "1990-01-01";
  EXPECT_EQ(to_clinic_patient(*minimal, "SMALLCLINIC", base).birth_date, "1990-01-01");
  EXPECT_EQ(to_clinic_patient(*minimal, "SMALLCLINIC", base).mrn, "555");
}

struct Broken {
  const char* pid;
  const char* expected;
};

TEST(Adt, ErrorsNameSegmentAndField) {
  const Broken cases[] = {
      {"PID|1||^^^HOSP^MR||Doe^Jane", "PID-3.1: no patient identifier"},
      {"PID|1||||Doe^Jane", "PID-3.1: no patient identifier"},
      {"PID|1||9^^^H||^Jane", "PID-5.1: no family name"},
      {"PID|1||9^^^H||Doe||2023-13-45", "PID-7: '2023-13-45' is not a DTM date"},
      {"PID|1||9^^^H||Doe||2023", "PID-7: '2023' is not a DTM date"},
      {"PID|1||9^^^H||Doe||20230101|X", "PID-8: 'X' is not a sex code of table 0001"},
      {"PID|1||9^^^H||Doe||||||||||||||||||||||||20240230", "PID-29: '20240230' is not a DTM"},
      {"PID|1||9^^^H||Doe|||||||||||||||||||||||||maybe",
       "PID-30: 'maybe' is not a yes/no indicator (table 0136: Y, N)"},
      {"PID|1||9^^^H||Doe||||||||||||||||||||||||20240101|N",
       "PID-30: death indicator 'N' contradicts the death date in PID-29"},
      {"EVN|A08|tomorrow", "EVN-2: 'tomorrow' is not a DTM"},
  };
  for (const Broken& c : cases) {
    auto m = parse_message(std::string("MSH|^~\\&|A|B|||20240101||ADT^A08|1|P|2.5\r") + c.pid + "\r");
    ASSERT_TRUE(m.has_value()) << c.pid;
    auto u = map_adt(*m, fixed_offset(0));
    ASSERT_FALSE(u.has_value()) << c.pid;
    EXPECT_EQ(u.error().to_string(), c.expected);
  }
}

}  // namespace
}  // namespace physio::hl7
