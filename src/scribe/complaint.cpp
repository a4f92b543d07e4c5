#include "scribe/complaint.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

namespace physio::scribe::detail {
namespace {

bool present(const std::vector<Fact>& facts, FactKind kind, std::string_view value) {
  return std::any_of(facts.begin(), facts.end(),
                     [&](const Fact& f) { return f.kind == kind && f.value == value && !f.negated; });
}

// The bowels' plain words: what a visit about loose or hard stools is told in.
bool plain_bowel_words(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  static constexpr std::array<std::string_view, 13> kPlain = {
      "bowel",       "bowels",         "stool",           "stools",       "poo",
      "pooing",      "bowel movement", "bowel movements", "bowel motion", "bowel motions",
      "bowel habit", "bowel habits",   "motions"};
  return std::find(kPlain.begin(), kPlain.end(), s) != kPlain.end();
}

std::string span_text(const Span& s, const Transcript& tr) {
  if (s.segment >= tr.segments.size()) return "";
  const std::string& text = tr.segments[s.segment].text;
  if (s.begin > s.end || s.end > text.size()) return "";
  return text.substr(s.begin, s.end - s.begin);
}

}  // namespace

void read_by_the_complaint(std::vector<Fact>& facts, const Transcript& tr) {
  if (present(facts, FactKind::kPainSite, "head"))
    for (auto& f : facts)
      if ((f.kind == FactKind::kSymptom || f.kind == FactKind::kPertinentNegative) && f.value == "vomiting")
        f.kind = FactKind::kRedFlag;
  const bool bowel_visit =
      present(facts, FactKind::kSymptom, "diarrhoea") || present(facts, FactKind::kSymptom, "constipation");
  // Mucus in a visit about the bowels is in the stool, not sputum ("any blood or mucus in it?").
  if (bowel_visit)
    for (auto& f : facts)
      if ((f.kind == FactKind::kSymptom || f.kind == FactKind::kPertinentNegative) && f.value == "sputum" &&
          std::all_of(f.spans.begin(), f.spans.end(), [&](const Span& s) {
            std::string w = span_text(s, tr);
            std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::tolower(c); });
            return w == "mucus";
          }))
        f.value = "mucus_in_stool";
  if (bowel_visit)
    std::erase_if(facts, [&](const Fact& f) {
      return f.kind == FactKind::kRedFlag && f.value == "bowel_change" && !f.negated &&
             std::all_of(f.spans.begin(), f.spans.end(),
                         [&](const Span& s) { return plain_bowel_words(span_text(s, tr)); });
    });
}

}  // namespace physio::scribe::detail
