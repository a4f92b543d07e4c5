#include "billing/rtm_device.hpp"

#include <set>

#include "billing/rtm_consent.hpp"

namespace physio::billing {

Result<Day> monitoring_start(const RtmPatient& p) {
  if (!p.setup)
    return fail(ErrorCode::kMissingData,
                "patient {}: no RTM set-up event; the 30-day periods start at set-up", p.patient_id);
  return local_day(p.setup->at_us, p.utc_offset);
}

Result<int> period_index_of(const RtmPatient& p, Day day) {
  const Day start = PHYSIO_TRY(monitoring_start(p));
  const auto diff = (day - start).count();
  const auto idx =
      diff >= 0 ? diff / kDevicePeriodDays : -((-diff + kDevicePeriodDays - 1) / kDevicePeriodDays);
  return static_cast<int>(idx);
}

Result<DevicePeriodResult> compute_device_period(const RtmPatient& p, int period_index, Day as_of) {
  if (period_index < 0)
    return fail(ErrorCode::kInvalidArgument, "period index {} is before monitoring start", period_index);
  const Day start = PHYSIO_TRY(monitoring_start(p));
  DevicePeriodResult r;
  r.patient_id = p.patient_id;
  r.index = period_index;
  r.first_day = start + std::chrono::days{kDevicePeriodDays * period_index};
  r.last_day = r.first_day + std::chrono::days{kDevicePeriodDays - 1};
  r.provisional = as_of <= r.last_day;
  const std::string span = format_day(r.first_day) + ".." + format_day(r.last_day);

  std::set<Day> days;
  int before_consent = 0;
  TimeUs min_t = 0, max_t = 0;
  bool any = false;
  for (const auto& e : p.data_events) {
    const Day d = local_day(e.at_us, p.utc_offset);
    if (d < r.first_day || d > r.last_day) continue;
    if (!any) min_t = max_t = e.at_us;
    min_t = std::min(min_t, e.at_us);
    max_t = std::max(max_t, e.at_us);
    any = true;
    if (consent_active_at(p.consents, e.at_us))
      days.insert(d);
    else
      ++before_consent;
  }
  r.data_days.assign(days.begin(), days.end());
  r.data_day_count = static_cast<int>(r.data_days.size());

  const bool ever_consented = first_grant(p.consents).has_value();
  if (!ever_consented) {
    r.flags.push_back({"no-consent", "no RTM consent on record: no code can be suggested"});
    r.data_days.clear();
    r.data_day_count = 0;
  } else if (before_consent > 0) {
    r.flags.push_back({"data-before-consent",
                       fmt::format("{} data event(s) made while monitoring was not consented are not counted",
                                   before_consent)});
  }
  if (any) {
    if (auto w = withdrawal_within(p.consents, min_t, max_t + 1))
      r.flags.push_back({"consent-withdrawn", fmt::format("consent withdrawn on {}: later data not counted",
                                                          format_day(local_day(*w, p.utc_offset)))});
  }
  if (r.provisional)
    r.flags.push_back(
        {"provisional", fmt::format("period {} has not ended (as of {})", span, format_day(as_of))});

  if (ever_consented) {
    const int n = r.data_day_count;
    if (n >= kMinDaysHighDeviceCode) {
      r.codes.push_back({"98977", 1, fmt::format("{} data days in {} (16-30 needed)", n, span)});
    } else if (n >= kMinDaysLowDeviceCode) {
      r.codes.push_back({"98985", 1, fmt::format("{} data days in {} (2-15 needed)", n, span)});
    } else {
      r.flags.push_back(
          {"below-threshold", fmt::format("{} data day(s) in {}: device codes need at least 2", n, span)});
    }
    if (period_index == 0 && p.setup) {
      if (!consent_active_at(p.consents, p.setup->at_us)) {
        r.flags.push_back({"setup-before-consent", "set-up happened before consent: 98975 not suggested"});
      } else if (n >= kMinDaysLowDeviceCode) {
        r.codes.push_back(
            {"98975", 1,
             fmt::format("set-up on {} by {}; once per episode", format_day(start), p.setup->staff)});
      }
    }
  }
  return r;
}

Result<std::vector<DevicePeriodResult>> compute_device_periods(const RtmPatient& p, Day as_of) {
  const int last = PHYSIO_TRY(period_index_of(p, as_of));
  std::vector<DevicePeriodResult> out;
  for (int k = 0; k <= last; ++k) out.push_back(PHYSIO_TRY(compute_device_period(p, k, as_of)));
  return out;
}

}  // namespace physio::billing
