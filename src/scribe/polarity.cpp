#include "scribe/polarity.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace physio::scribe::detail {

void affirmed_over_denied(std::vector<Fact>& facts, const Transcript& tr) {
  // The segments where each red flag is affirmed, by value and historical flag.
  std::map<std::pair<std::string, bool>, std::set<std::size_t>> affirmed;
  for (const auto& g : facts)
    if (g.kind == FactKind::kRedFlag && !g.negated)
      for (const auto& s : g.spans) affirmed[{g.value, g.historical}].insert(s.segment);
  std::vector<Fact> out;
  out.reserve(facts.size());
  for (auto& f : facts) {
    if (f.kind == FactKind::kRedFlag && f.negated) {
      const auto it = affirmed.find({f.value, f.historical});
      if (it != affirmed.end()) {
        const std::size_t before = f.spans.size();
        std::erase_if(f.spans, [&](const Span& s) { return it->second.contains(s.segment); });
        if (f.spans.empty()) continue;
        if (f.spans.size() != before && f.spans.front().segment < tr.segments.size()) {
          const std::string& text = tr.segments[f.spans.front().segment].text;
          const Span& s = f.spans.front();
          if (s.begin <= s.end && s.end <= text.size()) f.said = text.substr(s.begin, s.end - s.begin);
        }
      }
    }
    out.push_back(std::move(f));
  }
  facts = std::move(out);
}

}  // namespace physio::scribe::detail
