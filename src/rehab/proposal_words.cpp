#include "rehab/proposal_words.hpp"

#include <algorithm>
#include <array>
#include <chrono>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace physio::rehab {
namespace {

struct Title {
  std::string_view id;
  std::string_view words;
};

constexpr std::array<Title, 8> kTitles{{
    {"pain_during", "Pain during the exercise"},
    {"pain_settled", "Pain settled by the next morning"},
    {"morning_pain_trend", "Morning pain week on week"},
    {"effort", "Effort (repetitions in reserve)"},
    {"two_for_two", "2-for-2 rule (extra repetitions in the last set)"},
    {"quality_gate", "Movement quality"},
    {"rom_target", "Range-of-motion target"},
    {"adherence_gate", "Sessions done"},
}};

const Vote* find(const Proposal& p, std::string_view rule) {
  for (const auto& v : p.votes)
    if (v.rule == rule) return &v;
  return nullptr;
}

double number(const Vote& v, std::string_view key, double fallback = 0.0) {
  for (const auto& [k, x] : v.numbers)
    if (k == key) return x;
  return fallback;
}

bool has(const Vote& v, std::string_view key) {
  return std::any_of(v.numbers.begin(), v.numbers.end(), [&](const Number& n) { return n.first == key; });
}

// A vote's reason without its advice tail (": reduce the load", "; no progression without it"): the
// sentence says the advice once, as the decision.
std::string clause(std::string reason) {
  if (auto at = reason.find("; no progression"); at != std::string::npos) reason.resize(at);
  if (auto at = reason.rfind(": "); at != std::string::npos) reason.resize(at);
  return reason;
}

std::string join_and(const std::vector<std::string>& parts) {
  if (parts.empty()) return "";
  if (parts.size() == 1) return parts[0];
  std::string out;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out + " and " + parts.back();
}

std::string day_words(TimeUs t) {
  using namespace std::chrono;
  const sys_days d = floor<days>(sys_time<microseconds>(microseconds(t)));
  const year_month_day ymd(d);
  static constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{} {} {}", kDays[weekday(d).c_encoding()], static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1]);
}

// "the last 3 sessions (Tue 10 Mar, Thu 12 Mar, Sat 14 Mar)"
std::string sessions_words(const ProgressionInput& in, int window_sessions) {
  const std::size_t n = std::min(in.sessions.size(), static_cast<std::size_t>(std::max(window_sessions, 1)));
  if (n == 0) return "";
  std::vector<std::string> days;
  for (std::size_t i = in.sessions.size() - n; i < in.sessions.size(); ++i)
    days.push_back(day_words(in.sessions[i].done_us));
  return fmt::format("{} ({})",
                     n == 1 ? std::string("the last session") : fmt::format("the last {} sessions", n),
                     fmt::join(days, ", "));
}

// The good signs behind a progression, each short.
std::vector<std::string> good_signs(const Proposal& p) {
  std::vector<std::string> out;
  if (const Vote* v = find(p, "quality_gate"); v && v->applicable && v->direction == Direction::kProgress)
    out.push_back(has(*v, "mean_quality_score")
                      ? fmt::format("good form (quality {:.0f}/100)", number(*v, "mean_quality_score"))
                      : std::string("good form"));
  if (const Vote* v = find(p, "pain_during"); v && v->applicable && v->direction == Direction::kProgress)
    out.push_back(fmt::format("pain at most {:g}/10", number(*v, "pain_during_max_nprs")));
  if (const Vote* v = find(p, "pain_settled"); v && v->applicable && v->direction == Direction::kProgress)
    out.push_back("pain settled by the next morning");
  if (const Vote* v = find(p, "rom_target"); v && v->applicable && v->direction == Direction::kProgress)
    out.push_back(fmt::format("a range of {:.0f} deg (target {:g} deg)", number(*v, "mean_rom_deg"),
                              number(*v, "target_rom_deg")));
  if (const Vote* v = find(p, "effort"); v && v->applicable && v->direction == Direction::kProgress)
    out.push_back(fmt::format("reps in reserve >= {:g} (reported {:g}, target {:g})",
                              number(*v, "target_rir") + number(*v, "progress_margin_rir"),
                              number(*v, "reported_rir"), number(*v, "target_rir")));
  if (const Vote* v = find(p, "two_for_two"); v && v->applicable && v->direction == Direction::kProgress)
    out.push_back(
        fmt::format("{:g} or more repetitions in the last set each time", number(*v, "goal_last_set_reps")));
  return out;
}

}  // namespace

const std::vector<std::string_view>& progression_rule_ids() {
  static const std::vector<std::string_view> ids = [] {
    std::vector<std::string_view> v;
    for (const auto& t : kTitles) v.push_back(t.id);
    return v;
  }();
  return ids;
}

std::string_view rule_title(std::string_view rule) {
  for (const auto& t : kTitles)
    if (t.id == rule) return t.words;
  return {};
}

std::string dosage_short(const Dosage& d) {
  std::string s = d.hold_s > 0 ? fmt::format("{} x {} holds of {:g} s", d.sets, d.reps, d.hold_s)
                               : fmt::format("{} x {}", d.sets, d.reps);
  switch (d.load.kind) {
    case LoadKind::kKg:
      s += fmt::format(" at {:g} kg", d.load.kg);
      break;
    case LoadKind::kBand:
      s += fmt::format(", {} band", d.load.band);
      break;
    case LoadKind::kRpe:
      s += fmt::format(" at effort {:g}/10", d.load.rpe);
      break;
    case LoadKind::kRir:
      s += fmt::format(" leaving {:g} in reserve", d.load.rir);
      break;
    case LoadKind::kNone:
      break;
  }
  return s;
}

std::string proposal_words(const Proposal& p, const ProgressionInput& in, int window_sessions) {
  const std::string sessions = sessions_words(in, window_sessions);
  std::vector<std::string> against, blocked;
  for (const auto& v : p.votes) {
    if (v.applicable && v.direction == Direction::kRegress) against.push_back(clause(v.reason));
    if (v.blocks) blocked.push_back(clause(v.reason));
  }
  switch (p.direction) {
    case Direction::kProgress: {
      const auto signs = good_signs(p);
      return fmt::format("Increase to {}: {} {} completed{}{}.", dosage_short(p.proposed),
                         sessions.empty() ? "the recent sessions" : sessions,
                         sessions.rfind("the last session", 0) == 0 ? "was" : "were",
                         signs.empty() ? "" : " with ", join_and(signs));
    }
    case Direction::kRegress:
      return fmt::format("Reduce to {}: {}{}.", dosage_short(p.proposed), join_and(against),
                         sessions.empty() ? "" : fmt::format(", over {}", sessions));
    case Direction::kHold:
      break;
  }
  // A hold: why not more (a regression that cannot go lower, a ceiling, a blocked progression, or no sign).
  const std::string keep = fmt::format("Keep {}", dosage_short(p.current));
  if (!against.empty())
    return fmt::format("{} and review: {}; it is already the lowest dosage the rules may set.", keep,
                       join_and(against));
  const auto signs = good_signs(p);
  const bool ready = std::any_of(p.votes.begin(), p.votes.end(), [](const Vote& v) {
    return v.applicable && v.direction == Direction::kProgress &&
           (v.rule == "effort" || v.rule == "two_for_two");
  });
  if (ready && blocked.empty())
    return fmt::format(
        "{}: ready to progress ({}), but the dosage is at the ceiling the rules may set; the next "
        "step is your decision.",
        keep, join_and(signs));
  if (ready) return fmt::format("{} for now: ready by effort, but {}.", keep, join_and(blocked));
  if (!blocked.empty()) return fmt::format("{}: {}.", keep, join_and(blocked));
  return fmt::format("{}: no sign yet that it is too easy{}.", keep,
                     sessions.empty() ? "" : fmt::format(" over {}", sessions));
}

}  // namespace physio::rehab
