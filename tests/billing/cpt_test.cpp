#include "billing/cpt.hpp"

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "billing/files.hpp"
#include "common/test_data.hpp"

namespace physio::billing {
namespace {

const CptCatalog& cpt_catalog() {
  static const CptCatalog c = load_cpt_catalog(physio::test::source_dir() / "data/coding/cpt.json").value();
  return c;
}

TEST(CptData, HasEveryPhysiotherapyCode) {
  for (const char* code :
       {"97110", "97112", "97116", "97140", "97530", "97535", "97161", "97162", "97163", "97164",
        "97750", "97014", "G0283", "97010", "98975", "98977", "98985", "98979", "98980", "98981"})
    EXPECT_NE(cpt_catalog().find(code), nullptr) << code;
}

TEST(CptData, TimedCodesAreExactlyTheFifteenMinuteOnes) {
  std::set<std::string> timed;
  for (const auto& e : cpt_catalog().entries)
    if (e.timed) timed.insert(e.code);
  EXPECT_EQ(timed, (std::set<std::string>{"97110", "97112", "97116", "97140", "97530", "97535", "97750"}));
  for (const auto& e : cpt_catalog().entries) EXPECT_EQ(e.unit_minutes, e.timed ? 15 : 0) << e.code;
}

TEST(CptData, SaysTheDescriptionsAreOwnWording) {
  EXPECT_NE(cpt_catalog().note.find("AMA"), std::string::npos);
  EXPECT_NE(cpt_catalog().note.find("own"), std::string::npos);
}

TEST(CptCatalog, RejectsInconsistentEntries) {
  EXPECT_FALSE(cpt_catalog_from_json(nlohmann::json::parse(
      R"({"codes":[{"code":"97110","group":"treatment","timed":true,"unit_minutes":0,"description":"x"}]})")));
  EXPECT_FALSE(cpt_catalog_from_json(nlohmann::json::parse(
      R"({"codes":[{"code":"9711","group":"treatment","timed":false,"unit_minutes":0,"description":"x"}]})")));
  EXPECT_FALSE(cpt_catalog_from_json(nlohmann::json::parse(
      R"({"codes":[{"code":"97110","group":"treatment","timed":true,"unit_minutes":15,"description":""}]})")));
}

}  // namespace
}  // namespace physio::billing
