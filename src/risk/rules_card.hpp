#pragma once
/// The card of the rules physiokit applies without a fitted model (what a flag's "card" link opens for a
/// rule): each rule, its cut-off, its source, its published accuracy where the source gives one, and what it
/// is not. Generated from the rules themselves (predict/rules.hpp), so the card cannot drift from the code.

#include <string>

namespace physio::risk {

std::string rules_card_markdown();

}  // namespace physio::risk
