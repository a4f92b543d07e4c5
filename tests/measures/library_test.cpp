// Every instrument file loads and is what its docs say; invalid files fail naming the file and the field.
#include <gtest/gtest.h>

#include "measures/library.hpp"
#include "measures_test_util.hpp"

namespace physio::measures {
namespace {

using test::instrument;
using test::library;

TEST(MeasureLibrary, EveryInstrumentFileLoads) {
  const char* ids[] = {"nprs",
                       "psfs",
                       "lefs",
                       "odi",
                       "ndi",
                       "koos",
                       "koos_jr",
                       "quickdash",
                       "tug",
                       "chair_stand_30s",
                       "five_times_sts",
                       "gait_speed_10mwt",
                       "six_minute_walk",
                       "berg"};
  EXPECT_EQ(library().instruments.size(), std::size(ids));
  for (const char* id : ids) {
    auto in = library().find(id);
    ASSERT_TRUE(in) << in.error().to_string();
    EXPECT_FALSE((*in)->licence.empty()) << id;
    EXPECT_FALSE((*in)->sources.empty()) << id;
    EXPECT_FALSE((*in)->missing_rule.empty()) << id;
  }
}

TEST(MeasureLibrary, ItemCountsAndRangesAsPublished) {
  // Item counts: NPRS 1, PSFS up to 5, LEFS 20 (Binkley 1999), ODI 10 (Fairbank & Pynsent 2000), NDI 10
  // (Vernon & Mior 1991), KOOS 42 (Roos 1998), KOOS JR 7 (Lyman 2016), QuickDASH 11 (Beaton 2005), Berg 14
  // (Berg 1992).
  struct Case {
    const char* id;
    std::size_t items;
    double lo, hi;
  } cases[] = {{"nprs", 1, 0, 10},     {"psfs", 5, 0, 10},        {"lefs", 20, 0, 80},
               {"odi", 10, 0, 100},    {"ndi", 10, 0, 100},       {"koos", 42, 0, 100},
               {"koos_jr", 7, 0, 100}, {"quickdash", 11, 0, 100}, {"berg", 14, 0, 56}};
  for (const auto& c : cases) {
    const Instrument& in = instrument(c.id);
    EXPECT_EQ(in.items.size(), c.items) << c.id;
    EXPECT_EQ(in.scores.front().range_min, c.lo) << c.id;
    EXPECT_EQ(in.scores.front().range_max, c.hi) << c.id;
  }
  const Instrument& koos = instrument("koos");
  ASSERT_EQ(koos.scores.size(), 5u);
  std::size_t sizes[] = {7, 9, 17, 5, 4};  // Symptoms, Pain, ADL, Sport/Rec, QOL (Roos 1998)
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(koos.scores[i].items.size(), sizes[i]) << koos.scores[i].id;
}

// docs/metrics/outcome-measures.md, "Licences and item wording": the instrument's own questions only where
// its licence allows showing them (NPRS public domain, KOOS, JR. free from HSS); the copyrighted ones keep
// short labels and no question.
TEST(MeasureLibrary, OwnQuestionsOnlyWhereTheLicenceAllows) {
  for (const char* id : {"nprs", "koos_jr"})
    for (const auto& it : instrument(id).items) {
      EXPECT_FALSE(it.question.empty()) << id << " " << it.id;
      EXPECT_TRUE(it.question.ends_with("?") || it.question.ends_with(".")) << it.question;
    }
  EXPECT_EQ(instrument("koos_jr").items[3].question,
            "What amount of knee pain have you experienced the last week during the following activity: going "
            "up or down stairs?");
  for (const char* id : {"odi", "ndi", "koos", "lefs", "quickdash"})
    for (const auto& it : instrument(id).items) EXPECT_TRUE(it.question.empty()) << id << " " << it.id;
}

TEST(MeasureLibrary, UnknownIdListsTheValidOnes) {
  auto r = library().find("womac");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message().find("odi"), std::string::npos) << r.error().message();
}

TEST(MeasureLibrary, DefaultFolderIsFound) {
  auto dir = default_measures_dir();
  ASSERT_TRUE(dir) << dir.error().to_string();
  auto lib = load_measure_library(*dir);
  ASSERT_TRUE(lib) << lib.error().to_string();
}

const char* kMinimal = R"({
  "id": "t", "name": "T", "version": "1", "kind": "questionnaire", "description": "d",
  "items": [{"id": "a", "label": "a", "options": [{"value": 0, "label": "no"}, {"value": 1, "label": "yes"}]}],
  "scores": [{"id": "total", "name": "total", "aggregate": "sum", "min_answered": 1, "range": [0, 1],
              "direction": "higher_better", "unit": "points"}],
  "missing_rule": "none", "licence": "free", "sources": ["s"]
})";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(MeasureParse, ErrorsNameTheFileAndTheField) {
  ASSERT_TRUE(parse_instrument(kMinimal, "t.json"));
  struct Case {
    std::string from, to, expect;
  } cases[] = {
      {R"("min_answered": 1)", R"("min_answered": 2)",
       "t.json: scores[0].min_answered: 2 exceeds the 1 items"},
      {R"("range": [0, 1])", R"("range": [0, 0.5])",
       "t.json: scores[0].range: the score of all items at their maximum"},
      {R"("aggregate": "sum")", R"("aggregate": "median")",
       "t.json: scores[0].aggregate: expected sum, mean"},
      {R"("direction": "higher_better")", R"("direction": "up")", "t.json: scores[0].direction"},
      {R"("kind": "questionnaire")", R"("kind": "quiz")", "t.json: kind:"},
      {R"({"value": 1, "label": "yes"})", R"({"value": 0, "label": "yes"})",
       "t.json: items[0].options[1].value: value 0 appears twice"},
      {R"("sources": ["s"])", R"("sources": [])", "t.json: sources: at least one source"},
      {R"("missing_rule": "none", )", "", "t.json: missing_rule: missing"},
      {R"("aggregate": "sum", )", R"("aggregate": "sum", "lookup": [0, 1, 2], )",
       "t.json: scores[0].lookup: expected 2 values"},
  };
  for (const auto& c : cases) {
    std::string text = replace(kMinimal, c.from, c.to);
    ASSERT_NE(text, kMinimal) << c.from;
    auto r = parse_instrument(text, "t.json");
    ASSERT_FALSE(r) << c.to;
    EXPECT_EQ(r.error().code(), ErrorCode::kParse);
    EXPECT_NE(r.error().message().find(c.expect), std::string::npos) << r.error().message();
  }
}

}  // namespace
}  // namespace physio::measures
