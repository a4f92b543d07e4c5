#include "print/cp1252.hpp"

#include <gtest/gtest.h>

namespace physio::print {
namespace {

TEST(Cp1252, LatinTextAndTypographyAreKept) {
  EXPECT_EQ(utf8_to_cp1252("Mini squat"), "Mini squat");
  EXPECT_EQ(utf8_to_cp1252("Jo\xC3\xA3o"), "Jo\xE3o");                        // ã
  EXPECT_EQ(utf8_to_cp1252("90\xC2\xB0"), "90\xB0");                          // °
  EXPECT_EQ(utf8_to_cp1252("\xE2\x80\x9Cslow\xE2\x80\x9D"), "\x93slow\x94");  // curly quotes
  EXPECT_EQ(utf8_to_cp1252("a \xE2\x80\x93 b"), "a \x96 b");                  // en dash
  EXPECT_EQ(utf8_to_cp1252("\xE2\x80\xA2 knee"), "\x95 knee");                // bullet
  EXPECT_EQ(utf8_to_cp1252("\xE2\x82\xAC"
                           "5"),
            "\x80"
            "5");  // euro
}

TEST(Cp1252, OthersAreSpelledOutOrMarked) {
  EXPECT_EQ(utf8_to_cp1252("10 \xE2\x86\x92 12"), "10 -> 12");  // arrow
  EXPECT_EQ(utf8_to_cp1252("\xE6\x97\xA5"), "?");               // a CJK character
  EXPECT_EQ(utf8_to_cp1252("a\xFF"
                           "b"),
            "a?b");                        // broken UTF-8
  EXPECT_EQ(utf8_to_cp1252("\xC3"), "?");  // cut short
}

}  // namespace
}  // namespace physio::print
