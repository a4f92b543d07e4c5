// The component schemas of the clinic's settings and accounts the JSON answers share
// (#/components/schemas/<Name>): working hours, closures, appointment types, reminders, users, invitations,
// SMART apps, the test clock. The record's: openapi_responses_components.cpp.
#include <array>

#include "server/app/openapi_responses.hpp"

namespace physio::server {

namespace {

constexpr std::array kClinicComponents = {
    ResponseSchemaText{"AppointmentTypes", R"json({
      "type": "object",
      "required": ["types"],
      "properties": {
        "types": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["active", "code", "duration_min", "name"],
            "properties": {
              "active": {"type": "boolean"},
              "code": {"type": "string"},
              "duration_min": {"type": "integer", "description": "minutes"},
              "name": {"type": "string"}
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"Clock", R"json({
      "type": "object",
      "description": "the server's clock (test mode only)",
      "required": ["now", "offset_s", "test_mode"],
      "properties": {
        "now": {"type": "string", "format": "date-time"},
        "offset_s": {"type": "number", "description": "seconds the clock is moved"},
        "test_mode": {"type": "boolean"}
      }
    })json"},
    ResponseSchemaText{"Invitation", R"json({
      "type": "object",
      "description": "an invitation e-mailed with its single-use set-password link",
      "required": ["status", "user", "expires"],
      "properties": {
        "status": {"type": "string"},
        "user": {"$ref": "#/components/schemas/User"},
        "expires": {"type": "string", "format": "date-time"}
      }
    })json"},
    ResponseSchemaText{"ReminderSettings", R"json({
      "type": "object",
      "required": ["enabled", "local_time", "time_zone", "in_app", "email", "set", "updated_by"],
      "properties": {
        "calendar_address": {},
        "email": {"type": "boolean"},
        "email_address": {"type": "boolean"},
        "email_configured": {"type": "boolean"},
        "enabled": {"type": "boolean"},
        "in_app": {"type": "boolean"},
        "local_time": {"type": "string"},
        "next": {"type": ["string", "null"], "format": "date-time"},
        "set": {"type": "boolean"},
        "status": {"type": "string"},
        "time_zone": {"type": "string"},
        "updated_by": {"type": "string"},
        "updated": {"type": "string", "format": "date-time"}
      }
    })json"},
    ResponseSchemaText{"ClinicContact", R"json({
      "type": "object",
      "description": "the clinic as its patients read it; empty strings for what is not set",
      "required": ["name", "address", "phone", "emergency_number", "updated"],
      "properties": {
        "name": {"type": "string"},
        "address": {"type": "string"},
        "phone": {"type": "string"},
        "emergency_number": {"type": "string"},
        "updated": {"type": ["string", "null"]}
      }
    })json"},
    ResponseSchemaText{"Closures", R"json({
      "type": "object",
      "required": ["days"],
      "properties": {
        "days": {
          "type": "array",
          "description": "the days the clinic is closed, by date (local days in the clinic's zone)",
          "items": {
            "type": "object",
            "required": ["date", "weekday", "reason"],
            "properties": {
              "date": {"type": "string", "description": "YYYY-MM-DD"},
              "weekday": {"type": "string"},
              "reason": {"type": "string"}
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"ScheduleSettings", R"json({
      "type": "object",
      "required": ["cancel_notice_hours", "online_booking", "online_notice_hours", "time_zone", "updated"],
      "properties": {
        "cancel_notice_hours": {"type": "number"},
        "online_booking": {"type": "boolean", "description": "patients book and rebook from their own pages"},
        "online_notice_hours": {"type": "number", "description": "hours between an online booking and the visit, at the least"},
        "time_zone": {"type": "string"},
        "updated": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"SmartApp", R"json({
      "type": "object",
      "description": "a registered SMART app",
      "required": [
        "client_id", "name", "kind", "redirect_uris", "launch_url", "scopes", "jwks", "jwks_uri", "disabled",
        "created_us"
      ],
      "properties": {
        "client_id": {"type": "string"},
        "name": {"type": "string"},
        "kind": {"type": "string"},
        "redirect_uris": {"type": "array", "items": {"type": "string"}},
        "launch_url": {"type": "string"},
        "scopes": {"type": "string"},
        "jwks": {"type": ["object", "null"], "description": "the key set registered with the app"},
        "jwks_uri": {"type": ["string", "null"], "description": "or the URL the app serves it at"},
        "disabled": {"type": "boolean"},
        "created_us": {"type": "integer", "description": "microseconds since 1970-01-01 UTC"}
      }
    })json"},
    ResponseSchemaText{"User", R"json({
      "type": "object",
      "required": [
        "clinic_id", "disabled", "display_name", "email", "id", "locked", "mfa_enrolled", "mfa_required",
        "patient_id", "role"
      ],
      "properties": {
        "clinic_id": {"type": "string"},
        "disabled": {"type": "boolean"},
        "display_name": {"type": "string"},
        "email": {"type": "string"},
        "id": {"type": "string"},
        "locked": {"type": "boolean"},
        "mfa_enrolled": {"type": "boolean"},
        "mfa_required": {"type": "boolean"},
        "patient_id": {"type": ["null", "string"]},
        "role": {"type": "string"}
      },
      "description": "a user of the clinic"
    })json"},
    ResponseSchemaText{"WorkingHours", R"json({
      "type": "object",
      "required": ["name", "user_id", "week"],
      "properties": {
        "name": {"type": "string"},
        "user_id": {"type": "string"},
        "week": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["end", "start", "weekday", "weekday_name"],
            "properties": {
              "end": {"type": "string"},
              "start": {"type": "string"},
              "weekday": {"type": "number"},
              "weekday_name": {"type": "string"}
            }
          }
        }
      }
    })json"},
};

}  // namespace

std::span<const ResponseSchemaText> clinic_component_schemas() {
  return kClinicComponents;
}

}  // namespace physio::server
