#pragma once
/// Words read by the complaint of the visit, over the whole visit's suggestions.
///
/// - Vomiting is a red flag only in a headache (or head injury) visit, a symptom otherwise (the annotation
///   guideline, docs/validation/scribe-guideline.md): with a head pain site said present, a vomiting symptom
///   or its denial becomes the red flag.
/// - A bowel change is the red flag of incontinence or a new change in habit. In a visit whose complaint is
///   diarrhoea or constipation (the symptom said present), the bowels' plain words ("are your stools more
///   loose?" - "yes", "my bowel movements") describe that complaint, which is already suggested: a bowel
///   change said present only in those words is not suggested again as a red flag. Its own words
///   (incontinence, "can't control my bowels", "soiling") and every denial stay.
/// - In that visit, mucus is mucus in the stool ("any blood or mucus in it?"), not sputum.
#include <vector>

#include "scribe/facts.hpp"
#include "scribe/transcript.hpp"

namespace physio::scribe::detail {

void read_by_the_complaint(std::vector<Fact>& facts, const Transcript& tr);

}  // namespace physio::scribe::detail
