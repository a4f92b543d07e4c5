#include "risk/noshow_clinic.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace physio::risk {

namespace {

predict::Attendance attendance_of(const clinic::Appointment& a) {
  if (a.status == "fulfilled" || a.status == "arrived") return predict::Attendance::kAttended;
  if (a.status == "noshow") return predict::Attendance::kNoShow;
  if (a.status == "cancelled")
    return a.updated_us >= a.start_us - 24 * kHourUs ? predict::Attendance::kLateCancelled
                                                     : predict::Attendance::kCancelled;
  return predict::Attendance::kOpen;
}

}  // namespace

std::vector<predict::AppointmentEvent> appointment_events(
    std::span<const clinic::Appointment> appointments, const std::map<std::string, clinic::Patient>& patients,
    TimeUs now) {
  std::vector<predict::AppointmentEvent> out;
  out.reserve(appointments.size());
  for (const clinic::Appointment& a : appointments) {
    predict::AppointmentEvent e;
    e.patient_id = a.patient_id;
    e.appointment_id = a.id;
    e.practitioner_id = a.practitioner_id;
    e.booked_us = std::min(a.created_us, a.start_us);
    e.start_us = a.start_us;
    // An outcome recorded for a visit that has not started yet is not an outcome (a mistaken click).
    e.attendance = a.start_us > now ? predict::Attendance::kOpen : attendance_of(a);
    if (auto p = patients.find(a.patient_id); p != patients.end()) {
      e.age_band = predict::age_band_of(age_on(p->second.birth_date, a.start_us));
      e.sex = p->second.sex;
    }
    out.push_back(std::move(e));
  }
  return out;
}

Readiness noshow_readiness(const predict::Table& table, std::span<const std::size_t> rows) {
  return outcome_readiness(table, rows, "missed appointments", "attended appointments");
}

Readiness outcome_readiness(const predict::Table& table, std::span<const std::size_t> rows,
                            std::string_view event, std::string_view non_event) {
  Readiness r;
  for (std::size_t i : rows) (table.y[i] > 0.5 ? r.missed : r.attended)++;
  r.needed = std::max<std::size_t>(100, 10 * table.cols());
  r.ready = r.missed >= r.needed && r.attended >= r.needed;
  if (r.missed < r.needed)
    r.reason = fmt::format("not assessed: needs {} more {} (has {} of {})", r.needed - r.missed, event,
                           r.missed, r.needed);
  else if (r.attended < r.needed)
    r.reason = fmt::format("not assessed: needs {} more {} (has {} of {})", r.needed - r.attended, non_event,
                           r.attended, r.needed);
  return r;
}

std::vector<ScoredAppointment> score_upcoming(const predict::Model& m, std::string_view model_label,
                                              std::span<const predict::AppointmentEvent> events,
                                              const predict::NoShowRows& rows, TimeUs from_us, TimeUs to_us) {
  std::vector<ScoredAppointment> out;
  const predict::Table& t = rows.table;
  auto cols = predict::match_features(m, t);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const predict::AppointmentEvent& e = events[rows.event_index[r]];
    if (e.attendance != predict::Attendance::kOpen || e.start_us < from_us || e.start_us >= to_us) continue;
    ScoredAppointment s{
        .appointment_id = e.appointment_id, .patient_id = e.patient_id, .start_us = e.start_us};
    if (!cols) {
      s.not_assessed = "not assessed: " + cols.error().message();
      out.push_back(std::move(s));
      continue;
    }
    std::vector<double> x(cols->size());
    std::string canonical;
    for (std::size_t j = 0; j < cols->size(); ++j) {
      x[j] = t.at(r, (*cols)[j]);
      canonical += fmt::format("{}={:.4f};", m.features[j].name, x[j]);
    }
    auto ex = predict::assess(m, x);
    if (!ex) {
      s.not_assessed = ex.error().message();
      out.push_back(std::move(s));
      continue;
    }
    const double p = predict::risk(m, x);
    s.risk = p;
    s.flagged = p >= m.threshold;
    Flag& f = s.flag;
    f.kind = std::string(kNoShow);
    f.patient_id = e.patient_id;
    f.subject_type = "appointment";
    f.subject_id = e.appointment_id;
    f.method = "model";
    f.model = m.name;
    f.model_version = std::string(model_label);
    f.probability = p;
    f.level = p >= 2 * m.threshold ? "high" : p >= m.threshold ? "moderate" : "low";
    f.need = std::clamp(p, 0.0, 1.0);
    f.title = fmt::format("Risk of not attending: {:.0f} %", 100 * p);
    int listed = 0;
    for (const predict::Contribution& c : ex->contributions) {
      if (listed == 3 || std::abs(c.effect) < 0.05) break;
      f.reasons.push_back({predict::describe(m, c), c.effect > 0 ? "raises" : "lowers", c.effect});
      ++listed;
    }
    f.action = p >= 2 * m.threshold
                   ? "Call the patient to confirm, and offer another time if this one no longer suits"
                   : "Send a reminder and ask the patient to confirm";
    f.basis = fmt::format("{:.0f} % risk from the clinic's no-show model {}; flagged at {:.0f} % or more",
                          100 * p, model_label, 100 * m.threshold);
    f.card = m.name;
    f.inputs = canonical;
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const ScoredAppointment& a, const ScoredAppointment& b) { return a.start_us < b.start_us; });
  return out;
}

}  // namespace physio::risk
