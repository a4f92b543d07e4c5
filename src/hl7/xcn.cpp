#include "hl7/xcn.hpp"

#include <algorithm>
#include <array>

namespace physio::hl7 {
namespace {

constexpr std::array<std::string_view, 10> kTitles = {"dr",   "dr.", "mr",  "mr.", "mrs",
                                                      "mrs.", "ms",  "ms.", "mx",  "prof"};
constexpr std::array<std::string_view, 10> kSuffixes = {"jr",  "jr.", "sr",  "sr.", "ii",
                                                        "iii", "iv",  "2nd", "3rd", "junior"};
constexpr std::array<std::string_view, 16> kParticles = {
    "van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "dos", "das", "ten", "ter", "zu"};

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Split on `sep`, each part trimmed, empty parts dropped.
std::vector<std::string> split_trimmed(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    const std::string_view part =
        trimmed(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (!part.empty()) out.emplace_back(part);
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

std::string join_parts(const std::vector<std::string>& parts, std::size_t from, std::size_t to,
                       std::string_view sep) {
  std::string out;
  for (std::size_t i = from; i < to && i < parts.size(); ++i) {
    if (!out.empty()) out += sep;
    out += parts[i];
  }
  return out;
}

/// Lower-case words: runs of ASCII letters and digits, and of any non-ASCII byte (UTF-8 letters).
std::vector<std::string> name_words(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool letter =
        u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
    if (letter) {
      w.push_back(u >= 'A' && u <= 'Z' ? static_cast<char>(u - 'A' + 'a') : c);
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

bool is_title(std::string_view word) {
  const std::string l = lowered(word);
  return std::find(kTitles.begin(), kTitles.end(), l) != kTitles.end();
}

bool is_suffix(std::string_view word) {
  const std::string l = lowered(word);
  return std::find(kSuffixes.begin(), kSuffixes.end(), l) != kSuffixes.end();
}

bool is_particle(std::string_view word) {
  return std::find(kParticles.begin(), kParticles.end(), word) != kParticles.end();
}

std::vector<std::string> joined_words(std::initializer_list<const std::vector<std::string>*> parts) {
  std::vector<std::string> out;
  for (const auto* p : parts) out.insert(out.end(), p->begin(), p->end());
  return out;
}

}  // namespace

Practitioner read_xcn(const Message& m, const Segment& seg, int field, int repetition) {
  Practitioner p;
  p.id = m.value(seg, field, 1, 1, repetition);
  p.family = m.value(seg, field, 2, 1, repetition);
  p.given = m.value(seg, field, 3, 1, repetition);
  p.middle = m.value(seg, field, 4, 1, repetition);
  p.suffix = m.value(seg, field, 5, 1, repetition);
  p.prefix = m.value(seg, field, 6, 1, repetition);
  p.credentials = m.value(seg, field, 21, 1, repetition);
  if (p.credentials.empty()) p.credentials = m.value(seg, field, 7, 1, repetition);
  p.authority = m.value(seg, field, 9, 1, repetition);
  return p;
}

void write_person(Message& m, std::string_view segment, int field, const Practitioner& p, PersonType type) {
  auto put = [&](int component, std::string_view value) {
    if (component == 1 || !value.empty()) m.set(Path{std::string(segment), 1, field, 1, component, 0}, value);
  };
  put(1, p.id);
  put(2, p.family);
  put(3, p.given);
  put(4, p.middle);
  put(5, p.suffix);
  put(6, p.prefix);
  const std::vector<std::string> credentials = split_trimmed(p.credentials, ',');
  if (!credentials.empty()) put(7, credentials.front());
  put(9, p.authority);
  put(type == PersonType::kXcn ? 21 : 23, join_parts(credentials, 0, credentials.size(), ", "));
}

Practitioner split_display_name(std::string_view display) {
  Practitioner p;
  const std::vector<std::string> parts = split_trimmed(display, ',');
  if (parts.empty()) return p;
  std::vector<std::string> head = split_trimmed(parts[0], ' ');
  if (head.size() == 1 && parts.size() > 1) {
    // "Family, Given [Middle][, credentials]"
    p.family = head[0];
    const std::vector<std::string> given = split_trimmed(parts[1], ' ');
    if (!given.empty()) p.given = given[0];
    p.middle = join_parts(given, 1, given.size(), " ");
    p.credentials = join_parts(parts, 2, parts.size(), ", ");
    return p;
  }
  p.credentials = join_parts(parts, 1, parts.size(), ", ");
  if (head.size() > 1 && is_title(head.front())) {
    p.prefix = head.front();
    head.erase(head.begin());
  }
  if (head.size() > 2 && is_suffix(head.back())) {
    p.suffix = head.back();
    head.pop_back();
  }
  if (head.size() == 1) {
    p.family = head[0];
    return p;
  }
  std::size_t family_from = head.size() - 1;
  while (family_from > 1 && is_particle(head[family_from - 1])) --family_from;
  p.family = join_parts(head, family_from, head.size(), " ");
  p.given = head[0];
  p.middle = join_parts(head, 1, family_from, " ");
  return p;
}

bool display_name_matches(std::string_view display, const Practitioner& p) {
  const std::vector<std::string> family = name_words(p.family), given = name_words(p.given),
                                 middle = name_words(p.middle);
  if (family.empty()) return false;
  std::vector<std::string> dropped;
  for (const std::string* s : {&p.prefix, &p.suffix, &p.credentials})
    for (auto& w : name_words(*s)) dropped.push_back(std::move(w));
  // The name part of the display name: before the first comma when a full name stands there (what
  // follows is credentials), else "Family, Given ...".
  const std::vector<std::string> parts = split_trimmed(display, ',');
  if (parts.empty()) return false;
  std::vector<std::string> name = name_words(parts[0]);
  if (split_trimmed(parts[0], ' ').size() == 1 && parts.size() > 1) {
    for (auto& w : name_words(parts[1])) name.push_back(std::move(w));
  }
  std::erase_if(name, [&](const std::string& w) {
    return is_title(w) || is_suffix(w) || std::find(dropped.begin(), dropped.end(), w) != dropped.end();
  });
  if (name.empty()) return false;
  const std::vector<std::vector<std::string>> forms = {
      joined_words({&given, &middle, &family}), joined_words({&given, &family}),
      joined_words({&family, &given, &middle}), joined_words({&family, &given})};
  return std::find(forms.begin(), forms.end(), name) != forms.end();
}

}  // namespace physio::hl7
