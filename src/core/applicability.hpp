#pragma once
/// Whether a recording is of the kind a measure is defined for, checked before the measure is given.
///
/// A measure (a repetition score, a Timed Up and Go time, a walking speed) is only meaningful when the
/// recording meets the preconditions the measure was defined and validated under. A check that fails
/// says which precondition failed and what the recording looks like instead ("a Timed Up and Go takes
/// 7-60 s; here 132.9 s pass between the first rise and the last sit: the recording holds other
/// activities"). Results carry it as `"valid": false` plus `"reasons"` in JSON, and the `physio` command
/// exits with kExitNotApplicable instead of printing a number.

#include <string>
#include <utility>
#include <vector>

namespace physio {

/// Exit status of `physio` when the input was read correctly but is not a recording the requested
/// measure applies to (distinct from usage errors 2, missing inputs 3 and bad data 4).
inline constexpr int kExitNotApplicable = 5;

struct Applicability {
  bool valid = true;
  std::vector<std::string> reasons;  ///< one sentence each: the precondition, and what was seen instead

  void refuse(std::string reason) {
    valid = false;
    reasons.push_back(std::move(reason));
  }
  void merge(const Applicability& other) {
    if (!other.valid) valid = false;
    reasons.insert(reasons.end(), other.reasons.begin(), other.reasons.end());
  }
};

}  // namespace physio
