#pragma once
/// Text as markup character data (HTML reports, FHIR narrative XHTML): the five markup characters escaped.

#include <cstdint>
#include <string>
#include <string_view>

namespace physio {

enum class MarkupText : std::uint8_t {
  kHtml,   ///< HTML text and attribute values: everything else kept as it is
  kXhtml,  ///< XML character data: control characters (not allowed in XML) dropped, line breaks as spaces
};

/// `text` with & < > " ' as &amp; &lt; &gt; &quot; &#39;.
std::string escape_markup(std::string_view text, MarkupText mode = MarkupText::kHtml);

}  // namespace physio
