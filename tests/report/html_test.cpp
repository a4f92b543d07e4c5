#include "report/html.hpp"

#include <string>

#include <gtest/gtest.h>

namespace physio::report {
namespace {

TEST(ReportHtml, EscapesEverythingTheUserControls) {
  EXPECT_EQ(html_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  HtmlReport r("Title <x>", "sub");
  r.add_cards({{"Reps", "10", "", "<note>"}});
  r.add_table({"rep", "ROM"}, {{"1", "<script>"}});
  r.add_list({"keep <trunk> upright"}, Tone::kWarning);
  const std::string html = r.render();
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<title>Title &lt;x&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("class=\"tone-warning\""), std::string::npos);
}

TEST(ReportHtml, IsOneSelfContainedDocument) {
  HtmlReport r("Report", "");
  r.add_svg("<svg></svg>");
  r.add_footer("definitions in docs/");
  const std::string html = r.render();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("http://"), std::string::npos);  // no external resources
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

}  // namespace
}  // namespace physio::report
