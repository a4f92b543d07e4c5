#include "gait/events.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

namespace physio::gait {
namespace {

GaitEvent event_at(const WalkTrack& w, std::size_t i) {
  return {i, w.first_frame + i, w.t_s[i]};
}

double median_interval(const std::vector<GaitEvent>& ev) {
  std::vector<double> d;
  for (std::size_t i = 1; i < ev.size(); ++i)
    if (ev[i].t_s - ev[i - 1].t_s <= kMaxStrideS) d.push_back(ev[i].t_s - ev[i - 1].t_s);
  if (d.empty()) return 0;
  std::sort(d.begin(), d.end());
  return d[d.size() / 2];
}

// Where t falls in the stride of `refs` around it (0 at one event, 1 at the next); outside the first and last
// events, measured with the median stride. nullopt when no stride of refs is near.
std::optional<double> phase_of(double t, const std::vector<GaitEvent>& refs, double median_stride) {
  if (refs.empty() || !(median_stride > 0)) return std::nullopt;
  for (std::size_t k = 0; k + 1 < refs.size(); ++k)
    if (refs[k].t_s <= t && t < refs[k + 1].t_s) {
      const double stride = refs[k + 1].t_s - refs[k].t_s;
      if (stride > kMaxStrideS) return std::nullopt;
      return (t - refs[k].t_s) / stride;
    }
  if (t >= refs.back().t_s) return (t - refs.back().t_s) / median_stride;
  return 1.0 - (refs.front().t_s - t) / median_stride;
}

// A side's candidate events (before any cross-check).
struct Candidates {
  std::vector<GaitEvent> contacts, toe_offs;
  std::vector<WithheldEvent> withheld;
};

Candidates candidates(const WalkTrack& w, LegSide s) {
  const LegTrack& leg = w.leg(s);
  const std::size_t n = w.size();
  std::vector<double> heel(n), toe_neg(n);
  for (std::size_t i = 0; i < n; ++i) {
    heel[i] = w.direction * (leg.heel_x[i] - w.pelvis_x[i]) / w.leg_length_px;
    toe_neg[i] = -w.direction * (leg.toe_x[i] - w.pelvis_x[i]) / w.leg_length_px;
  }
  const auto dist = static_cast<std::size_t>(std::lround(kMinSameFootS * w.rate_hz));
  Candidates c;
  const auto near_fill = [&](std::size_t i) {
    for (std::size_t j = i > 0 ? i - 1 : 0; j <= std::min(i + 1, n - 1); ++j)
      if (w.filled[j]) return true;
    return false;
  };
  for (std::size_t i : find_peaks(heel, 0.0, kMinProminenceLegs, dist)) {
    if (near_fill(i))
      c.withheld.push_back(
          {EventKind::kInitialContact, event_at(w, i), "in frames filled across a gap in the landmarks"});
    else
      c.contacts.push_back(event_at(w, i));
  }
  for (std::size_t i : find_peaks(toe_neg, 0.0, kMinProminenceLegs, dist)) {
    if (near_fill(i))
      c.withheld.push_back(
          {EventKind::kToeOff, event_at(w, i), "in frames filled across a gap in the landmarks"});
    else
      c.toe_offs.push_back(event_at(w, i));
  }
  return c;
}

// Keeps the toe-offs that fall in the stance of a contact of `contacts` (kMin/kMaxStanceFraction).
void check_stance(std::vector<GaitEvent>& toe_offs, const std::vector<GaitEvent>& contacts,
                  std::vector<WithheldEvent>& withheld) {
  const double stride = median_interval(contacts);
  std::vector<GaitEvent> kept;
  for (const GaitEvent& e : toe_offs) {
    auto ph = phase_of(e.t_s, contacts, stride);
    if (!ph) {
      kept.push_back(e);  // no stride around it to check against; it is not used for stance
      continue;
    }
    if (*ph >= kMinStanceFraction && *ph <= kMaxStanceFraction)
      kept.push_back(e);
    else
      withheld.push_back(
          {EventKind::kToeOff, e,
           fmt::format("at {:.0f} % of the foot's stride; a toe-off ends stance at {:.0f}-{:.0f} %",
                       100 * *ph, 100 * kMinStanceFraction, 100 * kMaxStanceFraction)});
  }
  toe_offs = std::move(kept);
}

// Keeps the far foot's events that alternate with the near foot's (kMinPhase-kMaxPhase of its stride).
std::size_t check_alternation(EventKind kind, std::vector<GaitEvent>& far, const std::vector<GaitEvent>& near,
                              std::vector<WithheldEvent>& withheld) {
  const double stride = median_interval(near);
  std::vector<GaitEvent> kept;
  std::size_t failed = 0;
  for (const GaitEvent& e : far) {
    auto ph = phase_of(e.t_s, near, stride);
    if (ph && *ph >= kMinPhase && *ph <= kMaxPhase) {
      kept.push_back(e);
      continue;
    }
    ++failed;
    withheld.push_back({kind, e,
                        ph ? fmt::format("at {:.0f} % of the near foot's stride; alternating steps put it at "
                                         "{:.0f}-{:.0f} %: the far "
                                         "leg is probably misread here",
                                         100 * *ph, 100 * kMinPhase, 100 * kMaxPhase)
                           : std::string("no stride of the near foot around it to check it against")});
  }
  far = std::move(kept);
  return failed;
}

// Keeps the far foot's toe-offs whose last contact before them is the near foot's: walking has no flight
// phase, so a foot leaves the floor only after the other has landed (contact, other toe-off, other contact,
// ...).
std::size_t check_order(std::vector<GaitEvent>& far_toe_offs, const std::vector<GaitEvent>& near_contacts,
                        const std::vector<GaitEvent>& far_contacts, std::vector<WithheldEvent>& withheld) {
  const auto last_before = [](const std::vector<GaitEvent>& ev, double t) -> std::optional<double> {
    std::optional<double> out;
    for (const GaitEvent& e : ev)
      if (e.t_s < t) out = e.t_s;
    return out;
  };
  std::vector<GaitEvent> kept;
  std::size_t failed = 0;
  for (const GaitEvent& e : far_toe_offs) {
    const auto n = last_before(near_contacts, e.t_s), f = last_before(far_contacts, e.t_s);
    if (!n || !f || *f < *n) {
      kept.push_back(e);
      continue;
    }
    ++failed;
    withheld.push_back(
        {EventKind::kToeOff, e,
         "after the far foot's own contact with no contact of the near foot between: in walking a "
         "foot leaves the floor only after the other has landed"});
  }
  far_toe_offs = std::move(kept);
  return failed;
}

}  // namespace

std::string_view event_kind_name(EventKind k) {
  return k == EventKind::kInitialContact ? "initial_contact" : "toe_off";
}

std::vector<std::size_t> find_peaks(const std::vector<double>& v, double min_value, double min_prominence,
                                    std::size_t min_distance) {
  const std::size_t n = v.size();
  std::vector<std::size_t> cand;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    if (!(v[i] > v[i - 1] && v[i] >= v[i + 1] && v[i] > min_value)) continue;
    // Prominence: the peak over the higher of the lowest points on each side before a higher sample.
    double left_min = v[i], right_min = v[i];
    for (std::size_t j = i; j-- > 0 && v[j] <= v[i];) left_min = std::min(left_min, v[j]);
    for (std::size_t j = i + 1; j < n && v[j] <= v[i]; ++j) right_min = std::min(right_min, v[j]);
    if (v[i] - std::max(left_min, right_min) >= min_prominence) cand.push_back(i);
  }
  std::vector<std::size_t> by_height = cand;
  std::sort(by_height.begin(), by_height.end(), [&](std::size_t a, std::size_t b) { return v[a] > v[b]; });
  std::vector<std::size_t> kept;
  for (std::size_t i : by_height) {
    bool far_enough = true;
    for (std::size_t k : kept)
      if ((i > k ? i - k : k - i) < min_distance) far_enough = false;
    if (far_enough) kept.push_back(i);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

GaitEvents detect_events(const WalkTrack& w) {
  GaitEvents out;
  const LegSide near_side = w.near_side, far_side = other(w.near_side);
  Candidates nc = candidates(w, near_side), fc = candidates(w, far_side);

  SideEvents& ne = out.sides[static_cast<std::size_t>(near_side)];
  ne.side = near_side;
  ne.near = true;
  check_stance(nc.toe_offs, nc.contacts, nc.withheld);
  ne.contacts = nc.contacts;
  ne.toe_offs = nc.toe_offs;
  ne.withheld = nc.withheld;
  const LegTrack& nl = w.leg(near_side);
  if (nl.mean_visibility >= 0 && nl.mean_visibility < 0.8) {
    ne.confidence = "moderate";
    ne.confidence_reason = fmt::format(
        "the side nearer the camera, but its foot landmarks' mean visibility is {:.2f} (under 0.8)",
        nl.mean_visibility);
  } else {
    ne.confidence = "high";
    ne.confidence_reason = "the side nearer the camera: its foot is in view through the whole stride";
  }

  SideEvents& fe = out.sides[static_cast<std::size_t>(far_side)];
  fe.side = far_side;
  fe.near = false;
  const std::size_t total = fc.contacts.size() + fc.toe_offs.size();
  std::size_t failed = check_alternation(EventKind::kInitialContact, fc.contacts, ne.contacts, fc.withheld);
  failed += check_alternation(EventKind::kToeOff, fc.toe_offs, ne.toe_offs, fc.withheld);
  failed += check_order(fc.toe_offs, ne.contacts, fc.contacts, fc.withheld);
  check_stance(fc.toe_offs, fc.contacts, fc.withheld);
  const LegTrack& fl = w.leg(far_side);
  std::string withhold_all;
  if (fl.mean_visibility >= 0 && fl.mean_visibility < kMinFarVisibility)
    withhold_all = fmt::format(
        "the far leg's landmarks have a mean visibility of {:.2f} (under {:.1f}): the estimator "
        "mostly guessed where it is",
        fl.mean_visibility, kMinFarVisibility);
  else if (total > 0 && 2 * failed > total)
    withhold_all = fmt::format(
        "{} of the far foot's {} events do not alternate with the near foot's: its landmarks "
        "are not reliable in this recording",
        failed, total);
  if (!withhold_all.empty()) {
    for (const GaitEvent& e : fc.contacts)
      fc.withheld.push_back({EventKind::kInitialContact, e, withhold_all});
    for (const GaitEvent& e : fc.toe_offs) fc.withheld.push_back({EventKind::kToeOff, e, withhold_all});
    fc.contacts.clear();
    fc.toe_offs.clear();
    fe.confidence = "withheld";
    fe.confidence_reason = withhold_all;
  } else {
    fe.confidence = "moderate";
    fe.confidence_reason =
        "the side further from the camera: hidden behind the near leg around mid-stance, so its landmarks "
        "are partly "
        "inferred; each event kept alternates with the near foot's";
  }
  fe.contacts = fc.contacts;
  fe.toe_offs = fc.toe_offs;
  fe.withheld = fc.withheld;
  for (SideEvents* se : {&ne, &fe})
    std::sort(se->withheld.begin(), se->withheld.end(),
              [](const WithheldEvent& a, const WithheldEvent& b) { return a.at.index < b.at.index; });
  return out;
}

}  // namespace physio::gait
