#include "hl7/message.hpp"

#include <charconv>

#include "hl7/escape.hpp"

namespace physio::hl7 {
namespace {

bool is_upper_or_digit(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// Reads a positive number at the front of `s`; 0 when there is none.
int take_number(std::string_view& s) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || v <= 0 || v > 100000) return 0;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
  return v;
}

/// "[n]" at the front of `s` -> n (and consumes it); 1 when absent; 0 when malformed.
int take_index(std::string_view& s) {
  if (s.empty() || s[0] != '[') return 1;
  s.remove_prefix(1);
  const int v = take_number(s);
  if (v == 0 || s.empty() || s[0] != ']') return 0;
  s.remove_prefix(1);
  return v;
}

bool is_raw_msh_field(const Segment& seg, int field) {
  return seg.name == "MSH" && (field == 1 || field == 2);
}

}  // namespace

std::string Delimiters::encoding_characters() const {
  std::string out;
  for (char c : {component, repetition, escape, subcomponent, truncation}) {
    if (c == '\0') break;
    out += c;
  }
  return out;
}

Field empty_field() {
  return Field{Repetition{Component{std::string()}}};
}

std::optional<Path> parse_path(std::string_view text) {
  Path p;
  if (text.size() < 3 || !(text[0] >= 'A' && text[0] <= 'Z') || !is_upper_or_digit(text[1]) ||
      !is_upper_or_digit(text[2])) {
    return std::nullopt;
  }
  p.segment = std::string(text.substr(0, 3));
  text.remove_prefix(3);
  p.occurrence = take_index(text);
  if (p.occurrence == 0 || text.empty() || text[0] != '-') return std::nullopt;
  text.remove_prefix(1);
  p.field = take_number(text);
  if (p.field == 0) return std::nullopt;
  p.repetition = take_index(text);
  if (p.repetition == 0) return std::nullopt;
  if (!text.empty()) {
    if (text[0] != '.') return std::nullopt;
    text.remove_prefix(1);
    p.component = take_number(text);
    if (p.component == 0) return std::nullopt;
  }
  if (!text.empty()) {
    if (text[0] != '.') return std::nullopt;
    text.remove_prefix(1);
    p.subcomponent = take_number(text);
    if (p.subcomponent == 0) return std::nullopt;
  }
  if (!text.empty()) return std::nullopt;
  return p;
}

const Segment* Message::find(std::string_view name, int occurrence) const {
  int seen = 0;
  for (const Segment& s : segments) {
    if (s.name == name && ++seen == occurrence) return &s;
  }
  return nullptr;
}

Segment* Message::find(std::string_view name, int occurrence) {
  return const_cast<Segment*>(static_cast<const Message&>(*this).find(name, occurrence));
}

int Message::count(std::string_view name) const {
  int n = 0;
  for (const Segment& s : segments) n += s.name == name ? 1 : 0;
  return n;
}

std::string_view Message::raw(const Segment& seg, int field, int component, int subcomponent,
                              int repetition) const {
  if (field < 1 || repetition < 1 || component < 1 || subcomponent < 1) return {};
  const auto f = static_cast<std::size_t>(field - 1);
  if (f >= seg.fields.size()) return {};
  const Field& fl = seg.fields[f];
  const auto r = static_cast<std::size_t>(repetition - 1);
  if (r >= fl.size()) return {};
  const auto c = static_cast<std::size_t>(component - 1);
  if (c >= fl[r].size()) return {};
  const auto s = static_cast<std::size_t>(subcomponent - 1);
  if (s >= fl[r][c].size()) return {};
  return fl[r][c][s];
}

std::string Message::value(const Segment& seg, int field, int component, int subcomponent,
                           int repetition) const {
  const std::string_view text = raw(seg, field, component, subcomponent, repetition);
  if (is_raw_msh_field(seg, field)) return std::string(text);
  return unescape(text, delimiters);
}

int Message::repetitions(const Segment& seg, int field) const {
  if (field < 1 || static_cast<std::size_t>(field) > seg.fields.size()) return 0;
  const Field& f = seg.fields[static_cast<std::size_t>(field - 1)];
  if (f.size() == 1 && f[0].size() == 1 && f[0][0].size() == 1 && f[0][0][0].empty()) return 0;
  return static_cast<int>(f.size());
}

std::string Message::get(std::string_view path) const {
  auto p = parse_path(path);
  return p ? get(*p) : std::string();
}

std::string Message::get(const Path& p) const {
  const Segment* seg = find(p.segment, p.occurrence);
  if (seg == nullptr) return {};
  return value(*seg, p.field, p.component == 0 ? 1 : p.component, p.subcomponent == 0 ? 1 : p.subcomponent,
               p.repetition);
}

bool Message::set(std::string_view path, std::string_view plain) {
  auto p = parse_path(path);
  return p ? set(*p, plain) : false;
}

bool Message::set(const Path& p, std::string_view plain) {
  if (p.field < 1 || p.occurrence < 1 || p.repetition < 1) return false;
  Segment* seg = find(p.segment, p.occurrence);
  if (seg == nullptr) {
    while (count(p.segment) < p.occurrence) segments.push_back(Segment{p.segment, {}});
    seg = find(p.segment, p.occurrence);
  }
  if (is_raw_msh_field(*seg, p.field)) return false;
  const auto f = static_cast<std::size_t>(p.field - 1);
  while (seg->fields.size() <= f) seg->fields.push_back(empty_field());
  Field& fl = seg->fields[f];
  const auto r = static_cast<std::size_t>(p.repetition - 1);
  while (fl.size() <= r) fl.push_back(Repetition{Component{std::string()}});
  const auto c = static_cast<std::size_t>((p.component == 0 ? 1 : p.component) - 1);
  while (fl[r].size() <= c) fl[r].push_back(Component{std::string()});
  const auto s = static_cast<std::size_t>((p.subcomponent == 0 ? 1 : p.subcomponent) - 1);
  while (fl[r][c].size() <= s) fl[r][c].push_back(std::string());
  fl[r][c][s] = escape(plain, delimiters);
  return true;
}

MessageType message_type(const Message& m) {
  MessageType t;
  const Segment* msh = m.find("MSH");
  if (msh == nullptr) return t;
  t.type = m.value(*msh, 9, 1);
  t.trigger = m.value(*msh, 9, 2);
  t.structure = m.value(*msh, 9, 3);
  return t;
}

}  // namespace physio::hl7
