// HL7 v2 as other systems send it (tests/hl7/data/, README.md there): 18 messages written the way different
// sending systems write them, versions 2.3 to 2.8, applied in order to one clinic with the per-sender file
// tests/hl7/data/hl7-senders.json. For each: the ACK's MSA-1 and every ERR (severity, ERR-2 location, ERR-3
// code; in 2.3/2.4 ACKs the ERR-1 repetitions), and what the store holds afterwards. Then: headers of queued
// messages are filled when they are sent; the per-sender file is refused with the place of its mistake.
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/civil_date.hpp"
#include "hl7/mllp.hpp"
#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"
#include "rehab/tz_system.hpp"
#include "server/background/hl7_sender.hpp"
#include "server/interop/hl7_inbound.hpp"
#include "server/net/stream_server.hpp"
#include "server_fixture.hpp"

namespace physio::test {
namespace {

std::filesystem::path data_dir() {
  return source_dir() / "tests" / "hl7" / "data";
}

std::string read(const std::string& name) {
  std::ifstream in(data_dir() / name, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Each ERR of an ACK as "E PID^1^7 102" (2.5 on: ERR-4 severity, ERR-2, ERR-3.1), or for a 2.3/2.4 ACK each
/// ERR-1 repetition as "PID^1^7 102".
std::vector<std::string> errs(const hl7::Message& ack) {
  std::vector<std::string> out;
  const std::string v = ack.get("MSH-12");
  const bool eld = v == "2.3" || v == "2.3.1" || v == "2.4";
  for (int n = 1; n <= ack.count("ERR"); ++n) {
    const hl7::Segment& err = *ack.find("ERR", n);
    if (eld) {
      for (int r = 1; r <= ack.repetitions(err, 1); ++r) {
        std::string loc = ack.value(err, 1, 1, 1, r) + "^" + ack.value(err, 1, 2, 1, r);
        if (!ack.value(err, 1, 3, 1, r).empty()) loc += "^" + ack.value(err, 1, 3, 1, r);
        out.push_back(loc + " " + ack.value(err, 1, 4, 1, r));
      }
      continue;
    }
    out.push_back(ack.value(err, 4) + " " + hl7::serialize_field(err.fields.at(1), ack.delimiters) + " " +
                  ack.value(err, 3, 1));
  }
  return out;
}

clinic::Patient patient_by_mrn(TestServer& ts, const std::string& clinic, const std::string& mrn) {
  auto p = must(ts.store().read([&](store::Tx& tx) { return tx.find_patient_by_mrn(clinic, mrn); }));
  if (!p) throw std::runtime_error("no patient with record number " + mrn);
  return *p;
}

bool has_mrn(TestServer& ts, const std::string& clinic, const std::string& mrn) {
  return must(ts.store().read([&](store::Tx& tx) { return tx.find_patient_by_mrn(clinic, mrn); }))
      .has_value();
}

std::string staff(TestServer& ts, const std::string& clinic, const std::string& email,
                  const std::string& name) {
  clinic::User u;
  u.clinic_id = clinic;
  u.role = clinic::Role::kPhysiotherapist;
  u.email = email;
  u.display_name = name;
  u.password_hash = "x";
  return must(ts.store().write([&](store::Tx& tx) { return tx.create_user(u); })).id;
}

TimeUs utc(int y, unsigned mo, unsigned d, int h, int mi) {
  return (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60) * kUsPerSecond;
}

struct Expect {
  const char* file;
  const char* msa;
  std::vector<std::string> errs;
  std::function<void(const server::Hl7Outcome&, const hl7::Message& ack)> stored;
};

TEST(Hl7Feeds, EachMessageAsOtherSystemsWriteItIsAppliedOrRefusedWithEveryProblemNamed) {
  auto ts = TestServer::start("hl7_feeds");
  const auto& s = ts->seeded();
  const std::string& c = s.clinic_a;
  const std::string sam = staff(*ts, c, "sam.rivera@test.example", "Sam Rivera, PT");
  const std::string claire = staff(*ts, c, "claire.moreau@test.example", "Claire Moreau, DPT");
  const std::string priya = staff(*ts, c, "priya.natarajan@test.example", "Priya Natarajan, PT");
  server::Hl7InboundOptions o;
  o.clinic_id = c;
  o.senders = must(server::load_sender_profiles(data_dir() / "hl7-senders.json", rehab::SystemTzProvider()));
  ASSERT_EQ(o.senders.senders.size(), 4u);
  server::Hl7Inbound in(ts->store(), o);

  auto appt = [&](const std::string& id) {
    return must(ts->store().read([&](store::Tx& tx) { return tx.get_appointment(c, id); }));
  };
  auto count_appointments = [&] {
    // Every appointment of 2027 (the messages' year; the fixture's are elsewhere or counted before).
    return must(ts->store().read([&](store::Tx& tx) {
             return tx.list_clinic_appointments(c, utc(2027, 1, 1, 0, 0), utc(2028, 1, 1, 0, 0));
           }))
        .size();
  };
  std::map<std::string, std::string> record;  // file number -> the record it changed
  const std::size_t appointments_before = count_appointments();

  const std::vector<Expect> cases = {
      {"01_adt_a01_v23_meditech_admit.hl7",
       "AA",
       {},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "hl7.patient.create");
         auto p = patient_by_mrn(*ts, c, "M0004471");
         EXPECT_EQ(p.family_name, "MURPHY");
         EXPECT_EQ(p.given_name, "SEAN");
         EXPECT_EQ(p.birth_date, "1962-07-14");
         EXPECT_EQ(p.sex, "male");
         EXPECT_EQ(p.phone, "(617)555-0134");
       }},
      {"02_adt_a04_v251_epic_epi_identifier.hl7",
       "AA",
       {},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "hl7.patient.create");
         auto p = patient_by_mrn(*ts, c, "E1029384");
         record["02"] = p.id;
         EXPECT_EQ(p.family_name, "Laurent");
         EXPECT_EQ(p.given_name, "Zoë");
         EXPECT_EQ(p.birth_date, "1991-03-05");
         EXPECT_EQ(p.sex, "female");
         EXPECT_EQ(p.phone, "+1 847 5550198");
         EXPECT_EQ(p.email, "zoe.laurent@example.org");
         EXPECT_FALSE(has_mrn(*ts, c, "700451")) << "the EPIC PI is not the record number";
       }},
      {"03_adt_a04_v25_cerner_pi_only.hl7",
       "AA",
       {"W PID^1^3^1^5 101"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "hl7.patient.create");
         auto p = patient_by_mrn(*ts, c, "30018822");
         record["03"] = p.id;
         EXPECT_EQ(p.family_name, "Okonkwo");
         EXPECT_EQ(p.birth_date, "1978-09-30");
         EXPECT_EQ(p.phone, "312 5550177");
         ASSERT_EQ(out.warnings.size(), 1u);
         EXPECT_NE(out.warnings[0].find(
                       "'30018822' type PI of MERCY_PI is the only one that can be the record number"),
                   std::string::npos)
             << out.warnings[0];
       }},
      {"04_adt_a04_v24_practice_bare_identifier.hl7",
       "AA",
       {"PID^1^3 101", "PID^1^7 102", "PID^1^8 103"},
       [&](const server::Hl7Outcome& out, const hl7::Message& ack) {
         EXPECT_EQ(out.action, "hl7.patient.create");
         auto p = patient_by_mrn(*ts, c, "88231");
         EXPECT_EQ(p.family_name, "Nuñez");
         EXPECT_EQ(p.given_name, "Ana");
         EXPECT_EQ(p.birth_date, "1985-04-12");
         EXPECT_EQ(p.sex, "female");
         EXPECT_EQ(p.phone, "555-0101");
         EXPECT_EQ(ack.get("MSA-3"), "") << "an AA's warnings are not an error condition";
         EXPECT_EQ(ack.get("MSH-5"), "PRACTICEWARE");
       }},
      {"05_adt_a08_v251_epic_update_repeats.hl7",
       "AA",
       {},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "hl7.patient.update");
         EXPECT_EQ(out.record_id, record["02"]);
         auto p = patient_by_mrn(*ts, c, "E1029384");
         EXPECT_EQ(p.family_name, "Laurent-Hale");
         EXPECT_EQ(p.phone, "+1 847 5550222");
         EXPECT_EQ(p.email, "zoe.hale@example.org");
       }},
      {"06_adt_a31_v26_hie_oid.hl7",
       "AA",
       {},
       [&](const server::Hl7Outcome& out, const hl7::Message& ack) {
         EXPECT_EQ(out.action, "hl7.patient.create");
         const hl7::Segment& msh = *ack.find("MSH");
         EXPECT_EQ(hl7::serialize_field(msh.fields.at(4), ack.delimiters),
                   "HIE^2.16.840.1.113883.3.9999^ISO");
         EXPECT_EQ(hl7::serialize_field(msh.fields.at(5), ack.delimiters),
                   "REGIONAL^2.16.840.1.113883.3.9999.2^ISO");
         auto p = patient_by_mrn(*ts, c, "4410023");
         record["06"] = p.id;
         EXPECT_EQ(p.family_name, "Tanaka");
         EXPECT_EQ(p.phone, "+81 3 55501234");
         EXPECT_FALSE(has_mrn(*ts, c, "9000123"));
       }},
      {"07_adt_a04_v28_several_problems.hl7",
       "AE",
       {"E PID^1^5^1^1 101", "E PID^1^7 102", "E PID^1^8 103", "E PID^1^30 103", "W EVN^1^2 102"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "");
         EXPECT_FALSE(has_mrn(*ts, c, "NS55120"));
       }},
      {"08_adt_a40_v251_epic_merge.hl7",
       "AR",
       {"E MSH^1^9^1^2 201"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "");
         EXPECT_EQ(patient_by_mrn(*ts, c, "E1029384").family_name, "Laurent-Hale");
       }},
      {"09_siu_s12_v251_epic_scheduled.hl7",
       "AA",
       {"W AIS^1^8^1^1 103", "W SCH^1^25^1^1 103"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "hl7.appointment.create");
         record["09"] = out.record_id;
         auto a = appt(out.record_id);
         EXPECT_EQ(a.patient_id, record["02"]);
         EXPECT_EQ(a.practitioner_id, claire);
         EXPECT_EQ(a.start_us, utc(2027, 3, 15, 14, 0));
         EXPECT_EQ(a.duration_min, 60);
         EXPECT_EQ(a.status, "booked");
         EXPECT_EQ(a.reason, "PT Evaluation");
       }},
      {"10_siu_s12_v231_athena_minutes_text.hl7",
       "AA",
       {"SCH^1^10 103", "SCH^1^25 103"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "hl7.appointment.create");
         record["10"] = out.record_id;
         auto a = appt(out.record_id);
         EXPECT_EQ(a.patient_id, patient_by_mrn(*ts, c, "A220019").id);
         EXPECT_EQ(a.practitioner_id, sam);
         EXPECT_EQ(a.start_us, utc(2027, 3, 16, 19, 0));
         EXPECT_EQ(a.duration_min, 30);
         EXPECT_EQ(a.status, "booked");
       }},
      {"11_siu_s12_v26_cerner_trailing_space.hl7",
       "AA",
       {"W AIS^1^4 102", "W SCH^1^25^1^1 103", "W PID^1^3^1^5 101"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "hl7.appointment.create");
         record["11"] = out.record_id;
         auto a = appt(out.record_id);
         EXPECT_EQ(a.patient_id, record["03"]);
         EXPECT_EQ(a.practitioner_id, sam) << "the second AIP, the first naming nobody here";
         // 11:00 in the sender's zone (America/Chicago, daylight time from 14 March 2027: UTC-5).
         EXPECT_EQ(a.start_us, utc(2027, 3, 17, 16, 0));
         EXPECT_EQ(a.duration_min, 45);
         EXPECT_EQ(a.status, "booked");
       }},
      {"12_siu_s13_v24_athena_reschedule.hl7",
       "AA",
       {},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "hl7.appointment.update");
         EXPECT_EQ(out.record_id, record["10"]);
         auto a = appt(out.record_id);
         EXPECT_EQ(a.start_us, utc(2027, 3, 18, 20, 30));
         EXPECT_EQ(a.status, "booked");
       }},
      {"13_siu_s14_v27_cerner_checked_in.hl7",
       "AA",
       {"W SCH^1^25^1^1 103", "W PID^1^3^1^5 101"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.record_id, record["11"]);
         auto a = appt(out.record_id);
         EXPECT_EQ(a.status, "arrived");
         EXPECT_EQ(a.start_us, utc(2027, 3, 17, 16, 0));
       }},
      {"14_siu_s15_v25_epic_canceled.hl7",
       "AA",
       {"W SCH^1^25^1^1 103"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.record_id, record["09"]);
         EXPECT_EQ(appt(out.record_id).status, "cancelled");
       }},
      {"15_siu_s26_v251_athena_noshow.hl7",
       "AA",
       {},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.record_id, record["10"]);
         EXPECT_EQ(appt(out.record_id).status, "noshow");
       }},
      {"16_siu_s12_v28_hie_tq1.hl7",
       "AA",
       {},
       [&](const server::Hl7Outcome& out, const hl7::Message& ack) {
         EXPECT_EQ(out.action, "hl7.appointment.create");
         auto a = appt(out.record_id);
         EXPECT_EQ(a.patient_id, record["06"]);
         EXPECT_EQ(a.practitioner_id, priya);
         EXPECT_EQ(a.start_us, utc(2027, 3, 22, 1, 30));
         EXPECT_EQ(a.duration_min, 45);
         EXPECT_EQ(ack.get("MSH-5.2"), "2.16.840.1.113883.3.9999");
       }},
      {"17_siu_s12_v251_ambiguous_identifiers.hl7",
       "AE",
       {"E SCH^1^9 102", "E PID^1^3^1^5 101"},
       [&](const server::Hl7Outcome& out, const hl7::Message&) {
         EXPECT_EQ(out.action, "");
         EXPECT_FALSE(has_mrn(*ts, c, "K-1"));
         EXPECT_FALSE(has_mrn(*ts, c, "K-9"));
       }},
      {"18_siu_s12_v23_new_patient_unknown_staff.hl7",
       "AE",
       {"PID^1^7 101", "AIP^1^3 103"},
       [&](const server::Hl7Outcome& out, const hl7::Message& ack) {
         EXPECT_EQ(out.action, "");
         EXPECT_FALSE(has_mrn(*ts, c, "OP-7781"));
         EXPECT_EQ(ack.get("MSA-3"), "PID-7: a new patient needs a birth date");
       }},
  };
  for (const auto& e : cases) {
    SCOPED_TRACE(e.file);
    const std::string text = read(e.file);
    ASSERT_FALSE(text.empty());
    const server::Hl7Outcome out = in.handle(text, "10.0.0.7:5000");
    auto ack = hl7::parse_message(out.ack_text);
    ASSERT_TRUE(ack.has_value()) << out.ack_text;
    auto sent = hl7::parse_message(text);
    ASSERT_TRUE(sent.has_value());
    EXPECT_EQ(ack->get("MSA-1"), e.msa) << out.ack_text;
    EXPECT_EQ(ack->get("MSA-2"), sent->get("MSH-10"));
    EXPECT_EQ(ack->get("MSH-12"), sent->get("MSH-12")) << "answered in the sender's version";
    EXPECT_EQ(errs(*ack), e.errs) << out.ack_text;
    e.stored(out, *ack);
  }
  // 09, 10, 11, 16 booked; 12 to 15 changed them; 17 and 18 booked nothing.
  EXPECT_EQ(count_appointments(), appointments_before + 4);
}

/// A fake EHR that acknowledges everything and keeps what it received.
struct Ehr {
  std::vector<std::string> received;
  std::mutex mu;
  std::unique_ptr<net::StreamServer> server;
  Ehr() {
    struct Session final : net::StreamSession {
      Ehr& ehr;
      hl7::MllpDecoder d;
      explicit Session(Ehr& e) : ehr(e) {}
      Reply on_bytes(std::string_view chunk) override {
        Reply r;
        auto msgs = d.feed(chunk);
        if (!msgs) return {"", true};
        for (auto& m : *msgs) {
          const std::lock_guard lock(ehr.mu);
          ehr.received.push_back(m);
          r.bytes += hl7::frame("MSH|^~\\&|EHR|X|PHYSIOKIT|Y|20270101||ACK|A1|P|2.5.1\rMSA|AA|X\r");
        }
        return r;
      }
    };
    server = must(net::StreamServer::start(
        {}, [this](const std::string&) { return std::make_unique<Session>(*this); }));
  }
};

// The finding: MSH-5/6 were written when a message was queued, so a backlog queued before the settings were
// given went out with them empty.
TEST(Hl7Feeds, QueuedMessagesTakeTheReceiverAndTheRecordNumbersAuthorityWhenSent) {
  auto ts = TestServer::start("hl7_send_time");
  const auto& s = ts->seeded();
  clinic::Hl7Outgoing m;
  m.clinic_id = s.clinic_a;
  m.record_type = "note";
  m.record_id = "n1";
  m.message_type = "MDM^T02";
  m.control_id = "Q1";
  m.message =
      "MSH|^~\\&|PHYSIOKIT|Clinic A|||20270101||MDM^T02^MDM_T02|Q1|P|2.5.1\r"
      "PID|1||M-1^^^^MR~p-1^^^PHYSIOKIT^PI||Doe^Jo\r";
  must(ts->store().write([&](store::Tx& tx) { return tx.queue_hl7(m); }));
  Ehr ehr;
  server::Hl7SenderOptions so{
      .host = "127.0.0.1", .port = ehr.server->port(), .timeout = std::chrono::seconds(5)};
  so.outbound.receiving_application = "EPIC^1.2.840.114350^ISO";
  so.outbound.receiving_facility = "NORTHSIDE";
  so.outbound.mrn_authority = "EPI";
  server::Hl7Sender sender(ts->store(), so);
  EXPECT_EQ(must(sender.deliver_pending()), 1);
  ASSERT_EQ(ehr.received.size(), 1u);
  auto got = hl7::parse_message(ehr.received[0]);
  ASSERT_TRUE(got.has_value());
  const hl7::Segment& msh = *got->find("MSH");
  EXPECT_EQ(hl7::serialize_field(msh.fields.at(4), got->delimiters), "EPIC^1.2.840.114350^ISO");
  EXPECT_EQ(got->get("MSH-6"), "NORTHSIDE");
  EXPECT_EQ(got->get("MSH-10"), "Q1");
  EXPECT_EQ(got->get("PID-3[1].4"), "EPI");
  EXPECT_EQ(got->get("PID-3[2].4"), "PHYSIOKIT");
}

TEST(Hl7Feeds, APerSenderFileWithAMistakeIsRefusedNamingIt) {
  const auto dir = std::filesystem::temp_directory_path() / "physio-hl7-senders-test";
  std::filesystem::create_directories(dir);
  auto try_file = [&](const std::string& text) {
    const auto f = dir / "hl7-senders.json";
    std::ofstream(f, std::ios::binary) << text;
    auto r = server::load_sender_profiles(f, rehab::SystemTzProvider());
    return r ? std::string("(accepted)") : r.error().message();
  };
  EXPECT_NE(try_file(R"({"senders": [{"application": "A", "statuses": {"Scheduled": "bookd"}}]})")
                .find("senders[1] (A): statuses.Scheduled: \"bookd\" is not one of booked, arrived"),
            std::string::npos);
  EXPECT_NE(try_file(R"({"senders": [{"application": "A", "time_zone": "Mars/Base"}]})")
                .find("senders[1] (A): time_zone 'Mars/Base'"),
            std::string::npos);
  EXPECT_NE(try_file(R"({"senders": [{"application": "A", "unit": {}}]})").find("'unit' is not a member"),
            std::string::npos);
  EXPECT_NE(
      try_file(R"({"senders": [{"facility": "B"}]})").find("senders[1]: application (MSH-3.1) is required"),
      std::string::npos);
  EXPECT_NE(try_file("{\"senders\": [\n  {\"application\": \"A\",}\n]}").find("not JSON"), std::string::npos);
  EXPECT_EQ(try_file(R"({"senders": [{"application": "A", "units": {"m": "min"}}]})"), "(accepted)");
  // No file: no per-sender rules.
  auto none = server::load_sender_profiles(dir / "absent.json", rehab::SystemTzProvider());
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->senders.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace physio::test
