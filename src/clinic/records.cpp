#include "clinic/records.hpp"

#include <array>
#include <utility>

namespace physio::clinic {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames{{
    {Role::kAdmin, "admin"},
    {Role::kPhysiotherapist, "physiotherapist"},
    {Role::kAssistant, "assistant"},
    {Role::kFrontDesk, "front_desk"},
    {Role::kPatient, "patient"},
}};

}  // namespace

bool is_clinician(Role role) {
  return role == Role::kPhysiotherapist || role == Role::kAssistant;
}

std::string_view to_string(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "patient";  // unreachable for a valid enumerator
}

std::optional<Role> role_from_string(std::string_view text) {
  for (const auto& [r, name] : kRoleNames) {
    if (name == text) return r;
  }
  return std::nullopt;
}

}  // namespace physio::clinic
