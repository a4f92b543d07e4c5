// SMART scopes as pure rules (fhir/smart_scopes.hpp, docs/server/smart.md).
#include "fhir/smart_scopes.hpp"

#include <gtest/gtest.h>

namespace physio::fhir {
namespace {

TEST(SmartScopes, ParsesV2AndMapsV1) {
  auto s = parse_resource_scope("patient/Observation.rs");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->context, ScopeContext::kPatient);
  EXPECT_EQ(s->type, "Observation");
  EXPECT_EQ(s->perms, "rs");
  EXPECT_EQ(to_string(*parse_resource_scope("user/*.read")), "user/*.rs");
  EXPECT_EQ(to_string(*parse_resource_scope("patient/Condition.write")), "patient/Condition.cud");
  EXPECT_EQ(to_string(*parse_resource_scope("system/*.*")), "system/*.cruds");
  EXPECT_EQ(to_string(*parse_resource_scope("user/Patient.cruds")), "user/Patient.cruds");
}

TEST(SmartScopes, RefusesMalformedScopes) {
  for (const char* bad :
       {"patient/Observation.sr", "patient/Observation.rr", "patient/Observation.", "patient/.rs",
        "doctor/*.rs", "patient/observation.rs", "patient/Observation.rs?category=vital-signs", "openid",
        "launch/patient", "patient/Observation.x"})
    EXPECT_FALSE(parse_resource_scope(bad)) << bad;
}

TEST(SmartScopes, GrantDropsUnknownAndUnregisteredScopes) {
  const std::string registered = "launch/patient openid fhirUser patient/*.rs offline_access";
  EXPECT_EQ(
      grant_scopes("launch/patient patient/Observation.rs patient/Condition.read made/up openid fhirUser "
                   "user/*.rs system/*.rs patient/Observation.c offline_access",
                   registered, false),
      "launch/patient patient/Observation.rs patient/Condition.rs openid fhirUser offline_access");
  // offline_access only when registered; system/ never for a user's app.
  EXPECT_EQ(grant_scopes("offline_access patient/Observation.rs", "patient/*.rs", false),
            "patient/Observation.rs");
  // A backend client keeps only system/ scopes, and within its registration.
  EXPECT_EQ(
      grant_scopes("system/*.rs openid patient/*.rs system/Observation.r", "system/Observation.rs", true),
      "system/Observation.r");
  EXPECT_EQ(grant_scopes("system/*.rs", "system/*.rs", true), "system/*.rs");
  EXPECT_EQ(grant_scopes("", registered, false), "");
}

TEST(SmartScopes, AllowsOnlyWhatIsGrantedAndSaysWhetherThePatientBinds) {
  const std::string g = "launch/patient patient/Observation.rs openid";
  EXPECT_EQ(scope_allows(g, "Observation", 'r'), ScopeDecision::kLaunchPatient);
  EXPECT_EQ(scope_allows(g, "Observation", 's'), ScopeDecision::kLaunchPatient);
  EXPECT_EQ(scope_allows(g, "Observation", 'c'), ScopeDecision::kDenied);
  EXPECT_EQ(scope_allows(g, "Condition", 'r'), ScopeDecision::kDenied);
  EXPECT_EQ(scope_allows(g, "*", 'r'), ScopeDecision::kDenied);
  EXPECT_EQ(scope_allows("user/*.rs", "Condition", 's'), ScopeDecision::kAnyPatient);
  EXPECT_EQ(scope_allows("user/*.rs", "*", 'r'), ScopeDecision::kAnyPatient);
  EXPECT_EQ(scope_allows("patient/*.rs user/Observation.r", "Observation", 'r'), ScopeDecision::kAnyPatient);
  EXPECT_EQ(scope_allows("patient/*.rs user/Observation.r", "Observation", 's'),
            ScopeDecision::kLaunchPatient);
  EXPECT_EQ(scope_allows("system/*.rs", "Patient", 's'), ScopeDecision::kAnyPatient);
  EXPECT_TRUE(needs_patient(g));
  EXPECT_FALSE(needs_patient("user/*.rs openid"));
}

TEST(SmartScopes, DescribesScopesInWords) {
  EXPECT_EQ(describe_scope("patient/Observation.rs", "your"),
            "Read and search your observations (measurements and test results)");
  EXPECT_EQ(describe_scope("user/*.cruds", "x"),
            "Create, read, update, delete and search all records of every patient you may see");
  EXPECT_EQ(describe_scope("offline_access", "your"),
            "Stay connected after you log out (until you revoke it)");
  EXPECT_EQ(describe_scope("nonsense", "your"), "");
}

}  // namespace
}  // namespace physio::fhir

namespace physio::fhir {
namespace {

TEST(SmartScopes, ARefreshNarrowsByCoverageAndRefusesWhatWasNotGranted) {
  const std::string granted = "launch/patient patient/*.rs openid offline_access";
  EXPECT_EQ(narrow_scopes("patient/Observation.rs", granted), "patient/Observation.rs");
  EXPECT_EQ(narrow_scopes("patient/Observation.read launch/patient", granted),
            "patient/Observation.rs launch/patient");
  EXPECT_EQ(narrow_scopes("patient/Condition.s patient/Condition.s", granted), "patient/Condition.s");
  EXPECT_EQ(narrow_scopes("patient/Observation.rs openid", granted), "patient/Observation.rs openid");
  EXPECT_FALSE(narrow_scopes("patient/Observation.cruds", granted));
  EXPECT_FALSE(narrow_scopes("user/Observation.rs", granted));
  EXPECT_FALSE(narrow_scopes("fhirUser", granted));
  EXPECT_FALSE(narrow_scopes("online_access", granted));
  EXPECT_FALSE(narrow_scopes("patient/Observation.rs?category=vital-signs", granted));
}

}  // namespace
}  // namespace physio::fhir
