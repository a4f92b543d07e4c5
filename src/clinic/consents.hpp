#pragma once
/// The consent register's vocabulary (docs/server/patient-admin.md, "Consents"): what each kind covers,
/// how a consent can be given or withdrawn, and the current state of each kind from a patient's register
/// (every row is kept; the latest row of a kind is in force).

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "clinic/records.hpp"

namespace physio::clinic {

struct ConsentKind {
  std::string_view id;      ///< as stored: "telehealth"
  std::string_view name;    ///< as shown: "Video and camera sessions"
  std::string_view covers;  ///< one sentence a patient reads
};

/// Every kind the register records, in the order the pages list them.
std::span<const ConsentKind> consent_kinds();
const ConsentKind* find_consent_kind(std::string_view id);

/// How a consent is given or withdrawn: "in_person_signed", "in_person_verbal", "phone", "online".
std::span<const std::string_view> consent_methods();

/// The row in force for `kind` (the latest recorded), if any.
std::optional<Consent> current_consent(const std::vector<Consent>& register_rows, std::string_view kind);

/// True when the row in force for `kind` says given.
bool consent_given(const std::vector<Consent>& register_rows, std::string_view kind);

}  // namespace physio::clinic
