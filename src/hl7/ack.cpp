#include "hl7/ack.hpp"

#include <fmt/format.h>

#include "hl7/escape.hpp"

namespace physio::hl7 {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    if (at == std::string_view::npos) break;
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(s.substr(start));
  return parts;
}

}  // namespace

std::string_view to_string(AckCode code) {
  switch (code) {
    case AckCode::kAccept:
      return "AA";
    case AckCode::kError:
      return "AE";
    case AckCode::kReject:
      return "AR";
  }
  return "AR";
}

AckContext ack_context(const Message& received) {
  AckContext c;
  const Segment* msh = received.find("MSH");
  if (msh == nullptr) return c;
  c.control_id = received.value(*msh, 10);
  c.trigger = received.value(*msh, 9, 2);
  c.sending_application = received.value(*msh, 3);
  c.sending_facility = received.value(*msh, 4);
  const std::size_t app_parts = msh->fields.size() > 2 ? msh->fields[2].front().size() : 0;
  const std::size_t fac_parts = msh->fields.size() > 3 ? msh->fields[3].front().size() : 0;
  for (std::size_t k = 1; k <= app_parts; ++k)
    c.sending_application_hd.push_back(received.value(*msh, 3, static_cast<int>(k)));
  for (std::size_t k = 1; k <= fac_parts; ++k)
    c.sending_facility_hd.push_back(received.value(*msh, 4, static_cast<int>(k)));
  c.processing_id = received.value(*msh, 11);
  c.version = received.value(*msh, 12);
  return c;
}

AckContext salvage_ack_context(std::string_view text) {
  AckContext c;
  const std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  if (line.size() < 8 || line.substr(0, 3) != "MSH") return c;
  Delimiters d;
  d.field = line[3];
  const std::vector<std::string_view> fields = split(line.substr(4), d.field);
  // fields[0] is MSH-2; MSH-n is fields[n - 2].
  const std::string_view enc = fields[0];
  d.component = !enc.empty() ? enc[0] : '\0';
  d.repetition = enc.size() > 1 ? enc[1] : '\0';
  d.escape = enc.size() > 2 ? enc[2] : '\0';
  d.subcomponent = enc.size() > 3 ? enc[3] : '\0';
  auto field = [&](std::size_t n, std::size_t component) -> std::string {
    if (n - 2 >= fields.size()) return "";
    std::vector<std::string_view> comps = d.component != '\0' && d.component != d.field
                                              ? split(fields[n - 2], d.component)
                                              : std::vector<std::string_view>{fields[n - 2]};
    if (component - 1 >= comps.size()) return "";
    std::string v = unescape(comps[component - 1], d);
    if (v.size() > 200) v.resize(200);
    return v;
  };
  c.sending_application = field(3, 1);
  c.sending_facility = field(4, 1);
  auto whole = [&](std::size_t n) {
    std::vector<std::string> out;
    if (n - 2 >= fields.size()) return out;
    const std::size_t parts =
        d.component != '\0' && d.component != d.field ? split(fields[n - 2], d.component).size() : 1;
    for (std::size_t k = 1; k <= parts && k <= 3; ++k) out.push_back(field(n, k));
    return out;
  };
  c.sending_application_hd = whole(3);
  c.sending_facility_hd = whole(4);
  c.trigger = field(9, 2);
  c.control_id = field(10, 1);
  c.processing_id = field(11, 1);
  c.version = field(12, 1);
  return c;
}

Message build_ack(const AckContext& received, AckCode code, const std::vector<Issue>& errors,
                  HeaderParams ours, const std::vector<Issue>& warnings) {
  ours.receiving_application = received.sending_application;
  ours.receiving_facility = received.sending_facility;
  const std::string& p = received.processing_id;
  ours.processing_id = (p == "P" || p == "T" || p == "D") ? p : "P";
  ours.version = ack_version(received.version, ours.version);
  Message m = new_message(ours, "ACK", received.trigger, "ACK");
  // MSH-5/6 whole (an HD is namespace^universal id^its type): cut to the first component, an
  // OID-qualified sender no longer recognises the ACK as its own.
  for (const auto& [field, parts] :
       {std::pair{5, &received.sending_application_hd}, std::pair{6, &received.sending_facility_hd}}) {
    for (std::size_t k = 2; k <= parts->size(); ++k)
      if (!(*parts)[k - 1].empty()) m.set(Path{"MSH", 1, field, 1, static_cast<int>(k), 0}, (*parts)[k - 1]);
  }
  struct Noted {
    const Issue* noted;
    bool warning;
  };
  std::vector<Noted> issues;
  for (const Issue& i : errors) issues.push_back({&i, false});
  for (const Issue& i : warnings) issues.push_back({&i, true});
  m.set("MSA-1", to_string(code));
  m.set("MSA-2", received.control_id);
  // Before 2.5 the ERR segment has only ERR-1 (ELD), repeated per issue, and MSA-3 / MSA-6 carry the
  // text and the code.
  const bool eld = ours.version == "2.3" || ours.version == "2.3.1" || ours.version == "2.4";
  if (eld) {
    // MSA-3 / MSA-6 are the error condition: set for the first error only, never for a warning of an AA.
    if (!errors.empty()) {
      const Issue& first = errors.front();
      m.set("MSA-3", first.to_string());
      m.set("MSA-6.1", fmt::format("{}", condition_code(first.condition)));
      m.set("MSA-6.2", condition_text(first.condition));
      m.set("MSA-6.3", "HL70357");
    }
    if (!issues.empty()) m.segments.push_back(Segment{"ERR", {}});
    int rep = 0;
    for ([[maybe_unused]] const auto& [noted, warning] : issues) {
      const Issue& i = *noted;
      ++rep;
      auto at = [rep](int component, int sub) { return Path{"ERR", 1, 1, rep, component, sub}; };
      const Location& w = i.where;
      m.set(at(1, 0), w.segment);
      if (!w.segment.empty()) m.set(at(2, 0), fmt::format("{}", w.sequence));
      if (w.field > 0) m.set(at(3, 0), fmt::format("{}", w.field));
      m.set(at(4, 1), fmt::format("{}", condition_code(i.condition)));
      m.set(at(4, 2), condition_text(i.condition));
      m.set(at(4, 3), "HL70357");
    }
    return m;
  }
  int n = 0;
  for (const auto& [noted, warning] : issues) {
    const Issue& i = *noted;
    ++n;
    auto at = [n](int field, int component) { return Path{"ERR", n, field, 1, component, 0}; };
    m.segments.push_back(Segment{"ERR", {}});
    const Location& w = i.where;
    if (!w.segment.empty()) {
      m.set(at(2, 1), w.segment);
      m.set(at(2, 2), fmt::format("{}", w.sequence));
      if (w.field > 0) m.set(at(2, 3), fmt::format("{}", w.field));
      if (w.field > 0 && (w.repetition > 0 || w.component > 0)) {
        m.set(at(2, 4), fmt::format("{}", w.repetition > 0 ? w.repetition : 1));
      }
      if (w.field > 0 && w.component > 0) m.set(at(2, 5), fmt::format("{}", w.component));
      if (w.field > 0 && w.component > 0 && w.subcomponent > 0) {
        m.set(at(2, 6), fmt::format("{}", w.subcomponent));
      }
    }
    m.set(at(3, 1), fmt::format("{}", condition_code(i.condition)));
    m.set(at(3, 2), condition_text(i.condition));
    m.set(at(3, 3), "HL70357");
    m.set(at(4, 0), warning ? "W" : "E");
    m.set(at(8, 0), i.to_string());
  }
  return m;
}

}  // namespace physio::hl7
