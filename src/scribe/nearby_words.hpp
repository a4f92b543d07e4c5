#pragma once
/// What the words around a concept say about it in one sentence or turn, for extract_facts: a report verb
/// before it ("endorsing"), "never ... before" round an injury, a class described ("as a pain reliever") or
/// naming a medicine said beside it, a history trigger. Each function is commented where it is defined.

#include <cstddef>
#include <string>
#include <vector>

#include "scribe/context.hpp"
#include "scribe/text_tokens.hpp"
#include "scribe/vocabulary.hpp"

namespace physio::scribe::detail {

bool is_history_trigger(const ContextTrigger& tr);
bool reported_by_patient(const std::vector<Tok>& t, const Sentence& sen, std::size_t at, const Lexicon& lx);
bool never_before(const std::vector<Tok>& t, const Sentence& sen, std::size_t b, std::size_t e);
bool described_as(const std::vector<Tok>& t, std::size_t first, std::size_t at);
bool class_of_named(const Vocabulary& v, const std::vector<Tok>& t, std::size_t at, const std::string& cls);

}  // namespace physio::scribe::detail
