// Markup escaping shared by the HTML report and the FHIR narrative (src/core/markup.hpp).
#include <string>

#include <gtest/gtest.h>

#include "core/markup.hpp"

namespace physio {
namespace {

TEST(Markup, EscapesTheFiveMarkupCharacters) {
  EXPECT_EQ(escape_markup(R"(<b class="x">Tom & 'Jerry'</b>)"),
            "&lt;b class=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;");
  EXPECT_EQ(escape_markup("plain text, 90°"), "plain text, 90°");
  EXPECT_EQ(escape_markup(""), "");
}

TEST(Markup, XhtmlDropsControlCharactersAndJoinsLines) {
  const std::string text = std::string("pain\x01 3/10\nworse\r at night\tafter ") + '\0' + "work";
  EXPECT_EQ(escape_markup(text, MarkupText::kXhtml), "pain 3/10 worse  at night\tafter work");
  // HTML keeps them as they are (the report's pre-formatted text keeps its line breaks).
  EXPECT_EQ(escape_markup("a\nb", MarkupText::kHtml), "a\nb");
  EXPECT_EQ(escape_markup("a < b\n", MarkupText::kXhtml), "a &lt; b ");
}

}  // namespace
}  // namespace physio
