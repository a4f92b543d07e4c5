// The answers of the patient record's routes (/api/patients...: the record, appointments, consents,
// episodes, messages, access, privacy; the care routes are in openapi_responses_patient_care.cpp). Numbers a
// clinician sees carry their unit in the description (docs/metrics/ defines them). Keyed by "METHOD pattern";
// each text is the JSON Schema of the successful answer (openapi_responses.hpp).
#include <array>

#include "server/app/openapi_responses.hpp"

namespace physio::server {

namespace {

constexpr std::array kPatientsSchemas = {
    ResponseSchemaText{"GET /api/patients", R"json({
      "type": "object",
      "required": ["items", "next_cursor"],
      "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/PatientSummary"}},
        "next_cursor": {"type": ["null", "string"]}
      }
    })json"},
    ResponseSchemaText{"POST /api/patients", R"json({
      "$ref": "#/components/schemas/Patient",
      "description": "201 Created: the patient (409 possible_duplicate answers an Error with `candidates`)"
    })json"},
    ResponseSchemaText{
        "GET /api/patients/{id}",
        R"json({"allOf": [{"$ref": "#/components/schemas/Patient"}, {"required": ["restriction"]}]})json"},
    ResponseSchemaText{"PATCH /api/patients/{id}", R"json({"$ref": "#/components/schemas/Patient"})json"},
    ResponseSchemaText{"GET /api/patients/{id}/appointments", R"json({
      "type": "array",
      "items": {
        "allOf": [
          {"$ref": "#/components/schemas/Appointment"},
          {"required": ["patient_can_cancel", "cancel_until"]}
        ]
      }
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/appointments", R"json({
      "description": "201 Created: the appointment, or a series",
      "anyOf": [
        {"$ref": "#/components/schemas/Appointment"},
        {
          "type": "object",
          "required": ["series_id", "appointments", "skipped"],
          "properties": {
            "series_id": {"type": "string"},
            "appointments": {"type": "array", "items": {"$ref": "#/components/schemas/Appointment"}},
            "skipped": {
              "type": "array",
              "description": "each date of the pattern not booked (a closed day, a clash), by date",
              "items": {
                "type": "object",
                "required": ["start", "reason", "problems"],
                "properties": {
                  "start": {"type": "string"},
                  "reason": {"type": "string"},
                  "problems": {"type": "array"}
                }
              }
            }
          }
        }
      ]
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/free-times", R"json({
      "type": "object",
      "required": [
        "cancel_notice_hours", "clinicians", "from", "online_booking", "online_notice_hours", "refusal", "slots",
        "time_zone", "to", "types"
      ],
      "properties": {
        "online_booking": {"type": "boolean"},
        "online_notice_hours": {"type": "number", "description": "hours between an online booking and the visit, at the least"},
        "cancel_notice_hours": {"type": "number", "description": "hours before the start a patient may still cancel online"},
        "time_zone": {"type": "string"},
        "from": {"type": "string"},
        "to": {"type": "string"},
        "clinicians": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}},
        "types": {"type": "array", "items": {"type": "object", "required": ["code", "name", "duration_min"]}},
        "slots": {
          "type": "array",
          "description": "the free starts, by time",
          "items": {"type": "object", "required": ["start", "end"], "properties": {"start": {"type": "string"}, "end": {"type": "string"}}}
        },
        "refusal": {"type": ["string", "null"], "description": "why nothing can be booked online, in the patient's words"}
      }
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/online-bookings", R"json({
      "description": "201 Created: the appointment, and the one it replaced (rebooking) or null",
      "allOf": [{"$ref": "#/components/schemas/Appointment"}],
      "required": ["replaced"],
      "properties": {"replaced": {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Appointment"}]}}
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/audit", R"json({
      "type": "object",
      "required": ["items", "next_cursor"],
      "properties": {
        "items": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["action", "actor", "client", "outcome", "record_type", "role", "time"],
            "properties": {
              "action": {"type": "string"},
              "actor": {"type": "string"},
              "client": {"type": "string"},
              "outcome": {"type": "string"},
              "record_type": {"type": "string"},
              "role": {"type": "string"},
              "time": {"type": "string"}
            }
          }
        },
        "next_cursor": {"type": ["string", "null"], "description": "the next page, or null at the end"}
      }
    })json"},
    ResponseSchemaText{"DELETE /api/patients/{id}/calendar-address",
                       R"json({"$ref": "#/components/schemas/Empty"})json"},
    ResponseSchemaText{"POST /api/patients/{id}/calendar-address", R"json({
      "type": "object",
      "description": "201 Created: the private calendar address (shown once)",
      "required": ["path", "created"],
      "properties": {
        "path": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "url": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/caseload-alerts", R"json({
      "type": "object",
      "description": "201 Created",
      "required": ["id", "kind", "action", "text", "note", "at", "until"],
      "properties": {
        "id": {"type": "string"},
        "kind": {"type": "string"},
        "action": {"type": "string"},
        "text": {"type": ["string", "null"]},
        "note": {"type": "string"},
        "at": {"type": "string", "format": "date-time"},
        "until": {"type": "string", "format": "date-time"}
      }
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/consents",
                       R"json({"type": "array", "items": {"$ref": "#/components/schemas/Consent"}})json"},
    ResponseSchemaText{"POST /api/patients/{id}/consents",
                       R"json({"$ref": "#/components/schemas/Consent", "description": "201 Created"})json"},
    ResponseSchemaText{"GET /api/patients/{id}/episodes",
                       R"json({"type": "array", "items": {"$ref": "#/components/schemas/Episode"}})json"},
    ResponseSchemaText{"POST /api/patients/{id}/episodes",
                       R"json({"$ref": "#/components/schemas/Episode", "description": "201 Created"})json"},
    ResponseSchemaText{"POST /api/patients/{id}/erasure", R"json({
      "anyOf": [
        {
          "type": "object",
          "required": ["erased", "patient_id", "erased_at", "erased_by", "rows_deleted", "files_deleted", "kept"],
          "properties": {
            "erased": {"const": true},
            "patient_id": {"type": "string"},
            "erased_at": {"type": "string", "format": "date-time"},
            "erased_by": {"type": "string"},
            "rows_deleted": {"type": "integer"},
            "files_deleted": {"type": "integer"},
            "kept": {"type": "array", "items": {"type": "string"}}
          }
        },
        {"$ref": "#/components/schemas/Error"}
      ]
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/flags", R"json({
      "type": "object",
      "required": ["as_of", "items", "silent"],
      "properties": {
        "as_of": {"type": "string"},
        "items": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "action", "basis", "card", "computed", "decided", "decided_by", "decision_reason",
              "family_name", "given_name", "id", "kind", "level", "method", "model", "model_version",
              "mrn", "need", "patient_id", "probability", "reasons", "shown", "status", "subject",
              "subject_id", "subject_type", "title"
            ],
            "properties": {
              "action": {"type": "string"},
              "basis": {"type": "string"},
              "card": {"type": "string"},
              "computed": {"type": "string"},
              "decided": {"type": ["string", "null"]},
              "decided_by": {"type": ["string", "null"]},
              "decision_reason": {"type": "string"},
              "family_name": {"type": "string"},
              "given_name": {"type": "string"},
              "id": {"type": "string"},
              "kind": {"type": "string"},
              "level": {"type": "string"},
              "method": {"type": "string"},
              "model": {"type": "string"},
              "model_version": {"type": "string"},
              "mrn": {"type": "string"},
              "need": {"type": "number"},
              "patient_id": {"type": "string"},
              "probability": {
                "type": ["number", "null"],
                "description": "the model's probability, 0-1 (null for a rule's flag; docs/server/risk.md)"
              },
              "reasons": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["direction", "text"],
                  "properties": {"direction": {"type": "string"}, "text": {"type": "string"}}
                }
              },
              "shown": {"type": "boolean"},
              "status": {"type": "string"},
              "subject": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"type": "string"}, "title": {"type": "string"}}
              },
              "subject_id": {"type": "string"},
              "subject_type": {"type": "string"},
              "title": {"type": "string"}
            }
          }
        },
        "silent": {"type": "number"}
      }
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/messages", R"json({
      "type": "object",
      "required": ["items", "unread"],
      "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}},
        "unread": {"type": "integer"}
      }
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/messages",
                       R"json({"$ref": "#/components/schemas/Message", "description": "201 Created"})json"},
    ResponseSchemaText{
        "POST /api/patients/{id}/messages/read",
        R"json({"type": "object", "required": ["marked_read"], "properties": {"marked_read": {"type": "integer"}}})json"},
    ResponseSchemaText{
        "GET /api/patients/{id}/proposals",
        R"json({"type": "object", "required": ["items"], "properties": {"items": {"type": "array"}}})json"},
    ResponseSchemaText{
        "GET /api/patients/{id}/reminders",
        R"json({"type": "object", "required": ["reminders"], "properties": {"reminders": {"type": "array"}}})json"},
    ResponseSchemaText{"DELETE /api/patients/{id}/restriction", R"json({
      "type": "object",
      "required": ["restricted", "lifted"],
      "properties": {"restricted": {"const": false}, "lifted": {}}
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/restriction", R"json({
      "oneOf": [
        {"$ref": "#/components/schemas/Restriction"},
        {"type": "object", "required": ["restricted"], "properties": {"restricted": {"const": false}}}
      ]
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/restriction",
                       R"json({"$ref": "#/components/schemas/Restriction"})json"},
    ResponseSchemaText{
        "GET /api/patients/{id}/smart-apps",
        R"json({"type": "object", "required": ["apps"], "properties": {"apps": {"type": "array"}}})json"},
    ResponseSchemaText{"POST /api/patients/{id}/smart-launch", R"json({
      "type": "object",
      "required": ["url", "launch"],
      "properties": {"url": {"type": "string"}, "launch": {"type": "string"}}
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/registration", R"json({
      "type": "object",
      "description": "the registration details; \"\" is not recorded",
      "required": ["address_lines", "city", "country", "emergency_name", "emergency_phone", "funder_kind", "updated"],
      "properties": {
        "address_lines": {"type": "string"},
        "city": {"type": "string"},
        "region": {"type": "string"},
        "postcode": {"type": "string"},
        "country": {"type": "string"},
        "emergency_name": {"type": "string"},
        "emergency_relationship": {"type": "string"},
        "emergency_phone": {"type": "string"},
        "referrer_name": {"type": "string"},
        "referrer_organisation": {"type": "string"},
        "referrer_contact": {"type": "string"},
        "gp_name": {"type": "string"},
        "gp_practice": {"type": "string"},
        "gp_phone": {"type": "string"},
        "funder_kind": {"type": "string"},
        "funder_name": {"type": "string"},
        "funder_reference": {"type": "string"},
        "updated": {"type": ["null", "string"]}
      }
    })json"},
    ResponseSchemaText{"PUT /api/patients/{id}/registration", R"json({
      "type": "object",
      "description": "the registration details; \"\" is not recorded",
      "required": ["address_lines", "city", "country", "emergency_name", "emergency_phone", "funder_kind", "updated"],
      "properties": {
        "address_lines": {"type": "string"},
        "city": {"type": "string"},
        "region": {"type": "string"},
        "postcode": {"type": "string"},
        "country": {"type": "string"},
        "emergency_name": {"type": "string"},
        "emergency_relationship": {"type": "string"},
        "emergency_phone": {"type": "string"},
        "referrer_name": {"type": "string"},
        "referrer_organisation": {"type": "string"},
        "referrer_contact": {"type": "string"},
        "gp_name": {"type": "string"},
        "gp_practice": {"type": "string"},
        "gp_phone": {"type": "string"},
        "funder_kind": {"type": "string"},
        "funder_name": {"type": "string"},
        "funder_reference": {"type": "string"},
        "updated": {"type": ["null", "string"]}
      }
    })json"},
    ResponseSchemaText{"PUT /api/patients/{id}/own-details", R"json({
      "type": "object",
      "required": ["patient", "registration"],
      "properties": {
        "patient": {"$ref": "#/components/schemas/Patient"},
        "registration": {"type": "object", "required": ["city", "country", "emergency_name", "emergency_phone"]}
      }
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/own-consents", R"json({
      "$ref": "#/components/schemas/Consent",
      "description": "201 Created: the consent row, method online"
    })json"},
    ResponseSchemaText{"GET /api/icd10", R"json({
      "type": "object",
      "required": ["system", "system_name", "version", "items"],
      "properties": {
        "system": {"const": "http://hl7.org/fhir/sid/icd-10-cm"},
        "system_name": {"const": "ICD-10-CM"},
        "version": {"type": "string", "description": "the CMS release the list was checked against"},
        "items": {"type": "array", "items": {"type": "object", "required": ["code", "title"]}}
      }
    })json"},
    ResponseSchemaText{"GET /api/registration-lists", R"json({
      "type": "object",
      "required": ["countries", "languages", "funder_kinds"],
      "properties": {
        "countries": {"type": "array", "items": {"type": "object", "required": ["code", "name"]}},
        "languages": {"type": "array", "items": {"type": "object", "required": ["tag", "name"]}},
        "funder_kinds": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}}
      }
    })json"},
    ResponseSchemaText{"DELETE /api/patients/{id}/waitlist", R"json({"type": "object"})json"},
    ResponseSchemaText{"PUT /api/patients/{id}/waitlist", R"json({"type": "object"})json"},
};

}  // namespace

std::span<const ResponseSchemaText> patient_response_schemas() {
  return kPatientsSchemas;
}

}  // namespace physio::server
