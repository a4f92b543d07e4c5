#include "hl7/escape.hpp"

#include <gtest/gtest.h>

namespace physio::hl7 {
namespace {

TEST(Escape, EveryDelimiterAndControlByte) {
  const Delimiters d;
  EXPECT_EQ(escape("a|b^c&d~e\\f", d), "a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f");
  EXPECT_EQ(escape("line1\nline2\rx\t", d), "line1\\.br\\line2\\X0D\\x\\X09\\");
  EXPECT_EQ(unescape("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f", d), "a|b^c&d~e\\f");
  EXPECT_EQ(unescape("x\\X0D0A\\y\\.br\\z", d), "x\r\ny\nz");
  EXPECT_EQ(unescape("\\H\\bold\\N\\ \\.sp2\\\\.in+4\\t", d), "bold \nt");
  EXPECT_EQ(unescape("keep \\Zabc\\ raw", d), "keep \\Zabc\\ raw");
  EXPECT_EQ(unescape("caf\\XC3A9\\", d), "caf\xC3\xA9");
}

TEST(Escape, AnyTextSurvivesARoundTrip) {
  const Delimiters d;
  std::string all;
  for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
  EXPECT_EQ(unescape(escape(all, d), d), all);
  EXPECT_EQ(escape_problem(escape(all, d), d), "");
  Delimiters custom{'*', '$', '@', '/', '&', '\0'};
  EXPECT_EQ(escape("me@x.org $5 *", custom), "me/R/x.org /S/5 /F/");
  EXPECT_EQ(unescape(escape(all, custom), custom), all);
}

TEST(Escape, ProblemsInWords) {
  const Delimiters d;
  EXPECT_EQ(escape_problem("plain", d), "");
  EXPECT_EQ(escape_problem("a\\F\\b\\X0A\\c\\.br\\", d), "");
  EXPECT_EQ(escape_problem("a\\Fb", d), "unterminated escape '\\Fb'");
  EXPECT_EQ(escape_problem("a\\\\b", d), "empty escape '\\\\'");
  EXPECT_EQ(escape_problem("\\X1G\\", d), "bad hex escape '\\X1G\\'");
  EXPECT_EQ(escape_problem("\\X\\", d), "bad hex escape '\\X\\'");
  EXPECT_EQ(escape_problem("\\Q\\", d), "unknown escape '\\Q\\'");
  EXPECT_EQ(escape_problem("\\.xx\\", d), "unknown escape '\\.xx\\'");
  EXPECT_EQ(escape_problem("\\M2442\\", d), "character set escape '\\M2442\\' is not supported (UTF-8 only)");
}

TEST(Escape, MalformedSequencesAreKeptWhenUnescaping) {
  const Delimiters d;
  EXPECT_EQ(unescape("a\\Q\\b", d), "a\\Q\\b");
  EXPECT_EQ(unescape("tail\\X0", d), "tail\\X0");
}

}  // namespace
}  // namespace physio::hl7
