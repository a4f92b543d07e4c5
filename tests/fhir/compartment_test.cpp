// A patient's compartment as FHIR resources, built from the rows the caller loaded (fhir/compartment.hpp).
#include "fhir/compartment.hpp"

#include <gtest/gtest.h>

namespace physio::fhir {
namespace {

using clinic::Action;
using clinic::Role;

clinic::Principal as(Role role) {
  clinic::Principal who{"u1", "c1", role, std::nullopt};
  if (role == Role::kPatient) who.patient_id = "p1";
  return who;
}

clinic::Patient patient() {
  clinic::Patient p;
  p.id = "p1";
  p.clinic_id = "c1";
  p.given_name = "Ana";
  p.family_name = "Silva";
  p.birth_date = "1960-05-01";
  return p;
}

CompartmentRows provenance_rows() {
  CompartmentRows rows;
  clinic::HomeProgram prog;
  prog.id = "prog1";
  prog.clinic_id = "c1";
  prog.patient_id = "p1";
  prog.status = "active";
  rows.programs = {prog};
  clinic::ProgramVersion v;
  v.program_id = "prog1";
  v.version = 1;
  rows.program_versions["prog1"] = {v};
  clinic::Observation o;
  o.id = "o1";
  o.clinic_id = "c1";
  o.patient_id = "p1";
  o.code_system = "http://loinc.org";
  o.code = "89423-8";
  o.unit = "s";
  o.value = 11;
  rows.observations = {o};
  clinic::Consent c;
  c.id = "cs1";
  c.clinic_id = "c1";
  c.patient_id = "p1";
  c.kind = "data_use";
  c.status = "given";
  rows.consents = {c};
  return rows;
}

TEST(FhirCompartment, EachTypeIsReadWithItsPermission) {
  EXPECT_EQ(read_action("Patient"), Action::kReadDemographics);
  EXPECT_EQ(read_action("Appointment"), Action::kReadSchedule);
  EXPECT_EQ(read_action("Consent"), Action::kReadConsent);
  EXPECT_EQ(read_action("AuditEvent"), Action::kReadAccessLog);
  EXPECT_EQ(read_action("Observation"), Action::kReadClinical);
  EXPECT_EQ(read_action("Composition"), Action::kReadClinical);
  EXPECT_FALSE(read_action("Questionnaire"));  // published to everyone signed in
  // Every compartment type is built from rows of one kind (or the patient itself).
  for (const auto& t : compartment_types())
    EXPECT_TRUE(t == "Patient" || source_of(t) != CompartmentSource::kNone) << t;
}

TEST(FhirCompartment, RiskAssessmentsShowTheKindsTheRoleSees) {
  EXPECT_EQ(read_action("RiskAssessment"), Action::kReadRiskFlags);
  CompartmentRows rows;
  auto flag = [](std::string id, std::string kind, std::string status, bool shown) {
    clinic::RiskFlagRow f;
    f.id = std::move(id);
    f.clinic_id = "c1";
    f.patient_id = "p1";
    f.kind = std::move(kind);
    f.status = std::move(status);
    f.shown = shown;
    f.level = "moderate";
    f.body = R"({"title":"t","reasons":[{"text":"r","direction":"rule"}],"action":"a","basis":"b"})";
    return f;
  };
  rows.risk_flags = {flag("a1", "noshow", "open", true), flag("a2", "fall", "dismissed", true),
                     flag("a3", "dropout", "resolved", true), flag("a4", "noshow", "open", false)};
  auto ids = [&](Role r) {
    std::vector<std::string> out;
    const auto items = compartment_resources(patient(), "RiskAssessment", rows, as(r), nullptr);
    for (const auto& item : items.value()) out.push_back(item.resource["id"]);
    return out;
  };
  // Resolved flags are history, a silent model's are not shown; the front desk sees no-show only.
  EXPECT_EQ(ids(Role::kPhysiotherapist), (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(ids(Role::kFrontDesk), (std::vector<std::string>{"a1"}));
  EXPECT_TRUE(ids(Role::kAdmin).empty());
}

TEST(FhirCompartment, ProvenanceFollowsWhatTheRoleMayReadOfItsTargets) {
  const auto rows = provenance_rows();
  auto staff = compartment_resources(patient(), "Provenance", rows, as(Role::kPhysiotherapist), nullptr);
  ASSERT_TRUE(staff) << staff.error().to_string();
  EXPECT_EQ(staff->size(), 3U);  // the program version, the observation, the consent
  for (const auto& item : *staff) EXPECT_EQ(item.patient_id, "p1");
  // The front desk reads no clinical data: no Provenance that would show what was measured or changed.
  ASSERT_FALSE(clinic::role_allows(Role::kFrontDesk, Action::kReadClinical));
  auto desk = compartment_resources(patient(), "Provenance", rows, as(Role::kFrontDesk), nullptr);
  ASSERT_TRUE(desk);
  EXPECT_TRUE(desk->empty());
}

TEST(FhirCompartment, ADraftNoteIsTheClinicianWorkingCopyAndACorruptOneIsReported) {
  CompartmentRows rows;
  clinic::NoteRow draft;
  draft.id = "n1";
  draft.status = "draft";
  draft.body = "{not a note";
  rows.notes = {draft};
  // The patient never sees a draft (it is skipped before it is read).
  auto mine = compartment_resources(patient(), "Composition", rows, as(Role::kPatient), nullptr);
  ASSERT_TRUE(mine) << mine.error().to_string();
  EXPECT_TRUE(mine->empty());
  // Staff do, so a note that cannot be read is an error naming it, not a silent gap.
  auto staff = compartment_resources(patient(), "Composition", rows, as(Role::kPhysiotherapist), nullptr);
  ASSERT_FALSE(staff);
  EXPECT_NE(staff.error().to_string().find("note n1"), std::string::npos) << staff.error().to_string();
}

TEST(FhirCompartment, ObservationsIncludeTheMorningPainAnswers) {
  auto rows = provenance_rows();
  clinic::MorningPainAnswer pain;
  pain.id = "mp1";
  pain.clinic_id = "c1";
  pain.patient_id = "p1";
  pain.nprs = 3;
  rows.morning_pain = {pain};
  auto obs = compartment_resources(patient(), "Observation", rows, as(Role::kPhysiotherapist), nullptr);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->size(), 2U);
}

TEST(FhirCompartment, ProvenanceIsMatchedToItsTargets) {
  const auto rows = provenance_rows();
  auto prov = compartment_resources(patient(), "Provenance", rows, as(Role::kPhysiotherapist), nullptr);
  auto obs = compartment_resources(patient(), "Observation", rows, as(Role::kPhysiotherapist), nullptr);
  ASSERT_TRUE(prov && obs);
  ASSERT_EQ(obs->size(), 1U);
  const auto hits = provenance_for(*prov, {&(*obs)[0].resource});
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0]["target"][0]["reference"], "Observation/" + (*obs)[0].resource["id"].get<std::string>());
  EXPECT_TRUE(provenance_for(*prov, {}).empty());
}

}  // namespace
}  // namespace physio::fhir
