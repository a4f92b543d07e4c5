#include "billing/rtm_csv.hpp"

#include <fmt/format.h>

namespace physio::billing {

namespace {

std::string codes_cell(const std::vector<SuggestedCode>& codes) {
  std::string s;
  for (const auto& c : codes) s += fmt::format("{}{}x{}", s.empty() ? "" : ";", c.code, c.units);
  return s;
}

std::string flags_cell(const std::vector<RtmFlag>& flags) {
  std::string s;
  for (const auto& f : flags) s += fmt::format("{}{}: {}", s.empty() ? "" : " | ", f.id, f.message);
  return s;
}

void row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += csv_field(cells[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string rtm_csv(const std::vector<DevicePeriodResult>& periods,
                    const std::vector<ManagementMonthResult>& months) {
  std::string out;
  row(out, {"patient_id", "kind", "period", "first_day", "last_day", "data_days", "minutes", "interactive",
            "codes", "status", "flags"});
  for (const auto& p : periods) {
    row(out, {p.patient_id, "period", std::to_string(p.index), format_day(p.first_day),
              format_day(p.last_day), std::to_string(p.data_day_count), "", "", codes_cell(p.codes),
              p.provisional ? "provisional" : "final", flags_cell(p.flags)});
  }
  for (const auto& m : months) {
    const std::string status = m.locked ? "locked" : (m.provisional ? "provisional" : "final");
    row(out, {m.patient_id, "month", format_month(m.month), format_day(first_day_of(m.month)),
              format_day(last_day_of(m.month)), "", std::to_string(m.minutes),
              std::to_string(m.interactive_count), codes_cell(m.codes), status, flags_cell(m.flags)});
  }
  return out;
}

}  // namespace physio::billing
