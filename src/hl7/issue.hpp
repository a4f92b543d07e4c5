#pragma once
/// What went wrong with an HL7 v2 message, and where: the value every parse, check and mapping
/// step of this module fails with.
///
/// An `Issue` carries what an ACK's ERR segment needs (HL7 2.5 ERR-2 location, ERR-3 condition
/// from table 0357) and renders as one line that names the place first:
///   "PID-7: '2023-13-45' is not a DTM date"
///   "PID-3 (segment 3): bad escape '\Q\'"          (parse errors also give the segment's position)
/// `Hl7Result<T>` is `std::expected<T, Issue>`; `to_error()` turns an Issue into the project's
/// `physio::Error` for callers that speak `Result<T>`. The structured location is why this module
/// does not fail with `physio::Error` directly: the ACK must point at segment and field.

#include <expected>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace physio::hl7 {

/// HL7 table 0357 (message error condition codes) as used here.
enum class Condition {
  kSegmentSequence = 100,  ///< a segment missing, out of order or not a segment at all
  kRequiredFieldMissing = 101,
  kDataType = 102,    ///< a value that does not follow its data type (date, escape, number)
  kTableValue = 103,  ///< a coded value outside its table (sex, status, Y/N)
  kUnsupportedMessageType = 200,
  kUnsupportedEvent = 201,
  kUnsupportedProcessingId = 202,
  kUnsupportedVersion = 203,
  kRecordLocked = 206,  ///< the record may not be changed (an erased or restricted patient)
  kInternal = 207,      ///< the application failed although the message was fine
};

/// The number of a condition (101) and its table 0357 text ("Required field missing").
int condition_code(Condition c);
std::string_view condition_text(Condition c);

/// ERR-2 (ERL): where in the message. Numbers are 1-based; 0 means "not known / whole element".
struct Location {
  std::string segment{};  ///< "PID"; empty when the message itself is the problem
  int sequence = 1;       ///< which occurrence of that segment (OBX 2 is the second OBX)
  int field = 0;
  int repetition = 0;
  int component = 0;
  int subcomponent = 0;
  int position = 0;  ///< the segment's place in the message (1 = MSH); parse errors set it

  /// "PID-5.1", "OBX[2]-5", "PID-3[2].4", "MSH"; "message" when no segment is known.
  std::string to_string() const;
  bool operator==(const Location&) const = default;
};

struct Issue {
  Location where{};
  Condition condition = Condition::kDataType;
  std::string what{};  ///< the problem in words, without the location

  /// "PID-7: '2023-13-45' is not a DTM date"; parse errors add " (segment 3)" after the place.
  std::string to_string() const;
  /// kParse / kUnsupported / kInternal with `to_string()` as the message.
  Error to_error() const;
  bool operator==(const Issue&) const = default;
};

template <typename T>
using Hl7Result = std::expected<T, Issue>;

/// Builds an unexpected Issue.
inline std::unexpected<Issue> issue(Location where, Condition c, std::string what) {
  return std::unexpected(Issue{std::move(where), c, std::move(what)});
}

}  // namespace physio::hl7
