#include "hl7/serializer.hpp"

namespace physio::hl7 {
namespace {

// A delimiter that the message does not declare cannot separate anything: only the first element
// is written (hand-built messages only; parsed ones never hold more).
template <typename T, typename Write>
void join(const std::vector<T>& parts, char sep, std::string& out, Write write) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      if (sep == '\0') break;
      out += sep;
    }
    write(parts[i]);
  }
}

}  // namespace

std::string serialize_field(const Field& f, const Delimiters& d) {
  std::string out;
  join(f, d.repetition, out, [&](const Repetition& r) {
    join(r, d.component, out,
         [&](const Component& c) { join(c, d.subcomponent, out, [&](const std::string& s) { out += s; }); });
  });
  return out;
}

std::string serialize_segment(const Segment& s, const Delimiters& d) {
  std::string out = s.name;
  std::size_t first = 0;
  if (s.name == "MSH") {
    out += d.field;
    out += d.encoding_characters();
    first = 2;
  }
  for (std::size_t i = first; i < s.fields.size(); ++i) {
    out += d.field;
    out += serialize_field(s.fields[i], d);
  }
  return out;
}

std::string serialize(const Message& m) {
  std::string out;
  for (const Segment& s : m.segments) {
    out += serialize_segment(s, m.delimiters);
    out += '\r';
  }
  return out;
}

}  // namespace physio::hl7
