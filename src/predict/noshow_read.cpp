#include "predict/noshow_read.hpp"

#include <chrono>

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "core/text.hpp"
#include "core/wall_clock.hpp"
#include "predict/csv.hpp"

namespace physio::predict {

Result<TimeUs> parse_utc_time(std::string_view s, bool* has_time) {
  s = trim(s);
  auto day = days_from_iso_date(s.substr(0, std::min<std::size_t>(10, s.size())));
  if (!day) return fail(ErrorCode::kParse, "'{}' is not a date (YYYY-MM-DD)", s);
  TimeUs t = *day * 86'400 * kUsPerSecond;
  std::string_view rest = s.substr(std::min<std::size_t>(10, s.size()));
  if (has_time) *has_time = false;
  if (rest.empty()) return t;
  if (rest.front() != 'T' && rest.front() != ' ')
    return fail(ErrorCode::kParse, "'{}': expected T after the date", s);
  rest.remove_prefix(1);
  if (rest.ends_with('Z')) rest.remove_suffix(1);
  if (rest.size() < 5 || rest[2] != ':')
    return fail(ErrorCode::kParse, "'{}': expected a time hh:mm[:ss]", s);
  auto hh = parse_int(rest.substr(0, 2));
  auto mm = parse_int(rest.substr(3, 2));
  long long ss = 0;
  if (rest.size() >= 8 && rest[5] == ':') {
    auto sec = parse_int(rest.substr(6, 2));
    if (!sec) return fail(ErrorCode::kParse, "'{}': bad seconds", s);
    ss = *sec;
  }
  if (!hh || !mm || *hh < 0 || *hh > 23 || *mm < 0 || *mm > 59 || ss < 0 || ss > 60)
    return fail(ErrorCode::kParse, "'{}': not a time of day", s);
  if (has_time) *has_time = true;
  return t + ((*hh * 60 + *mm) * 60 + ss) * kUsPerSecond;
}

namespace {

Result<std::size_t> need(const CsvTable& t, const char* name) {
  auto c = t.column(name);
  if (!c) return fail(ErrorCode::kParse, "line 1: the header has no column {}", name);
  return *c;
}

Result<int> flag(std::string_view v, std::size_t line, std::string_view column, bool allow_empty) {
  v = trim(v);
  if (v.empty() && allow_empty) return -1;
  if (v == "1" || iequals(v, "yes") || iequals(v, "true")) return 1;
  if (v == "0" || iequals(v, "no") || iequals(v, "false")) return 0;
  return fail(ErrorCode::kParse, "line {}: {}: '{}' (expected 0 or 1)", line, column, v);
}

Result<AppointmentHistory> read_kaggle(const CsvTable& t) {
  AppointmentHistory h;
  h.format = "kaggle-noshow-2016";
  std::size_t cols[9];
  const char* names[9] = {"PatientId", "AppointmentID", "Gender",       "ScheduledDay", "AppointmentDay",
                          "Age",       "Scholarship",   "SMS_received", "No-show"};
  for (int i = 0; i < 9; ++i) {
    auto c = need(t, names[i]);
    if (!c) return std::unexpected(c.error());
    cols[i] = *c;
  }
  std::size_t negative_age = 0;
  std::size_t before_booking = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::size_t line = t.line[r];
    AppointmentEvent e;
    e.patient_id = std::string(trim(row[cols[0]]));
    e.appointment_id = std::string(trim(row[cols[1]]));
    auto booked = parse_utc_time(row[cols[3]]);
    if (!booked) return fail(ErrorCode::kParse, "line {}: ScheduledDay: {}", line, booked.error().message());
    auto start = parse_utc_time(row[cols[4]]);
    if (!start) return fail(ErrorCode::kParse, "line {}: AppointmentDay: {}", line, start.error().message());
    e.booked_us = *booked;
    e.start_us = *start;
    e.start_has_time = false;  // the set's visit times are all midnight: dates only
    auto age = parse_int(row[cols[5]]);
    if (!age) return fail(ErrorCode::kParse, "line {}: Age: '{}' is not a whole number", line, row[cols[5]]);
    if (*age < 0) {
      ++negative_age;
      continue;
    }
    if (e.start_us / (86'400 * kUsPerSecond) < e.booked_us / (86'400 * kUsPerSecond)) {
      ++before_booking;
      continue;
    }
    e.age_band = age_band_of(static_cast<int>(*age));
    const std::string_view g = trim(row[cols[2]]);
    e.sex = g == "F" ? "female" : g == "M" ? "male" : "unknown";
    auto welfare = flag(row[cols[6]], line, "Scholarship", false);
    if (!welfare) return std::unexpected(welfare.error());
    e.payer = *welfare ? "welfare programme" : "other";
    auto sms = flag(row[cols[7]], line, "SMS_received", false);
    if (!sms) return std::unexpected(sms.error());
    e.reminder_sent = *sms;
    const std::string_view ns = trim(row[cols[8]]);
    if (ns != "Yes" && ns != "No")
      return fail(ErrorCode::kParse, "line {}: No-show: '{}' (expected Yes or No)", line, ns);
    e.attendance = ns == "Yes" ? Attendance::kNoShow : Attendance::kAttended;
    h.events.push_back(std::move(e));
  }
  if (negative_age) h.notes.push_back(fmt::format("{} rows with an age below 0 left out", negative_age));
  if (before_booking)
    h.notes.push_back(fmt::format("{} rows whose visit is before its booking left out", before_booking));
  return h;
}

Result<Attendance> attendance_of(std::string_view s, std::size_t line) {
  s = trim(s);
  if (s == "attended" || s == "fulfilled" || s == "arrived") return Attendance::kAttended;
  if (s == "noshow") return Attendance::kNoShow;
  if (s == "cancelled") return Attendance::kCancelled;
  if (s == "late_cancelled") return Attendance::kLateCancelled;
  if (s == "booked") return Attendance::kOpen;
  return fail(ErrorCode::kParse,
              "line {}: status: '{}' (expected attended, noshow, cancelled, late_cancelled or booked)", line,
              s);
}

Result<AppointmentHistory> read_physiokit(const CsvTable& t) {
  AppointmentHistory h;
  h.format = "physiokit-appointments";
  const char* required[] = {"patient_id", "appointment_id", "booked_at", "start_at", "status"};
  for (const char* name : required)
    if (auto c = need(t, name); !c) return std::unexpected(c.error());
  auto col = [&](const char* name) { return t.column(name); };
  const TimeUs now = wall_clock::now_us();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::size_t line = t.line[r];
    auto get = [&](const char* name) -> std::string_view {
      auto c = col(name);
      return c ? trim(row[*c]) : std::string_view{};
    };
    AppointmentEvent e;
    e.patient_id = std::string(get("patient_id"));
    e.appointment_id = std::string(get("appointment_id"));
    if (e.patient_id.empty()) return fail(ErrorCode::kParse, "line {}: patient_id: empty", line);
    e.practitioner_id = std::string(get("practitioner_id"));
    auto booked = parse_utc_time(get("booked_at"));
    if (!booked) return fail(ErrorCode::kParse, "line {}: booked_at: {}", line, booked.error().message());
    auto start = parse_utc_time(get("start_at"), &e.start_has_time);
    if (!start) return fail(ErrorCode::kParse, "line {}: start_at: {}", line, start.error().message());
    e.booked_us = *booked;
    e.start_us = *start;
    if (e.start_us < e.booked_us &&
        e.start_us / (86'400 * kUsPerSecond) < e.booked_us / (86'400 * kUsPerSecond))
      return fail(ErrorCode::kParse, "line {}: start_at is before booked_at", line);
    auto status = attendance_of(get("status"), line);
    if (!status) return std::unexpected(status.error());
    e.attendance = *status;
    // An outcome cannot be known before the visit: a future visit with one is a broken export.
    if (outcome_known(e) && e.start_us > now)
      return fail(ErrorCode::kParse, "line {}: start_at {} is in the future, but the status is {}", line,
                  get("start_at"), get("status"));
    for (auto [dst, name] : {std::pair{&e.reminder_sent, "reminder_sent"},
                             {&e.reminder_confirmed, "reminder_confirmed"},
                             {&e.telehealth, "telehealth"}}) {
      if (!col(name)) continue;
      auto f = flag(get(name), line, name, true);
      if (!f) return std::unexpected(f.error());
      *dst = *f;
    }
    e.age_band = std::string(get("age_band"));
    e.sex = std::string(get("sex"));
    e.payer = std::string(get("payer"));
    h.events.push_back(std::move(e));
  }
  return h;
}

}  // namespace

Result<AppointmentHistory> parse_appointments_csv(std::string_view text) {
  auto t = parse_csv(text);
  if (!t) return std::unexpected(t.error());
  if (t->column("AppointmentID") && t->column("No-show")) return read_kaggle(*t);
  if (t->column("appointment_id") && t->column("status")) return read_physiokit(*t);
  return fail(ErrorCode::kUnsupported,
              "line 1: not an appointment history (expected physiokit's columns patient_id, appointment_id, "
              "booked_at, start_at, status, or the public no-show set's)");
}

}  // namespace physio::predict
