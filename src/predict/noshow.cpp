#include "predict/noshow.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace physio::predict {

namespace {

constexpr TimeUs kDayUs = 86'400 * kUsPerSecond;
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::int64_t day_of(TimeUs t) {
  return t >= 0 ? t / kDayUs : -((-t + kDayUs - 1) / kDayUs);
}

// What a patient's history holds at a prediction time.
struct History {
  int attended = 0;
  int no_shows = 0;
  int late_cancels = 0;
  std::int64_t last_attended_day = std::numeric_limits<std::int64_t>::min();
  std::string last_practitioner{};
};

}  // namespace

bool outcome_known(const AppointmentEvent& e) {
  return e.attendance == Attendance::kAttended || e.attendance == Attendance::kNoShow;
}

std::string age_band_of(int age) {
  if (age < 0) return "";
  if (age < 18) return "0-17";
  if (age < 40) return "18-39";
  if (age < 65) return "40-64";
  return "65+";
}

NoShowRows noshow_rows(std::span<const AppointmentEvent> events) {
  bool any_time = false;
  bool any_confirmed = false;
  bool any_telehealth = false;
  bool any_late_cancel = false;
  bool any_reminder = false;
  bool any_practitioner = false;
  for (const AppointmentEvent& e : events) {
    any_time |= e.start_has_time;
    any_confirmed |= e.reminder_confirmed >= 0;
    any_telehealth |= e.telehealth >= 0;
    any_late_cancel |= e.attendance == Attendance::kLateCancelled;
    any_reminder |= e.reminder_sent >= 0;
    any_practitioner |= !e.practitioner_id.empty();
  }

  NoShowRows out;
  Table& t = out.table;
  t.features = {
      {"lead_days_log", "days between booking and the visit", "log(1 + days)"},
      {"same_day", "booked on the day of the visit", "0/1"},
      {"lead_over_2w", "booked more than two weeks ahead", "0/1"},
      {"upcoming_bookings", "other appointments already booked for later days", "count"},
      {"weekday_tue", "on a Tuesday", "0/1"},
      {"weekday_wed", "on a Wednesday", "0/1"},
      {"weekday_thu", "on a Thursday", "0/1"},
      {"weekday_fri", "on a Friday", "0/1"},
      {"weekday_sat", "on a Saturday", "0/1"},
      {"prior_visits_log", "earlier appointments with an outcome", "log(1 + count)"},
      {"first_visit", "first appointment (new patient)", "0/1"},
      {"prior_noshows_log", "earlier missed appointments", "log(1 + count)"},
      {"prior_noshow_fraction", "share of earlier appointments missed", "fraction"},
      {"never_attended", "has not attended a visit yet", "0/1"},
      {"days_since_attended_log", "days since the last attended visit", "log(1 + days)"},
      {"same_day_bookings", "other appointments booked on the same day", "count"},
  };
  if (any_reminder) t.features.push_back({"reminder_sent", "reminder sent", "0/1"});
  if (any_confirmed) t.features.push_back({"reminder_confirmed", "reminder confirmed by the patient", "0/1"});
  if (any_telehealth) t.features.push_back({"telehealth", "a video visit", "0/1"});
  if (any_late_cancel)
    t.features.push_back({"prior_late_cancels_log", "earlier late cancellations", "log(1 + count)"});
  if (any_practitioner)
    t.features.push_back({"clinician_change", "a different clinician from the last attended visit", "0/1"});
  if (any_time) {
    t.features.push_back({"early_start", "starts before 10:00", "0/1"});
    t.features.push_back({"late_start", "starts at 16:00 or later", "0/1"});
  }
  t.subgroups["age band"] = {};
  t.subgroups["sex"] = {};
  t.subgroups["payer"] = {};
  t.subgroups["visit"] = {};

  // Each patient's appointments by day; history is built one day at a time so a row sees only earlier days.
  std::map<std::string, std::vector<std::size_t>> by_patient;
  for (std::size_t i = 0; i < events.size(); ++i) by_patient[events[i].patient_id].push_back(i);
  std::vector<std::pair<std::size_t, std::vector<double>>> built;  // event index, features
  built.reserve(events.size());
  for (auto& [patient, idx] : by_patient) {
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t a, std::size_t b) { return events[a].start_us < events[b].start_us; });
    // Appointments on later days already booked before this day starts (known at the prediction time).
    auto upcoming = [&](const std::vector<std::size_t>& all, std::size_t from, std::int64_t today) {
      int n = 0;
      for (std::size_t m = from; m < all.size(); ++m)
        if (day_of(events[all[m]].booked_us) < today) ++n;
      return n;
    };
    History h;
    std::size_t k = 0;
    while (k < idx.size()) {
      const std::int64_t day = day_of(events[idx[k]].start_us);
      std::size_t end = k;
      while (end < idx.size() && day_of(events[idx[end]].start_us) == day) ++end;
      for (std::size_t m = k; m < end; ++m) {
        const AppointmentEvent& e = events[idx[m]];
        const auto lead = static_cast<double>(std::max<std::int64_t>(0, day - day_of(e.booked_us)));
        const int weekday = static_cast<int>(((day % 7) + 10) % 7);  // 0 = Monday (1970-01-01 was a Thursday)
        const int prior = h.attended + h.no_shows;
        std::vector<double> v = {
            std::log1p(lead),
            lead == 0 ? 1.0 : 0.0,
            lead > 14 ? 1.0 : 0.0,
            static_cast<double>(std::min(upcoming(idx, end, day), 5)),
            weekday == 1 ? 1.0 : 0.0,
            weekday == 2 ? 1.0 : 0.0,
            weekday == 3 ? 1.0 : 0.0,
            weekday == 4 ? 1.0 : 0.0,
            weekday == 5 ? 1.0 : 0.0,
            std::log1p(prior),
            prior == 0 ? 1.0 : 0.0,
            std::log1p(h.no_shows),
            prior ? static_cast<double>(h.no_shows) / prior : 0.0,
            h.attended == 0 ? 1.0 : 0.0,
            h.attended ? std::log1p(static_cast<double>(day - h.last_attended_day)) : kMissing,
            static_cast<double>(std::min<std::size_t>(end - k - 1, 3)),
        };
        if (any_reminder) v.push_back(e.reminder_sent >= 0 ? e.reminder_sent : kMissing);
        if (any_confirmed) v.push_back(e.reminder_confirmed >= 0 ? e.reminder_confirmed : kMissing);
        if (any_telehealth) v.push_back(e.telehealth >= 0 ? e.telehealth : kMissing);
        if (any_late_cancel) v.push_back(std::log1p(h.late_cancels));
        if (any_practitioner)
          v.push_back(h.attended && !e.practitioner_id.empty()
                          ? (e.practitioner_id != h.last_practitioner ? 1.0 : 0.0)
                          : kMissing);
        if (any_time) {
          if (e.start_has_time) {
            const double hour = static_cast<double>((e.start_us - day * kDayUs) / (3600 * kUsPerSecond));
            v.push_back(hour < 10 ? 1.0 : 0.0);
            v.push_back(hour >= 16 ? 1.0 : 0.0);
          } else {
            v.push_back(kMissing);
            v.push_back(kMissing);
          }
        }
        built.emplace_back(idx[m], std::move(v));
      }
      // The day's outcomes join the history only after the day.
      for (std::size_t m = k; m < end; ++m) {
        const AppointmentEvent& e = events[idx[m]];
        if (e.attendance == Attendance::kAttended) {
          ++h.attended;
          h.last_attended_day = day;
          h.last_practitioner = e.practitioner_id;
        } else if (e.attendance == Attendance::kNoShow) {
          ++h.no_shows;
        } else if (e.attendance == Attendance::kLateCancelled) {
          ++h.late_cancels;
        }
      }
      k = end;
    }
  }
  // Rows in the events' own order, whatever the grouping above.
  std::sort(built.begin(), built.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [i, v] : built) {
    const AppointmentEvent& e = events[i];
    t.add_row(v, e.attendance == Attendance::kNoShow ? 1.0 : 0.0, day_of(e.start_us), e.patient_id,
              e.appointment_id);
    out.event_index.push_back(i);
    t.subgroups["age band"].push_back(e.age_band.empty() ? "unknown" : e.age_band);
    t.subgroups["sex"].push_back(e.sex.empty() ? "unknown" : e.sex);
    t.subgroups["payer"].push_back(e.payer.empty() ? "unknown" : e.payer);
    t.subgroups["visit"].push_back(v[10] == 1.0 ? "first" : "follow-up");
  }
  return out;
}

}  // namespace physio::predict
