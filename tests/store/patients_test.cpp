#include <set>

#include <gtest/gtest.h>

#include "store/cursor.hpp"
#include "store/store_fixture.hpp"

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, PatientCreateGetUpdateWithVersion) {
  auto p = STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, patient_a_.id); }));
  EXPECT_EQ(p.given_name, "Ana");
  EXPECT_EQ(p.birth_date, "1970-03-02");
  EXPECT_EQ(p.time_zone, "Europe/Lisbon");
  EXPECT_EQ(p.version, 1);
  now_ += 10;
  p.phone = "+351 900 000 000";
  p.family_name = "Silva Santos";
  auto updated = STORE_OK(store_->write([&](Tx& tx) { return tx.update_patient(p); }));
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.phone, "+351 900 000 000");
  EXPECT_EQ(updated.updated_us, p.created_us + 10);
  EXPECT_EQ(updated.created_us, p.created_us);
  // A second writer still holding version 1 is refused.
  auto stale = store_->write([&](Tx& tx) { return tx.update_patient(p); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(stale.error().to_string().find("changed since it was read"), std::string::npos);
  // The version replaced is kept (FHIR vread), and the refused write kept nothing.
  auto kept =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_patient_versions(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].version, 1);
  EXPECT_EQ(kept[0].family_name, patient_a_.family_name);
  EXPECT_TRUE(kept[0].phone.empty() || kept[0].phone != "+351 900 000 000");
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) {
                return tx.list_patient_versions(clinic_b_.id, patient_a_.id);
              })).empty())
      << "another clinic sees none";
}

TEST_P(StoreTest, ARecordNumberNamesOnePatientOfAClinic) {
  // Migration 0027: unique per clinic; another clinic may use it; an empty number may repeat.
  make_patient(clinic_a_.id, "Una", "First", "MRN-42");
  auto again = store_->write([&](Tx& tx) {
    return tx.create_patient(
        {.clinic_id = clinic_a_.id, .given_name = "Dos", .family_name = "Second", .mrn = "MRN-42"});
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kInvalidArgument) << again.error().to_string();
  make_patient(clinic_b_.id, "Tres", "Elsewhere", "MRN-42");
  make_patient(clinic_a_.id, "Quatro", "NoNumber", "");
  make_patient(clinic_a_.id, "Cinco", "NoNumber", "");
  // Changing another patient's number to one in use is refused too.
  auto other = make_patient(clinic_a_.id, "Seis", "Third", "MRN-43");
  other.mrn = "MRN-42";
  EXPECT_FALSE(store_->write([&](Tx& tx) { return tx.update_patient(other); }));
  auto found = STORE_OK(store_->read([&](Tx& tx) { return tx.find_patient_by_mrn(clinic_a_.id, "MRN-42"); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->given_name, "Una");
}

TEST_P(StoreTest, AnotherClinicsPatientIsNotFound) {
  auto r = store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, patient_b_.id); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
  auto p = patient_b_;
  p.clinic_id = clinic_a_.id;  // claims to be clinic A's
  auto u = store_->write([&](Tx& tx) { return tx.update_patient(p); });
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code(), ErrorCode::kNotFound);
  auto listed = STORE_OK(store_->read([&](Tx& tx) { return tx.list_patients(clinic_a_.id, {}); }));
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].id, patient_a_.id);
  // Rows cannot point at another clinic's patient either (composite foreign key).
  auto e = store_->write([&](Tx& tx) {
    return tx.create_episode({.clinic_id = clinic_a_.id, .patient_id = patient_b_.id, .status = "active"});
  });
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code(), ErrorCode::kInvalidArgument);
}

TEST_P(StoreTest, PatientSearchAndCount) {
  make_patient(clinic_a_.id, "Joao", "Sousa", "MRN-77");
  make_patient(clinic_a_.id, "Maria", "SOUSA", "X_1");
  make_patient(clinic_b_.id, "Sam", "Sousa");
  auto count = [&](const std::string& s) {
    return STORE_OK(store_->read([&](Tx& tx) { return tx.count_patients(clinic_a_.id, s); }));
  };
  EXPECT_EQ(count(""), 3);
  EXPECT_EQ(count("sousa"), 2);
  EXPECT_EQ(count("mrn-7"), 1);
  EXPECT_EQ(count("x_"), 1);  // _ is literal, not a wildcard
  EXPECT_EQ(count("%"), 0);   // so is %
  EXPECT_EQ(count("joao sousa"), 1);
  auto page =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_patients(clinic_a_.id, {.search = "SOUSA"}); }));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].given_name, "Joao");
  EXPECT_EQ(page.items[1].given_name, "Maria");
  EXPECT_TRUE(page.next_cursor.empty());
}

TEST_P(StoreTest, PatientPagingIsStableAndCursorsAreBound) {
  for (int i = 0; i < 23; ++i) make_patient(clinic_a_.id, "P" + std::to_string(i), "Same");
  make_patient(clinic_a_.id, "Zed", "Zulu");
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  for (;;) {
    auto page = STORE_OK(
        store_->read([&](Tx& tx) { return tx.list_patients(clinic_a_.id, {.cursor = cursor, .limit = 5}); }));
    ++pages;
    for (const auto& p : page.items) seen.push_back(p.id);
    // A patient added mid-way before the cursor position does not shift later pages.
    if (pages == 2) make_patient(clinic_a_.id, "A", "Aaa");
    if (page.next_cursor.empty()) break;
    cursor = page.next_cursor;
  }
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(seen.size(), 25u);  // 23 + Zed + Ana Silva
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());

  auto first = STORE_OK(store_->read([&](Tx& tx) { return tx.list_patients(clinic_a_.id, {.limit = 5}); }));
  ASSERT_FALSE(first.next_cursor.empty());
  // The same cursor used for another clinic is refused, never answered with that clinic's rows.
  auto other = store_->read(
      [&](Tx& tx) { return tx.list_patients(clinic_b_.id, {.cursor = first.next_cursor, .limit = 5}); });
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), ErrorCode::kInvalidArgument);
  // ... or another search.
  EXPECT_FALSE(store_->read([&](Tx& tx) {
    return tx.list_patients(clinic_a_.id, {.search = "same", .cursor = first.next_cursor});
  }));
  // A tampered cursor is an error.
  std::string bad = first.next_cursor;
  bad[bad.size() / 2] = bad[bad.size() / 2] == 'x' ? 'y' : 'x';
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.list_patients(clinic_a_.id, {.cursor = bad}); }));
  // A well-formed cursor forged for clinic B's id, presented by clinic A, is refused too.
  const std::string forged = encode_cursor("patients-v1", {clinic_b_.id, "", "", ""});
  EXPECT_FALSE(store_->read([&](Tx& tx) { return tx.list_patients(clinic_a_.id, {.cursor = forged}); }));
  // And when presented to clinic B it can only page through clinic B's own rows.
  auto b = STORE_OK(store_->read([&](Tx& tx) { return tx.list_patients(clinic_b_.id, {.cursor = forged}); }));
  for (const auto& p : b.items) EXPECT_EQ(p.clinic_id, clinic_b_.id);
}

}  // namespace
}  // namespace physio::store::testing

namespace physio::store::testing {
namespace {

TEST_P(StoreTest, ContactPreferencesAndConsentDetailsAreKept) {
  auto p = STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, patient_a_.id); }));
  EXPECT_EQ(p.preferred_contact, "");
  EXPECT_FALSE(p.email_ok);
  p.preferred_contact = "phone";
  p.email_ok = true;
  STORE_OK(store_->write([&](Tx& tx) { return tx.update_patient(p); }));
  p = STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, patient_a_.id); }));
  EXPECT_EQ(p.preferred_contact, "phone");
  EXPECT_TRUE(p.email_ok);
  auto made = STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_patient({.clinic_id = clinic_a_.id,
                              .given_name = "Eva",
                              .family_name = "Egg",
                              .birth_date = "1980-01-01",
                              .preferred_contact = "email",
                              .email_ok = true});
  }));
  auto back = STORE_OK(store_->read([&](Tx& tx) { return tx.get_patient(clinic_a_.id, made.id); }));
  EXPECT_EQ(back.preferred_contact, "email");
  EXPECT_TRUE(back.email_ok);
  STORE_OK(store_->write([&](Tx& tx) {
    return tx.create_consent({.clinic_id = clinic_a_.id,
                              .patient_id = patient_a_.id,
                              .kind = "visit_audio_recording",
                              .status = "given",
                              .recorded_by = physio_a_.id,
                              .method = "in_person_signed",
                              .text_version = "2026-03"});
  }));
  auto consents =
      STORE_OK(store_->read([&](Tx& tx) { return tx.list_consents(clinic_a_.id, patient_a_.id); }));
  ASSERT_EQ(consents.size(), 1u);
  EXPECT_EQ(consents[0].method, "in_person_signed");
  EXPECT_EQ(consents[0].text_version, "2026-03");
}

TEST_P(StoreTest, PatientsLikeFindsTheDuplicateCandidatesOfOneClinic) {
  // Ana Silva, 1970-03-02, MRN A-001, in clinic A; Bo Berg in clinic B.
  auto add = [&](const std::string& clinic, clinic::Patient p) {
    p.clinic_id = clinic;
    return STORE_OK(store_->write([&](Tx& tx) { return tx.create_patient(p); })).id;
  };
  const auto swapped =
      add(clinic_a_.id, {.given_name = "Ana", .family_name = "Silva", .birth_date = "1970-02-03"});
  const auto phone = add(clinic_a_.id, {.given_name = "Zed",
                                        .family_name = "Zulu",
                                        .birth_date = "1999-09-09",
                                        .phone = "+44 (0)7700-900-123"});
  const auto mail =
      add(clinic_a_.id,
          {.given_name = "Mo", .family_name = "Mail", .birth_date = "1988-08-08", .email = "Mo@Example.org"});
  add(clinic_a_.id, {.given_name = "Far", .family_name = "Away", .birth_date = "1950-01-01"});
  add(clinic_b_.id, {.given_name = "Ana", .family_name = "Silva", .birth_date = "1970-03-02"});
  clinic::Patient probe{.given_name = "Ana",
                        .family_name = "Silva",
                        .birth_date = "1970-03-02",
                        .mrn = "",
                        .email = "mo@example.org",
                        .phone = "07700 900123"};
  auto found = STORE_OK(store_->read([&](Tx& tx) { return tx.patients_like(clinic_a_.id, probe); }));
  std::set<std::string> ids;
  for (const auto& f : found) ids.insert(f.id);
  EXPECT_EQ(ids, (std::set<std::string>{patient_a_.id, swapped, phone, mail}));
  // Nothing shared: no candidate (an empty e-mail or phone matches nothing).
  clinic::Patient nobody{.given_name = "New", .family_name = "Person", .birth_date = "2001-01-01"};
  EXPECT_TRUE(STORE_OK(store_->read([&](Tx& tx) { return tx.patients_like(clinic_a_.id, nobody); })).empty());
}

}  // namespace
}  // namespace physio::store::testing
