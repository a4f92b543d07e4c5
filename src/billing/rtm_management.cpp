#include "billing/rtm_management.hpp"

#include <algorithm>
#include <limits>

#include "billing/rtm_consent.hpp"

namespace physio::billing {

namespace {

std::string codes_text(const std::vector<SuggestedCode>& codes) {
  std::string s;
  for (const auto& c : codes) s += fmt::format("{}{}x{}", s.empty() ? "" : " ", c.code, c.units);
  return s.empty() ? "none" : s;
}

ManagementMonthResult recount(const RtmPatient& p, std::chrono::year_month month, Day as_of) {
  ManagementMonthResult r;
  r.patient_id = p.patient_id;
  r.month = month;
  const Day first = first_day_of(month), last = last_day_of(month);
  r.provisional = as_of <= last;
  const std::string m = format_month(month);
  int unconsented = 0;
  for (const auto& e : p.staff_time) {
    const Day d = local_day(e.start_us, p.utc_offset);
    if (d < first || d > last) continue;
    if (!consent_active_at(p.consents, e.start_us)) {
      ++unconsented;
      continue;
    }
    r.minutes += std::max(0, e.minutes);
    if (e.interactive) {
      ++r.interactive_count;
      r.interactive_days.push_back(d);
    }
  }
  std::sort(r.interactive_days.begin(), r.interactive_days.end());
  if (!first_grant(p.consents))
    r.flags.push_back({"no-consent", "no RTM consent on record: no code can be suggested"});
  if (unconsented > 0)
    r.flags.push_back({"time-before-consent",
                       fmt::format("{} time entr{} made while monitoring was not consented not counted",
                                   unconsented, unconsented == 1 ? "y" : "ies")});
  if (auto w = withdrawal_within(p.consents, std::numeric_limits<TimeUs>::min(),
                                 std::numeric_limits<TimeUs>::max())) {
    const Day wd = local_day(*w, p.utc_offset);
    if (wd >= first && wd <= last)
      r.flags.push_back({"consent-withdrawn",
                         fmt::format("consent withdrawn on {}: later time not counted", format_day(wd))});
  }
  if (r.provisional)
    r.flags.push_back({"provisional", fmt::format("{} has not ended (as of {})", m, format_day(as_of))});

  if (first_grant(p.consents)) {
    if (r.minutes < kMinutesLowManagement) {
      if (r.minutes > 0)
        r.flags.push_back({"below-threshold",
                           fmt::format("{} min in {}: management codes need at least 10", r.minutes, m)});
    } else if (r.interactive_count == 0) {
      r.flags.push_back(
          {"no-interactive-communication",
           fmt::format("{} min in {} but no interactive communication: 98979/98980 need at least one",
                       r.minutes, m)});
    } else if (r.minutes < kMinutesFirstBlock) {
      r.codes.push_back({"98979", 1,
                         fmt::format("{} min in {} (10-19), {} interactive communication(s)", r.minutes, m,
                                     r.interactive_count)});
    } else {
      r.codes.push_back({"98980", 1,
                         fmt::format("first 20 of {} min in {}, {} interactive communication(s)", r.minutes,
                                     m, r.interactive_count)});
      const int further = (r.minutes - kMinutesFirstBlock) / kMinutesFurtherBlock;
      if (further > 0)
        r.codes.push_back({"98981", further,
                           fmt::format("{} further full 20 min ({} min beyond the first 20)", further,
                                       r.minutes - kMinutesFirstBlock)});
    }
  }
  return r;
}

}  // namespace

ManagementMonthResult compute_management_month(const RtmPatient& p, std::chrono::year_month month, Day as_of,
                                               const std::optional<MonthLock>& lock) {
  if (lock && lock->month == month) return lock->frozen;
  return recount(p, month, as_of);
}

Result<MonthLock> lock_month(const ManagementMonthResult& result, Day as_of) {
  if (as_of <= last_day_of(result.month))
    return fail(ErrorCode::kInvalidArgument, "{} cannot be locked before it ends (as of {})",
                format_month(result.month), format_day(as_of));
  MonthLock lock{result.month, result};
  lock.frozen.provisional = false;
  lock.frozen.locked = true;
  std::erase_if(lock.frozen.flags, [](const RtmFlag& f) { return f.id == "provisional"; });
  lock.frozen.flags.push_back(
      {"locked", fmt::format("{} locked on {}", format_month(result.month), format_day(as_of))});
  return lock;
}

std::optional<std::string> changes_since_lock(const RtmPatient& p, const MonthLock& lock, Day as_of) {
  const ManagementMonthResult now = recount(p, lock.month, as_of);
  if (now.minutes == lock.frozen.minutes && now.interactive_count == lock.frozen.interactive_count &&
      codes_text(now.codes) == codes_text(lock.frozen.codes))
    return std::nullopt;
  return fmt::format(
      "{} is locked at {} min, {} interactive, codes {}; a recount now gives {} min, {} interactive, codes "
      "{}",
      format_month(lock.month), lock.frozen.minutes, lock.frozen.interactive_count,
      codes_text(lock.frozen.codes), now.minutes, now.interactive_count, codes_text(now.codes));
}

}  // namespace physio::billing
