#include "scribe/nearby_words.hpp"

#include <algorithm>

namespace physio::scribe::detail {

// A clinician-finding trigger that names the patient's history or a diagnosis ("past medical history",
// "a history of", "diagnosed with"), not an explanation ("can cause", "a sign of").
bool is_history_trigger(const ContextTrigger& tr) {
  for (const auto& w : tr.phrase)
    if (w == "history" || w.starts_with("diagnos")) return true;
  return false;
}

// "you were endorsing some nasal congestion", "endorsing this, you know, nausea": the clinician tells what
// the patient reported (a report verb up to four words before the symptom, commas aside), as "denies" tells
// what they denied.
bool reported_by_patient(const std::vector<Tok>& t, const Sentence& sen, std::size_t at, const Lexicon& lx) {
  std::size_t words = 0;
  for (std::size_t k = at; k > sen.first && words < 4; --k) {
    if (lx.report_verbs.match(t, k - 1, at)) return true;
    if (t[k - 1].is_word()) ++words;
  }
  return false;
}

// "never" up to four words before [b, e) and "before" up to six words after it, in the sentence.
bool never_before(const std::vector<Tok>& t, const Sentence& sen, std::size_t b, std::size_t e) {
  bool never = false, before = false;
  for (std::size_t k = b >= sen.first + 4 ? b - 4 : sen.first; k < b; ++k)
    never = never || t[k].text == "never";
  for (std::size_t k = e; k < std::min(sen.last, e + 6); ++k) before = before || t[k].text == "before";
  return never && before;
}

// "as a pain reliever", "as a a pain reliever" (spoken repetition).
bool described_as(const std::vector<Tok>& t, std::size_t first, std::size_t at) {
  std::size_t k = at;
  while (k > first && (t[k - 1].text == "a" || t[k - 1].text == "an")) --k;
  return k < at && k > first && t[k - 1].text == "as";
}

// A class ("pain medicine", "an antibiotic") with a medicine of that class named within 30 tokens of the same
// turn ("some pain medicine. we'll do lortab 5 milligrams"): the class describes it, it is not another one.
bool class_of_named(const Vocabulary& v, const std::vector<Tok>& t, std::size_t at, const std::string& cls) {
  if (!v.is_medicine_class(cls)) return false;
  auto fits = [&](const std::string& c) {
    return c == cls || (cls == "analgesic" && (c == "nsaid" || c == "opioid"));
  };
  std::size_t from = at >= 30 ? at - 30 : 0, to = std::min(t.size(), at + 30);
  for (std::size_t k = from; k < to; ++k) {
    const auto* e = v.medicines.match(t, k, t.size());
    if (!e || e->value == cls) continue;
    auto it = v.medicine_class.find(e->value);
    if (it != v.medicine_class.end() && !v.is_medicine_class(e->value) && fits(it->second)) return true;
  }
  return false;
}

}  // namespace physio::scribe::detail
