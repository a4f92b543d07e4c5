#pragma once
// Internal to note.cpp and note_json.cpp: the JSON of a note's signed content.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "notes/note.hpp"

namespace physio::notes::detail {

/// {"author_id", "created_us", "episode_id", "id", "patient_id", "sections", "signed_by", "signed_us",
///  "window"}: what a signature covers.
nlohmann::json content_json(const Note& note, std::string_view signer_id, TimeUs signed_us);
nlohmann::json sections_json(const std::vector<Section>& sections);
/// Sorted keys (nlohmann::json keeps objects in a std::map), no whitespace, invalid UTF-8 replaced.
std::string canonical_dump(const nlohmann::json& j);

}  // namespace physio::notes::detail
