#pragma once
/// One red flag affirmed and denied in the same segment: the affirmation stands. A red flag's concept can
/// join two findings ("numbness_tingling"), and "a little bit of numbing, but nothing tingling" names it both
/// ways in one breath; a suggestion "denies numbness or tingling" beside it would be a red flag of the wrong
/// polarity. Denials said elsewhere in the visit ("no chest pain during your exercises" beside last week's
/// chest pain) are kept: they are about another time or another circumstance.
#include <vector>

#include "scribe/facts.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe::detail {

/// Removes from each denied red flag the spans in a segment where the same red flag (same value and
/// historical flag) is affirmed; a denial left without spans is dropped, one left with others cites the
/// first of them (`said`, from the transcript the spans index).
void affirmed_over_denied(std::vector<Fact>& facts, const Transcript& tr);

}  // namespace physio::scribe::detail
