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

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

/// Minutes per unit, or 0 for a unit we do not know. Single letters are case-sensitive (UCUM's "m" is
/// the metre, not the minute); words are not.
double unit_minutes(std::string_view unit) {
  if (unit.empty() || unit == "M") return 1.0;
  if (unit == "S") return 1.0 / 60.0;
  if (unit == "H") return 60.0;
  if (unit == "D") return 1440.0;
  if (unit == "m") return 0.0;
  const std::string u = lower(unit);
  if (u == "min" || u == "mins" || u == "minute" || u == "minutes") return 1.0;
  if (u == "s" || u == "sec" || u == "secs" || u == "second" || u == "seconds") return 1.0 / 60.0;
  if (u == "h" || u == "hr" || u == "hrs" || u == "hour" || u == "hours") return 60.0;
  if (u == "d" || u == "day" || u == "days") return 1440.0;
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

/// Minutes per unit of a coded unit (`code`, its text `text`), or 0 after an error in `f`.
double read_unit(const Location& at, const std::string& code, const std::string& text, const ReadRules& rules,
                 Findings& f) {
  if (auto mapped = rules.units.find(code); mapped != rules.units.end() && !code.empty()) {
    f.warn(at, Condition::kTableValue,
           fmt::format("unit '{}' read as {} as set for this sender", code, mapped->second));
    return unit_minutes(mapped->second);
  }
  if (const double per = unit_minutes(code); per != 0.0) return per;
  if (const double per = unit_minutes(text); per != 0.0 && !text.empty()) {
    f.warn(at, Condition::kTableValue,
           fmt::format("unit '{}' is not a duration unit; read from its text '{}'", code, text));
    return per;
  }
  f.error(at, Condition::kTableValue, fmt::format("'{}' is not a duration unit", code));
  return 0.0;
}

/// An amount (`text`, read at `amount_at`) with its coded unit.
Duration read_amount(Location amount_at, const std::string& text, Location unit_at, const std::string& unit,
                     const std::string& unit_text, const ReadRules& rules, Findings& f) {
  if (text.empty()) return Duration{};
  auto v = parse_number(text);
  if (!v) {
    f.error(amount_at, Condition::kDataType, fmt::format("'{}' is not a duration", text));
    return Duration{true, 0};
  }
  const double per = read_unit(unit_at, unit, unit_text, rules, f);
  if (per == 0.0) return Duration{true, 0};
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

/// The table 0278 value spelt `s` in any case, or "".
std::string table_value_in_any_case(std::string_view s) {
  static constexpr std::string_view kValues[] = {"Booked",  "Pending", "Waitlist", "Overbook",
                                                 "Blocked", "Started", "Complete", "Cancelled",
                                                 "Deleted", "Dc",      "Noshow"};
  const std::string l = lower(s);
  for (auto v : kValues)
    if (lower(v) == l) return std::string(v);
  return "";
}

/// The clinic status of SCH-25 (CE: code, text): "" when absent or ignored.
std::string read_status(const std::string& code, const std::string& text, const ReadRules& rules,
                        Findings& f) {
  const Location at{"SCH", 1, 25, 0, 1};
  if (code.empty()) return "";
  if (auto mapped = rules.statuses.find(code); mapped != rules.statuses.end()) {
    if (mapped->second == "ignore") {
      f.warn(at, Condition::kTableValue, fmt::format("status '{}' ignored as set for this sender", code));
      return "";
    }
    f.warn(at, Condition::kTableValue,
           fmt::format("status '{}' read as {} as set for this sender", code, mapped->second));
    return mapped->second;
  }
  if (std::string s = status_from_filler(code); !s.empty()) return s;
  for (const std::string& candidate : {code, text}) {
    const std::string value = table_value_in_any_case(candidate);
    if (value.empty()) continue;
    f.warn(at, Condition::kTableValue,
           fmt::format("status '{}' read as table 0278 '{}'", candidate == code ? code : code + "^" + text,
                       value));
    return status_from_filler(value);
  }
  f.warn(at, Condition::kTableValue,
         fmt::format("'{}' is not a filler status of table 0278 and this sender has no mapping for it; "
                     "ignored (the trigger decides)",
                     code));
  return "";
}

TimeUs read_start(const Message& m, const ReadRules& rules, Findings& f) {
  if (const Segment* ais = m.find("AIS")) {
    const TimeUs t = read_time(m, *ais, 4, 1, rules.local, f);
    if (t != 0) return t;
  }
  if (const Segment* tq1 = m.find("TQ1")) {
    const TimeUs t = read_time(m, *tq1, 7, 1, rules.local, f);
    if (t != 0) return t;
  }
  if (const Segment* sch = m.find("SCH")) return read_time(m, *sch, 11, 4, rules.local, f);
  return TimeUs{0};
}

Duration read_duration(const Message& m, const ReadRules& rules, TimeUs start_us, Findings& f) {
  if (const Segment* ais = m.find("AIS")) {
    const Duration d =
        read_amount(Location{"AIS", 1, 7}, read_value(m, *ais, 7, 1, f), Location{"AIS", 1, 8, 0, 1},
                    read_value(m, *ais, 8, 1, f), read_value(m, *ais, 8, 2, f), rules, f);
    if (d.given) return d;
  }
  const Segment* sch = m.find("SCH");
  if (sch != nullptr) {
    const Duration d =
        read_amount(Location{"SCH", 1, 9}, read_value(m, *sch, 9, 1, f), Location{"SCH", 1, 10, 0, 1},
                    read_value(m, *sch, 10, 1, f), read_value(m, *sch, 10, 2, f), rules, f);
    if (d.given) return d;
  }
  const Segment* tq1 = m.find("TQ1");
  if (tq1 != nullptr) {
    const Location unit_at{"TQ1", 1, 13, 0, 2};
    const Duration d = read_amount(Location{"TQ1", 1, 13, 0, 1}, read_value(m, *tq1, 13, 1, f), unit_at,
                                   trim_value(m.value(*tq1, 13, 2, 1), unit_at, f),
                                   trim_value(m.value(*tq1, 13, 2, 2), unit_at, f), rules, f);
    if (d.given) return d;
  }
  if (sch != nullptr) {
    const std::string tq = read_value(m, *sch, 11, 3, f);
    if (!tq.empty()) {
      const Location where{"SCH", 1, 11, 0, 3};
      const double per = unit_minutes(std::string_view(tq).substr(0, 1));
      auto v = parse_number(std::string_view(tq).substr(1));
      if (per == 0.0 || !v) {
        f.error(where, Condition::kDataType, fmt::format("'{}' is not a TQ duration (like M30)", tq));
        return Duration{true, 0};
      }
      return Duration{true, std::llround(*v * per)};
    }
  }
  TimeUs end_us = 0;
  if (tq1 != nullptr) end_us = read_time(m, *tq1, 8, 1, rules.local, f);
  if (end_us == 0 && sch != nullptr) end_us = read_time(m, *sch, 11, 5, rules.local, f);
  if (end_us != 0 && start_us != 0) {
    if (end_us < start_us) {
      f.error(Location{"SCH", 1, 11, 0, 5}, Condition::kDataType, "the appointment ends before it starts");
      return Duration{true, 0};
    }
    return Duration{true, (end_us - start_us) / (60 * kUsPerSecond)};
  }
  return Duration{};
}

}  // namespace

std::optional<AppointmentAction> siu_action(std::string_view trigger) {
  if (trigger == "S12") return AppointmentAction::kBook;
  if (trigger == "S13" || trigger == "S14") return AppointmentAction::kModify;
  if (trigger == "S15" || trigger == "S17") return AppointmentAction::kCancel;
  if (trigger == "S26") return AppointmentAction::kNoShow;
  return std::nullopt;
}

Hl7Result<AppointmentChange> map_siu(const Message& m, const LocalOffset& local) {
  ReadRules rules;
  rules.local = local;
  rules.choose_record_number = false;
  Findings f;
  AppointmentChange c = map_siu(m, rules, f);
  if (!f.errors.empty()) return std::unexpected(f.errors.front());
  return c;
}

AppointmentChange map_siu(const Message& m, const ReadRules& rules, Findings& f) {
  AppointmentChange c;
  c.trigger = message_type(m).trigger;
  const auto action = siu_action(c.trigger);
  if (!action) {
    f.error(Location{"MSH", 1, 9, 0, 2}, Condition::kUnsupportedEvent,
            fmt::format("SIU trigger '{}' is not supported", c.trigger));
    return c;
  }
  c.action = *action;
  if (const Segment* msh = m.find("MSH")) c.control_id = m.value(*msh, 10);
  const Segment* sch = m.find("SCH");
  if (sch == nullptr) {
    f.error(Location{"SCH", 1, 0}, Condition::kSegmentSequence, "no SCH segment");
    c.patient = read_pid(m, rules, f);
    return c;
  }
  c.placer_id = read_value(m, *sch, 1, 1, f);
  c.filler_id = read_value(m, *sch, 2, 1, f);
  if (c.placer_id.empty() && c.filler_id.empty()) {
    f.error(Location{"SCH", 1, 2, 0, 1}, Condition::kRequiredFieldMissing,
            "no placer (SCH-1) or filler (SCH-2) appointment id");
  }
  c.reason = m.value(*sch, 7, 2);
  if (c.reason.empty()) c.reason = m.value(*sch, 7, 1);
  const std::size_t errors_before = f.errors.size();
  c.start_us = read_start(m, rules, f);
  const bool start_unreadable = f.errors.size() != errors_before;
  const Duration d = read_duration(m, rules, c.start_us, f);
  c.duration_min = d.minutes;
  const bool timed = c.action == AppointmentAction::kBook || c.action == AppointmentAction::kModify;
  if (timed && c.start_us == 0 && !start_unreadable) {
    f.error(Location{"SCH", 1, 11, 0, 4}, Condition::kRequiredFieldMissing,
            "no appointment start (AIS-4, TQ1-7 or SCH-11.4)");
  }
  if (timed && !d.given) {
    f.error(Location{"SCH", 1, 9}, Condition::kRequiredFieldMissing,
            "no appointment duration (AIS-7, SCH-9, TQ1-13, SCH-11.3 or an end time)");
  }
  c.filler_status = read_value(m, *sch, 25, 1, f);
  c.status = read_status(c.filler_status, read_value(m, *sch, 25, 2, f), rules, f);
  if (c.action == AppointmentAction::kCancel) c.status = "cancelled";
  if (c.action == AppointmentAction::kNoShow) c.status = "noshow";
  if (c.status.empty() && c.action == AppointmentAction::kBook) c.status = "booked";
  c.patient = read_pid(m, rules, f);
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
  if (!c.status.empty()) base.status = c.status;
  if (!c.reason.empty()) base.reason = c.reason;
  return base;
}

}  // namespace physio::hl7
