#include "core/words.hpp"

#include <gtest/gtest.h>

namespace physio {
namespace {

TEST(Words, TheSingularOnlyForExactlyOne) {
  EXPECT_EQ(count_of(1, "day"), "1 day");
  EXPECT_EQ(count_of(0, "day"), "0 days");
  EXPECT_EQ(count_of(2, "day"), "2 days");
  EXPECT_EQ(count_of(1, "person", "people"), "1 person");
  EXPECT_EQ(count_of(3, "person", "people"), "3 people");
  EXPECT_EQ(count_of(2.5, "point", {}, 1), "2.5 points");
  EXPECT_EQ(count_of(1.04, "point", {}, 1), "1 point");  // as written
  EXPECT_EQ(count_of(0.96, "minute"), "1 minute");
  EXPECT_EQ(count_of(2.0, "week", {}, 1), "2 weeks");
}

TEST(Words, ASpanInWeeksIsWholeDaysUnderTwoWeeks) {
  EXPECT_EQ(weeks_words(0.86), "6 days");
  EXPECT_EQ(weeks_words(1.0 / 7.0), "1 day");
  EXPECT_EQ(weeks_words(0), "0 days");
  EXPECT_EQ(weeks_words(1.99), "14 days");
  EXPECT_EQ(weeks_words(2), "2 weeks");
  EXPECT_EQ(weeks_words(3.5), "3.5 weeks");
  EXPECT_EQ(weeks_words(3.46), "3.5 weeks");
  EXPECT_EQ(weeks_words(-1), "");
  for (double w = 0; w < 2; w += 0.01) EXPECT_EQ(weeks_words(w).find('.'), std::string::npos) << w;
}

}  // namespace
}  // namespace physio
