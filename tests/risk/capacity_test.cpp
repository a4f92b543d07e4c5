// Capacity per clinician and week: weeks from Monday, the expected number missed as the sum of the risks,
// its interval from the exact Poisson-binomial distribution (checked against the binomial formula), bookings
// without a risk at the clinic's base rate, and bookings outside the window left out.
#include <gtest/gtest.h>

#include <cmath>

#include "core/civil_date.hpp"
#include "risk/capacity.hpp"
#include "risk/flag.hpp"

namespace physio::risk {
namespace {

constexpr double kCapacityProbTol = 1e-12;
const std::int64_t kCapacityWednesday = days_from_iso_date("2026-11-25").value();
const TimeUs kCapacityNow = kCapacityWednesday * kDayUs + 8 * kHourUs;

double capacity_binomial_pmf(int n, int k, double p) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)) * std::pow(p, k) *
         std::pow(1.0 - p, n - k);
}

TEST(Capacity, WeeksStartOnMonday) {
  EXPECT_EQ(iso_date_from_days(week_start_of(kCapacityWednesday)), "2026-11-23");
  EXPECT_EQ(week_start_of(days_from_iso_date("2026-11-23").value()),
            days_from_iso_date("2026-11-23").value());
  EXPECT_EQ(iso_date_from_days(week_start_of(days_from_iso_date("2026-11-29").value())), "2026-11-23");
  EXPECT_EQ(iso_date_from_days(week_start_of(days_from_iso_date("1969-12-31").value())), "1969-12-29");
}

TEST(Capacity, PoissonBinomialWithEqualRisksIsTheBinomial) {
  const std::vector<double> p(12, 0.23);
  const auto pmf = poisson_binomial(p);
  ASSERT_EQ(pmf.size(), 13u);
  double total = 0;
  for (int k = 0; k <= 12; ++k) {
    EXPECT_NEAR(pmf[static_cast<std::size_t>(k)], capacity_binomial_pmf(12, k, 0.23), kCapacityProbTol) << k;
    total += pmf[static_cast<std::size_t>(k)];
  }
  EXPECT_NEAR(total, 1.0, kCapacityProbTol);
  // Binomial(12, 0.23): P(X <= 0) = 0.0434, P(X <= 1) = 0.1991, P(X <= 4) = 0.8808, P(X <= 5) = 0.9626.
  EXPECT_EQ(distribution_quantile(pmf, 0.10), 1);
  EXPECT_EQ(distribution_quantile(pmf, 0.90), 5);
}

TEST(Capacity, PoissonBinomialWithUnequalRisksByHand) {
  // Two bookings, 0.1 and 0.5: P(0) = 0.45, P(1) = 0.5, P(2) = 0.05.
  const std::vector<double> p{0.1, 0.5};
  const auto pmf = poisson_binomial(p);
  EXPECT_NEAR(pmf[0], 0.45, kCapacityProbTol);
  EXPECT_NEAR(pmf[1], 0.50, kCapacityProbTol);
  EXPECT_NEAR(pmf[2], 0.05, kCapacityProbTol);
  EXPECT_EQ(poisson_binomial({}).size(), 1u);
}

TEST(Capacity, CellsPerClinicianAndWeekWithTheExpectedNumberMissed) {
  std::vector<CapacityBooking> b;
  // This week, clinician A: three bookings with risks, one without (base rate 0.2).
  b.push_back({"a1", "A", kCapacityNow + 2 * kHourUs, 0.5});
  b.push_back({"a2", "A", kCapacityNow + 1 * kDayUs, 0.1});
  b.push_back({"a3", "A", kCapacityNow + 2 * kDayUs, 0.3});
  b.push_back({"a4", "A", kCapacityNow + 3 * kDayUs, std::nullopt});
  // Next week, clinician A and B.
  b.push_back({"a5", "A", kCapacityNow + 6 * kDayUs, 0.05});
  b.push_back({"b1", "B", kCapacityNow + 7 * kDayUs, 0.4});
  // Left out: in the past, after the last week.
  b.push_back({"old", "A", kCapacityNow - kHourUs, 0.9});
  b.push_back({"far", "B", kCapacityNow + 40 * kDayUs, 0.9});
  CapacityOptions o;
  o.weeks = 4;
  o.base_rate = 0.2;
  const auto cells = compute_capacity(b, kCapacityNow, o);
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[0].practitioner_id, "A");
  EXPECT_EQ(iso_date_from_days(cells[0].week_start_day), "2026-11-23");
  EXPECT_EQ(cells[0].booked, 4);
  EXPECT_EQ(cells[0].scored, 3);
  EXPECT_EQ(cells[0].unassessed, 0);
  EXPECT_NEAR(cells[0].expected_missed, 1.1, kCapacityProbTol);
  EXPECT_NEAR(cells[0].expected_attended, 2.9, kCapacityProbTol);
  EXPECT_LE(cells[0].missed_low, 1);
  EXPECT_GE(cells[0].missed_high, 2);
  EXPECT_EQ(iso_date_from_days(cells[1].week_start_day), "2026-11-30");
  EXPECT_EQ(cells[1].booked, 1);
  EXPECT_EQ(cells[2].practitioner_id, "B");
  EXPECT_NEAR(cells[2].expected_missed, 0.4, kCapacityProbTol);
}

TEST(Capacity, WithoutARiskOrBaseRateABookingCountsAsAttendedAndIsSaid) {
  std::vector<CapacityBooking> b{{"x", "A", kCapacityNow + kDayUs, std::nullopt},
                                 {"y", "A", kCapacityNow + kDayUs, std::nan("")}};
  CapacityOptions o;
  o.base_rate = 7.0;  // not a share: ignored
  const auto cells = compute_capacity(b, kCapacityNow, o);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].unassessed, 2);
  EXPECT_EQ(cells[0].scored, 0);
  EXPECT_DOUBLE_EQ(cells[0].expected_missed, 0.0);
  EXPECT_EQ(cells[0].missed_low, 0);
  EXPECT_EQ(cells[0].missed_high, 0);
}

}  // namespace
}  // namespace physio::risk
