// The component schemas of the record the JSON answers share (#/components/schemas/<Name>): a patient, an
// appointment, a recording and its job, a program, a note... Numbers a clinician sees carry their unit. The
// clinic's settings and accounts: openapi_responses_components_clinic.cpp.
#include <array>

#include "server/app/openapi_responses.hpp"

namespace physio::server {

namespace {

constexpr std::array kComponents = {
    ResponseSchemaText{"Appointment", R"json({
      "type": "object",
      "required": [
        "back_entry", "cancel_reason", "duration_min", "end", "id", "patient_id", "practitioner_id",
        "practitioner_name", "reason", "room", "series_id", "start", "status", "type", "type_name"
      ],
      "properties": {
        "back_entry": {"type": "boolean"},
        "cancel_reason": {"type": ["string", "null"]},
        "cancel_until": {
          "type": "string",
          "description": "until when the patient may cancel online (the patient's list adds it)"
        },
        "duration_min": {"type": "integer", "description": "minutes"},
        "end": {"type": "string"},
        "id": {"type": "string"},
        "patient_can_cancel": {
          "type": "boolean",
          "description": "whether the patient may cancel online now (the patient's list adds it)"
        },
        "patient_id": {"type": "string"},
        "practitioner_id": {"type": ["string", "null"]},
        "practitioner_name": {"type": ["string", "null"]},
        "reason": {"type": ["string", "null"]},
        "room": {"type": ["string", "null"]},
        "series_id": {"type": ["string", "null"]},
        "start": {"type": "string"},
        "status": {"type": "string"},
        "type": {"type": ["string", "null"]},
        "type_name": {"type": ["string", "null"]},
        "cancel_refusal": {"type": "string"}
      },
      "description": "an appointment (duration_min in minutes)"
    })json"},
    ResponseSchemaText{"Consent", R"json({
      "type": "object",
      "description": "a consent given or withdrawn (docs/server/patient-admin.md); the register adds recorded_by_name",
      "required": ["id", "patient_id", "kind", "status", "recorded_by", "recorded", "method", "text_version", "note"],
      "properties": {
        "id": {"type": "string"},
        "patient_id": {"type": "string"},
        "kind": {"type": "string"},
        "status": {"enum": ["given", "withdrawn"]},
        "recorded_by": {"type": "string"},
        "recorded_by_name": {"type": "string"},
        "recorded": {"type": "string", "format": "date-time"},
        "method": {"type": ["string", "null"]},
        "text_version": {"type": ["string", "null"]},
        "note": {"type": ["string", "null"]}
      }
    })json"},
    ResponseSchemaText{"Empty", R"json({"description": "204 No Content: no body"})json"},
    ResponseSchemaText{"Episode", R"json({
      "type": "object",
      "description": "an episode of care",
      "required": [
        "id", "patient_id", "status", "icd10_code", "condition_text", "side", "onset_date",
        "surgery_date", "referral_source", "referral_date", "goals", "created"
      ],
      "properties": {
        "id": {"type": "string"},
        "patient_id": {"type": "string"},
        "status": {"type": "string"},
        "icd10_code": {"type": ["string", "null"]},
        "condition_text": {"type": ["string", "null"]},
        "side": {"type": ["string", "null"]},
        "onset_date": {"type": ["string", "null"], "description": "YYYY-MM-DD"},
        "surgery_date": {"type": ["string", "null"], "description": "YYYY-MM-DD"},
        "referral_source": {"type": ["string", "null"]},
        "referral_date": {"type": ["string", "null"], "description": "YYYY-MM-DD"},
        "goals": {"type": ["string", "null"]},
        "created": {"type": "string", "format": "date-time"}
      }
    })json"},
    ResponseSchemaText{"ExerciseLog", R"json({
      "type": "object",
      "description": "an exercise set the patient did",
      "required": [
        "id", "patient_id", "program_id", "program_version", "exercise_id", "done", "reps_per_set",
        "pain_during_nprs", "rpe", "rir", "comment", "source", "live_session_id", "mean_quality",
        "severe_cues", "rom_deg", "counted", "not_counted_reason"
      ],
      "properties": {
        "id": {"type": "string"},
        "patient_id": {"type": "string"},
        "program_id": {"type": ["string", "null"]},
        "program_version": {"type": "integer"},
        "exercise_id": {"type": "string"},
        "done": {"type": "string", "format": "date-time"},
        "reps_per_set": {"type": "array", "items": {"type": "integer"}},
        "pain_during_nprs": {"type": ["number", "null"], "description": "pain during the exercise, 0-10 numeric rating scale"},
        "rpe": {"type": ["number", "null"], "description": "rate of perceived exertion, 0-10"},
        "rir": {"type": ["number", "null"], "description": "repetitions in reserve"},
        "comment": {"type": "string"},
        "source": {"type": "string"},
        "live_session_id": {"type": ["string", "null"]},
        "mean_quality": {"type": ["number", "null"], "description": "mean movement quality score, 0-100"},
        "severe_cues": {"type": "integer"},
        "rom_deg": {"type": ["number", "null"], "description": "range of motion, degrees"},
        "counted": {"type": "boolean"},
        "not_counted_reason": {"type": ["string", "null"]}
      }
    })json"},
    ResponseSchemaText{"Flag", R"json({
      "type": "object",
      "description": "a risk flag (docs/server/risk.md)",
      "required": ["id"],
      "properties": {"id": {"type": "string"}}
    })json"},
    ResponseSchemaText{"Job", R"json({
      "type": "object",
      "description": "an analysis job",
      "required": [
        "id", "state", "progress", "message", "error", "attempts", "recording_id", "patient_id",
        "created", "finished"
      ],
      "properties": {
        "id": {"type": "string"},
        "state": {"enum": ["queued", "running", "done", "failed"]},
        "progress": {"type": "number", "description": "fraction done, 0-1"},
        "message": {"type": "string"},
        "error": {"type": "string"},
        "attempts": {"type": "integer"},
        "recording_id": {"type": "string"},
        "patient_id": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "finished": {"type": ["string", "null"], "format": "date-time"}
      }
    })json"},
    ResponseSchemaText{"LiveSession", R"json({
      "type": "object",
      "description": "a live exercise session (docs/server/live.md)",
      "required": ["id"],
      "properties": {
        "id": {"type": "string"},
        "patient_id": {"type": "string"},
        "exercise_id": {"type": "string"},
        "state": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"Load", R"json({
      "type": "object",
      "description": "the load: none, kg (kilograms), band (its colour or name), rpe (rate of perceived exertion, 0-10) or rir (repetitions in reserve)",
      "required": ["kind"],
      "properties": {
        "kind": {"enum": ["none", "kg", "band", "rpe", "rir"]},
        "kg": {"type": "number", "description": "kilograms"},
        "band": {"type": "string"},
        "rpe": {"type": "number", "description": "rate of perceived exertion, 0-10"},
        "rir": {"type": "number", "description": "repetitions in reserve"}
      }
    })json"},
    ResponseSchemaText{"Message", R"json({
      "type": "object",
      "required": ["automatic", "body", "from_patient", "id", "read", "sender", "sent"],
      "properties": {
        "body": {"type": "string"},
        "from_patient": {"type": "boolean"},
        "automatic": {"type": "boolean", "description": "an automatic alert (a stop-level pain report), not written by a person"},
        "id": {"type": "string"},
        "read": {"type": ["string", "null"]},
        "sender": {"type": "string"},
        "sent": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"Note", R"json({
      "type": "object",
      "description": "a clinical note (docs/server/notes.md): its sections, text and HL7 deliveries",
      "required": ["version", "status", "text", "signature_valid", "hl7", "source_details"],
      "properties": {
        "version": {"type": "integer"},
        "status": {"type": "string"},
        "text": {"type": "string"},
        "signature_valid": {"type": ["boolean", "null"]},
        "source_details": {"type": ["object", "array"]},
        "hl7": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["message_type", "control_id", "queued", "sent", "ack_code", "attempts", "last_error"],
            "properties": {
              "message_type": {"type": "string"},
              "control_id": {"type": "string"},
              "queued": {"type": "string", "format": "date-time"},
              "sent": {"type": ["string", "null"], "format": "date-time"},
              "ack_code": {"type": "string"},
              "attempts": {"type": "integer"},
              "last_error": {"type": "string"}
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"NoteSummary", R"json({
      "type": "object",
      "description": "a clinical note in a list",
      "required": ["id", "status", "author_id", "episode_id", "type", "created", "signed", "window"],
      "properties": {
        "id": {"type": "string"},
        "status": {"type": "string"},
        "author_id": {"type": "string"},
        "episode_id": {"type": ["string", "null"]},
        "type": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "signed": {"type": ["string", "null"], "format": "date-time"},
        "window": {
          "type": "object",
          "required": ["from", "to"],
          "properties": {
            "from": {"type": "string", "format": "date-time"},
            "to": {"type": "string", "format": "date-time"}
          }
        }
      }
    })json"},
    ResponseSchemaText{"Patient", R"json({
      "type": "object",
      "required": [
        "birth_date", "created", "email", "email_ok", "family_name", "given_name", "id", "language",
        "mrn", "phone", "preferred_contact", "sex", "time_zone", "updated", "version"
      ],
      "properties": {
        "birth_date": {"type": "string"},
        "created": {"type": "string"},
        "email": {"type": ["string", "null"]},
        "email_ok": {"type": "boolean"},
        "family_name": {"type": "string"},
        "given_name": {"type": "string"},
        "id": {"type": "string"},
        "language": {"type": "string"},
        "mrn": {"type": "string"},
        "phone": {"type": ["string", "null"]},
        "preferred_contact": {"type": ["string", "null"]},
        "restriction": {
          "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Restriction"}],
          "description": "the restriction of processing (GDPR art. 18), or null"
        },
        "sex": {"type": ["string", "null"]},
        "time_zone": {"type": "string"},
        "updated": {"type": "string"},
        "version": {"type": "integer"}
      },
      "description": "a patient: demographics and contact (docs/server/patient-admin.md)"
    })json"},
    ResponseSchemaText{"PatientSummary", R"json({
      "type": "object",
      "required": [
        "birth_date", "created", "email", "email_ok", "family_name", "given_name", "id", "language",
        "mrn", "phone", "preferred_contact", "sex", "time_zone", "updated", "version"
      ],
      "properties": {
        "birth_date": {"type": "string"},
        "created": {"type": "string"},
        "email": {"type": ["string", "null"]},
        "email_ok": {"type": "boolean"},
        "family_name": {"type": "string"},
        "given_name": {"type": "string"},
        "id": {"type": "string"},
        "language": {"type": "string"},
        "mrn": {"type": ["null", "string"]},
        "phone": {"type": ["string", "null"]},
        "preferred_contact": {"type": ["string", "null"]},
        "sex": {"type": ["string", "null"]},
        "time_zone": {"type": "string"},
        "updated": {"type": "string"},
        "version": {"type": "integer"}
      },
      "description": "a patient as the list gives it"
    })json"},
    ResponseSchemaText{"Prescription", R"json({
      "type": "object",
      "description": "one exercise of a program and its dosage",
      "required": ["exercise_id", "side", "dosage", "start_date", "end_date", "notes", "target_rom_deg"],
      "properties": {
        "exercise_id": {"type": "string"},
        "side": {"type": "string"},
        "start_date": {"type": "string", "description": "YYYY-MM-DD, or empty"},
        "end_date": {"type": "string", "description": "YYYY-MM-DD, or empty"},
        "notes": {"type": "string"},
        "target_rom_deg": {"type": ["number", "null"], "description": "target range of motion, degrees"},
        "dosage": {
          "type": "object",
          "required": ["sets", "reps", "hold_s", "rest_s", "load", "times_per_day", "days_per_week"],
          "properties": {
            "sets": {"type": "integer"},
            "reps": {"type": "integer"},
            "hold_s": {"type": "number", "description": "hold per repetition, seconds"},
            "rest_s": {"type": "number", "description": "rest between sets, seconds"},
            "load": {"$ref": "#/components/schemas/Load"},
            "times_per_day": {"type": "integer"},
            "days_per_week": {"type": "integer"}
          }
        }
      }
    })json"},
    ResponseSchemaText{"Program", R"json({
      "type": "object",
      "description": "a home exercise program at its current version (docs/server/programs.md)",
      "required": [
        "id", "patient_id", "title", "template_id", "version", "prescriptions", "auto_apply", "history",
        "status", "created", "updated"
      ],
      "properties": {
        "id": {"type": "string"},
        "patient_id": {"type": "string"},
        "title": {"type": "string"},
        "template_id": {"type": "string"},
        "version": {"type": "integer"},
        "status": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "updated": {"type": "string", "format": "date-time"},
        "prescriptions": {"type": "array", "items": {"$ref": "#/components/schemas/Prescription"}},
        "auto_apply": {
          "type": "object",
          "description": "automatic progression within bounds",
          "required": ["enabled", "max_load_change_pct_per_week", "max_steps"],
          "properties": {
            "enabled": {"type": "boolean"},
            "max_load_change_pct_per_week": {"type": "number", "description": "percent per week"},
            "max_steps": {"type": "integer"}
          }
        },
        "history": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["version", "by", "at_us", "at", "reason", "kind", "exercise_id", "load_change_pct"],
            "properties": {
              "version": {"type": "integer"},
              "by": {"type": "string"},
              "at_us": {"type": "integer", "description": "microseconds since 1970-01-01 UTC"},
              "at": {"type": "string", "format": "date-time"},
              "reason": {"type": "string"},
              "kind": {"type": "string"},
              "exercise_id": {"type": "string"},
              "load_change_pct": {"type": "number", "description": "percent"}
            }
          }
        },
        "versions": {"type": "array", "items": {"type": "object"}}
      }
    })json"},
    ResponseSchemaText{"QuestionnaireLink", R"json({
      "type": "object",
      "description": "a questionnaire link sent to a patient",
      "required": [
        "id", "instrument", "instrument_name", "episode_id", "created", "created_by", "expires", "used",
        "status"
      ],
      "properties": {
        "id": {"type": "string"},
        "instrument": {"type": "string"},
        "instrument_name": {"type": "string"},
        "episode_id": {"type": ["string", "null"]},
        "created": {"type": "string", "format": "date-time"},
        "created_by": {"type": "string"},
        "expires": {"type": "string", "format": "date-time"},
        "used": {"type": ["string", "null"], "format": "date-time"},
        "status": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"QuestionnaireSchedule", R"json({
      "type": "object",
      "description": "a questionnaire sent on a schedule (docs/server/questionnaire-schedules.md); 201 Created when new",
      "required": ["id", "instrument", "instrument_name", "every_weeks", "from_date", "at_discharge", "episode_id",
                   "words", "running", "stopped", "created", "updated", "next", "sends"],
      "properties": {
        "id": {"type": "string"},
        "instrument": {"type": "string", "description": "the questionnaire's id in data/measures"},
        "instrument_name": {"type": "string"},
        "every_weeks": {"type": "integer", "description": "weeks between sends, 1 to 12; 0: at discharge only"},
        "from_date": {"type": "string", "description": "the first due date, YYYY-MM-DD; empty without periodic sends"},
        "at_discharge": {"type": "boolean"},
        "episode_id": {"type": ["string", "null"]},
        "words": {"type": "string", "description": "the schedule in words: every 2 weeks from Fri 6 Nov, and at discharge"},
        "running": {"type": "boolean"},
        "stopped": {"type": ["string", "null"], "format": "date-time"},
        "created": {"type": "string", "format": "date-time"},
        "updated": {"type": "string", "format": "date-time"},
        "next": {
          "type": ["object", "null"],
          "required": ["due", "words"],
          "properties": {"due": {"type": ["string", "null"]}, "words": {"type": "string"}}
        },
        "sends": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["due", "due_words", "sent", "email", "attempts", "answered", "link_open"],
            "properties": {
              "due": {"type": "string", "description": "the due date YYYY-MM-DD, or discharge"},
              "due_words": {"type": "string"},
              "sent": {"type": "string", "format": "date-time"},
              "email": {"type": "string", "description": "sent, failed: <reason>, not wanted, no address, e-mail off, sending"},
              "attempts": {"type": "integer"},
              "answered": {"type": ["string", "null"], "format": "date-time"},
              "link_open": {"type": "boolean"}
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"Recording", R"json({
      "type": "object",
      "required": [
        "created", "exercise_id", "id", "job", "kind", "original_name", "patient_id", "report_url",
        "sha256", "size_bytes", "summary", "test", "video_deleted"
      ],
      "properties": {
        "created": {"type": "string"},
        "exercise_id": {"type": ["string", "null"]},
        "id": {"type": "string"},
        "job": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Job"}]},
        "kind": {"type": "string"},
        "original_name": {"type": "string"},
        "patient_id": {"type": "string"},
        "report_url": {
          "type": ["string", "null"],
          "description": "the analysis report's address, null until there is one"
        },
        "sha256": {"type": "string"},
        "size_bytes": {"type": "integer", "description": "bytes"},
        "summary": {
          "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/RecordingSummary"}],
          "description": "null until analysed"
        },
        "test": {"type": ["string", "null"]},
        "video_deleted": {"type": "boolean"}
      },
      "description": "a recording and its analysis"
    })json"},
    ResponseSchemaText{"RecordingSummary", R"json({
      "type": "object",
      "description": "the analysis summary: the exercise's repetitions and quality (docs/metrics/exercise.md) or, for a walk, the gait figures (docs/metrics/gait-video.md)",
      "properties": {
        "repetitions": {"type": "integer", "description": "repetitions counted"},
        "partial": {"type": "integer", "description": "partial repetitions"},
        "partial_count": {"type": "integer"},
        "count": {"type": "integer"},
        "score": {"type": ["number", "null"], "description": "movement quality score, 0-100"},
        "mean_rom_deg": {
          "type": ["number", "null"],
          "description": "mean range of motion of the counted repetitions, degrees"
        },
        "best_rom_deg": {"type": ["number", "null"], "description": "best range of motion, degrees"},
        "warnings": {"type": "array"},
        "not_counted": {
          "type": "array",
          "items": {
            "type": "object",
            "description": "a movement the engine did not count",
            "required": ["start_s", "end_s", "reason"],
            "properties": {
              "start_s": {"type": "number", "description": "seconds from the start"},
              "end_s": {"type": "number", "description": "seconds from the start"},
              "reason": {"type": "string"}
            }
          }
        },
        "cadence_steps_per_min": {"type": ["number", "null"], "description": "steps per minute"},
        "step_time_asymmetry_pct": {"type": ["number", "null"], "description": "percent"},
        "speed_mps": {"type": ["number", "null"], "description": "metres per second; null without a scale"},
        "gait_left": {
          "type": "object",
          "description": "one side's gait figures (docs/metrics/gait-video.md)",
          "properties": {
            "stride_time_s": {"type": ["number", "null"], "description": "seconds"},
            "step_time_s": {"type": ["number", "null"], "description": "seconds"},
            "stance_pct": {"type": ["number", "null"], "description": "percent of the gait cycle"},
            "swing_pct": {"type": ["number", "null"], "description": "percent of the gait cycle"},
            "stride_length_m": {
              "type": ["number", "null"],
              "description": "metres; null when the recording carries no scale"
            }
          }
        },
        "gait_right": {
          "type": "object",
          "description": "one side's gait figures (docs/metrics/gait-video.md)",
          "properties": {
            "stride_time_s": {"type": ["number", "null"], "description": "seconds"},
            "step_time_s": {"type": ["number", "null"], "description": "seconds"},
            "stance_pct": {"type": ["number", "null"], "description": "percent of the gait cycle"},
            "swing_pct": {"type": ["number", "null"], "description": "percent of the gait cycle"},
            "stride_length_m": {
              "type": ["number", "null"],
              "description": "metres; null when the recording carries no scale"
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"Restriction", R"json({
      "type": "object",
      "description": "a restriction of processing in force",
      "required": ["restricted", "since", "by", "reason", "banner"],
      "properties": {
        "restricted": {"const": true},
        "since": {"type": "string", "format": "date-time"},
        "by": {"type": "string"},
        "reason": {"type": "string"},
        "banner": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"RtmTimeEntry", R"json({
      "type": "object",
      "description": "remote monitoring time (minutes, null while the timer runs)",
      "required": [
        "id", "staff_id", "start", "minutes", "running", "activity", "interactive", "mode", "note",
        "source"
      ],
      "properties": {
        "id": {"type": "string"},
        "staff_id": {"type": "string"},
        "start": {"type": "string", "format": "date-time"},
        "minutes": {"type": ["number", "null"], "description": "minutes"},
        "running": {"type": "boolean"},
        "activity": {"type": "string"},
        "interactive": {"type": "boolean"},
        "mode": {"type": "string"},
        "note": {"type": "string"},
        "source": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"Status", R"json({
      "type": "object",
      "description": "what was done, in words",
      "required": ["status"],
      "properties": {"status": {"type": "string"}}
    })json"},
};

}  // namespace

std::span<const ResponseSchemaText> shared_component_schemas() {
  return kComponents;
}

}  // namespace physio::server
