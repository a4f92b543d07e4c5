// Golden files of the drafted SOAP note: one file per fixture visit and section,
// tests/notes/golden/<visit>.<section>.txt, in the canonical text form (notes/text.hpp: one line per
// sentence, "<section> | <text> | <sources>").
//
// To accept a deliberate change of wording, rewrite the files and read the diff as a physiotherapist
// would (is every sentence true to the fixture's data, clear, with units?):
//   PHYSIO_UPDATE_GOLDEN=1 ./notes_tests --gtest_filter='Visits/Golden*'
// A rewrite still fails the run, so an update is never mistaken for a pass.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "fixtures.hpp"
#include "notes/draft.hpp"
#include "notes/text.hpp"

namespace physio::notes {
namespace {

struct Case {
  const char* name;
  VisitInput (*make)();
};

const Case kCases[] = {
    {"knee_oa_improving", test::knee_oa_improving},
    {"low_back_pain_worsening", test::low_back_pain_worsening},
    {"no_data", test::no_data},
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

std::filesystem::path golden_path(const std::string& visit, const std::string& section) {
  return physio::test::source_dir() / "tests" / "notes" / "golden" / (visit + "." + section + ".txt");
}

bool updating() {
  const char* v = std::getenv("PHYSIO_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

class Golden : public ::testing::TestWithParam<std::tuple<Case, int>> {};

TEST_P(Golden, SectionMatchesItsFile) {
  const auto& [c, index] = GetParam();
  const Draft d = draft_note(c.make());
  ASSERT_EQ(d.sections.size(), 4u);
  const Section& section = d.sections[static_cast<std::size_t>(index)];
  const std::string actual = canonical_text(section);
  const auto path = golden_path(c.name, section.code);
  if (updating()) {
    std::ofstream(path, std::ios::binary) << actual;
    FAIL() << "rewrote " << path << " (PHYSIO_UPDATE_GOLDEN=1): review the diff";
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing: run with PHYSIO_UPDATE_GOLDEN=1 to write it";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "differs from " << path;
}

INSTANTIATE_TEST_SUITE_P(Visits, Golden,
                         ::testing::Combine(::testing::ValuesIn(kCases), ::testing::Range(0, 4)),
                         [](const auto& param_info) {
                           return std::string(std::get<0>(param_info.param).name) + "_" +
                                  kSectionCodes[std::get<1>(param_info.param)];
                         });

// Properties every fixture's draft has, whatever its wording.
TEST(GoldenVisits, EverySentenceHasSourcesAndTheChecklistSaysWhatIsMissing) {
  for (const Case& c : kCases) {
    const Draft d = draft_note(c.make());
    ASSERT_EQ(d.sections.size(), 4u);
    for (const std::string& item : d.checklist)
      EXPECT_TRUE(item.starts_with("No ")) << c.name << ": " << item;
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(d.sections[i].code, kSectionCodes[i]);
      for (const Sentence& s : d.sections[i].sentences) {
        EXPECT_FALSE(s.sources.empty()) << c.name << ": " << s.text;
        EXPECT_FALSE(s.edited);
        EXPECT_EQ(s.text.find('\n'), std::string::npos) << s.text;
      }
    }
  }
}

TEST(GoldenVisits, TheSameInputGivesTheSameDraftInAnyOrder) {
  VisitInput v = test::knee_oa_improving();
  const Draft d = draft_note(v);
  std::reverse(v.morning_pain.begin(), v.morning_pain.end());
  std::reverse(v.exercise_logs.begin(), v.exercise_logs.end());
  std::reverse(v.observations.begin(), v.observations.end());
  std::reverse(v.questionnaires.begin(), v.questionnaires.end());
  std::reverse(v.program_changes.begin(), v.program_changes.end());
  EXPECT_EQ(draft_note(v), d);
}

TEST(GoldenVisits, NoDataVisitListsWhatIsMissingBesideTheNote) {
  const Draft d = draft_note(test::no_data());
  auto listed = [&](const std::string& prefix) {
    return std::any_of(d.checklist.begin(), d.checklist.end(),
                       [&](const std::string& c) { return c.starts_with(prefix); });
  };
  EXPECT_TRUE(listed("No morning pain ratings since 16 Nov 2026."));
  EXPECT_TRUE(listed("No measurements recorded since 16 Nov 2026."));
  EXPECT_TRUE(listed("No pain ratings since 16 Nov 2026"));
  EXPECT_TRUE(listed("No next appointment is booked."));
  // None of it is a sentence of the note: what is signed reports what happened.
  const std::string text = canonical_text(d);
  EXPECT_EQ(text.find("| No "), std::string::npos) << text;
}

}  // namespace
}  // namespace physio::notes
