// The clinic's places and a signed note's PDF as FHIR, without a server: the site and room Locations (ids,
// physical types, partOf, the Organization), the references to them from Appointment and Encounter, Location
// search, the DocumentReference's two attachments, the Binary resource, and the CapabilityStatement's rows.
#include <gtest/gtest.h>

#include <set>

#include "fhir/capability.hpp"
#include "fhir/codes.hpp"
#include "fhir/compartment.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"
#include "notes/note.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;

const std::string kPlaceClinic = "0123456789abcdef0123456789abcdef";
const std::string kPlaceOther = "fedcba9876543210fedcba9876543210";
constexpr TimeUs kPlaceT = 1'795'000'000'000'000;  // 2026-11-18

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '.') return false;
  return true;
}

TEST(Location, TheSiteAndItsRoomsAreLocationsOfTheClinic) {
  const clinic::Clinic c{kPlaceClinic, "Riverside Clinic", kPlaceT, false};
  const json site = site_location_resource(c);
  EXPECT_EQ(site["resourceType"], "Location");
  EXPECT_EQ(site["id"], kPlaceClinic);
  EXPECT_EQ(site["name"], "Riverside Clinic");
  EXPECT_EQ(site["physicalType"]["coding"][0]["code"], "si");
  EXPECT_EQ(site["physicalType"]["coding"][0]["display"], "Site");
  EXPECT_EQ(site["managingOrganization"]["reference"], "Organization/" + kPlaceClinic);
  EXPECT_FALSE(site.contains("partOf"));
  EXPECT_EQ(site["text"]["status"], "generated");

  const json room = room_location_resource(c, {"Room 1", kPlaceT + 5});
  EXPECT_EQ(room["id"], room_location_id(kPlaceClinic, "Room 1"));
  EXPECT_TRUE(valid_id(room["id"])) << room["id"];
  EXPECT_EQ(room["name"], "Room 1");
  EXPECT_EQ(room["mode"], "instance");
  EXPECT_EQ(room["physicalType"]["coding"][0]["system"],
            "http://terminology.hl7.org/CodeSystem/location-physical-type");
  EXPECT_EQ(room["physicalType"]["coding"][0]["code"], "ro");
  EXPECT_EQ(room["physicalType"]["coding"][0]["display"], "Room");
  EXPECT_EQ(room["partOf"]["reference"], "Location/" + kPlaceClinic);
  EXPECT_EQ(room["managingOrganization"]["reference"], "Organization/" + kPlaceClinic);
  EXPECT_EQ(room["meta"]["lastUpdated"], instant(kPlaceT + 5));
  EXPECT_NE(room["text"]["div"].get<std::string>().find("Room 1"), std::string::npos);
}

TEST(Location, RoomIdsAreStableAndDifferPerRoomAndPerClinic) {
  const std::string a = room_location_id(kPlaceClinic, "Gym");
  EXPECT_EQ(a, room_location_id(kPlaceClinic, "Gym"));
  EXPECT_TRUE(a.starts_with("room-"));
  EXPECT_EQ(a.size(), 5u + 24u);
  EXPECT_NE(a, room_location_id(kPlaceClinic, "Gym 2"));
  EXPECT_NE(a, room_location_id(kPlaceClinic, "gym"));
  EXPECT_NE(a, room_location_id(kPlaceOther, "Gym"));  // two clinics' "Gym" are two places
  // Free text of any length and characters still gives a valid FHIR id.
  EXPECT_TRUE(valid_id(room_location_id(kPlaceClinic, std::string(100, '/') + " <Raum \xC3\xBC>")));
}

TEST(Location, AppointmentsAndVisitsWithARoomReferenceIt) {
  clinic::Appointment a;
  a.id = kPlaceOther;
  a.clinic_id = kPlaceClinic;
  a.patient_id = kPlaceOther;
  a.practitioner_id = kPlaceClinic;
  a.start_us = kPlaceT;
  a.duration_min = 45;
  a.status = "fulfilled";
  a.created_us = kPlaceT;
  const std::string loc = "Location/" + room_location_id(kPlaceClinic, "Room 2");

  json ap = appointment_resource(a);
  ASSERT_EQ(ap["participant"].size(), 2u);  // no room: the patient and the clinician
  EXPECT_FALSE(encounter_resource(a)->contains("location"));

  a.room = "Room 2";
  ap = appointment_resource(a);
  ASSERT_EQ(ap["participant"].size(), 3u);
  EXPECT_EQ(ap["participant"][2]["actor"]["reference"], loc);
  EXPECT_EQ(ap["participant"][2]["status"], "accepted");
  const auto enc = encounter_resource(a);
  ASSERT_TRUE(enc);
  EXPECT_EQ((*enc)["location"][0]["location"]["reference"], loc);
  // What an output must then add so that it resolves.
  EXPECT_NE(std::find(supporting_types().begin(), supporting_types().end(), "Location"),
            supporting_types().end());
  EXPECT_EQ(read_action("Location"), clinic::Action::kReadDemographics);
}

TEST(Location, SearchByNamePartOfAndOrganization) {
  const clinic::Clinic c{kPlaceClinic, "Riverside Clinic", kPlaceT, false};
  std::vector<SearchItem> all = {{site_location_resource(c), ""},
                                 {room_location_resource(c, {"Room 1", kPlaceT}), ""},
                                 {room_location_resource(c, {"Gym", kPlaceT + 10}), ""}};
  const auto* def = find_type("Location");
  ASSERT_NE(def, nullptr);
  auto ids = [&](std::vector<std::pair<std::string, std::string>> params) {
    auto q = parse_search(*def, params);
    EXPECT_TRUE(q) << (q ? "" : q.error().message);
    std::set<std::string> out;
    if (!q) return out;
    auto page = select_page(*q, all, "u");
    EXPECT_TRUE(page);
    for (const auto* it : page->items) out.insert(it->resource["id"].get<std::string>());
    return out;
  };
  const std::string room1 = room_location_id(kPlaceClinic, "Room 1");
  const std::string gym = room_location_id(kPlaceClinic, "Gym");
  EXPECT_EQ(ids({}).size(), 3u);
  EXPECT_EQ(ids({{"name", "room"}}), (std::set<std::string>{room1}));
  EXPECT_EQ(ids({{"partof", "Location/" + kPlaceClinic}}), (std::set<std::string>{room1, gym}));
  EXPECT_EQ(ids({{"organization", "Organization/" + kPlaceClinic}}).size(), 3u);
  // The gym was first booked after the site and Room 1 existed.
  EXPECT_EQ(ids({{"_lastUpdated", "gt" + instant(kPlaceT)}}), (std::set<std::string>{gym}));
  EXPECT_FALSE(parse_search(*def, {{"address", "x"}})) << "a parameter not offered is refused";
}

notes::Note signed_note() {
  notes::Draft d;
  for (std::size_t i = 0; i < 4; ++i)
    d.sections.push_back(notes::Section{notes::kSectionCodes[i], notes::kSectionTitles[i], {}});
  d.sections[0].sentences = {{"Knee pain 4/10 on stairs.", {}, false}};
  auto n = notes::new_note({kPlaceOther, kPlaceClinic, "", kPlaceClinic, kPlaceT,
                            kPlaceT - 86'400 * kUsPerSecond, kPlaceT, "daily_note"},
                           d);
  EXPECT_TRUE(notes::sign(n, kPlaceClinic, kPlaceT + 60 * kUsPerSecond));
  return n;
}

TEST(SignedNote, TheDocumentReferenceOffersTheTextAndThePdf) {
  const auto n = signed_note();
  const json r = document_reference_resource(n, "Knee pain 4/10 on stairs.", kPlaceClinic);
  ASSERT_EQ(r["content"].size(), 2u);
  EXPECT_TRUE(r["content"][0]["attachment"]["contentType"].get<std::string>().starts_with("text/plain"));
  const auto& pdf = r["content"][1]["attachment"];
  EXPECT_EQ(pdf["contentType"], "application/pdf");
  EXPECT_EQ(pdf["url"], "Binary/" + kPlaceOther);
  EXPECT_FALSE(pdf.contains("data")) << "by reference, not inline";
  EXPECT_EQ(pdf["creation"], instant(kPlaceT + 60 * kUsPerSecond));
}

TEST(SignedNote, TheBinaryHoldsTheBytesInBase64AndItsSecurityContext) {
  const std::string bytes = std::string("%PDF-1.3\n\x00\xff\x10 end", 16);
  const json b =
      binary_resource(kPlaceOther, "application/pdf", bytes, "DocumentReference/" + kPlaceOther, kPlaceT);
  EXPECT_EQ(b["resourceType"], "Binary");
  EXPECT_EQ(b["contentType"], "application/pdf");
  EXPECT_EQ(b["securityContext"]["reference"], "DocumentReference/" + kPlaceOther);
  EXPECT_EQ(b["data"], "JVBERi0xLjMKAP8QIGVuZA==");  // base64 of the 16 bytes, computed apart
  EXPECT_FALSE(b.contains("text")) << "Binary is not a DomainResource";
}

TEST(Capability, LocationIsSearchableAndBinaryIsRead) {
  const json cs = capability_statement("http://h/fhir", "0.1.0", "2026-11-26");
  const json* location = nullptr;
  const json* binary = nullptr;
  for (const auto& r : cs["rest"][0]["resource"]) {
    if (r["type"] == "Location") location = &r;
    if (r["type"] == "Binary") binary = &r;
  }
  ASSERT_NE(location, nullptr);
  std::set<std::string> params;
  for (const auto& p : (*location)["searchParam"]) params.insert(p["name"].get<std::string>());
  for (const char* p : {"_id", "name", "organization", "partof", "_lastUpdated"})
    EXPECT_TRUE(params.contains(p)) << p;
  ASSERT_NE(binary, nullptr);
  ASSERT_EQ((*binary)["interaction"].size(), 1u);
  EXPECT_EQ((*binary)["interaction"][0]["code"], "read");
}

}  // namespace
}  // namespace physio::fhir
