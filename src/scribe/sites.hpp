#pragma once
/// Pain sites' sides over the whole visit, after the facts are read: a site said once with its side and
/// elsewhere without is one fact; a site said without a side takes the one side the visit names it on.
#include <vector>

#include "scribe/facts.hpp"
#include "scribe/text_tokens.hpp"
#include "scribe/vocabulary.hpp"

namespace physio::scribe::detail {

/// "right" at toks[k] said of place, not of side: "right at the shoulder", "right in my back", "right here",
/// "right now".
bool right_of_place(const std::vector<Tok>& toks, std::size_t k);
/// "my knee hurts" ... "the right knee": one fact; dropped when the visit names the site on two sides (the
/// sided facts carry it).
void merge_unsided_sites(std::vector<Fact>& facts);
/// "the inside of my knee hurts" ... "your right knee still looks swollen": the knee is the right one.
void sides_from_the_visit(std::vector<Fact>& facts, const std::vector<std::vector<Tok>>& toks,
                          const Vocabulary& vocab);

}  // namespace physio::scribe::detail
