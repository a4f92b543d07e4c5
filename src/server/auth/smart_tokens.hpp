#pragma once
/// SMART on FHIR's shared pieces behind the OAuth routes (docs/server/smart.md): the server's id_token key
/// (made at first start, mode 0600), the URLs a request sees (FHIR base, token endpoint), client
/// authentication with a signed assertion (private_key_jwt, RFC 7523 as SMART Backend Services profiles
/// it), token minting, and the audit event of an OAuth step.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/error.hpp"
#include "server/auth/jwks_source.hpp"
#include "server/http/context.hpp"
#include "store/smart.hpp"

namespace physio::server {

/// The server's private JWK for id_tokens: the `smart-signing-key` file, or <data>/smart/id-token-key.json,
/// generated (RSA 2048) at first use and written 0600.
Result<std::string> smart_signing_key(const Settings& settings);

/// The key sets apps registered by URL, fetched with the `smart-jwks-ca-file` trust anchors beside the
/// system's; one cache for the process (the settings of its first call).
JwksSource& app_key_sets(const Settings& settings);

/// "http(s)://host" of this request.
std::string request_origin(const RequestContext& ctx);
/// The token endpoint's URL: the `aud` of a client assertion.
std::string token_endpoint(const RequestContext& ctx);

/// Checks the `client_assertion` of a form against the client's JWKS (registered, or fetched from its
/// jwks_uri): the jwt-bearer assertion type,
/// iss = sub = client_id, aud = the token endpoint, exp present and at most 5 minutes ahead, a jti never
/// used before (kept until exp). The refusal's description in words.
Result<void> verify_client_assertion(RequestContext& ctx, const store::SmartClientRow& client,
                                     const nlohmann::json& form);
/// The client a token-endpoint request authenticates as: `client_id` for public clients, the assertion's
/// issuer for asymmetric ones. The OAuth error answer when it cannot.
std::variant<store::SmartClientRow, net::Response> authenticate_client(RequestContext& ctx,
                                                                       const nlohmann::json& form);

/// An audit event of an OAuth step: the user (or app), the client and scopes in the detail.
store::AuditEventInput smart_audit(const RequestContext& ctx, std::string_view action,
                                   std::string_view clinic_id, std::string_view actor_id,
                                   std::string_view patient_id, std::string_view client_id,
                                   std::string_view scope, std::string_view outcome = "success");

}  // namespace physio::server
