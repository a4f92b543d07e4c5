// Speaker roles checked against what each label says (speaker_roles.hpp).
#include "scribe/speaker_roles.hpp"

#include <array>
#include <string_view>

#include "scribe/text_tokens.hpp"

namespace physio::scribe {
namespace {

struct Counts {
  std::size_t words = 0, self = 0, other = 0;
};

// Phrases of one or two words, matched at each token.
constexpr std::array<std::string_view, 6> kSelf = {"my", "i'm", "i've", "i have", "i feel", "i had"};
constexpr std::array<std::string_view, 6> kOther = {"your",   "you've",  "have you",
                                                    "do you", "are you", "did you"};

bool at(const std::vector<Tok>& t, std::size_t i, std::string_view phrase) {
  std::size_t sp = phrase.find(' ');
  if (sp == std::string_view::npos) return t[i].text == phrase;
  return i + 1 < t.size() && t[i].text == phrase.substr(0, sp) && t[i + 1].text == phrase.substr(sp + 1);
}

void count(const std::string& text, Counts& c) {
  auto t = tokenize_words(text);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!t[i].is_word()) continue;
    ++c.words;
    for (auto p : kSelf) c.self += at(t, i, p) ? 1 : 0;
    for (auto p : kOther) c.other += at(t, i, p) ? 1 : 0;
  }
}

double per100(std::size_t n, std::size_t words) {
  return words ? 100.0 * static_cast<double>(n) / static_cast<double>(words) : 0.0;
}

}  // namespace

SpeakerRoles check_speaker_roles(const Transcript& t) {
  Counts clin, pat;
  for (const auto& s : t.segments) {
    if (s.speaker == Speaker::kClinician) count(s.text, clin);
    if (s.speaker == Speaker::kPatient) count(s.text, pat);
  }
  SpeakerRoles r;
  r.clinician_words = clin.words;
  r.patient_words = pat.words;
  r.clinician_self = per100(clin.self, clin.words) - per100(clin.other, clin.words);
  r.patient_self = per100(pat.self, pat.words) - per100(pat.other, pat.words);
  r.swapped = clin.words >= 50 && pat.words >= 50 && r.clinician_self - r.patient_self > 2.0 &&
              per100(clin.other, clin.words) < per100(pat.other, pat.words);
  return r;
}

std::optional<std::string> speaker_roles_warning(const Transcript& t) {
  if (!t.speakers_known || !check_speaker_roles(t).swapped) return std::nullopt;
  return std::string(
      "the clinician and patient labels look swapped (the clinician's label speaks of itself, the patient's "
      "asks about 'you'): the suggestions read them the other way round; check who said each cited word");
}

Transcript with_roles_swapped(Transcript t) {
  for (auto& s : t.segments) {
    if (s.speaker == Speaker::kClinician)
      s.speaker = Speaker::kPatient;
    else if (s.speaker == Speaker::kPatient)
      s.speaker = Speaker::kClinician;
  }
  return t;
}

}  // namespace physio::scribe
