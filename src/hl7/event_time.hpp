#pragma once
/// Reads an optional DTM field into UTC microseconds: 0 when empty, a data type error (102) naming
/// the field when it is not a DTM. Shared by the inbound mappings.

#include <string_view>

#include "hl7/datetime.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"
#include "hl7/reading.hpp"

namespace physio::hl7 {

/// Component `component` of field `field` of `seg` (a segment of `m`).
Hl7Result<TimeUs> read_time(const Message& m, const Segment& seg, int field, int component,
                            const LocalOffset& local);
/// The same, problems into `f` (0 on an error); spaces around the value are trimmed with a warning.
/// `sequence` is the segment's occurrence, for the location.
TimeUs read_time(const Message& m, const Segment& seg, int field, int component, const LocalOffset& local,
                 Findings& f, int sequence = 1);

}  // namespace physio::hl7
