#pragma once
/// Reads an optional DTM field into UTC microseconds: 0 when empty, a data type error (102) naming
/// the field when it is not a DTM. Shared by the inbound mappings.

#include <string_view>

#include "hl7/datetime.hpp"
#include "hl7/issue.hpp"
#include "hl7/message.hpp"

namespace physio::hl7 {

/// Component `component` of field `field` of `seg` (a segment of `m`).
Hl7Result<TimeUs> read_time(const Message& m, const Segment& seg, int field, int component,
                            const LocalOffset& local);

}  // namespace physio::hl7
