#include "hl7/siu.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "hl7/event_time.hpp"

namespace physio::hl7 {
namespace {

struct Duration {
  bool given = false;
  std::int64_t minutes = 0;
};

/// Minutes per unit, or 0 for a unit we do not know.
double unit_minutes(std::string_view unit) {
  if (unit.empty() || unit == "min" || unit == "MIN" || unit == "M" || unit == "MINUTES" ||
      unit == "minutes") {
    return 1.0;
  }
  if (unit == "s" || unit == "S" || unit == "SEC" || unit == "sec" || unit == "SECONDS") return 1.0 / 60.0;
  if (unit == "h" || unit == "H" || unit == "HR" || unit == "HOUR" || unit == "HOURS") return 60.0;
  if (unit == "d" || unit == "D" || unit == "DAY" || unit == "DAYS") return 1440.0;
  return 0.0;
}

std::optional<double> parse_number(std::string_view s) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v) || v < 0 || v > 1e7) {
    return std::nullopt;
  }
  return v;
}

/// An amount (`text`, read at `amount_at`) with its unit (`unit`, read at `unit_at`).
Hl7Result<Duration> read_amount(Location amount_at, std::string_view text, Location unit_at,
                                std::string_view unit) {
  if (text.empty()) return Duration{};
  auto v = parse_number(text);
  if (!v) return issue(amount_at, Condition::kDataType, fmt::format("'{}' is not a duration", text));
  const double per = unit_minutes(unit);
  if (per == 0.0) {
    return issue(unit_at, Condition::kTableValue, fmt::format("'{}' is not a duration unit", unit));
  }
  return Duration{true, std::llround(*v * per)};
}

std::string status_from_filler(std::string_view s) {
  if (s == "Booked" || s == "Pending" || s == "Waitlist" || s == "Overbook" || s == "Blocked")
    return "booked";
  if (s == "Started") return "arrived";
  if (s == "Complete") return "fulfilled";
  if (s == "Cancelled" || s == "Deleted" || s == "Dc") return "cancelled";
  if (s == "Noshow") return "noshow";
  return "";
}

Hl7Result<TimeUs> read_start(const Message& m, const LocalOffset& local) {
  if (const Segment* ais = m.find("AIS")) {
    const TimeUs t = PHYSIO_TRY(read_time(m, *ais, 4, 1, local));
    if (t != 0) return t;
  }
  if (const Segment* tq1 = m.find("TQ1")) {
    const TimeUs t = PHYSIO_TRY(read_time(m, *tq1, 7, 1, local));
    if (t != 0) return t;
  }
  if (const Segment* sch = m.find("SCH")) return read_time(m, *sch, 11, 4, local);
  return TimeUs{0};
}

Hl7Result<Duration> read_duration(const Message& m, const LocalOffset& local, TimeUs start_us) {
  if (const Segment* ais = m.find("AIS")) {
    const Duration d = PHYSIO_TRY(
        read_amount(Location{"AIS", 1, 7}, m.value(*ais, 7), Location{"AIS", 1, 8, 0, 1}, m.value(*ais, 8)));
    if (d.given) return d;
  }
  const Segment* sch = m.find("SCH");
  if (sch != nullptr) {
    const Duration d = PHYSIO_TRY(read_amount(Location{"SCH", 1, 9}, m.value(*sch, 9),
                                              Location{"SCH", 1, 10, 0, 1}, m.value(*sch, 10)));
    if (d.given) return d;
  }
  const Segment* tq1 = m.find("TQ1");
  if (tq1 != nullptr) {
    const Duration d = PHYSIO_TRY(read_amount(Location{"TQ1", 1, 13, 0, 1}, m.value(*tq1, 13, 1),
                                              Location{"TQ1", 1, 13, 0, 2}, m.value(*tq1, 13, 2)));
    if (d.given) return d;
  }
  if (sch != nullptr) {
    const std::string tq = m.value(*sch, 11, 3);
    if (!tq.empty()) {
      const Location where{"SCH", 1, 11, 0, 3};
      const double per = unit_minutes(std::string_view(tq).substr(0, 1));
      auto v = parse_number(std::string_view(tq).substr(1));
      if (per == 0.0 || !v) {
        return issue(where, Condition::kDataType, fmt::format("'{}' is not a TQ duration (like M30)", tq));
      }
      return Duration{true, std::llround(*v * per)};
    }
  }
  TimeUs end_us = 0;
  if (tq1 != nullptr) end_us = PHYSIO_TRY(read_time(m, *tq1, 8, 1, local));
  if (end_us == 0 && sch != nullptr) end_us = PHYSIO_TRY(read_time(m, *sch, 11, 5, local));
  if (end_us != 0 && start_us != 0) {
    if (end_us < start_us) {
      return issue(Location{"SCH", 1, 11, 0, 5}, Condition::kDataType,
                   "the appointment ends before it starts");
    }
    return Duration{true, (end_us - start_us) / (60 * kUsPerSecond)};
  }
  return Duration{};
}

}  // namespace

std::optional<AppointmentAction> siu_action(std::string_view trigger) {
  if (trigger == "S12") return AppointmentAction::kBook;
  if (trigger == "S14") return AppointmentAction::kModify;
  if (trigger == "S15") return AppointmentAction::kCancel;
  if (trigger == "S26") return AppointmentAction::kNoShow;
  return std::nullopt;
}

Hl7Result<AppointmentChange> map_siu(const Message& m, const LocalOffset& local) {
  AppointmentChange c;
  c.trigger = message_type(m).trigger;
  const auto action = siu_action(c.trigger);
  if (!action) {
    return issue(Location{"MSH", 1, 9, 0, 2}, Condition::kUnsupportedEvent,
                 fmt::format("SIU trigger '{}' is not supported", c.trigger));
  }
  c.action = *action;
  if (const Segment* msh = m.find("MSH")) c.control_id = m.value(*msh, 10);
  const Segment* sch = m.find("SCH");
  if (sch == nullptr) return issue(Location{"SCH", 1, 0}, Condition::kSegmentSequence, "no SCH segment");
  c.placer_id = m.value(*sch, 1);
  c.filler_id = m.value(*sch, 2);
  if (c.placer_id.empty() && c.filler_id.empty()) {
    return issue(Location{"SCH", 1, 2, 0, 1}, Condition::kRequiredFieldMissing,
                 "no placer (SCH-1) or filler (SCH-2) appointment id");
  }
  c.reason = m.value(*sch, 7, 2);
  if (c.reason.empty()) c.reason = m.value(*sch, 7, 1);
  c.start_us = PHYSIO_TRY(read_start(m, local));
  const Duration d = PHYSIO_TRY(read_duration(m, local, c.start_us));
  c.duration_min = d.minutes;
  const bool timed = c.action == AppointmentAction::kBook || c.action == AppointmentAction::kModify;
  if (timed && c.start_us == 0) {
    return issue(Location{"SCH", 1, 11, 0, 4}, Condition::kRequiredFieldMissing,
                 "no appointment start (AIS-4, TQ1-7 or SCH-11.4)");
  }
  if (timed && !d.given) {
    return issue(Location{"SCH", 1, 9}, Condition::kRequiredFieldMissing,
                 "no appointment duration (AIS-7, SCH-9, TQ1-13, SCH-11.3 or an end time)");
  }
  c.filler_status = m.value(*sch, 25);
  if (!c.filler_status.empty()) {
    c.status = status_from_filler(c.filler_status);
    if (c.status.empty()) {
      return issue(Location{"SCH", 1, 25, 0, 1}, Condition::kTableValue,
                   fmt::format("'{}' is not a filler status of table 0278", c.filler_status));
    }
  }
  if (c.action == AppointmentAction::kCancel) c.status = "cancelled";
  if (c.action == AppointmentAction::kNoShow) c.status = "noshow";
  if (c.status.empty()) c.status = "booked";
  c.patient = PHYSIO_TRY(read_pid(m, local));
  for (int i = 1; i <= m.count("AIP"); ++i) {
    const Segment& aip = *m.find("AIP", i);
    Practitioner p = read_xcn(m, aip, 3);
    p.role = m.value(aip, 4, 1);
    if (!p.id.empty() || !p.family.empty()) c.practitioners.push_back(std::move(p));
  }
  for (int i = 1; i <= m.count("AIL"); ++i) {
    const Segment& ail = *m.find("AIL", i);
    CareLocation l{m.value(ail, 3, 1), m.value(ail, 3, 2), m.value(ail, 3, 3), m.value(ail, 3, 4)};
    if (l != CareLocation{}) c.locations.push_back(std::move(l));
  }
  return c;
}

clinic::Appointment to_clinic_appointment(const AppointmentChange& c, clinic::Appointment base) {
  if (c.start_us != 0) base.start_us = c.start_us;
  if (c.duration_min > 0) base.duration_min = c.duration_min;
  base.status = c.status;
  if (!c.reason.empty()) base.reason = c.reason;
  return base;
}

}  // namespace physio::hl7
