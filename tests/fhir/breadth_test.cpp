// The FHIR API's breadth as pure code: _sort, _summary, _elements, _lastUpdated, lenient handling, paging
// both ways; generated narratives; displays of their CodeSystems and values at their precision; the
// references an output leaves unresolved; the audit events of FHIR reads that $everything leaves out.
#include <gtest/gtest.h>

#include <set>

#include "fhir/bundle.hpp"
#include "fhir/codes.hpp"
#include "fhir/compartment.hpp"
#include "fhir/narrative.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"
#include "fhir/subset.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

const ResourceTypeDef& observation_def() {
  return *find_type("Observation");
}

SearchItem timed_obs(int i, std::string when, std::string updated) {
  json r = {{"resourceType", "Observation"},
            {"id", "o" + std::to_string(i)},
            {"meta", {{"lastUpdated", updated}}},
            {"status", "final"},
            {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", "89423-8"}}}}, {"text", "TUG"}}},
            {"subject", {{"reference", "Patient/p1"}}},
            {"performer", {{{"reference", "Practitioner/u1"}}}},
            {"method", {{"text", "stopwatch"}}},
            {"effectiveDateTime", when},
            {"valueQuantity",
             {{"value", 12.4}, {"unit", "s"}, {"system", "http://unitsofmeasure.org"}, {"code", "s"}}}};
  return {with_narrative(std::move(r)), "p1"};
}

std::vector<SearchItem> nine_items() {
  std::vector<SearchItem> out;
  for (int i = 0; i < 9; ++i)
    out.push_back(timed_obs(i, "2026-03-0" + std::to_string(i + 1) + "T09:00:00Z",
                            "2026-04-0" + std::to_string(9 - i) + "T09:00:00Z"));
  return out;
}

std::vector<std::string> page_ids(const Page& p) {
  std::vector<std::string> out;
  for (const auto* it : p.items) out.push_back(it->resource["id"]);
  return out;
}

TEST(SearchBreadth, SortByDateBothWaysAndByLastUpdated) {
  const auto all = nine_items();
  auto asc = parse_search(observation_def(), {{"_sort", "date"}});
  auto desc = parse_search(observation_def(), {{"_sort", "-date"}});
  auto upd = parse_search(observation_def(), {{"_sort", "_lastUpdated"}});
  ASSERT_TRUE(asc && desc && upd);
  EXPECT_EQ(page_ids(*select_page(*asc, all, "u")).front(), "o0");
  EXPECT_EQ(page_ids(*select_page(*desc, all, "u")).front(), "o8");
  EXPECT_EQ(page_ids(*select_page(*upd, all, "u")).front(), "o8");  // o8 was updated first
}

TEST(SearchBreadth, LastUpdatedWithPrefixesAndApproximateDates) {
  const auto all = nine_items();
  auto q = parse_search(observation_def(), {{"_lastUpdated", "ge2026-04-07"}});
  ASSERT_TRUE(q);
  EXPECT_EQ(select_page(*q, all, "u")->total, 3u);  // the 7th, 8th and 9th of April
  auto ap = parse_search(observation_def(), {{"date", "ap2026-03-05"}});
  ASSERT_TRUE(ap);
  EXPECT_EQ(select_page(*ap, all, "u")->total, 3u);  // the 4th to the 6th: a day either side
  auto eq = parse_search(observation_def(), {{"date", "eq2026-03-05"}});
  EXPECT_EQ(select_page(*eq, all, "u")->total, 1u);
}

TEST(SearchBreadth, PagingBackwardsReturnsThePreviousPage) {
  const auto all = nine_items();
  auto q = parse_search(observation_def(), {{"_sort", "-date"}, {"_count", "2"}});
  ASSERT_TRUE(q);
  auto first = select_page(*q, all, "u");
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->prev_cursor.empty());
  auto q2 = *q;
  q2.cursor = first->next_cursor;
  auto second = select_page(q2, all, "u");
  ASSERT_TRUE(second);
  EXPECT_EQ(page_ids(*second), (std::vector<std::string>{"o6", "o5"}));
  ASSERT_FALSE(second->prev_cursor.empty());
  auto q3 = *q;
  q3.cursor = second->prev_cursor;
  auto back = select_page(q3, all, "u");
  ASSERT_TRUE(back);
  EXPECT_EQ(page_ids(*back), page_ids(*first));
  auto other = q3;
  EXPECT_FALSE(select_page(other, all, "someone else"));
  const json links =
      searchset(q2, *second, {}, {"http://h/fhir", "Observation"}, "2026-01-01T00:00:00Z")["link"];
  std::set<std::string> relations;
  for (const auto& l : links) relations.insert(l["relation"]);
  EXPECT_EQ(relations, (std::set<std::string>{"self", "next", "previous", "first"}));
}

TEST(SearchBreadth, SummaryAndElementsCutResourcesButKeepMandatoryOnes) {
  const json r = nine_items().front().resource;
  const json t = subset(r, "true", {});
  EXPECT_FALSE(t.contains("text"));
  EXPECT_FALSE(t.contains("method"));  // not a summary element of Observation
  EXPECT_TRUE(t.contains("code") && t.contains("status") && t.contains("valueQuantity"));
  EXPECT_EQ(t["meta"]["tag"][0]["code"], "SUBSETTED");
  const json text = subset(r, "text", {});
  EXPECT_TRUE(text.contains("text") && text.contains("status") && text.contains("code"));
  EXPECT_FALSE(text.contains("valueQuantity"));
  const json data = subset(r, "data", {});
  EXPECT_FALSE(data.contains("text"));
  EXPECT_TRUE(data.contains("method"));
  const json el = subset(r, "", {"effectiveDateTime"});
  EXPECT_TRUE(el.contains("effectiveDateTime") && el.contains("status") && el.contains("code"));
  EXPECT_FALSE(el.contains("valueQuantity") || el.contains("method"));
  EXPECT_EQ(subset(r, "", {}), r);
  EXPECT_EQ(subset(r, "false", {}), r);
  // _summary=count: the total, no entries.
  auto q = parse_search(observation_def(), {{"_summary", "count"}});
  ASSERT_TRUE(q);
  const auto all = nine_items();
  const json b = searchset(*q, *select_page(*q, all, "u"), {}, {"http://h/fhir", "Observation"}, "x");
  EXPECT_EQ(b["total"], 9);
  EXPECT_FALSE(b.contains("entry"));
}

TEST(SearchBreadth, LenientHandlingLeavesUnknownParametersOutAndNamesThem) {
  auto strict = parse_search(observation_def(), {{"colour", "red"}, {"code", "89423-8"}});
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().expression, "colour");
  auto lenient = parse_search(observation_def(), {{"colour", "red"}, {"code", "89423-8"}}, true);
  ASSERT_TRUE(lenient);
  EXPECT_EQ(lenient->ignored, std::vector<std::string>{"colour"});
  for (const auto& [k, v] : lenient->canonical) EXPECT_NE(k, "colour");
  // A known parameter with a bad value is refused either way.
  EXPECT_FALSE(parse_search(observation_def(), {{"date", "soon"}}, true));
}

TEST(SearchBreadth, IncludeTakesTheTypesReferenceParameters) {
  auto q = parse_search(observation_def(),
                        {{"_include", "Observation:performer"}, {"_include", "Observation:patient"}});
  ASSERT_TRUE(q);
  ASSERT_EQ(q->include_refs.size(), 1u);
  EXPECT_EQ(q->include_refs[0]->name, "performer");
  EXPECT_TRUE(q->include_patient);
}

TEST(Narrative, EveryResourceSaysWhatItHoldsInEscapedXhtml) {
  clinic::Patient p;
  p.id = "0123456789abcdef0123456789abcdef";
  p.clinic_id = "fedcba9876543210fedcba9876543210";
  p.given_name = "Ann <script>";
  p.family_name = "O'Hara & Co";
  p.birth_date = "1960-02-03";
  const json r = patient_resource(p);
  ASSERT_TRUE(r.contains("text"));
  EXPECT_EQ(r["text"]["status"], "generated");
  const std::string div = r["text"]["div"];
  EXPECT_TRUE(div.starts_with("<div xmlns=\"http://www.w3.org/1999/xhtml\">"));
  EXPECT_EQ(div.find("<script>"), std::string::npos);
  EXPECT_NE(div.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(div.find("&amp; Co"), std::string::npos);
  EXPECT_NE(div.find("1960-02-03"), std::string::npos);
  // A resource that has its own narrative keeps it.
  json own = {{"resourceType", "Basic"}, {"text", {{"status", "additional"}, {"div", "<div>x</div>"}}}};
  EXPECT_EQ(with_narrative(own), own);
  EXPECT_TRUE(device_resource("1.0").contains("text"));
  EXPECT_TRUE(measures_code_system().contains("text"));
}

TEST(Codes, DisplaysAreTheCodeSystemsAndValuesKeepTheirPrecision) {
  clinic::Observation o;
  o.id = "0123456789abcdef0123456789abcdef";
  o.patient_id = o.id;
  o.code_system = std::string(kMeasuresSystem);
  o.code = "exercise-rom-best";
  o.display = "Deep squat: best range of motion (left knee flexion)";
  o.unit = "deg";
  o.value = 92.41234567891234;
  const json r = observation_resource(o);
  EXPECT_EQ(r["code"]["coding"][0]["display"], "Best range of motion of an exercise's primary angle");
  EXPECT_EQ(r["code"]["coding"][1]["display"], "Knee - left Flexion Active Range of Motion");
  EXPECT_EQ(r["code"]["text"], o.display);  // the words of this measurement stay in the text
  EXPECT_DOUBLE_EQ(r["valueQuantity"]["value"].get<double>(), 92.4);
  EXPECT_DOUBLE_EQ(round_to_unit(1.23456, "s"), 1.23);
  EXPECT_DOUBLE_EQ(round_to_unit(7.6, "{repetitions}"), 8.0);
  EXPECT_DOUBLE_EQ(round_to_unit(-0.04, "deg"), 0.0);
  EXPECT_EQ(code_display(kLoinc, "72514-3"), "Pain severity - 0-10 verbal numeric rating [Score] - Reported");
  EXPECT_EQ(code_display(kLoinc, "1-8"), "");
}

TEST(Outputs, UnresolvedReferencesAndTheReadsThatAreLeftOut) {
  const json a = {{"resourceType", "Observation"},
                  {"id", "o1"},
                  {"subject", {{"reference", "Patient/p1"}}},
                  {"performer", {{{"reference", "Practitioner/u1"}}, {{"reference", "#c1"}}}},
                  {"text", {{"div", "<div>reference</div>"}}}};
  const json p = {
      {"resourceType", "Patient"}, {"id", "p1"}, {"managingOrganization", {{"reference", "Organization/c"}}}};
  EXPECT_EQ(unresolved_references({&a, &p}), (std::vector<std::string>{"Practitioner/u1", "Organization/c"}));
  // In the order of the JSON (nlohmann::json keeps object keys sorted).
  EXPECT_EQ(unresolved_references({&a}), (std::vector<std::string>{"Practitioner/u1", "Patient/p1"}));
  clinic::AuditEvent e;
  e.seq = 7;
  e.action = "fhir.patient.everything";
  EXPECT_TRUE(records_a_fhir_read(audit_event_resource(e)));
  e.action = "fhir.observation.search";
  EXPECT_TRUE(records_a_fhir_read(audit_event_resource(e)));
  e.action = "patient.read";  // the app's reads stay
  EXPECT_FALSE(records_a_fhir_read(audit_event_resource(e)));
  e.action = "fhir.observation.create";  // and every change
  EXPECT_FALSE(records_a_fhir_read(audit_event_resource(e)));
}

}  // namespace
}  // namespace physio::fhir
