// The evaluation harness: annotation files, the matching rule, and the shipped annotations against the
// shared transcripts.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "scribe/evaluate.hpp"
#include "scribe/extract.hpp"
#include "shipped_annotations.hpp"

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

TEST(ScribeHarness, Version2FieldsAndKinds) {
  const char* v2 = R"({"format": "physiokit-scribe-annotation", "version": 2, "dataset": "test", "id": "t2",
    "set": "dev", "transcript": {"format": "aci-csv", "file": "x.csv", "encounter_id": "D1"},
    "facts": [
      {"kind": "family_history", "value": "bowel_cancer", "negated": false, "who": "father", "historical": false,
       "locations": [{"segment": 0, "quote": "bowel cancer"}]},
      {"kind": "pertinent_negative", "value": "nausea", "negated": true, "locations": [{"segment": 1, "quote": "nausea"}]},
      {"kind": "symptom", "value": "cough", "negated": false, "historical": true,
       "locations": [{"segment": 1, "quote": "cough"}]},
      {"kind": "duration", "value": 0.125, "negated": false, "locations": [{"segment": 1, "quote": "hours"}]},
      {"kind": "next_visit", "value": 7, "negated": false, "locations": [{"segment": 1, "quote": "week"}]}
    ]})";
  auto a = parse_annotation(v2, "v2.json");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->version, 2);
  ASSERT_EQ(a->facts.size(), 5u);
  EXPECT_EQ(a->facts[3].value, "0.125");  // numbers read as their shortest decimal
  EXPECT_EQ(a->facts[4].value, "7");
  EXPECT_EQ(a->facts[0].kind, FactKind::kFamilyHistory);
  EXPECT_EQ(a->facts[0].who, "father");
  EXPECT_EQ(a->facts[1].kind, FactKind::kPertinentNegative);
  EXPECT_TRUE(a->facts[2].historical);
  EXPECT_FALSE(a->facts[0].historical);
  // Version 1 files still read; the new kinds need version 2.
  auto v1 = parse_annotation(kAnnotation, "v1.json");
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->version, 1);
  EXPECT_FALSE(v1->facts[0].historical);
  std::string bad = v2;
  bad.replace(bad.find("\"version\": 2"), 12, "\"version\": 1");
  auto e = parse_annotation(bad, "bad.json");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().to_string().find("facts[0].kind"), std::string::npos) << e.error().to_string();
  std::string bad_hist = v2;
  bad_hist.replace(bad_hist.find("\"historical\": true"), 18, "\"historical\": \"yes\"");
  auto eh = parse_annotation(bad_hist, "bad.json");
  ASSERT_FALSE(eh);
  EXPECT_NE(eh.error().to_string().find("facts[2].historical"), std::string::npos) << eh.error().to_string();
}

TEST(ScribeHarness, HistoricalMustMatchWhoNeedNot) {
  Transcript t;
  t.segments.push_back({Speaker::kPatient, {}, {}, "my father had bowel cancer", {}});
  Annotation a;
  a.id = "t";
  AnnotatedFact af;
  af.kind = FactKind::kFamilyHistory;
  af.value = "bowel_cancer";
  af.who = "father";
  af.locations.push_back({0, "bowel cancer", 0, 0});
  a.facts.push_back(af);
  AnnotatedFact hist;
  hist.kind = FactKind::kPainSite;
  hist.value = "knee";
  hist.historical = true;
  hist.locations.push_back({0, "father", 0, 0});
  a.facts.push_back(hist);
  ASSERT_TRUE(resolve_locations(a, t));
  Fact fam = predicted_fact(FactKind::kFamilyHistory, "bowel_cancer", false, 0, 15, 27);
  fam.who = "family";                                                       // who is not compared
  Fact knee = predicted_fact(FactKind::kPainSite, "knee", false, 0, 3, 9);  // not historical: no match
  auto r = compare_facts({fam, knee}, a, t);
  EXPECT_EQ(r.per_kind[FactKind::kFamilyHistory].annotated_matched, 1u);
  EXPECT_EQ(r.per_kind[FactKind::kPainSite].annotated_matched, 0u);
  knee.historical = true;
  r = compare_facts({fam, knee}, a, t);
  EXPECT_EQ(r.per_kind[FactKind::kPainSite].annotated_matched, 1u);
}

TEST(ScribeHarness, AValueInTheAnnotatorsOwnWordsIsTheVocabularyValueItNames) {
  Vocabulary v;
  v.symptoms.add("muscle_ache", "muscle aches");
  v.symptoms.add("tremor", "shakiness");
  v.symptoms.add("heartburn", "reflux");
  v.symptoms.add("acid_taste", "reflux");  // "reflux" names two values: left as written
  v.medicines.add("ibuprofen", "advil");
  Annotation a;
  auto fact = [&](FactKind k, std::string value) {
    AnnotatedFact f;
    f.kind = k;
    f.value = std::move(value);
    a.facts.push_back(f);
  };
  fact(FactKind::kPertinentNegative, "muscle_aches");
  fact(FactKind::kSymptom, "shakiness");
  fact(FactKind::kSymptom, "tremor");  // already the vocabulary's value
  fact(FactKind::kSymptom, "reflux");  // ambiguous
  fact(FactKind::kSymptom, "lump");    // no value names it
  fact(FactKind::kMedicine, "advil");
  fact(FactKind::kPainScore, "advil");          // numbers are never renamed
  fact(FactKind::kFamilyHistory, "shakiness");  // another kind's vocabulary
  EXPECT_EQ(canonical_values(a, v), 3u);
  std::vector<std::string> values;
  for (const auto& f : a.facts) values.push_back(f.value);
  EXPECT_EQ(values, (std::vector<std::string>{"muscle_ache", "tremor", "tremor", "reflux", "lump",
                                              "ibuprofen", "advil", "shakiness"}));
}

TEST(ScribeHarness, CohenKappa) {
  // Perfect agreement with variation: 1; the textbook 2x2 example (Cohen 1960 style): po 0.7, pe 0.5 -> 0.4.
  EXPECT_DOUBLE_EQ(*cohen_kappa({1, 2, 1, 2}, {1, 2, 1, 2}), 1.0);
  std::vector<int> a, b;
  for (int i = 0; i < 20; ++i) a.push_back(1), b.push_back(1);  // yes-yes 20
  for (int i = 0; i < 15; ++i) a.push_back(1), b.push_back(2);  // yes-no 15
  for (int i = 0; i < 15; ++i) a.push_back(2), b.push_back(1);  // no-yes 15
  for (int i = 0; i < 50; ++i) a.push_back(2), b.push_back(2);  // no-no 50
  // po = 0.70; pe = 0.35*0.35 + 0.65*0.65 = 0.545; kappa = 0.155/0.455
  EXPECT_NEAR(*cohen_kappa(a, b), 0.155 / 0.455, 1e-12);
  EXPECT_FALSE(cohen_kappa({1, 1}, {1, 1}));  // chance agreement 1
  EXPECT_FALSE(cohen_kappa({}, {}));
}

TEST(ScribeHarness, AgreementUnitsAreTheUnionOfBothAnnotators) {
  auto ann = [](std::vector<std::tuple<FactKind, std::string, bool>> fs) {
    Annotation a;
    a.dataset = "d";
    a.id = "c1";
    for (auto& [k, v, neg] : fs) {
      AnnotatedFact f;
      f.kind = k;
      f.value = v;
      f.negated = neg;
      a.facts.push_back(f);
    }
    return a;
  };
  Annotation first = ann({{FactKind::kRedFlag, "fever", true},
                          {FactKind::kRedFlag, "night_pain", false},
                          {FactKind::kMedicine, "ibuprofen", false}});
  Annotation second = ann({{FactKind::kRedFlag, "fever", true},
                           {FactKind::kRedFlag, "night_pain", true},
                           {FactKind::kRedFlag, "weight_loss", true},
                           {FactKind::kMedicine, "ibuprofen", false}});
  Annotation other = ann({{FactKind::kRedFlag, "fever", false}});
  other.id = "c2";  // annotated once only: left out
  Agreement g = compute_agreement({first, other}, {second});
  EXPECT_EQ(g.consultations, 1u);
  const auto& rf = g.per_kind.at(FactKind::kRedFlag);
  EXPECT_EQ(rf.units, 3u);  // fever, night_pain, weight_loss
  EXPECT_EQ(rf.agreed, 1u);
  // ratings first (negated, present, absent), second (negated, negated, negated): po 1/3;
  // pe = (1/3 * 3/3) = 1/3 -> kappa 0
  ASSERT_TRUE(rf.kappa);
  EXPECT_NEAR(*rf.kappa, 0.0, 1e-12);
  EXPECT_EQ(g.per_kind.at(FactKind::kMedicine).units, 1u);
  EXPECT_FALSE(g.per_kind.at(FactKind::kMedicine).kappa);  // one unit, both present: chance agreement 1
  EXPECT_EQ(g.overall.units, 4u);
}

TEST(ScribeHarness, GuidelineSplit) {
  EXPECT_EQ(guideline_set("primock57", "day3_consultation01"), "held-out");
  EXPECT_EQ(guideline_set("primock57", "day1_consultation09"), "held-out");
  EXPECT_EQ(guideline_set("primock57", "day1_consultation03"), "dev");
  EXPECT_EQ(guideline_set("aci-bench", "D2N067"), "dev");
  EXPECT_EQ(guideline_set("aci-bench", "D2N068"), "held-out");
  EXPECT_EQ(guideline_set("aci-bench", "D2N087"), "held-out");
  EXPECT_FALSE(guideline_set("aci-bench", "D2N088"));
  EXPECT_FALSE(guideline_set("other", "x"));
}

// The development set's figures and errors, printed when PHYSIO_SCRIBE_DEV_REPORT is set (the same
// matching as `physio scribe eval --set dev --errors`). Only dev consultations of the guideline's split are
// ever run here.
TEST(ScribeHarness, DevSetReport) {
  const char* want = std::getenv("PHYSIO_SCRIBE_DEV_REPORT");
  if (!want || !*want) GTEST_SKIP() << "set PHYSIO_SCRIBE_DEV_REPORT=1 to print the dev figures";
  auto data = test::shared_data_dir();
  if (!data) GTEST_SKIP() << "no shared data";
  auto vocab = default_vocabulary();
  ASSERT_TRUE(vocab);
  EvalResult all;
  std::size_t n = 0;
  std::vector<fs::path> files;
  for (const auto& e :
       fs::recursive_directory_iterator(test::source_dir() / "data" / "scribe" / "annotations"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    auto text = load_text_file(p);
    ASSERT_TRUE(text);
    auto a = parse_annotation(*text, p.string());
    ASSERT_TRUE(a) << a.error().to_string();
    if (guideline_set(a->dataset, a->id) != "dev") continue;
    auto t = load_annotated_transcript(*a, *data);
    ASSERT_TRUE(t);
    ASSERT_TRUE(resolve_locations(*a, *t));
    all += compare_facts(extract_facts(*t, **vocab), *a, *t);
    ++n;
  }
  for (const auto& m : all.mismatches)
    std::printf("    %s %s: %s %s%s [%s] (segment %zu: \"%s\")\n", m.consultation.c_str(),
                m.missed ? "missed" : "extra ", m.kind.c_str(), m.negated ? "not " : "", m.value.c_str(),
                m.side.c_str(), m.segment, m.quote.c_str());
  std::printf("dev set: %zu consultations\n", n);
  for (const auto& [k, c] : all.per_kind)
    std::printf("  %-19s %4zu %4zu  P %.3f  R %.3f\n", fact_kind_name(k), c.predicted, c.annotated,
                c.precision().value_or(0), c.recall().value_or(0));
  auto o = all.overall();
  std::printf("  overall             %4zu %4zu  P %.3f  R %.3f   red-flag polarity errors %zu\n", o.predicted,
              o.annotated, o.precision().value_or(0), o.recall().value_or(0), all.red_flag_negation_errors);
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
  auto shipped = test_support::load_shipped_annotations(*data);
  ASSERT_TRUE(shipped) << shipped.error().to_string();
  std::size_t n = 0, dev = 0, held_out = 0;
  for (auto& [a, t] : *shipped) {
    auto st = resolve_locations(a, t);
    EXPECT_TRUE(st) << (st ? "" : st.error().to_string());
    EXPECT_FALSE(a.facts.empty()) << a.id;
    // The guideline's split decides; the extractor never runs on a held-out consultation here (the
    // held-out set is run once, by `physio scribe eval --set held-out`, after the rules are frozen).
    auto set = guideline_set(a.dataset, a.id);
    ASSERT_TRUE(set) << a.id << ": not in the guideline's split";
    if (*set == "dev") {
      auto facts = extract_facts(t, **vocab);
      EXPECT_FALSE(facts.empty()) << a.id;
    }
    ++n;
    (*set == "dev" ? dev : held_out)++;
  }
  EXPECT_GE(n, 19u);
  EXPECT_GE(dev, 8u);
  EXPECT_GE(held_out, 8u);
}

}  // namespace
}  // namespace physio::scribe
