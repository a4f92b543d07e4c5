// The evaluation harness: annotation files, the matching rule, and the shipped annotations against the
// shared transcripts.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "scribe/evaluate.hpp"
#include "scribe/extract.hpp"

namespace physio::scribe {
namespace {

namespace fs = std::filesystem;

const char* kAnnotation = R"({"format": "physiokit-scribe-annotation", "version": 1, "dataset": "test",
  "id": "t1", "set": "dev", "transcript": {"format": "aci-csv", "file": "x.csv", "encounter_id": "D1"},
  "facts": [
    {"kind": "pain_site", "value": "knee", "side": "right", "negated": false,
     "locations": [{"segment": 0, "quote": "right knee"}]},
    {"kind": "red_flag", "value": "fever", "negated": true, "locations": [{"segment": 1, "quote": "fever"}]},
    {"kind": "pain_score", "value": "6", "negated": false, "locations": [{"segment": 0, "quote": "six out of ten"}]},
    {"kind": "medicine", "value": "ibuprofen", "negated": false, "locations": [{"segment": 2, "quote": "advil"}]}
  ]})";

Transcript harness_transcript() {
  Transcript t;
  t.segments.push_back({Speaker::kPatient, {}, {}, "my right knee hurts, six out of ten", {}});
  t.segments.push_back({Speaker::kPatient, {}, {}, "i have a fever", {}});
  t.segments.push_back({Speaker::kPatient, {}, {}, "i took advil", {}});
  return t;
}

Fact predicted_fact(FactKind k, std::string value, bool negated, std::size_t seg, std::size_t b,
                    std::size_t e, Side side = Side::kUnspecified) {
  Fact f;
  f.kind = k;
  f.value = std::move(value);
  f.negated = negated;
  f.side = side;
  f.spans.push_back({seg, b, e, {}, {}});
  return f;
}

TEST(ScribeHarness, MatchingRuleAndCounts) {
  auto a = parse_annotation(kAnnotation, "t1.json");
  ASSERT_TRUE(a) << a.error().to_string();
  Transcript t = harness_transcript();
  ASSERT_TRUE(resolve_locations(*a, t));
  EXPECT_EQ(a->facts[0].locations[0].begin, 3u);
  std::vector<Fact> predicted = {
      predicted_fact(FactKind::kPainSite, "knee", false, 0, 9, 13,
                     Side::kRight),                                  // overlaps "right knee": match
      predicted_fact(FactKind::kRedFlag, "fever", false, 1, 9, 14),  // negation differs: error
      predicted_fact(FactKind::kPainScore, "6", false, 1, 0, 3),     // wrong segment: no match
      predicted_fact(FactKind::kPainSite, "knee", false, 0, 9, 13, Side::kLeft),  // side differs: no match
  };
  EvalResult r = compare_facts(predicted, *a, t);
  EXPECT_EQ(r.per_kind[FactKind::kPainSite].predicted, 2u);
  EXPECT_EQ(r.per_kind[FactKind::kPainSite].predicted_matched, 1u);
  EXPECT_EQ(r.per_kind[FactKind::kPainSite].annotated_matched, 1u);
  EXPECT_EQ(r.per_kind[FactKind::kRedFlag].annotated_matched, 0u);
  EXPECT_EQ(r.red_flag_negation_errors, 1u);
  EXPECT_EQ(r.per_kind[FactKind::kMedicine].predicted, 0u);
  EXPECT_EQ(r.per_kind[FactKind::kMedicine].annotated, 1u);
  auto all = r.overall();
  EXPECT_EQ(all.predicted, 4u);
  EXPECT_EQ(all.annotated, 4u);
  EXPECT_DOUBLE_EQ(*all.precision(), 0.25);
  EXPECT_DOUBLE_EQ(*all.recall(), 0.25);
  EXPECT_FALSE(r.per_kind[FactKind::kMedicine].precision());  // nothing predicted: no precision
  auto j = eval_to_json(r);
  EXPECT_EQ(j["red_flag_negation_errors"], 1);
  EXPECT_TRUE(j["per_kind"]["medicine"]["precision"].is_null());
}

TEST(ScribeHarness, AnnotationErrorsNameTheField) {
  struct AnnotationCase {
    std::string from, to, expect;
  };
  const AnnotationCase cases[] = {
      {"\"kind\": \"pain_site\"", "\"kind\": \"pain\"", "t1.json: facts[0].kind: unknown kind \"pain\""},
      {"\"side\": \"right\"", "\"side\": \"up\"", "facts[0].side: expected unspecified, left, right or both"},
      {"\"negated\": true", "\"negated\": \"yes\"", "facts[1].negated: expected true or false"},
      {"\"set\": \"dev\"", "\"set\": \"test\"", "set: expected dev or held-out"},
      {"[{\"segment\": 2, \"quote\": \"advil\"}]", "[]", "facts[3].locations: expected a non-empty array"},
  };
  for (const auto& c : cases) {
    std::string text = kAnnotation;
    auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    auto a = parse_annotation(text, "t1.json");
    ASSERT_FALSE(a) << c.to;
    EXPECT_NE(a.error().to_string().find(c.expect), std::string::npos) << a.error().to_string();
  }
  auto a = parse_annotation(kAnnotation, "t1.json");
  ASSERT_TRUE(a);
  Transcript t = harness_transcript();
  t.segments[2].text = "nothing at all";
  auto st = resolve_locations(*a, t);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().to_string(), "t1: facts[3]: \"advil\" is not in segment 2");
  t.segments.pop_back();
  st = resolve_locations(*a, t);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().to_string().find("segment 2 is beyond the transcript's 2 segments"),
            std::string::npos);
}

// Every shipped annotation file parses, names a transcript the shared data has, and every quote is where it
// says; the extractor runs on each.
TEST(ScribeHarness, ShippedAnnotationsResolveAgainstTheSharedTranscripts) {
  auto data = test::shared_data_dir();
  if (!data || !fs::is_directory(*data / "consultations-primock57") ||
      !fs::is_directory(*data / "consultations-aci-bench"))
    GTEST_SKIP() << "reference data ../shared/data/consultations-{primock57,aci-bench} is absent; skipping";
  auto vocab = default_vocabulary();
  ASSERT_TRUE(vocab) << vocab.error().to_string();
  fs::path dir = test::source_dir() / "data" / "scribe" / "annotations";
  std::size_t n = 0, dev = 0, held_out = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    auto text = load_text_file(e.path());
    ASSERT_TRUE(text);
    auto a = parse_annotation(*text, e.path().string());
    ASSERT_TRUE(a) << a.error().to_string();
    auto t = load_annotated_transcript(*a, *data);
    ASSERT_TRUE(t) << t.error().to_string();
    auto st = resolve_locations(*a, *t);
    EXPECT_TRUE(st) << (st ? "" : st.error().to_string());
    EXPECT_FALSE(a->facts.empty()) << a->id;
    auto facts = extract_facts(*t, **vocab);
    EXPECT_FALSE(facts.empty()) << a->id;
    ++n;
    (a->set == "dev" ? dev : held_out)++;
  }
  EXPECT_GE(n, 19u);
  EXPECT_GE(dev, 8u);
  EXPECT_GE(held_out, 8u);
}

}  // namespace
}  // namespace physio::scribe
