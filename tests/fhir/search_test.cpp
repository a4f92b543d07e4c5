// Search as pure code: parsing (every bad parameter is a Problem naming it), matching per parameter type,
// dates with prefixes and partial precision, and paging whose cursors are bound to the query and caller.
#include <gtest/gtest.h>

#include "fhir/bundle.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"

namespace physio::fhir {
namespace {

using json = nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

const ResourceTypeDef& obs_type() {
  return *find_type("Observation");
}

SearchQuery parse_ok(const ResourceTypeDef& t, const Params& p) {
  auto q = parse_search(t, p);
  EXPECT_TRUE(q.has_value()) << (q ? "" : q.error().message);
  return q ? *q : SearchQuery{};
}

Problem parse_bad(const ResourceTypeDef& t, const Params& p) {
  auto q = parse_search(t, p);
  EXPECT_FALSE(q.has_value());
  return q ? Problem{} : q.error();
}

SearchItem obs(int i, std::string patient, std::string system, std::string code, std::string when) {
  json r = {
      {"resourceType", "Observation"},
      {"id", "o" + std::to_string(i)},
      {"status", "final"},
      {"category",
       {{{"coding",
          {{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"}, {"code", "exam"}}}}}}},
      {"code", {{"coding", {{{"system", system}, {"code", code}}}}}},
      {"subject", {{"reference", "Patient/" + patient}}},
      {"effectiveDateTime", when}};
  return {r, patient};
}

TEST(SearchParse, RefusesWhatItDoesNotKnowNamingTheParameter) {
  auto p = parse_bad(obs_type(), {{"colour", "red"}});
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(p.expression, "colour");
  EXPECT_NE(p.message.find("unknown search parameter 'colour'"), std::string::npos) << p.message;
  EXPECT_EQ(parse_bad(obs_type(), {{"_count", "0"}}).expression, "_count");
  EXPECT_EQ(parse_bad(obs_type(), {{"_count", "ten"}}).expression, "_count");
  EXPECT_EQ(parse_bad(obs_type(), {{"_count", "5"}, {"_count", "6"}}).expression, "_count");
  EXPECT_EQ(parse_bad(obs_type(), {{"date", "xx2026"}}).expression, "date");
  EXPECT_EQ(parse_bad(obs_type(), {{"date", "2026-13-01"}}).expression, "date");
  EXPECT_EQ(parse_bad(obs_type(), {{"date", "2026-02-30"}}).expression, "date");
  EXPECT_EQ(parse_bad(obs_type(), {{"date", "2026-02-03T10:00"}}).expression, "date");  // no zone
  EXPECT_EQ(parse_bad(obs_type(), {{"code:exact", "x"}}).expression, "code:exact");
  EXPECT_EQ(parse_bad(obs_type(), {{"_revinclude", "Provenance:entity"}}).expression, "_revinclude");
  EXPECT_EQ(parse_bad(obs_type(), {{"_include", "Observation:colour"}}).expression, "_include");
  EXPECT_EQ(parse_bad(obs_type(), {{"_include", "Condition:subject"}}).expression, "_include");
  EXPECT_EQ(parse_bad(obs_type(), {{"_sort", "code"}}).expression, "_sort");
  EXPECT_EQ(parse_bad(obs_type(), {{"_sort", "date,-_id"}}).expression, "_sort");
  EXPECT_EQ(parse_bad(obs_type(), {{"_summary", "maybe"}}).expression, "_summary");
  EXPECT_EQ(parse_bad(obs_type(), {{"_elements", "code.coding"}}).expression, "_elements");
  EXPECT_EQ(parse_bad(obs_type(), {{"_lastUpdated", "xx2026"}}).expression, "_lastUpdated");
  EXPECT_EQ(parse_bad(obs_type(), {{"patient", "Practitioner/1"}}).expression, "patient");
  EXPECT_EQ(parse_bad(obs_type(), {{"code", ""}}).expression, "code");
  EXPECT_EQ(parse_bad(obs_type(), {{"_format", "xml"}}).status, 406);
  auto q =
      parse_ok(obs_type(),
               {{"_count", "100000"}, {"patient", "Patient/abc,def"}, {"_revinclude", "Provenance:target"}});
  EXPECT_EQ(q.count, kMaxCount);
  EXPECT_EQ(q.patient_ids, (std::vector<std::string>{"abc", "def"}));
  EXPECT_TRUE(q.revinclude_provenance);
}

TEST(SearchMatch, TokensDatesStringsAndCompartments) {
  const auto a = obs(1, "p1", "http://loinc.org", "89423-8", "2026-03-10T09:00:00.000000Z");
  auto m = [&](const Params& p, const SearchItem& it) { return matches(parse_ok(obs_type(), p), it); };
  EXPECT_TRUE(m({{"code", "89423-8"}}, a));
  EXPECT_TRUE(m({{"code", "http://loinc.org|89423-8"}}, a));
  EXPECT_TRUE(m({{"code", "http://loinc.org|"}}, a));
  EXPECT_FALSE(m({{"code", "http://other|89423-8"}}, a));
  EXPECT_FALSE(m({{"code", "|89423-8"}}, a));
  EXPECT_TRUE(m({{"code", "x,89423-8"}}, a));
  EXPECT_TRUE(m({{"category", "exam"}}, a));
  EXPECT_FALSE(m({{"category", "survey"}}, a));
  EXPECT_TRUE(m({{"patient", "p1"}}, a));
  EXPECT_TRUE(m({{"patient", "Patient/p1"}}, a));
  EXPECT_FALSE(m({{"patient", "p2"}}, a));
  EXPECT_TRUE(m({{"subject", "Patient/p1"}}, a));
  EXPECT_TRUE(m({{"date", "2026"}}, a));
  EXPECT_TRUE(m({{"date", "2026-03"}}, a));
  EXPECT_TRUE(m({{"date", "eq2026-03-10"}}, a));
  EXPECT_FALSE(m({{"date", "2026-03-11"}}, a));
  EXPECT_TRUE(m({{"date", "ge2026-03-10"}, {"date", "lt2026-03-11"}}, a));
  EXPECT_FALSE(m({{"date", "gt2026-03-10"}}, a));
  EXPECT_TRUE(m({{"date", "gt2026-03-10T08:59:00Z"}}, a));
  EXPECT_TRUE(m({{"date", "lt2026-03-10T10:00:00+01:00"}}, a) == false);  // 09:00Z is not before 09:00Z
  EXPECT_TRUE(m({{"date", "le2026-03-10T10:00:00+01:00"}}, a));
  EXPECT_TRUE(m({{"date", "ne2025"}}, a));
  EXPECT_TRUE(m({{"date", "sa2025-12-31"}}, a));
  EXPECT_TRUE(m({{"date", "eb2027"}}, a));
  EXPECT_TRUE(m({{"status", "final"}}, a));
  const auto& pt = *find_type("Patient");
  SearchItem ann{patient_resource(clinic::Patient{"p1", "c", "Ann", "Alpha", "1960-05-04", "female", "", "",
                                                  "", "", "", 0, 0, 1}),
                 "p1"};
  auto mp = [&](const Params& p) { return matches(parse_ok(pt, p), ann); };
  EXPECT_TRUE(mp({{"name", "alp"}}));
  EXPECT_TRUE(mp({{"name", "ANN"}}));
  EXPECT_FALSE(mp({{"name", "lpha"}}));
  EXPECT_TRUE(mp({{"name:contains", "lpha"}}));
  EXPECT_FALSE(mp({{"family:exact", "alpha"}}));
  EXPECT_TRUE(mp({{"family:exact", "Alpha"}}));
  EXPECT_TRUE(mp({{"birthdate", "1960"}}));
  EXPECT_TRUE(mp({{"gender", "female"}}));
  EXPECT_TRUE(mp({{"gender", "http://hl7.org/fhir/administrative-gender|female"}}));
  EXPECT_TRUE(mp({{"_id", "p1"}}));
}

TEST(SearchPaging, NextLinksVisitEveryMatchOnceAndAreBoundToQueryAndCaller) {
  std::vector<SearchItem> items;
  for (int i = 0; i < 23; ++i)
    items.push_back(obs(
        i, i % 2 ? "p1" : "p2", "http://loinc.org", "89423-8",
        "2026-03-" + std::string(i % 28 + 1 < 10 ? "0" : "") + std::to_string(i % 28 + 1) + "T09:00:00Z"));
  const Params params = {{"code", "89423-8"}, {"_count", "5"}};
  auto q = parse_ok(obs_type(), params);
  std::set<std::string> seen;
  std::string prev_date;
  int pages = 0;
  while (true) {
    auto page = select_page(q, items, "user-1");
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->total, 23u);
    for (const auto* it : page->items) {
      EXPECT_TRUE(seen.insert(it->resource["id"].get<std::string>()).second);
      const std::string d = it->resource["effectiveDateTime"];
      EXPECT_LE(prev_date, d);
      prev_date = d;
    }
    ++pages;
    if (page->next_cursor.empty()) break;
    const auto links =
        searchset(q, *page, {}, {"http://h/fhir", "Observation"}, "2026-01-01T00:00:00Z")["link"];
    ASSERT_EQ(links[1]["relation"], "next");
    EXPECT_NE(links[1]["url"].get<std::string>().find("_cursor="), std::string::npos);
    // The same cursor with another caller, or with another query, is refused.
    auto other_caller = q;
    other_caller.cursor = page->next_cursor;
    auto refused = select_page(other_caller, items, "user-2");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().expression, "_cursor");
    auto other_query =
        parse_ok(obs_type(), {{"code", "89423-8"}, {"_count", "6"}, {"_cursor", page->next_cursor}});
    EXPECT_FALSE(select_page(other_query, items, "user-1"));
    auto tampered = q;
    tampered.cursor = "A" + page->next_cursor;
    EXPECT_FALSE(select_page(tampered, items, "user-1"));
    q.cursor = page->next_cursor;
  }
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(seen.size(), 23u);
}

TEST(SearchDates, RangesFollowPrecision) {
  auto r = date_range("2026-02");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->second - r->first, 28LL * 86'400'000'000LL);
  auto leap = date_range("2028-02");
  EXPECT_EQ(leap->second - leap->first, 29LL * 86'400'000'000LL);
  auto t = date_range("2026-11-23T10:15:00.5Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->second - t->first, 100'000);
  EXPECT_EQ(*date_range("2026-11-23T11:15:00+01:00"), *date_range("2026-11-23T10:15:00Z"));
  for (const char* bad : {"", "26", "2026-1", "2026-00", "2026-11-31", "2026-11-23T25:00:00Z",
                          "2026-11-23T10:15:00", "2026-11-23T10:15:00Zjunk", "2026-11-23T10:15:00.Z"})
    EXPECT_FALSE(date_range(bad)) << bad;
}

TEST(SearchMatch, CarePlanDateSearchesThePeriodTheProgramRuns) {
  const auto& type = *find_type("CarePlan");
  auto plan = [](const std::string& id, std::string_view from, std::string_view to, bool active) {
    clinic::HomeProgram p{.id = id,
                          .clinic_id = "c",
                          .patient_id = "p",
                          .title = "Knee",
                          .status = active ? "active" : "ended"};
    p.created_us = date_range(from)->first;
    p.updated_us = date_range(to)->first;
    return SearchItem{care_plan_resource(p), "p"};
  };
  // Ended: 2025-01-10 to 2025-03-01. Active: from 2026-02-01, still running.
  const std::vector<SearchItem> items = {plan("ended", "2025-01-10", "2025-03-01", false),
                                         plan("active", "2026-02-01", "2026-02-01", true)};
  EXPECT_EQ(items[0].resource["period"]["start"], instant(date_range("2025-01-10")->first));
  EXPECT_EQ(items[0].resource["period"]["end"], instant(date_range("2025-03-01")->first));
  EXPECT_FALSE(items[1].resource["period"].contains("end"));
  auto ids = [&](const std::string& value) {
    auto q = parse_search(type, Params{{"date", value}});
    EXPECT_TRUE(q) << value;
    std::vector<std::string> out;
    for (const auto& it : items)
      if (q && matches(*q, it)) out.push_back(it.resource["id"]);
    return out;
  };
  EXPECT_EQ(ids("ge2026-01-01"), std::vector<std::string>{"active"});
  EXPECT_EQ(ids("le2025-02-01"), std::vector<std::string>{"ended"});
  // In the middle of the ended program's period, and long after the active one started: both running.
  EXPECT_EQ(ids("ap2025-02-15"), std::vector<std::string>{"ended"});
  EXPECT_EQ(ids("gt2030-01-01"), std::vector<std::string>{"active"});
  EXPECT_TRUE(ids("lt2025-01-01").empty());
}

}  // namespace
}  // namespace physio::fhir
