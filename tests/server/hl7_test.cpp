// HL7 v2 inbound on the server (docs/server/hl7.md): ADT registers and updates patients by record number,
// SIU books, moves, cancels and marks no-shows, each change audited with the sender as the actor; a resend
// of the same control id changes nothing; refusals (AE/AR) store nothing; over MLLP, messages split across
// reads or sent together are each acknowledged in order, and a framing error closes only that connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>

#include <gtest/gtest.h>

#include "hl7/mllp.hpp"
#include "hl7/parser.hpp"
#include "server/background/hl7_sender.hpp"
#include "server/interop/hl7_listener.hpp"
#include "server/net/stream_server.hpp"
#include "server_fixture.hpp"
#include "store/patient_registration.hpp"

namespace physio::test {
namespace {

using server::Hl7Inbound;
using server::Hl7Outcome;

server::Hl7InboundOptions options_for(const std::string& clinic) {
  server::Hl7InboundOptions o;
  o.clinic_id = clinic;
  return o;
}

std::string cr(std::string s) {
  for (auto& c : s)
    if (c == '\n') c = '\r';
  return s;
}

std::string adt(const std::string& trigger, const std::string& control, const std::string& family,
                const std::string& birth = "19870422") {
  return cr("MSH|^~\\&|EPICADT|NORTHSIDE|PHYSIOKIT|REHAB01|20260311091522+0000||ADT^" + trigger + "|" +
            control + "|P|2.5.1\nEVN|" + trigger +
            "|20260311091500+0000\nPID|1||E4471902^^^EPI^MR~88420^^^X^PI||" + family + "^Amara^J||" + birth +
            "|F|||||^PRN^PH^^1^218^5550142\nPV1|1|O\nZPD|1|Prefers mornings|Y\n");
}

std::string siu(const std::string& trigger, const std::string& control, const std::string& filler,
                const std::string& start, const std::string& status, const std::string& mrn = "E4471902",
                const std::string& staff = "2231^Moreau^Claire") {
  return cr("MSH|^~\\&|EPICADT|NORTHSIDE|PHYSIOKIT|REHAB01|20260410101500+0000||SIU^" + trigger +
            "^SIU_S12|" + control + "|P|2.5.1\nSCH|PL-1|" + filler +
            "|||||KNEE^Knee rehabilitation||30|MIN|^^30^" + start + "||||||||||||||" + status + "\nPID|1||" +
            mrn + "^^^EPI^MR||Okafor^Amara||19870422|F\nRGS|1\nAIP|1|A|" + staff + "|PT\n");
}

int count_patients(TestServer& ts, const std::string& clinic) {
  auto page = ts.store().read(
      [&](store::Tx& tx) { return tx.list_patients(clinic, store::PatientQuery{.limit = 100}); });
  return page ? static_cast<int>(page->items.size()) : -1;
}

TEST(Hl7Inbound, AdtAndSiuChangeTheRecordOnceEachAuditedAndRefusalsStoreNothing) {
  auto ts = TestServer::start("hl7_inbound");
  const auto& s = ts->seeded();
  Hl7Inbound in(ts->store(), options_for(s.clinic_a));
  const int before = count_patients(*ts, s.clinic_a);

  Hl7Outcome o = in.handle(adt("A04", "C1", "Okafor-Lindqvist"), "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem << "\n" << o.ack_text;
  EXPECT_EQ(o.action, "hl7.patient.create");
  EXPECT_NE(o.ack_text.find("MSA|AA|C1"), std::string::npos) << o.ack_text;
  const std::string pid = o.record_id;
  auto p = must(ts->store().read([&](store::Tx& tx) { return tx.get_patient(s.clinic_a, pid); }));
  EXPECT_EQ(p.mrn, "E4471902");
  EXPECT_EQ(p.family_name, "Okafor-Lindqvist");
  EXPECT_EQ(p.birth_date, "1987-04-22");
  EXPECT_EQ(count_patients(*ts, s.clinic_a), before + 1);

  // The same message again (a sender that did not see our ACK): AA, nothing new.
  o = in.handle(adt("A04", "C1", "Okafor-Lindqvist"), "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AA");
  EXPECT_TRUE(o.duplicate);
  EXPECT_EQ(count_patients(*ts, s.clinic_a), before + 1);
  // An update by record number.
  o = in.handle(adt("A08", "C2", "Okafor"), "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(o.action, "hl7.patient.update");
  EXPECT_EQ(o.record_id, pid);
  auto kept = must(ts->store().read([&](store::Tx& tx) { return tx.get_patient(s.clinic_a, pid); }));
  EXPECT_EQ(kept.family_name, "Okafor");

  // A booking's practitioner must be one of the clinic's staff: by an id mapped before, else by name.
  o = in.handle(siu("S12", "C3", "FL-1^PHYSIOKIT", "20260415093000+0000", "Booked"), "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("AIP-3: practitioner '2231' (Claire Moreau) matches no physiotherapist"),
            std::string::npos)
      << o.problem;
  clinic::User claire;
  claire.clinic_id = s.clinic_a;
  claire.role = clinic::Role::kPhysiotherapist;
  claire.email = "claire.moreau@test.example";
  claire.display_name = "Claire Moreau";
  claire.password_hash = "x";
  const std::string claire_id =
      must(ts->store().write([&](store::Tx& tx) { return tx.create_user(claire); })).id;

  // Appointments: booked, moved, marked no-show; the filler id names it across messages.
  o = in.handle(siu("S12", "C3", "FL-1^PHYSIOKIT", "20260415093000+0000", "Booked"), "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(o.action, "hl7.appointment.create");
  const std::string appt = o.record_id;
  auto a = must(ts->store().read([&](store::Tx& tx) { return tx.get_appointment(s.clinic_a, appt); }));
  EXPECT_EQ(a.patient_id, pid);
  EXPECT_EQ(a.practitioner_id, claire_id);
  EXPECT_EQ(a.status, "booked");
  EXPECT_EQ(a.duration_min, 30);
  o = in.handle(siu("S14", "C4", "FL-1", "20260416140000+0000", "Booked"), "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(o.record_id, appt);
  const auto moved =
      must(ts->store().read([&](store::Tx& tx) { return tx.get_appointment(s.clinic_a, appt); }));
  EXPECT_EQ(moved.start_us - a.start_us, (24 + 4) * 3600LL * 1'000'000 + 30 * 60LL * 1'000'000);
  o = in.handle(siu("S26", "C5", "FL-1", "20260416140000+0000", "Noshow"), "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(
      must(ts->store().read([&](store::Tx& tx) { return tx.get_appointment(s.clinic_a, appt); })).status,
      "noshow");

  // Refusals, each naming the place, storing nothing.
  o = in.handle(siu("S15", "C6", "FL-UNKNOWN", "20260416140000+0000", "Cancelled"), "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("SCH-2"), std::string::npos) << o.problem;
  EXPECT_NE(o.ack_text.find("ERR|"), std::string::npos) << o.ack_text;
  o = in.handle(siu("S14", "C7", "FL-1", "20260416140000+0000", "Booked", "OTHER-MRN"), "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE") << "an appointment moved to another patient";
  o = in.handle(adt("A04", "C8", "Nobody", ""), "10.0.0.9:4000");  // a new MRN needs a birth date
  ASSERT_EQ(o.ack_code, "AA") << "A04 for a known MRN updates: " << o.problem;
  std::string no_birth = adt("A04", "C9", "Newperson", "");
  no_birth.replace(no_birth.find("E4471902"), 8, "NEW00001");
  o = in.handle(no_birth, "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("PID-7"), std::string::npos) << o.problem;
  o = in.handle(cr("MSH|^~\\&|LAB|NORTHSIDE|||20260101||ORU^R01|C10|P|2.5.1\nPID|1||X^^^EPI^MR\n"), "peer");
  EXPECT_EQ(o.ack_code, "AR");
  EXPECT_EQ(count_patients(*ts, s.clinic_a), before + 1);
  // A refused control id is not spent: the corrected message with the same id is applied.
  std::string fixed = no_birth;
  fixed.replace(fixed.find("||F|"), 4, "|19700101|F|");
  o = in.handle(fixed, "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(count_patients(*ts, s.clinic_a), before + 2);

  // The audit trail: every change, with the sender as the actor; none in the other clinic.
  auto audit =
      must(ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_a, {.limit = 1000}); }));
  std::map<std::string, int> n;
  for (const auto& e : audit.items)
    if (e.role == "interface") {
      ++n[e.action];
      EXPECT_EQ(e.actor_id, "hl7:EPICADT^NORTHSIDE");
    }
  EXPECT_EQ(n["hl7.patient.create"], 2);
  EXPECT_EQ(n["hl7.patient.update"], 2);
  EXPECT_EQ(n["hl7.appointment.create"], 1);
  EXPECT_EQ(n["hl7.appointment.update"], 2);
  auto other =
      must(ts->store().read([&](store::Tx& tx) { return tx.list_audit(s.clinic_b, {.limit = 1000}); }));
  for (const auto& e : other.items) EXPECT_NE(e.role, "interface");
}

std::string add_staff(TestServer& ts, const std::string& clinic, const std::string& email,
                      const std::string& display) {
  clinic::User u;
  u.clinic_id = clinic;
  u.role = clinic::Role::kPhysiotherapist;
  u.email = email;
  u.display_name = display;
  u.password_hash = "x";
  return must(ts.store().write([&](store::Tx& tx) { return tx.create_user(u); })).id;
}

std::string practitioner_of(TestServer& ts, const std::string& clinic, const std::string& appointment) {
  return must(ts.store().read([&](store::Tx& tx) { return tx.get_appointment(clinic, appointment); }))
      .practitioner_id;
}

// The finding: AIP was matched against the staff's display name as a whole, so "Sam Rivera, PT" never
// matched Rivera^Sam. Now: by identifier (ours, or the sender's with its authority, mapped before), then by
// the XCN's name parts; a practitioner not found is AE at that AIP-3.
TEST(Hl7Inbound, ThePractitionerIsFoundByIdentifierThenByNameParts) {
  auto ts = TestServer::start("hl7_practitioner");
  const auto& s = ts->seeded();
  Hl7Inbound in(ts->store(), options_for(s.clinic_a));
  const std::string sam = add_staff(*ts, s.clinic_a, "sam.rivera@test.example", "Sam Rivera, PT");
  const std::string claire =
      add_staff(*ts, s.clinic_a, "claire.moreau@test.example", "Dr. Claire Moreau, DPT");
  add_staff(*ts, s.clinic_b, "sam.rivera.b@test.example", "Sam Rivera, PT");  // another clinic's namesake

  // By name parts, credentials in the display name and in XCN.7 aside; remembered under id^authority.
  Hl7Outcome o = in.handle(siu("S12", "R1", "FL-R1", "20260415093000+0000", "Booked", "E4471902",
                               "1639271234^Rivera^Sam^^^^PT^^NPI"),
                           "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(practitioner_of(*ts, s.clinic_a, o.record_id), sam);
  // The same NPI without a name: found by the identifier mapped above.
  o = in.handle(
      siu("S12", "R2", "FL-R2", "20260415100000+0000", "Booked", "E4471902", "1639271234^^^^^^^^NPI"),
      "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(practitioner_of(*ts, s.clinic_a, o.record_id), sam);
  // The same number from another issuer is another person: not found, AE naming AIP-3.
  o = in.handle(
      siu("S12", "R3", "FL-R3", "20260415110000+0000", "Booked", "E4471902", "1639271234^^^^^^^^LOCAL"),
      "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("AIP-3: practitioner '1639271234' of LOCAL"), std::string::npos) << o.problem;
  EXPECT_NE(o.ack_text.find("ERR||AIP^1^3|103^Table value not found^HL70357|E|"), std::string::npos)
      << o.ack_text;
  // Our own user id (as our MDM messages write the author): found directly.
  o = in.handle(siu("S12", "R4", "FL-R4", "20260415120000+0000", "Booked", "E4471902",
                    claire + "^Moreau^Claire^^^^^^PHYSIOKIT"),
                "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(practitioner_of(*ts, s.clinic_a, o.record_id), claire);
  // One of ours that is not staff here (another clinic's, or made up): AE.
  o = in.handle(siu("S12", "R5", "FL-R5", "20260415130000+0000", "Booked", "E4471902",
                    s.user_id.at("b_physio") + "^^^^^^^^PHYSIOKIT"),
                "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("is no active physiotherapist or assistant of this clinic"), std::string::npos)
      << o.problem;
  // "Family, Given" order, a title and XCN.21 credentials; the second AIP when the first names nobody.
  std::string two = siu("S12", "R6", "FL-R6", "20260415140000+0000", "Booked", "E4471902", "X1^Nobody^Known");
  two += "AIP|2|A|C77^Moreau^Claire^^^Dr^^^NORTH^^^^^^^^^^^^DPT|PT\r";
  o = in.handle(two, "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  EXPECT_EQ(practitioner_of(*ts, s.clinic_a, o.record_id), claire);
  // Nobody by that name: AE at AIP-3, nothing booked.
  o = in.handle(siu("S12", "R7", "FL-R7", "20260415150000+0000", "Booked", "E4471902", "9^Rivera^Samantha"),
                "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("(Samantha Rivera) matches no physiotherapist or assistant of this clinic"),
            std::string::npos)
      << o.problem;
  // Two staff with the name: AE, not a guess.
  add_staff(*ts, s.clinic_a, "sam.rivera2@test.example", "Rivera, Sam");
  o = in.handle(siu("S12", "R8", "FL-R8", "20260415160000+0000", "Booked", "E4471902", "^Rivera^Sam"),
                "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("matches several staff members"), std::string::npos) << o.problem;
}

TEST(Hl7Inbound, TheAckAnswersInTheSendersVersionElseTheConfiguredOne) {
  auto ts = TestServer::start("hl7_ack_version");
  const auto& s = ts->seeded();
  auto o = options_for(s.clinic_a);
  o.ack_version = "2.4";
  Hl7Inbound in(ts->store(), o);
  auto version_of = [](const Hl7Outcome& out) {
    auto ack = hl7::parse_message(out.ack_text);
    return ack ? ack->get("MSH-12") : std::string("(unreadable)");
  };
  auto with_version = [](std::string m, const std::string& v) {
    m.replace(m.find("|2.5.1\r"), 7, "|" + v + "\r");
    return m;
  };
  Hl7Outcome out = in.handle(with_version(adt("A04", "V1", "Okafor"), "2.3"), "peer");
  ASSERT_EQ(out.ack_code, "AA") << out.problem;
  EXPECT_EQ(version_of(out), "2.3");
  EXPECT_EQ(version_of(in.handle(with_version(adt("A08", "V2", "Okafor"), "2.8"), "peer")), "2.8");
  EXPECT_EQ(version_of(in.handle(adt("A08", "V3", "Okafor"), "peer")), "2.5.1");
  EXPECT_EQ(version_of(in.handle(with_version(adt("A08", "V4", "Okafor"), "2.9"), "peer")), "2.4");
  // An AE of ours in a 2.3 ACK: ERR-1 and MSA-3.
  out =
      in.handle(with_version(siu("S15", "V5", "FL-NONE", "20260416140000+0000", "Cancelled"), "2.3"), "peer");
  EXPECT_EQ(out.ack_code, "AE");
  EXPECT_NE(out.ack_text.find("ERR|SCH^1^2^103&Table value not found&HL70357"), std::string::npos)
      << out.ack_text;
}

/// A blocking TCP client: connect, send, read until `frames` complete MLLP frames or the peer closes.
struct Tcp {
  int fd = -1;
  explicit Tcp(std::uint16_t port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd);
      fd = -1;
    }
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Tcp() {
    if (fd >= 0) ::close(fd);
  }
  bool send(std::string_view bytes) const {
    return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  /// The complete messages read; `closed` set when the peer closed.
  std::vector<std::string> read(std::size_t frames, bool& closed) const {
    hl7::MllpDecoder d;
    std::vector<std::string> out;
    closed = false;
    char buf[4096];
    while (out.size() < frames) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        closed = true;
        break;
      }
      auto got = d.feed(std::string_view(buf, static_cast<std::size_t>(n)));
      if (!got) break;
      for (auto& m : *got) out.push_back(std::move(m));
    }
    return out;
  }
};

TEST(Hl7Inbound, ARestrictedRecordIsNotChangedAndAnErasedOneIsNotRegisteredAgain) {
  // docs/server/privacy.md: AE with condition 206 (application record locked) and the reason in words.
  auto ts = TestServer::start("hl7_privacy");
  const auto& s = ts->seeded();
  Hl7Inbound in(ts->store(), options_for(s.clinic_a));
  Hl7Outcome o = in.handle(adt("A04", "P1", "Okafor"), "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  const std::string pid = o.record_id;
  must(ts->store().write([&](store::Tx& tx) {
    return tx.put_restriction(
        {.clinic_id = s.clinic_a, .patient_id = pid, .restricted_by = "u", .reason = "objection"});
  }));
  o = in.handle(adt("A08", "P2", "Okafor-Changed"), "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("restricted"), std::string::npos) << o.problem;
  EXPECT_NE(o.ack_text.find("206"), std::string::npos) << o.ack_text;
  auto kept = must(ts->store().read([&](store::Tx& tx) { return tx.get_patient(s.clinic_a, pid); }));
  EXPECT_EQ(kept.family_name, "Okafor");
  must(ts->store().write([&](store::Tx& tx) { return tx.lift_restriction(s.clinic_a, pid); }));
  must(ts->store().write([&](store::Tx& tx) {
    return tx.erase_patient(
        {.clinic_id = s.clinic_a, .patient_id = pid, .erased_by = "u", .reason = "art. 17"});
  }));
  const int before = count_patients(*ts, s.clinic_a);
  o = in.handle(adt("A04", "P3", "Okafor"), "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("erased"), std::string::npos) << o.problem;
  EXPECT_EQ(count_patients(*ts, s.clinic_a), before);
}

// A name from PID-5 follows the rules of a name typed on the pages (security finding: CR, LF, NUL and 5,000
// characters were stored): refused with AE, condition 102, and nothing stored.
std::string adt_with_address(const std::string& trigger, const std::string& control, const std::string& xad) {
  return cr("MSH|^~\\&|EPICADT|NORTHSIDE|PHYSIOKIT|REHAB01|20260311091522+0000||ADT^" + trigger + "|" +
            control + "|P|2.5.1\nEVN|" + trigger +
            "|20260311091500+0000\nPID|1||E4471902^^^EPI^MR||Okafor^Amara||19870422|F|||" + xad +
            "\nPV1|1|O\n");
}

// PID-11 is the registration's address (docs/server/hl7.md): the home address, else the first; an update
// changes the address and keeps the other details; a country that is not an ISO 3166-1 alpha-2 code is left
// unrecorded; an address with a control character is refused naming PID-11, and nothing is stored.
TEST(Hl7Inbound, TheAddressInPid11IsTheRegistrationsAddress) {
  auto ts = TestServer::start("hl7_address");
  const auto& s = ts->seeded();
  Hl7Inbound in(ts->store(), options_for(s.clinic_a));
  auto reg = [&](const std::string& pid) {
    return must(ts->store().read(
                    [&](store::Tx& tx) { return store::get_patient_registration(tx, s.clinic_a, pid); }))
        .details;
  };
  Hl7Outcome o = in.handle(adt_with_address("A04", "R1",
                                            "Caixa Postal 7^^Porto^^4000-001^PT^M~Rua das Flores 12^2 "
                                            "Esq^Lisboa^Lisboa^1200-195^PT^H"),
                           "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  const std::string pid = o.record_id;
  auto r = reg(pid);
  EXPECT_EQ(r.address_lines, "Rua das Flores 12\n2 Esq");
  EXPECT_EQ(r.city, "Lisboa");
  EXPECT_EQ(r.region, "Lisboa");
  EXPECT_EQ(r.postcode, "1200-195");
  EXPECT_EQ(r.country, "PT");

  // The desk records an emergency contact; the next update from the sender moves the patient.
  r.emergency_name = "Rui Okafor";
  r.emergency_phone = "+351 912 345 678";
  ASSERT_TRUE(ts->store().write(
      [&](store::Tx& tx) { return store::put_patient_registration(tx, s.clinic_a, pid, r, "desk"); }));
  o = in.handle(adt_with_address("A08", "R2", "Avenida da Boavista 3^^Porto^^4100-111^PRT"), "10.0.0.9:4000");
  ASSERT_EQ(o.ack_code, "AA") << o.problem;
  r = reg(pid);
  EXPECT_EQ(r.address_lines, "Avenida da Boavista 3");
  EXPECT_EQ(r.city, "Porto");
  EXPECT_EQ(r.region, "");
  EXPECT_EQ(r.country, "") << "an alpha-3 code is not guessed";
  EXPECT_EQ(r.emergency_name, "Rui Okafor");

  // A NUL in the street: refused, naming PID-11; the address stays as it was.
  o = in.handle(adt_with_address("A08", "R3", "Rua\\X00\\Nova 1^^Braga^^4700-001^PT"), "10.0.0.9:4000");
  EXPECT_EQ(o.ack_code, "AE");
  EXPECT_NE(o.problem.find("PID-11"), std::string::npos) << o.problem;
  EXPECT_EQ(reg(pid).address_lines, "Avenida da Boavista 3");
}

TEST(Hl7Inbound, ANameWithControlCharactersOrTooLongIsRefused) {
  auto ts = TestServer::start("hl7_names");
  const auto& s = ts->seeded();
  Hl7Inbound in(ts->store(), options_for(s.clinic_a));
  const int before = count_patients(*ts, s.clinic_a);
  int n = 0;
  for (const std::string& family : {std::string("Oka\\X0D\\for"), std::string("Oka\\X0A\\for"),
                                    std::string("Oka\\X00\\for"), std::string(5000, 'O')}) {
    Hl7Outcome o = in.handle(adt("A04", "N" + std::to_string(++n), family), "10.0.0.9:4000");
    EXPECT_EQ(o.ack_code, "AE") << family.substr(0, 20);
    EXPECT_NE(o.problem.find("family name"), std::string::npos) << o.problem;
    EXPECT_NE(o.ack_text.find("102"), std::string::npos) << o.ack_text;
  }
  EXPECT_EQ(count_patients(*ts, s.clinic_a), before);
  // An ordinary name still registers.
  EXPECT_EQ(in.handle(adt("A04", "N9", "Okafor"), "10.0.0.9:4000").ack_code, "AA");
}

TEST(Hl7Listener, MllpFramesInAnyChunksAreAcknowledgedInOrderAndBadFramingClosesOnlyThatConnection) {
  auto ts = TestServer::start("hl7_listener");
  const auto& s = ts->seeded();
  server::Hl7ListenerOptions o;
  o.inbound.clinic_id = s.clinic_a;
  // The sender's practitioner id 2231 is the fixture's physiotherapist (an administrator's mapping).
  ASSERT_TRUE(ts->store().write([&](store::Tx& tx) {
    return tx.put_external_id(s.clinic_a, "EPICADT^NORTHSIDE", "practitioner", "2231",
                              s.user_id.at("physiotherapist"));
  }));
  auto l = must(server::Hl7Listener::start(ts->store(), o));
  ASSERT_GT(l->port(), 0);

  Tcp good(l->port());
  ASSERT_GE(good.fd, 0);
  // One message split across two writes, then two in one write.
  const std::string one = hl7::frame(adt("A04", "M1", "Okafor"));
  ASSERT_TRUE(good.send(one.substr(0, 40)));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(good.send(one.substr(40)));
  bool closed = false;
  auto acks = good.read(1, closed);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_NE(acks[0].find("MSA|AA|M1"), std::string::npos) << acks[0];
  ASSERT_TRUE(good.send(hl7::frame(adt("A08", "M2", "Okafor")) +
                        hl7::frame(siu("S12", "M3", "FL-7", "20260415093000+0000", "Booked"))));
  acks = good.read(2, closed);
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_NE(acks[0].find("MSA|AA|M2"), std::string::npos) << acks[0];
  EXPECT_NE(acks[1].find("MSA|AA|M3"), std::string::npos) << acks[1];

  // Bytes before a frame's start: that connection is closed; the other goes on.
  Tcp bad(l->port());
  ASSERT_TRUE(bad.send("MSH|not framed\r"));
  auto none = bad.read(1, closed);
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(closed);
  ASSERT_TRUE(good.send(hl7::frame(siu("S26", "M4", "FL-7", "20260415093000+0000", "Noshow"))));
  acks = good.read(1, closed);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_NE(acks[0].find("MSA|AA|M4"), std::string::npos) << acks[0];
  l->stop();
}

TEST(Hl7Listener, ServeRefusesAListenerWithoutItsClinic) {
  const auto r =
      run(std::string(PHYSIO_BIN) + " serve --data /tmp/physio-hl7-flags --hl7-listen 127.0.0.1:0 2>&1");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("--hl7-listen needs --hl7-clinic"), std::string::npos) << r.out;
  const auto z = run(std::string(PHYSIO_BIN) +
                     " serve --data /tmp/physio-hl7-flags --hl7-listen 127.0.0.1:0 --hl7-clinic x "
                     "--hl7-time-zone Mars/Base 2>&1");
  EXPECT_NE(z.status, 0);
  EXPECT_NE(z.out.find("--hl7-time-zone 'Mars/Base'"), std::string::npos) << z.out;
}

/// A fake EHR: answers every MLLP message with an ACK of `code`, and keeps what it received.
struct FakeEhr {
  std::string code = "AA";
  std::vector<std::string> received;
  std::mutex mu;
  std::unique_ptr<net::StreamServer> server;
  explicit FakeEhr(std::string c) : code(std::move(c)) {
    struct Session final : net::StreamSession {
      FakeEhr& ehr;
      hl7::MllpDecoder d;
      explicit Session(FakeEhr& e) : ehr(e) {}
      Reply on_bytes(std::string_view chunk) override {
        Reply r;
        auto msgs = d.feed(chunk);
        if (!msgs) return {"", true};
        for (auto& m : *msgs) {
          {
            const std::lock_guard lock(ehr.mu);
            ehr.received.push_back(m);
          }
          r.bytes +=
              hl7::frame("MSH|^~\\&|EHR|X|PHYSIOKIT|Y|20260101||ACK|A1|P|2.5.1\rMSA|" + ehr.code + "|X\r");
        }
        return r;
      }
    };
    server = must(net::StreamServer::start(
        {}, [this](const std::string&) { return std::make_unique<Session>(*this); }));
  }
};

TEST(Hl7Sender, TheOutboxIsDeliveredUntilAcknowledgedAndRefusalsAreRecorded) {
  auto ts = TestServer::start("hl7_sender");
  const auto& s = ts->seeded();
  auto queue = [&](const std::string& control) {
    clinic::Hl7Outgoing m;
    m.clinic_id = s.clinic_a;
    m.record_type = "note";
    m.record_id = "n1";
    m.message_type = "MDM^T02";
    m.control_id = control;
    m.message = "MSH|^~\\&|PHYSIOKIT|A|||20260101||MDM^T02|" + control + "|P|2.5.1\r";
    return must(ts->store().write([&](store::Tx& tx) { return tx.queue_hl7(m); })).id;
  };
  const std::string first = queue("K1");
  FakeEhr ehr("AA");
  server::Hl7Sender sender(ts->store(), {.host = "127.0.0.1",
                                         .port = ehr.server->port(),
                                         .timeout = std::chrono::seconds(5),
                                         .pass = std::chrono::seconds(1),
                                         .max_attempts = 10});
  EXPECT_EQ(must(sender.deliver_pending()), 1);
  ASSERT_EQ(ehr.received.size(), 1u);
  EXPECT_NE(ehr.received[0].find("MDM^T02|K1"), std::string::npos);
  auto out =
      must(ts->store().read([&](store::Tx& tx) { return tx.list_hl7_outgoing(s.clinic_a, "note", "n1"); }));
  EXPECT_GT(out[0].sent_us, 0);
  EXPECT_EQ(out[0].ack_code, "AA");
  EXPECT_EQ(must(sender.deliver_pending()), 0);  // nothing left
  EXPECT_EQ(ehr.received.size(), 1u);

  // A refusal is recorded and the message waits (a pause before the next try).
  queue("K2");
  FakeEhr refusing("AE");
  server::Hl7Sender s2(ts->store(), {.host = "127.0.0.1",
                                     .port = refusing.server->port(),
                                     .timeout = std::chrono::seconds(5),
                                     .pass = std::chrono::seconds(1),
                                     .max_attempts = 10});
  EXPECT_EQ(must(s2.deliver_pending()), 0);
  EXPECT_EQ(must(s2.deliver_pending()), 0);
  EXPECT_EQ(refusing.received.size(), 1u) << "retried before its pause";
  out = must(ts->store().read([&](store::Tx& tx) { return tx.list_hl7_outgoing(s.clinic_a, "note", "n1"); }));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].sent_us, 0);
  EXPECT_EQ(out[1].attempts, 1);
  EXPECT_EQ(out[1].last_error, "the receiver answered AE");
  // Nobody listening: the error says so.
  auto none = server::send_mllp("127.0.0.1", 1, "MSH|^~\\&|X\r", std::chrono::seconds(2));
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message().find("HL7 receiver 127.0.0.1:1: cannot connect"), std::string::npos)
      << none.error().message();
  (void)first;
}

}  // namespace
}  // namespace physio::test
