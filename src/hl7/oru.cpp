#include "hl7/oru.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "hl7/datetime.hpp"

namespace physio::hl7 {

std::string format_nm(double value) {
  char buf[400];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (ec != std::errc()) return "";
  std::string s(buf, ptr);
  if (s == "-0") s = "0";
  return s;
}

ResultObservation result_from(const clinic::Observation& o) {
  ResultObservation r;
  const bool loinc = o.code_system == "http://loinc.org";
  r.code = CodedValue{o.code, o.display, std::string(loinc ? kLoincSystem : kLocalSystem)};
  r.numeric = true;
  r.number = o.value;
  r.unit = o.unit;
  r.body_site = o.body_site;
  if (!o.side.empty()) r.body_site = r.body_site.empty() ? o.side : o.side + " " + r.body_site;
  r.time_us = o.effective_us;
  return r;
}

Result<Message> build_oru_r01(const ResultReport& report) {
  Message m = new_message(report.header, "ORU", "R01", "ORU_R01");
  write_pid(m, report.patient);
  m.set("OBR-1", "1");
  m.set("OBR-3.1", report.report_id);
  m.set("OBR-3.2", kNamespace);
  m.set("OBR-4.1", report.panel.code);
  m.set("OBR-4.2", report.panel.display);
  m.set("OBR-4.3", report.panel.system);
  m.set("OBR-7", format_dtm_utc(report.observed_us));
  m.set("OBR-22", format_dtm_utc(report.reported_us));
  m.set("OBR-25", "F");
  int n = 0;
  for (const ResultObservation& o : report.observations) {
    ++n;
    const std::string where = fmt::format("observation {} ({})", n, o.code.code);
    if (o.code.code.empty() || o.code.system.empty()) {
      return fail(ErrorCode::kInvalidArgument, "{}: no code or code system", where);
    }
    if (o.numeric && !std::isfinite(o.number)) {
      return fail(ErrorCode::kInvalidArgument, "{}: the value is not a finite number", where);
    }
    if (!o.numeric && !o.unit.empty()) {
      return fail(ErrorCode::kInvalidArgument, "{}: a text value cannot have a unit", where);
    }
    auto at = [n](int field, int component) { return Path{"OBX", n, field, 1, component, 0}; };
    m.set(at(1, 0), fmt::format("{}", n));
    m.set(at(2, 0), o.numeric ? "NM" : "ST");
    m.set(at(3, 1), o.code.code);
    m.set(at(3, 2), o.code.display);
    m.set(at(3, 3), o.code.system);
    m.set(at(5, 0), o.numeric ? format_nm(o.number) : o.text);
    if (!o.unit.empty()) {
      m.set(at(6, 1), o.unit);
      m.set(at(6, 2), o.unit);
      m.set(at(6, 3), kUcumSystem);
    }
    m.set(at(7, 0), o.reference_range);
    m.set(at(11, 0), o.status.empty() ? "F" : o.status);
    m.set(at(14, 0), format_dtm_utc(o.time_us != 0 ? o.time_us : report.observed_us));
    if (!o.body_site.empty()) m.set(at(20, 2), o.body_site);
  }
  return m;
}

}  // namespace physio::hl7
