#include "schedule/waitlist.hpp"

namespace physio::schedule {

std::optional<std::size_t> first_waiter_for(const std::vector<Waiter>& waiters, const FreedTime& freed,
                                            TimeUs now_us, const UtcOffsetFn& offset) {
  if (freed.start_us <= now_us) return std::nullopt;
  const std::int64_t day = to_local(freed.start_us, offset).day;
  for (std::size_t i = 0; i < waiters.size(); ++i) {
    const Waiter& w = waiters[i];
    if (w.patient_id == freed.patient_id) continue;
    if (!w.clinician_id.empty() && w.clinician_id != freed.clinician_id) continue;
    if (!w.type_code.empty() && w.type_code != freed.type_code) continue;
    if (w.earliest_day && day < *w.earliest_day) continue;
    if (w.latest_day && day > *w.latest_day) continue;
    return i;
  }
  return std::nullopt;
}

}  // namespace physio::schedule
