#include "billing/rtm_csv.hpp"

#include <gtest/gtest.h>

#include "rtm_fixture.hpp"

namespace physio::billing {
namespace {

TEST(RtmCsv, Rfc4180Fields) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(RtmCsv, OneRowPerPeriodAndMonth) {
  auto p = test::patient_with_setup();
  test::add_daily_sessions(p, 2026, 1, 20, 20);
  p.staff_time.push_back({"pt-anna", test::eastern(2026, 2, 3, 10), 25, "call, review", true});
  const Day as_of = make_day(2026, 3, 1);
  auto periods = compute_device_periods(p, as_of);
  ASSERT_TRUE(periods);
  const auto feb = compute_management_month(p, {std::chrono::year{2026}, std::chrono::February}, as_of);
  const std::string csv = rtm_csv(*periods, {feb});

  const std::string header =
      "patient_id,kind,period,first_day,last_day,data_days,minutes,interactive,codes,status,flags\r\n";
  ASSERT_EQ(csv.substr(0, header.size()), header);
  EXPECT_NE(csv.find("p-001,period,0,2026-01-20,2026-02-18,20,,,98977x1;98975x1,final,\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("p-001,period,1,2026-02-19,2026-03-20,0,,,,provisional,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("p-001,month,2026-02,2026-02-01,2026-02-28,,25,1,98980x1,final,\r\n"), std::string::npos)
      << csv;
  // Three data rows plus the header, each ended by CRLF.
  std::size_t rows = 0;
  for (std::size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) ++rows;
  EXPECT_EQ(rows, 4u);
}

TEST(RtmCsv, FlagsWithCommasAreQuoted) {
  DevicePeriodResult r;
  r.patient_id = "p,2";
  r.first_day = make_day(2026, 1, 1);
  r.last_day = make_day(2026, 1, 30);
  r.flags.push_back(
      {"below-threshold", "1 data day(s) in 2026-01-01..2026-01-30: device codes need at least 2"});
  r.flags.push_back({"x", "said \"no\""});
  const std::string csv = rtm_csv({r}, {});
  EXPECT_NE(csv.find("\"p,2\",period,0,"), std::string::npos) << csv;
  EXPECT_NE(
      csv.find("\"below-threshold: 1 data day(s) in 2026-01-01..2026-01-30: device codes need at least 2 | "
               "x: said \"\"no\"\"\""),
      std::string::npos)
      << csv;
}

}  // namespace
}  // namespace physio::billing
