#include "rehab/clinic_figures.hpp"

#include <algorithm>

namespace physio::rehab {

AdherenceSpread adherence_spread(std::vector<double> pcts) {
  AdherenceSpread s;
  s.programs = static_cast<int>(pcts.size());
  for (double p : pcts) {
    if (p < 25.0)
      ++s.below_25;
    else if (p < 50.0)
      ++s.from_25_to_50;
    else if (p < 80.0)
      ++s.from_50_to_80;
    else
      ++s.from_80;
  }
  if (!pcts.empty()) {
    std::sort(pcts.begin(), pcts.end());
    const std::size_t n = pcts.size();
    s.median_pct = n % 2 ? pcts[n / 2] : (pcts[n / 2 - 1] + pcts[n / 2]) / 2.0;
  }
  return s;
}

MissedVisits missed_visits(const std::vector<VisitOutcome>& visits, TimeUs from_us, TimeUs to_us) {
  MissedVisits m;
  for (const auto& v : visits) {
    if (v.start_us < from_us || v.start_us >= to_us) continue;
    if (v.status == "noshow")
      ++m.missed;
    else if (v.status == "arrived" || v.status == "fulfilled")
      ++m.kept;
  }
  if (m.kept + m.missed > 0) m.missed_pct = 100.0 * m.missed / (m.kept + m.missed);
  return m;
}

}  // namespace physio::rehab
