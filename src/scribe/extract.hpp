#pragma once
/// Fact suggestions from a transcript by transparent rules (docs/validation/scribe.md, "Rules"):
/// vocabularies from data/scribe, NegEx-style negation scopes, uncertainty cues, and the clinician's
/// yes/no question answered by the patient's next turn ("Any fever?" - "No." -> fever, negated).
///
/// Inputs: a transcript (any reader). Outputs: facts, one per distinct (kind, value, side, negation), each
/// with every span that says it; red flags first. A question whose answer the rules cannot read gives no
/// fact (a red flag with the wrong polarity is the worst error; docs/validation/scribe.md, "Dialogue").
/// Clinician and patient labels that look swapped are read the other way round (speaker_roles.hpp), and the
/// facts' `speaker` is the role read.

#include <vector>

#include "scribe/facts.hpp"
#include "scribe/transcript.hpp"
#include "scribe/vocabulary.hpp"

namespace physio::scribe {

std::vector<Fact> extract_facts(const Transcript& t, const Vocabulary& vocab);

}  // namespace physio::scribe
