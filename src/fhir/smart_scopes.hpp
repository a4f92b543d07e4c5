#pragma once
/// SMART on FHIR scopes as pure rules (docs/server/smart.md): parsing v2 (`patient/Observation.rs`, `.cruds`
/// subsets) and v1 (`.read`, `.write`, `.*`, mapped to v2), the grant a request ends with (unknown scopes
/// dropped, resource scopes limited to the app's registered ones and to the kind of client), whether a grant
/// allows an interaction on a type and whether that permission is bound to the launch patient, and each
/// scope in plain words for the consent screen. A grant only narrows what the user's role already allows.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace physio::fhir {

enum class ScopeContext { kPatient, kUser, kSystem };

/// One resource scope: context, type ("*" for all) and the interactions (a subset of "cruds", in order).
struct ResourceScope {
  ScopeContext context = ScopeContext::kPatient;
  std::string type{};
  std::string perms{};  ///< e.g. "rs"
};

/// Parses one resource scope; nullopt for anything else (launch, openid, unknown or malformed text, and
/// v2 granular scopes with a `?` query, which are not supported).
std::optional<ResourceScope> parse_resource_scope(std::string_view scope);
/// The scope in its v2 form (`patient/Observation.rs`).
std::string to_string(const ResourceScope& s);

/// The grant of an authorization: the scopes kept, space-separated, in the order requested, each once.
/// `registered` are the app's allowed scopes (resource scopes compared by coverage: `patient/*.rs` covers
/// `patient/Observation.r`); `backend` keeps only `system/` scopes, otherwise `system/` is dropped. v1 scopes
/// are returned in their v2 form.
std::string grant_scopes(std::string_view requested, std::string_view registered, bool backend);

/// A refresh's scope (RFC 6749 section 6): `asked` in v2 form when every scope in it is within `granted`
/// (resource scopes by coverage: `patient/*.rs` covers `patient/Observation.r`; other words by presence);
/// nullopt when one is not (the refresh is refused with invalid_scope, never silently narrowed further).
std::optional<std::string> narrow_scopes(std::string_view asked, std::string_view granted);

/// True when `granted` (space-separated) contains the scope `word` itself (openid, fhirUser, launch, ...).
bool has_scope(std::string_view granted, std::string_view word);

/// What a grant allows for one interaction ('c', 'r', 'u', 'd' or 's') on `type`.
enum class ScopeDecision {
  kDenied,        ///< no scope covers it: 403
  kAnyPatient,    ///< a user/ or system/ scope covers it: the user's own reach applies
  kLaunchPatient  ///< only a patient/ scope covers it: the launch patient's compartment only
};
ScopeDecision scope_allows(std::string_view granted, std::string_view type, char interaction);

/// True when the grant holds a patient/ resource scope (it then needs a patient in context).
bool needs_patient(std::string_view granted);

/// One scope in words for the consent screen ("Read and search your observations"); "" for a scope that is
/// not shown on its own. `patient_words` names whose records ("this patient's", "your").
std::string describe_scope(std::string_view scope, std::string_view patient_words);

}  // namespace physio::fhir
