#pragma once
/// The HL7 v2 message as a tree of encoded text: message -> segments -> fields -> repetitions ->
/// components -> subcomponents.
///
/// Leaves hold the text as it travels (escape sequences kept, e.g. "O\T\Brien"), so that
/// serialize(parse(text)) == text byte for byte; `value()` / `get()` unescape on the way out and
/// `set()` escapes on the way in. Nothing is trimmed: empty trailing components, repetitions and
/// fields survive a round trip, and a field beyond a segment's end reads as "".
///
/// Numbering follows the standard: field n of a segment is `fields[n - 1]`. For MSH, field 1 is
/// the field separator and field 2 the encoding characters, both kept as one raw leaf, so MSH-9
/// is `fields[8]` as everywhere else.
///
/// Paths ("PID-5.1", "PID-3[2].4", "OBX[2]-5", "PID-11[1].1.2"): segment [occurrence] - field
/// [repetition] . component . subcomponent, all 1-based. A path that stops above the leaf level
/// means the first component / subcomponent, so "PID-7" reads a one-component field.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace physio::hl7 {

/// The separators a message declares in MSH-1 and MSH-2. '\0' marks one that is not declared.
struct Delimiters {
  char field = '|';
  char component = '^';
  char repetition = '~';
  char escape = '\\';
  char subcomponent = '&';
  char truncation = '\0';  ///< HL7 2.7's fifth encoding character, kept but not interpreted

  /// MSH-2 text: "^~\&" (and the truncation character when set).
  std::string encoding_characters() const;
  bool operator==(const Delimiters&) const = default;
};

using Component = std::vector<std::string>;  ///< subcomponents, encoded text; never empty
using Repetition = std::vector<Component>;   ///< components; never empty
using Field = std::vector<Repetition>;       ///< repetitions; never empty

/// An empty field: one repetition of one component of one empty subcomponent.
Field empty_field();

struct Segment {
  std::string name{};           ///< three characters: "MSH", "PID", "ZPD"
  std::vector<Field> fields{};  ///< field n at [n - 1]

  bool operator==(const Segment&) const = default;
};

/// A parsed element address. Numbers are 1-based; component / subcomponent 0 = not given.
struct Path {
  std::string segment{};
  int occurrence = 1;
  int field = 0;
  int repetition = 1;
  int component = 0;
  int subcomponent = 0;
};

/// "PID-3[2].4.1" -> Path, or nullopt when the text is not a path.
std::optional<Path> parse_path(std::string_view text);

struct Message {
  Delimiters delimiters{};
  std::vector<Segment> segments{};

  /// The n-th (1-based) segment called `name`, or nullptr.
  const Segment* find(std::string_view name, int occurrence = 1) const;
  Segment* find(std::string_view name, int occurrence = 1);
  /// How many segments are called `name`.
  int count(std::string_view name) const;

  /// The unescaped text at a leaf of `seg` (which must belong to this message); "" when absent.
  /// MSH-1 and MSH-2 come back raw.
  std::string value(const Segment& seg, int field, int component = 1, int subcomponent = 1,
                    int repetition = 1) const;
  /// The encoded text at a leaf; "" when absent.
  std::string_view raw(const Segment& seg, int field, int component = 1, int subcomponent = 1,
                       int repetition = 1) const;
  /// Repetitions present in a field (0 when the field is absent or empty).
  int repetitions(const Segment& seg, int field) const;

  /// value() addressed by a path; "" when the path is invalid or absent.
  std::string get(std::string_view path) const;
  std::string get(const Path& path) const;
  /// Escapes `plain` and stores it at the path, growing segments / fields / repetitions /
  /// components as needed (a missing segment is appended). False when the path is invalid or
  /// names MSH-1 / MSH-2, which only the delimiters decide.
  bool set(std::string_view path, std::string_view plain);
  bool set(const Path& path, std::string_view plain);

  bool operator==(const Message&) const = default;
};

/// The message type, trigger event and structure from MSH-9 ("ADT", "A04", "ADT_A01").
struct MessageType {
  std::string type{};
  std::string trigger{};
  std::string structure{};
};
MessageType message_type(const Message& m);

}  // namespace physio::hl7
