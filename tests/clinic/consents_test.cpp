#include "clinic/consents.hpp"

#include <gtest/gtest.h>

namespace physio::clinic {
namespace {

Consent row(std::string id, std::string kind, std::string status, TimeUs at) {
  Consent c;
  c.id = std::move(id);
  c.kind = std::move(kind);
  c.status = std::move(status);
  c.recorded_us = at;
  return c;
}

TEST(Consents, TheLatestRowOfAKindIsInForce) {
  const std::vector<Consent> reg{row("a", "telehealth", "given", 100), row("b", "telehealth", "withdrawn", 200),
                                 row("c", "remote_monitoring", "given", 150)};
  EXPECT_FALSE(consent_given(reg, "telehealth"));
  EXPECT_EQ(current_consent(reg, "telehealth")->id, "b");
  EXPECT_TRUE(consent_given(reg, "remote_monitoring"));
  EXPECT_FALSE(consent_given(reg, "visit_audio_recording"));
  EXPECT_FALSE(current_consent(reg, "visit_audio_recording").has_value());
  // Given again after the withdrawal.
  auto again = reg;
  again.push_back(row("d", "telehealth", "given", 300));
  EXPECT_TRUE(consent_given(again, "telehealth"));
}

TEST(Consents, KindsAndMethodsAreKnownByName) {
  ASSERT_NE(find_consent_kind("visit_audio_recording"), nullptr);
  EXPECT_EQ(find_consent_kind("visit_audio_recording")->name, "Visit audio recording");
  EXPECT_EQ(find_consent_kind("nonsense"), nullptr);
  for (const auto& k : consent_kinds()) {
    EXPECT_FALSE(k.name.empty()) << k.id;
    EXPECT_FALSE(k.covers.empty()) << k.id;
  }
  EXPECT_EQ(consent_methods().size(), 4u);
}

}  // namespace
}  // namespace physio::clinic
