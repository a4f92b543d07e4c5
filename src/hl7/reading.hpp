#pragma once
/// How an inbound message is read: the rules a sender may set (its record number, zone, status and unit
/// words; sender_profile.hpp) and the findings collected on the way, errors and warnings alike, so that one
/// ACK names every problem of a message (one ERR each, severity E or W).
///
/// A warning (W) says what was assumed where the meaning is unambiguous: spaces trimmed from a value, a
/// unit read from its text, an identifier's type defaulted, a status mapped or ignored. An error (E) means
/// the message is not applied.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hl7/datetime.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"

namespace physio::hl7 {

/// Which PID-3 identifier is the clinic's record number (pid.hpp, `choose_record_number`).
struct IdentifierRule {
  std::string authority{};   ///< CX.4.1 (or CX.4.2, an OID) that issues it; empty: any
  std::string type{};        ///< CX.5 that marks it; empty: MR
  std::string untyped_as{};  ///< CX.5 given to identifiers sent without one (a warning each); empty: none
  bool operator==(const IdentifierRule&) const = default;
};

struct ReadRules {
  LocalOffset local = fixed_offset(0);  ///< times without an offset
  IdentifierRule identifier{};
  bool choose_record_number = true;               ///< false: PID-3 is read but no record number is chosen
  std::map<std::string, std::string> statuses{};  ///< SCH-25 as sent -> clinic status or "ignore"
  std::map<std::string, std::string> units{};     ///< duration unit as sent -> min, s, h or d
};

struct Findings {
  std::vector<Issue> errors{};
  std::vector<Issue> warnings{};

  void error(Location where, Condition c, std::string what) {
    errors.push_back(Issue{std::move(where), c, std::move(what)});
  }
  void warn(Location where, Condition c, std::string what) {
    warnings.push_back(Issue{std::move(where), c, std::move(what)});
  }
  bool ok() const { return errors.empty(); }
};

/// `text` without leading and trailing spaces and tabs; a warning at `where` when any were there.
std::string trim_value(std::string text, const Location& where, Findings& f);

/// The unescaped, trimmed value at `seg`-`field`.`component` (repetition `rep`); `sequence` is the
/// segment's occurrence, for the location of a warning.
std::string read_value(const Message& m, const Segment& seg, int field, int component, Findings& f,
                       int rep = 1, int sequence = 1);

}  // namespace physio::hl7
