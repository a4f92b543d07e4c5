#include "scribe/suggest.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>

#include "scribe/text_tokens.hpp"

namespace physio::scribe {

namespace {

std::string words_of(std::string_view id) {
  std::string s(id);
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string red_flag_words(std::string_view v) {
  if (v == "night_pain") return "night pain";
  if (v == "night_sweats") return "night sweats";
  if (v == "weight_loss") return "unexplained weight loss";
  if (v == "bladder_change") return "a change in bladder function";
  if (v == "bowel_change") return "a change in bowel habit";
  if (v == "saddle_numbness") return "saddle numbness";
  if (v == "numbness_tingling") return "numbness or tingling";
  if (v == "progressive_weakness") return "progressive weakness";
  if (v == "unable_to_bear_weight") return "inability to bear weight";
  if (v == "cancer_history") return "a history of cancer";
  if (v == "fainting") return "fainting or blackouts";
  if (v == "calf_swelling") return "a swollen, hot or tender calf";
  if (v == "coldness_colour_change") return "a cold or discoloured limb";
  if (v == "morning_stiffness") return "prolonged morning stiffness";
  if (v == "hot_swollen_joint") return "a hot swollen joint";
  if (v == "sudden_severe_headache") return "a sudden severe headache";
  if (v == "visual_disturbance") return "a visual disturbance";
  return words_of(v);
}

std::string medicine_words(std::string_view v) {
  if (v == "nsaid") return "an anti-inflammatory (NSAID)";
  if (v == "analgesic") return "painkillers";
  if (v == "antibiotic") return "antibiotics";
  if (v == "antihistamine") return "an antihistamine";
  if (v == "steroid") return "a steroid";
  if (v == "emollient") return "an emollient";
  return std::string(v);
}

/// "the left knee", "both knees", "the lower back".
std::string site_words(std::string_view site, Side side) {
  switch (side) {
    case Side::kLeft:
      return fmt::format("the left {}", site);
    case Side::kRight:
      return fmt::format("the right {}", site);
    case Side::kBoth:
      return fmt::format("both {}s", site);
    case Side::kUnspecified:
      break;
  }
  if (site == "joints") return "the joints";
  return fmt::format("the {}", site);
}

std::string number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return fmt::format("{}", static_cast<long long>(std::llround(v)));
  return fmt::format("{:.1f}", v);
}

/// Days in the unit a clinician writes: hours below a day, days below two weeks, weeks below two months,
/// months below two years, then years.
// "3 days", "2 weeks"; a range in the unit of its upper bound ("4 to 5 days", "3 to 4 months").
std::string duration_words(double days, std::optional<double> days_max = std::nullopt) {
  const double top = days_max.value_or(days);
  auto unit = [&](double per, const char* one, const char* many) {
    const double r = std::round(days / per * 2) / 2;  // to the half unit
    if (!days_max) return fmt::format("{} {}", number(r), r == 1 ? one : many);
    const double h = std::round(*days_max / per * 2) / 2;
    return fmt::format("{} to {} {}", number(r), number(h), many);
  };
  if (top < 1) return unit(1.0 / 24, "hour", "hours");
  if (top < 14) return unit(1, "day", "days");
  if (top < 60) return unit(7, "week", "weeks");
  if (top < 730) return unit(30.4375, "month", "months");
  return unit(365.25, "year", "years");
}

std::string frequency_words(std::string_view v) {
  const auto slash = v.find('/');
  if (slash == std::string_view::npos) return std::string(v);
  const std::string count(v.substr(0, slash));
  const std::string per(v.substr(slash + 1));
  const std::string times = count == "1" ? "once" : count == "2" ? "twice" : count + " times";
  return fmt::format("{} {} {}", times, per == "hour" ? "an" : "a", per);
}

constexpr const char* kDoubt = " (said with doubt)";

}  // namespace

std::pair<std::optional<double>, std::optional<double>> span_times(const Segment& seg, std::size_t begin,
                                                                   std::size_t end) {
  std::optional<double> from, to;
  std::size_t at = 0;
  bool joined = !seg.words.empty();
  for (const auto& w : seg.words) {
    if (seg.text.compare(at, w.text.size(), w.text) != 0) {
      joined = false;
      break;
    }
    const std::size_t wb = at, we = at + w.text.size();
    if (we > begin && wb < end && w.start_s && w.end_s) {
      if (!from) from = w.start_s;
      to = w.end_s;
    }
    at = we + 1;
  }
  if (joined && from && to) return {from, to};
  return {seg.start_s, seg.end_s};
}

Suggestion suggest(const Fact& f, const Transcript& t,
                   const std::function<std::string(std::string_view)>& exercise_name) {
  Suggestion s;
  s.section = "S";
  const bool unsure = f.certainty == Certainty::kUncertain;
  const std::string maybe = unsure ? kDoubt : "";
  switch (f.kind) {
    case FactKind::kRedFlag: {
      s.red_flag = true;
      const auto what = red_flag_words(f.value);
      if (f.negated)
        s.sentence = fmt::format("Denies {}.", what);
      else if (unsure)
        s.sentence = fmt::format("{}: the answer was unclear; ask again.", capitalised(what));
      else
        s.sentence = fmt::format("Reports {}: a red flag; consider medical review.", what);
      break;
    }
    case FactKind::kPainScore:
      if (f.out_of_range || !f.score_low)
        s.sentence =
            fmt::format("Rates the pain \"{}\" (outside the 0-10 scale; not recorded as a score).", f.said);
      else if (f.score_high && *f.score_high != *f.score_low)
        s.sentence = fmt::format("Pain {}{}-{}/10{}.", unsure ? "about " : "", number(*f.score_low),
                                 number(*f.score_high), maybe);
      else
        s.sentence = fmt::format("Pain {}{}/10{}.", unsure ? "about " : "", number(*f.score_low), maybe);
      break;
    case FactKind::kPainSite:
      s.sentence = f.negated ? fmt::format("Denies pain in {}.", site_words(f.value, f.side))
                             : fmt::format("{}ain in {}{}.", unsure ? "Possible p" : "P",
                                           site_words(f.value, f.side), maybe);
      break;
    case FactKind::kOnset:
      s.sentence = fmt::format("Symptoms since {}{}.", f.value, maybe);
      break;
    case FactKind::kDuration:
      s.sentence =
          fmt::format("Symptoms for {}{}.", f.days ? duration_words(*f.days, f.days_max) : f.value, maybe);
      break;
    case FactKind::kAggravating:
      s.sentence = fmt::format("{} with {}{}.", f.negated ? "Not worse" : "Worse", f.value, maybe);
      break;
    case FactKind::kEasing:
      s.sentence = fmt::format("{} by {}{}.", f.negated ? "Not eased" : "Eased", f.value, maybe);
      break;
    case FactKind::kFunctionalLimit:
      s.sentence = fmt::format("{} with {}{}.", f.negated ? "No difficulty" : "Difficulty", f.value, maybe);
      break;
    case FactKind::kMedicine:
      s.sentence =
          fmt::format("{} {}{}.", f.negated ? "Not taking" : "Takes", medicine_words(f.value), maybe);
      break;
    case FactKind::kGoal:
      s.section = "A";
      s.sentence = fmt::format("Goal: return to {}{}.", f.value, maybe);
      break;
    case FactKind::kExercise:
    case FactKind::kProgramChange: {
      s.section = "P";
      const std::string name = exercise_name ? exercise_name(f.value) : words_of(f.value);
      s.sentence = fmt::format("{}: {}{}.",
                               f.kind == FactKind::kExercise ? "Exercise discussed" : "Home program change",
                               name, maybe);
      break;
    }
    case FactKind::kPlanFrequency:
      s.section = "P";
      // Said of exercises, a medicine or ice alike: the frequency with the words it was said in, never
      // "exercises" for a dose.
      s.sentence = fmt::format("Plan: {} (\"{}\"){}.", frequency_words(f.value), f.said, maybe);
      break;
    case FactKind::kSymptom:
      s.sentence = f.negated ? fmt::format("Denies {}.", words_of(f.value))
                             : fmt::format("Reports {}{}.", words_of(f.value), maybe);
      break;
    case FactKind::kPertinentNegative:
      if (f.value == "regular_medication")
        s.sentence = "No regular medication.";
      else if (f.value == "allergies")
        s.sentence = "No known allergies.";
      else
        s.sentence = fmt::format("Denies {}.", words_of(f.value));
      break;
    case FactKind::kFamilyHistory:
      s.sentence = f.negated ? fmt::format("No family history of {}.", words_of(f.value))
                             : fmt::format("Family history: {}: {}{}.", f.who.empty() ? "family" : f.who,
                                           words_of(f.value), maybe);
      break;
    case FactKind::kNextVisit: {
      s.section = "P";
      char* end = nullptr;
      const double days = std::strtod(f.value.c_str(), &end);
      s.sentence = end && *end == '\0' && !f.value.empty()
                       ? fmt::format("Next visit in {}{}.", duration_words(days), maybe)
                       : fmt::format("Next visit: {}{}.", f.value, maybe);
      break;
    }
  }
  // The patient's own earlier episode, over now (ConText's historical modifier).
  if (f.historical) s.sentence = "Past episode: " + s.sentence;
  if (!f.spans.empty() && f.spans.front().segment < t.segments.size()) {
    const auto& sp = f.spans.front();
    auto [a, b] = span_times(t.segments[sp.segment], sp.begin, sp.end);
    s.start_s = a;
    s.end_s = b;
  }
  return s;
}

namespace {

bool is_negation(std::string_view w) {
  return w == "no" || w == "not" || w == "never" || w == "denies" || w == "denied" || w == "without" ||
         w == "none" || w == "nope";
}

/// The span of words denying `head` in segment `seg`, if any (see apply_transcript_denials).
std::optional<Span> denial_in(const Segment& seg, std::size_t index, const std::string& head) {
  const auto toks = tokenize_words(seg.text);
  for (std::size_t k = 0; k < toks.size(); ++k) {
    if (!is_negation(toks[k].text)) continue;
    if (k + 1 < toks.size() && toks[k + 1].text == "sure") continue;  // "not sure": doubt, not a denial
    std::size_t words = 0, from = k;
    for (std::size_t m = k + 1; m < toks.size() && words < 3; ++m) {
      const std::string& w = toks[m].text;
      if (w == "." || w == "?" || w == "!" || w == ";" || w == "but") break;
      if (!toks[m].is_word()) continue;
      if (is_negation(w)) {  // "no, no fever": the denial is the nearest negation
        from = m;
        words = 0;
        continue;
      }
      ++words;
      if (w == head) return Span{index, toks[from].begin, toks[m].end, std::nullopt, std::nullopt};
    }
  }
  return std::nullopt;
}

std::string head_word(const Fact& f) {
  const auto toks = tokenize_words(f.said);
  for (auto it = toks.rbegin(); it != toks.rend(); ++it)
    if (it->is_word()) return it->text;
  return "";
}

}  // namespace

std::vector<Fact> apply_transcript_denials(const std::vector<Fact>& facts, const Transcript& t) {
  std::vector<Fact> out;
  for (const Fact& f : facts) {
    if (f.kind != FactKind::kRedFlag || f.negated || f.spans.empty()) {
      out.push_back(f);
      continue;
    }
    const std::string head = head_word(f);
    std::optional<Span> denial;
    for (const Span& sp : f.spans) {
      for (std::size_t i = sp.segment; i < t.segments.size() && i <= sp.segment + 2 && !denial; ++i) {
        if (t.segments[i].speaker == Speaker::kClinician) continue;
        if (!head.empty()) denial = denial_in(t.segments[i], i, head);
      }
      if (denial) break;
    }
    if (!denial) {
      out.push_back(f);
      continue;
    }
    const bool held = std::any_of(facts.begin(), facts.end(), [&](const Fact& o) {
      return o.kind == FactKind::kRedFlag && o.negated && o.value == f.value;
    });
    if (held) continue;  // the denial is already a fact of its own
    Fact denied = f;
    denied.negated = true;
    denied.certainty = Certainty::kCertain;
    denied.spans = {*denial};
    denied.said = t.segments[denial->segment].text.substr(denial->begin, denial->end - denial->begin);
    out.push_back(std::move(denied));
  }
  return out;
}

nlohmann::ordered_json suggestions_to_json(
    const std::vector<Fact>& facts, const Transcript& t,
    const std::function<std::string(std::string_view)>& exercise_name) {
  using oj = nlohmann::ordered_json;
  std::vector<Fact> sorted = apply_transcript_denials(facts, t);
  sort_facts(sorted);
  oj out = oj::array();
  for (const auto& f : sorted) {
    if (f.spans.empty()) continue;  // nothing to cite
    const auto s = suggest(f, t, exercise_name);
    oj j = fact_to_json(f);
    j.erase("spans");
    oj item;
    item["index"] = out.size();
    for (auto it = j.begin(); it != j.end(); ++it) item[it.key()] = it.value();
    item["segment"] = f.spans.front().segment;
    item["begin"] = f.spans.front().begin;
    item["end"] = f.spans.front().end;
    item["section"] = s.section;
    item["sentence"] = s.sentence;
    item["red_flag"] = s.red_flag;
    item["start_s"] = s.start_s ? oj(*s.start_s) : oj(nullptr);
    item["end_s"] = s.end_s ? oj(*s.end_s) : oj(nullptr);
    item["decision"] = nullptr;
    out.push_back(std::move(item));
  }
  return out;
}

std::string dictated_sentence(std::string_view recognised) {
  std::string out;
  std::string word;
  std::vector<std::string> words;
  for (char c : recognised) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  bool capital = true;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const std::string next = i + 1 < words.size() ? words[i + 1] : "";
    if ((w == "full" && next == "stop") || w == "period") {
      if (!out.empty() && out.back() != '.') out += '.';
      capital = true;
      if (w == "full") ++i;
      continue;
    }
    if (w == "comma") {
      if (!out.empty() && out.back() != ',') out += ',';
      continue;
    }
    if (w == "new" && (next == "line" || next == "paragraph")) {
      if (!out.empty() && out.back() != '.') out += '.';
      capital = true;
      ++i;
      continue;
    }
    if (!out.empty()) out += ' ';
    std::string piece = w == "i" ? "I" : w;
    if (capital) piece = capitalised(piece);
    capital = false;
    out += piece;
  }
  if (!out.empty() && out.back() == ',') out.pop_back();
  if (!out.empty() && out.back() != '.') out += '.';
  return out;
}

}  // namespace physio::scribe
