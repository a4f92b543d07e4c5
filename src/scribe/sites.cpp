// Pain sites' sides over the whole visit (sites.hpp).
#include "scribe/sites.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace physio::scribe::detail {

bool right_of_place(const std::vector<Tok>& toks, std::size_t k) {
  if (k >= toks.size() || toks[k].text != "right" || k + 1 >= toks.size()) return false;
  static const std::set<std::string> after = {"now",    "at", "in",    "on",    "here",  "there",
                                              "around", "by", "under", "above", "below", "behind"};
  return after.count(toks[k + 1].text) > 0;
}

// The side the whole visit gives a site: "left" or "right" up to 3 words before it anywhere, by anyone
// ("your right knee still looks a little swollen", "examine your right knee"). A pain site the patient says
// without a side ("the inside of my knee hurts") takes it when the visit names that site on one side only.
void sides_from_the_visit(std::vector<Fact>& facts, const std::vector<std::vector<Tok>>& toks,
                          const Vocabulary& vocab) {
  std::map<std::string, std::set<Side>> said;
  for (const auto& t : toks)
    for (std::size_t i = 0; i < t.size(); ++i) {
      const auto* e = vocab.body_sites.match(t, i, t.size());
      if (!e) continue;
      for (std::size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
        if (!t[k].is_word()) continue;
        if (t[k].text == "left") said[e->value].insert(Side::kLeft);
        if (t[k].text == "right" && !right_of_place(t, k)) said[e->value].insert(Side::kRight);
        if (t[k].text == "both" || t[k].text == "bilateral") said[e->value].insert(Side::kBoth);
      }
    }
  for (auto& f : facts) {
    if (f.kind != FactKind::kPainSite || f.side != Side::kUnspecified) continue;
    auto it = said.find(f.value);
    if (it != said.end() && it->second.size() == 1) f.side = *it->second.begin();
  }
  // Facts that became equal are one fact with the spans of both.
  std::vector<Fact> out;
  for (auto& f : facts) {
    auto same = std::find_if(out.begin(), out.end(), [&](const Fact& g) {
      return g.kind == f.kind && g.value == f.value && g.side == f.side && g.negated == f.negated &&
             g.historical == f.historical;
    });
    if (same == out.end()) {
      out.push_back(std::move(f));
      continue;
    }
    same->spans.insert(same->spans.end(), f.spans.begin(), f.spans.end());
    std::sort(same->spans.begin(), same->spans.end(), [](const Span& a, const Span& b) {
      return std::tie(a.segment, a.begin) < std::tie(b.segment, b.begin);
    });
  }
  facts = std::move(out);
}

// A site said once with its side and elsewhere without ("my knee hurts" ... "the right knee") is one fact;
// when the visit names the site on two sides, an unsided mention of the same polarity and time is dropped
// (the sided facts carry it).
void merge_unsided_sites(std::vector<Fact>& facts) {
  std::vector<Fact> out;
  std::vector<bool> drop(facts.size(), false);
  for (std::size_t i = 0; i < facts.size(); ++i) {
    Fact& f = facts[i];
    if (f.kind != FactKind::kPainSite || f.side != Side::kUnspecified) continue;
    std::size_t target = facts.size();
    int n_sided = 0;
    for (std::size_t j = 0; j < facts.size(); ++j) {
      const Fact& g = facts[j];
      if (j == i || g.kind != FactKind::kPainSite || g.value != f.value || g.side == Side::kUnspecified)
        continue;
      ++n_sided;
      if (g.negated == f.negated && g.historical == f.historical) target = j;
    }
    if (target == facts.size()) continue;
    // Named on two sides ("both of your knees hurt ... the right knee hurts more"), an unsided mention says
    // nothing the sided facts do not, and which one it is cannot be told: it is no fact of its own.
    if (n_sided > 1) {
      drop[i] = true;
      continue;
    }
    auto& spans = facts[target].spans;
    spans.insert(spans.end(), f.spans.begin(), f.spans.end());
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
      return std::tie(a.segment, a.begin) < std::tie(b.segment, b.begin);
    });
    drop[i] = true;
  }
  for (std::size_t i = 0; i < facts.size(); ++i)
    if (!drop[i]) out.push_back(std::move(facts[i]));
  facts = std::move(out);
}

}  // namespace physio::scribe::detail
