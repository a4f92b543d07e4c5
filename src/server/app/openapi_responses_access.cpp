// The answers of sign-in, SMART on FHIR and OAuth, the patient-facing links (questionnaire, calendar), the
// test clock and this API's own document.
// Keyed by "METHOD pattern"; each text is the JSON Schema of the successful answer (openapi_responses.hpp).
#include <array>

#include "server/app/openapi_responses.hpp"

namespace physio::server {

namespace {

constexpr std::array kAccessSchemas = {
    ResponseSchemaText{"GET /.well-known/smart-configuration", R"json({
      "type": "object",
      "required": [
        "authorization_endpoint", "capabilities", "code_challenge_methods_supported",
        "grant_types_supported", "id_token_signing_alg_values_supported", "introspection_endpoint",
        "issuer", "jwks_uri", "management_endpoint", "response_types_supported", "revocation_endpoint",
        "scopes_supported", "token_endpoint", "token_endpoint_auth_methods_supported",
        "token_endpoint_auth_signing_alg_values_supported"
      ],
      "properties": {
        "authorization_endpoint": {"type": "string"},
        "capabilities": {"type": "array", "items": {"type": "string"}},
        "code_challenge_methods_supported": {"type": "array", "items": {"type": "string"}},
        "grant_types_supported": {"type": "array", "items": {"type": "string"}},
        "id_token_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}},
        "introspection_endpoint": {"type": "string"},
        "issuer": {"type": "string"},
        "jwks_uri": {"type": "string"},
        "management_endpoint": {"type": "string"},
        "response_types_supported": {"type": "array", "items": {"type": "string"}},
        "revocation_endpoint": {"type": "string"},
        "scopes_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint": {"type": "string"},
        "token_endpoint_auth_methods_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint_auth_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}}
      }
    })json"},
    ResponseSchemaText{"POST /api/login", R"json({
      "type": "object",
      "required": ["csrf_token", "user"],
      "properties": {
        "csrf_token": {"type": "string"},
        "user": {"$ref": "#/components/schemas/User"},
        "recovery_codes": {
          "type": "array",
          "items": {"type": "string"},
          "description": "made when the second factor was just set up; shown this once"
        },
        "recovery_codes_left": {"type": "integer", "description": "after signing in with a recovery code"}
      }
    })json"},
    ResponseSchemaText{"POST /api/logout", R"json({"$ref": "#/components/schemas/Status"})json"},
    ResponseSchemaText{"POST /api/password/forgot", R"json({"$ref": "#/components/schemas/Status"})json"},
    ResponseSchemaText{"POST /api/password/set", R"json({
      "type": "object",
      "description": "signed in (a login without a second factor: the session cookie is set), or told to sign in",
      "required": ["signed_in"],
      "properties": {
        "signed_in": {"type": "boolean"},
        "csrf_token": {"type": "string"},
        "user": {"$ref": "#/components/schemas/User"},
        "email": {"type": "string"},
        "status": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/invite",
                       R"json({"$ref": "#/components/schemas/Invitation"})json"},
    ResponseSchemaText{"POST /api/staff/invite", R"json({"$ref": "#/components/schemas/Invitation"})json"},
    ResponseSchemaText{"GET /api/me/recovery-codes", R"json({
      "type": "object",
      "required": ["second_factor", "left"],
      "properties": {"second_factor": {"type": "boolean"}, "left": {"type": "integer", "minimum": 0}}
    })json"},
    ResponseSchemaText{"POST /api/me/recovery-codes", R"json({
      "type": "object",
      "description": "the new codes, shown this once",
      "required": ["recovery_codes", "left"],
      "properties": {
        "recovery_codes": {"type": "array", "items": {"type": "string"}},
        "left": {"type": "integer", "minimum": 0}
      }
    })json"},
    ResponseSchemaText{"GET /api/me", R"json({
      "type": "object",
      "required": ["csrf_token", "user"],
      "properties": {"csrf_token": {"type": "string"}, "user": {"$ref": "#/components/schemas/User"}}
    })json"},
    ResponseSchemaText{"GET /api/openapi.json", R"json({
      "type": "object",
      "description": "this document",
      "required": ["openapi", "info", "paths", "components"],
      "properties": {
        "openapi": {"type": "string"},
        "info": {"type": "object"},
        "paths": {"type": "object"},
        "components": {"type": "object"}
      }
    })json"},
    ResponseSchemaText{"GET /api/q/{token}", R"json({
      "type": "object",
      "description": "the form behind a link (nothing that identifies the patient)",
      "required": ["clinic", "expires", "instrument"],
      "properties": {
        "clinic": {"type": "string"},
        "expires": {"type": "string", "format": "date-time"},
        "instrument": {"type": "object"}
      }
    })json"},
    ResponseSchemaText{"POST /api/q/{token}", R"json({
      "type": "object",
      "description": "201 Created",
      "required": ["received", "completed"],
      "properties": {"received": {"const": true}, "completed": {"type": "string", "format": "date-time"}}
    })json"},
    ResponseSchemaText{"GET /api/smart/apps", R"json({
      "type": "object",
      "required": ["apps"],
      "properties": {"apps": {"type": "array", "items": {"$ref": "#/components/schemas/SmartApp"}}}
    })json"},
    ResponseSchemaText{"POST /api/smart/apps",
                       R"json({"$ref": "#/components/schemas/SmartApp", "description": "201 Created"})json"},
    ResponseSchemaText{
        "DELETE /api/smart/apps/{id}",
        R"json({"type": "object", "required": ["deleted"], "properties": {"deleted": {"type": "string"}}})json"},
    ResponseSchemaText{"PATCH /api/smart/apps/{id}", R"json({"$ref": "#/components/schemas/SmartApp"})json"},
    ResponseSchemaText{"POST /api/smart/apps/{id}/revoke", R"json({
      "type": "object",
      "required": ["revoked"],
      "properties": {"revoked": {"type": "integer", "description": "tokens revoked (a count)"}}
    })json"},
    ResponseSchemaText{"GET /api/smart/authorization", R"json({
      "type": "object",
      "description": "what an app asks for",
      "required": ["request", "app", "redirect_origin", "scopes", "patient", "choose_patient", "launch"],
      "properties": {
        "request": {"type": "string"},
        "app": {
          "type": "object",
          "required": ["id", "name"],
          "properties": {"id": {"type": "string"}, "name": {"type": "string"}}
        },
        "redirect_origin": {"type": "string"},
        "scopes": {"type": "array"},
        "patient": {},
        "choose_patient": {"type": "boolean"},
        "launch": {"type": "boolean"}
      }
    })json"},
    ResponseSchemaText{"POST /api/smart/authorization", R"json({
      "type": "object",
      "description": "where the browser goes next",
      "required": ["redirect"],
      "properties": {"redirect": {"type": "string"}}
    })json"},
    ResponseSchemaText{
        "GET /api/smart/grants",
        R"json({"type": "object", "required": ["apps"], "properties": {"apps": {"type": "array"}}})json"},
    ResponseSchemaText{"POST /api/smart/grants/revoke", R"json({
      "type": "object",
      "required": ["revoked"],
      "properties": {"revoked": {"type": "integer", "description": "grants revoked (a count)"}}
    })json"},
    ResponseSchemaText{"GET /api/test-clock", R"json({"$ref": "#/components/schemas/Clock"})json"},
    ResponseSchemaText{"POST /api/test-clock", R"json({"$ref": "#/components/schemas/Clock"})json"},
    ResponseSchemaText{"GET /fhir/.well-known/smart-configuration", R"json({
      "type": "object",
      "required": [
        "authorization_endpoint", "capabilities", "code_challenge_methods_supported",
        "grant_types_supported", "id_token_signing_alg_values_supported", "introspection_endpoint",
        "issuer", "jwks_uri", "management_endpoint", "response_types_supported", "revocation_endpoint",
        "scopes_supported", "token_endpoint", "token_endpoint_auth_methods_supported",
        "token_endpoint_auth_signing_alg_values_supported"
      ],
      "properties": {
        "authorization_endpoint": {"type": "string"},
        "capabilities": {"type": "array", "items": {"type": "string"}},
        "code_challenge_methods_supported": {"type": "array", "items": {"type": "string"}},
        "grant_types_supported": {"type": "array", "items": {"type": "string"}},
        "id_token_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}},
        "introspection_endpoint": {"type": "string"},
        "issuer": {"type": "string"},
        "jwks_uri": {"type": "string"},
        "management_endpoint": {"type": "string"},
        "response_types_supported": {"type": "array", "items": {"type": "string"}},
        "revocation_endpoint": {"type": "string"},
        "scopes_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint": {"type": "string"},
        "token_endpoint_auth_methods_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint_auth_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}}
      }
    })json"},
    ResponseSchemaText{"POST /oauth/introspect", R"json({
      "type": "object",
      "description": "RFC 7662",
      "required": ["active"],
      "properties": {"active": {"type": "boolean"}}
    })json"},
    ResponseSchemaText{"GET /fhir/.well-known/openid-configuration", R"json({
      "type": "object",
      "description": "OpenID Connect Discovery 1.0",
      "required": ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "response_types_supported",
        "subject_types_supported", "id_token_signing_alg_values_supported"],
      "properties": {
        "issuer": {"type": "string"},
        "authorization_endpoint": {"type": "string"},
        "token_endpoint": {"type": "string"},
        "introspection_endpoint": {"type": "string"},
        "revocation_endpoint": {"type": "string"},
        "jwks_uri": {"type": "string"},
        "response_types_supported": {"type": "array", "items": {"type": "string"}},
        "response_modes_supported": {"type": "array", "items": {"type": "string"}},
        "grant_types_supported": {"type": "array", "items": {"type": "string"}},
        "subject_types_supported": {"type": "array", "items": {"type": "string"}},
        "id_token_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint_auth_methods_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint_auth_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}},
        "code_challenge_methods_supported": {"type": "array", "items": {"type": "string"}},
        "scopes_supported": {"type": "array", "items": {"type": "string"}},
        "claims_supported": {"type": "array", "items": {"type": "string"}}
      }
    })json"},
    ResponseSchemaText{"GET /.well-known/openid-configuration", R"json({
      "type": "object",
      "description": "OpenID Connect Discovery 1.0",
      "required": ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "response_types_supported",
        "subject_types_supported", "id_token_signing_alg_values_supported"],
      "properties": {
        "issuer": {"type": "string"},
        "authorization_endpoint": {"type": "string"},
        "token_endpoint": {"type": "string"},
        "introspection_endpoint": {"type": "string"},
        "revocation_endpoint": {"type": "string"},
        "jwks_uri": {"type": "string"},
        "response_types_supported": {"type": "array", "items": {"type": "string"}},
        "response_modes_supported": {"type": "array", "items": {"type": "string"}},
        "grant_types_supported": {"type": "array", "items": {"type": "string"}},
        "subject_types_supported": {"type": "array", "items": {"type": "string"}},
        "id_token_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint_auth_methods_supported": {"type": "array", "items": {"type": "string"}},
        "token_endpoint_auth_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}},
        "code_challenge_methods_supported": {"type": "array", "items": {"type": "string"}},
        "scopes_supported": {"type": "array", "items": {"type": "string"}},
        "claims_supported": {"type": "array", "items": {"type": "string"}}
      }
    })json"},
    ResponseSchemaText{"GET /oauth/jwks", R"json({
      "type": "object",
      "required": ["keys"],
      "properties": {
        "keys": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["alg", "e", "kid", "kty", "n", "use"],
            "properties": {
              "alg": {"type": "string"},
              "e": {"type": "string"},
              "kid": {"type": "string"},
              "kty": {"type": "string"},
              "n": {"type": "string"},
              "use": {"type": "string"}
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"POST /oauth/revoke",
                       R"json({"type": "object", "description": "RFC 7009: an empty object"})json"},
    ResponseSchemaText{"POST /oauth/token", R"json({
      "type": "object",
      "description": "RFC 6749 section 5.1 and SMART",
      "required": ["access_token", "token_type"],
      "properties": {
        "access_token": {"type": "string"},
        "token_type": {"type": "string"},
        "expires_in": {"type": "integer", "description": "seconds"},
        "scope": {"type": "string"},
        "refresh_token": {"type": "string"},
        "patient": {"type": "string"}
      }
    })json"},
};

}  // namespace

std::span<const ResponseSchemaText> access_response_schemas() {
  return kAccessSchemas;
}

}  // namespace physio::server
