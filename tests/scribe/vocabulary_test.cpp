// The vocabularies in data/scribe: loaded and validated; exercise names point at the library.
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "scribe/vocabulary.hpp"

namespace physio::scribe {
namespace {

namespace fs = std::filesystem;

TEST(ScribeVocabulary, LoadsAndCoversTheRedFlagsOfTheIssue) {
  auto v = default_vocabulary();
  ASSERT_TRUE(v) << v.error().to_string();
  const auto& flags = (*v)->red_flags.values();
  // Every red flag of the guideline, version 2 (docs/validation/scribe-guideline.md).
  for (const char* f : {"night_pain",        "numbness_tingling",     "saddle_numbness",
                        "bladder_change",    "bowel_change",          "progressive_weakness",
                        "gait_disturbance",  "unable_to_bear_weight", "fever",
                        "night_sweats",      "weight_loss",           "cancer_history",
                        "chest_pain",        "shortness_of_breath",   "palpitations",
                        "fainting",          "calf_swelling",         "coldness_colour_change",
                        "morning_stiffness", "hot_swollen_joint",     "sudden_severe_headache",
                        "neck_stiffness",    "visual_disturbance",    "confusion"})
    EXPECT_NE(std::find(flags.begin(), flags.end(), f), flags.end()) << f;
  EXPECT_GE((*v)->medicines.values().size(), 100u);
  EXPECT_FALSE((*v)->context.triggers.empty());
  EXPECT_TRUE((*v)->negated_only_symptoms.count("regular_medication"));
  const auto& fam = (*v)->family_conditions.values();
  EXPECT_NE(std::find(fam.begin(), fam.end(), "bowel_cancer"), fam.end());
}

// A phrase set answers with the longest phrase that starts at a token (the first added among phrases of
// the same length), within the bound it is given; a word no phrase starts with matches nothing.
TEST(ScribeVocabulary, PhraseSetMatchesTheLongestPhraseAtAToken) {
  PhraseSet set;
  set.add("pain", "pain");
  set.add("night_pain", "pain at night");
  set.add("pain_relief", "pain relief");
  set.add("pain_killer", "pain killers");
  set.add("night_pain", "night pain");
  const auto toks = tokenize_words("night pain, pain at night, pain relief, pain killers and pain");
  auto value_at = [&](std::size_t i, std::size_t last) -> std::string {
    const auto* e = set.match(toks, i, last);
    return e ? e->value : "-";
  };
  ASSERT_EQ(toks.size(), 14u);
  EXPECT_EQ(value_at(0, toks.size()), "night_pain");   // "night pain"
  EXPECT_EQ(value_at(1, toks.size()), "pain");         // "pain ,"
  EXPECT_EQ(value_at(3, toks.size()), "night_pain");   // "pain at night"
  EXPECT_EQ(value_at(3, 5), "pain");                   // "pain at" is all the bound leaves
  EXPECT_EQ(value_at(7, toks.size()), "pain_relief");  // two-word phrases in the order added
  EXPECT_EQ(value_at(10, toks.size()), "pain_killer");
  EXPECT_EQ(value_at(4, toks.size()), "-");  // "at"
  EXPECT_EQ(value_at(2, toks.size()), "-");  // ","
  EXPECT_EQ(value_at(13, toks.size()), "pain");
  EXPECT_EQ(value_at(13, 13), "-");                    // past the bound
  EXPECT_EQ(value_at(14, toks.size()), "-");           // past the tokens
  EXPECT_EQ(set.entries().front().phrase.size(), 3u);  // longest first
}

TEST(ScribeVocabulary, EveryExerciseNameIsInTheLibrary) {
  std::set<std::string> ids;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "data" / "exercises")) {
    if (e.path().extension() != ".json") continue;
    auto text = load_text_file(e.path());
    ASSERT_TRUE(text);
    ids.insert(nlohmann::json::parse(*text).at("id").get<std::string>());
  }
  auto v = default_vocabulary();
  ASSERT_TRUE(v);
  for (const auto& id : (*v)->exercises.values())
    EXPECT_TRUE(ids.count(id)) << id << " is not in data/exercises";
  for (const auto& id : ids)
    EXPECT_NE(std::find((*v)->exercises.values().begin(), (*v)->exercises.values().end(), id),
              (*v)->exercises.values().end())
        << id << " has no spoken name in data/scribe/exercises.json";
}

TEST(ScribeVocabulary, BadFilesAreRefusedWithTheFileAndField) {
  fs::path src = test::source_dir() / "data" / "scribe";
  fs::path dir = test::scratch_dir("scribe_vocab");
  for (const char* f :
       {"body_sites.json", "red_flags.json", "medicines.json", "exercises.json", "activities.json",
        "lexicon.json", "symptoms.json", "family_history.json", "context.json", "flag_functions.json"})
    fs::copy_file(src / f, dir / f, fs::copy_options::overwrite_existing);
  ASSERT_TRUE(load_vocabulary(dir));
  // A body function must name a red flag that exists.
  ASSERT_TRUE(save_file_atomic(dir / "flag_functions.json",
                               R"({"entries": [{"value": "breathlessness", "phrases": ["my breathing"]}]})"));
  auto unknown = load_vocabulary(dir);
  ASSERT_FALSE(unknown);
  EXPECT_NE(
      unknown.error().to_string().find(
          "flag_functions.json: entries[0].value: \"breathlessness\" is not a red flag of red_flags.json"),
      std::string::npos)
      << unknown.error().to_string();
  fs::copy_file(src / "flag_functions.json", dir / "flag_functions.json",
                fs::copy_options::overwrite_existing);
  ASSERT_TRUE(save_file_atomic(
      dir / "medicines.json",
      R"({"entries": [{"value": "a", "phrases": ["x"]}, {"value": "b", "phrases": ["x"]}]})"));
  auto dup = load_vocabulary(dir);
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().to_string().find("medicines.json: entries[1].phrases[0]: \"x\" already names \"a\""),
            std::string::npos)
      << dup.error().to_string();
  ASSERT_TRUE(save_file_atomic(dir / "medicines.json", R"({"entries": [{"value": "", "phrases": ["x"]}]})"));
  auto empty = load_vocabulary(dir);
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().to_string().find("entries[0].value: expected a non-empty string"),
            std::string::npos);
  ASSERT_TRUE(
      fs::copy_file(src / "medicines.json", dir / "medicines.json", fs::copy_options::overwrite_existing));
  ASSERT_TRUE(save_file_atomic(dir / "context.json", R"({"triggers": [{"category": "negated", "phrase": "no",
    "direction": "forward", "max_scope": 99}], "terminators": [], "pseudo_triggers": []})"));
  auto scope = load_vocabulary(dir);
  ASSERT_FALSE(scope);
  EXPECT_NE(scope.error().to_string().find("context.json: triggers[0].max_scope"), std::string::npos)
      << scope.error().to_string();
  fs::remove(dir / "lexicon.json");
  auto missing = load_vocabulary(dir);
  ASSERT_FALSE(missing);
}

}  // namespace
}  // namespace physio::scribe
