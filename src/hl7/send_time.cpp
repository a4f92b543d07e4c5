#include "hl7/send_time.hpp"

#include "hl7/parser.hpp"
#include "hl7/serializer.hpp"

namespace physio::hl7 {
namespace {

void set_hd(Message& m, int field, const std::string& setting) {
  if (setting.empty()) return;
  Segment* msh = m.find("MSH");
  if (msh == nullptr) return;
  // The whole field replaced: components of an earlier value must not survive.
  if (static_cast<int>(msh->fields.size()) >= field)
    msh->fields[static_cast<std::size_t>(field - 1)] = empty_field();
  int k = 0;
  std::size_t start = 0;
  for (;;) {
    ++k;
    const std::size_t at = setting.find('^', start);
    const std::string part = setting.substr(start, at == std::string::npos ? std::string::npos : at - start);
    if (!part.empty()) m.set(Path{"MSH", 1, field, 1, k, 0}, part);
    if (at == std::string::npos) break;
    start = at + 1;
  }
}

}  // namespace

std::string fill_at_send(std::string_view queued, const OutboundSettings& settings) {
  auto m = parse_message(queued);
  if (!m) return std::string(queued);
  set_hd(*m, 5, settings.receiving_application);
  set_hd(*m, 6, settings.receiving_facility);
  if (!settings.mrn_authority.empty()) {
    for (int n = 1; n <= m->count("PID"); ++n) {
      const Segment* pid = m->find("PID", n);
      const int reps = m->repetitions(*pid, 3);
      for (int r = 1; r <= reps; ++r) {
        if (m->value(*pid, 3, 5, 1, r) == "MR" && m->value(*pid, 3, 4, 1, r).empty())
          m->set(Path{"PID", n, 3, r, 4, 0}, settings.mrn_authority);
      }
    }
  }
  return serialize(*m);
}

}  // namespace physio::hl7
