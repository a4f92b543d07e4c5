#include "exercise/feedback.hpp"

#include <algorithm>
#include <cmath>

namespace physio::exercise {

std::vector<RuleViolation> evaluate_rules(const RepContext& ctx, const RepBounds& rep, const RepMetrics& rm) {
  std::vector<RuleViolation> out;
  for (const auto& rule : ctx.exercise->rules) {
    double v = evaluate_measure(rule.measure, ctx, rep, rm);
    if (std::isnan(v)) continue;
    bool violated = rule.op == '<' ? v < rule.threshold : v > rule.threshold;
    if (!violated) continue;
    // Position rules (peak, max, min, changes, ROM) apply where the movement culminates; timing rules
    // (duration, hold, velocity) at the end of the repetition.
    bool timing = rule.measure.stat == Stat::kDurationS || rule.measure.stat == Stat::kHoldS ||
                  rule.measure.stat == Stat::kPeakVelocity;
    std::size_t frame = timing ? rep.end : rep.peak;
    RuleViolation viol;
    viol.rule_id = rule.id;
    viol.value = v;
    viol.threshold = rule.threshold;
    viol.op = rule.op;
    viol.severity = rule.severity;
    viol.cue = rule.cue;
    viol.frame = frame;
    viol.t_s = us_to_seconds(ctx.times[frame] - ctx.times.front());
    out.push_back(std::move(viol));
  }
  return out;
}

std::optional<Cue> CueScheduler::pick(double now_s) {
  // Drop stale candidates and those the debounce forbids.
  std::erase_if(pending_, [&](const Cue& c) { return now_s - c.t_s > opt_.max_delay_s; });
  if (now_s < busy_until_s_) return std::nullopt;
  auto allowed = [&](const Cue& c) {
    for (const auto& [id, t] : last_by_rule_)
      if (id == c.rule_id && c.t_s - t < opt_.debounce_s) return false;
    return true;
  };
  std::erase_if(pending_, [&](const Cue& c) { return c.t_s <= now_s && !allowed(c); });
  auto best = pending_.end();
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->t_s > now_s) continue;
    if (best == pending_.end() || it->severity > best->severity ||
        (it->severity == best->severity && it->t_s < best->t_s))
      best = it;
  }
  if (best == pending_.end()) return std::nullopt;
  Cue c = *best;
  pending_.erase(best);
  // The display slot delays when the cue is shown, not when its event happened.
  c.shown_s = std::max(c.t_s, now_s);
  busy_until_s_ = c.shown_s + opt_.display_s;
  auto it =
      std::find_if(last_by_rule_.begin(), last_by_rule_.end(), [&](auto& p) { return p.first == c.rule_id; });
  if (it == last_by_rule_.end())
    last_by_rule_.emplace_back(c.rule_id, c.t_s);
  else
    it->second = c.t_s;
  return c;
}

std::vector<Cue> CueScheduler::advance(double t_s) {
  return advance_impl(t_s, true);
}

std::vector<Cue> CueScheduler::advance_impl(double t_s, bool inclusive) {
  std::vector<Cue> out;
  // Emit at the moment the display slot frees up, as many times as slots fit before t_s.
  while (!pending_.empty()) {
    double slot =
        std::max(busy_until_s_, std::min_element(pending_.begin(), pending_.end(), [](auto& a, auto& b) {
                                  return a.t_s < b.t_s;
                                })->t_s);
    if (slot > t_s || (!inclusive && slot == t_s)) break;
    auto c = pick(slot);
    if (!c) continue;  // candidates up to the slot were stale or debounced and are gone
    out.push_back(*c);
  }
  return out;
}

std::vector<Cue> CueScheduler::offer(const Cue& candidate) {
  // Cues due strictly before the candidate; candidates of the same instant compete at the next call.
  std::vector<Cue> out = advance_impl(candidate.t_s, false);
  pending_.push_back(candidate);
  return out;
}

std::vector<Cue> CueScheduler::flush() {
  return advance(1e300);
}

std::vector<Cue> schedule_cues(const std::vector<RepMetrics>& reps, const CueOptions& options) {
  std::vector<Cue> candidates;
  for (const auto& r : reps)
    for (const auto& v : r.violations)
      candidates.push_back({v.rule_id, v.cue, v.severity, v.t_s, v.frame, r.index});
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Cue& a, const Cue& b) { return a.t_s < b.t_s; });
  CueScheduler sched(options);
  std::vector<Cue> out;
  for (const auto& c : candidates) {
    auto e = sched.offer(c);
    out.insert(out.end(), e.begin(), e.end());
  }
  auto e = sched.flush();
  out.insert(out.end(), e.begin(), e.end());
  return out;
}

}  // namespace physio::exercise
