#include "hl7/parser.hpp"

#include <fmt/format.h>

#include "hl7/escape.hpp"

namespace physio::hl7 {
namespace {

bool is_delimiter_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  return u > 0x20 && u < 0x7f && !alnum;
}

bool is_name_char(char c, bool first) {
  return (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
}

/// A printable excerpt for messages: control bytes as \xNN, at most `max` characters.
std::string shown(std::string_view s, std::size_t max = 20) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02X}", u);
    } else {
      out += s[i];
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  if (sep == '\0') {
    parts.push_back(s);
    return parts;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

Hl7Result<Field> parse_field(std::string_view text, const Delimiters& d, Location where) {
  Field field;
  int r = 0;
  for (std::string_view rep : split(text, d.repetition)) {
    ++r;
    Repetition repetition;
    int c = 0;
    for (std::string_view comp : split(rep, d.component)) {
      ++c;
      Component component;
      int s = 0;
      for (std::string_view sub : split(comp, d.subcomponent)) {
        ++s;
        std::string problem = escape_problem(sub, d);
        if (!problem.empty()) {
          where.repetition = r;
          where.component = c;
          where.subcomponent = s;
          return issue(where, Condition::kDataType, problem);
        }
        component.emplace_back(sub);
      }
      repetition.push_back(std::move(component));
    }
    field.push_back(std::move(repetition));
  }
  return field;
}

/// Splits a segment line into its lines without terminators, skipping empty ones.
std::vector<std::string_view> split_segments(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\r' || text[i] == '\n') {
      if (i > start) lines.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return lines;
}

}  // namespace

Hl7Result<Delimiters> parse_delimiters(std::string_view line) {
  Location msh{"MSH", 1, 1, 0, 0, 0, 1};
  if (line.size() < 3 || line.substr(0, 3) != "MSH") {
    return issue(Location{"MSH", 1, 0, 0, 0, 0, 1}, Condition::kSegmentSequence,
                 fmt::format("the message must start with an MSH segment, found '{}'", shown(line)));
  }
  if (line.size() < 4) return issue(msh, Condition::kRequiredFieldMissing, "no field separator");
  Delimiters d;
  d.field = line[3];
  if (!is_delimiter_char(d.field)) {
    return issue(msh, Condition::kDataType,
                 fmt::format("'{}' cannot be a field separator", shown(line.substr(3, 1))));
  }
  msh.field = 2;
  std::string_view enc = line.substr(4);
  enc = enc.substr(0, enc.find(d.field));
  if (enc.empty()) return issue(msh, Condition::kRequiredFieldMissing, "no encoding characters");
  if (enc.size() > 5) {
    return issue(msh, Condition::kDataType,
                 fmt::format("'{}' has more than five encoding characters", shown(enc)));
  }
  std::string seen(1, d.field);
  for (char c : enc) {
    if (!is_delimiter_char(c)) {
      return issue(msh, Condition::kDataType,
                   fmt::format("'{}' cannot be an encoding character", shown(std::string_view(&c, 1))));
    }
    if (seen.find(c) != std::string::npos) {
      return issue(msh, Condition::kDataType,
                   fmt::format("encoding characters '{}' repeat '{}'", shown(enc), c));
    }
    seen += c;
  }
  char* slots[] = {&d.component, &d.repetition, &d.escape, &d.subcomponent, &d.truncation};
  for (std::size_t i = 0; i < 5; ++i) *slots[i] = i < enc.size() ? enc[i] : '\0';
  return d;
}

Hl7Result<Message> parse_message(std::string_view text) {
  const std::vector<std::string_view> lines = split_segments(text);
  if (lines.empty()) {
    return issue(Location{"MSH", 1, 0, 0, 0, 0, 1}, Condition::kSegmentSequence,
                 "the message is empty (no MSH segment)");
  }
  Message m;
  m.delimiters = PHYSIO_TRY(parse_delimiters(lines[0]));
  const Delimiters& d = m.delimiters;
  std::vector<std::pair<std::string, int>> seen_counts;
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const std::string_view line = lines[li];
    const int position = static_cast<int>(li + 1);
    Location where{"", 1, 0, 0, 0, 0, position};
    if (line.size() < 3 || !is_name_char(line[0], true) || !is_name_char(line[1], false) ||
        !is_name_char(line[2], false) || (line.size() > 3 && line[3] != d.field)) {
      const std::string_view name = line.substr(0, line.find(d.field));
      where.segment = std::string(line.substr(0, 3));
      return issue(where, Condition::kSegmentSequence,
                   fmt::format("'{}' is not a segment name (three characters A-Z, 0-9)", shown(name)));
    }
    Segment seg{std::string(line.substr(0, 3)), {}};
    int occurrence = 1;
    for (auto& [name, n] : seen_counts) {
      if (name == seg.name) occurrence = ++n;
    }
    if (occurrence == 1) seen_counts.emplace_back(seg.name, 1);
    where.segment = seg.name;
    where.sequence = occurrence;
    if (seg.name == "MSH" && li > 0) {
      return issue(where, Condition::kSegmentSequence, "a second MSH segment (batches are not supported)");
    }
    std::string_view rest = line.size() > 3 ? line.substr(4) : std::string_view();
    int first_field = 1;
    if (li == 0) {
      const std::string enc = d.encoding_characters();
      seg.fields.push_back(Field{Repetition{Component{std::string(1, d.field)}}});
      seg.fields.push_back(Field{Repetition{Component{enc}}});
      first_field = 3;
      rest = rest.substr(enc.size());
      if (rest.empty()) {
        m.segments.push_back(std::move(seg));
        continue;
      }
      rest.remove_prefix(1);  // the field separator after MSH-2
    }
    if (line.size() > 3) {
      int n = first_field;
      for (std::string_view ftext : split(rest, d.field)) {
        where.field = n++;
        seg.fields.push_back(PHYSIO_TRY(parse_field(ftext, d, where)));
      }
    }
    m.segments.push_back(std::move(seg));
  }
  return m;
}

}  // namespace physio::hl7
