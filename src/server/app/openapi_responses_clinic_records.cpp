// The answers of the clinical records' own routes: exercises, instruments, jobs, live sessions, notes,
// programs and their templates and proposals, recordings.
// Numbers a clinician sees carry their unit in the description (docs/metrics/ defines them).
// Keyed by "METHOD pattern"; each text is the JSON Schema of the successful answer (openapi_responses.hpp).
#include <array>

#include "server/app/openapi_responses.hpp"

namespace physio::server {

namespace {

constexpr std::array kClinicRecordSchemas = {
    ResponseSchemaText{"GET /api/exercises", R"json({
      "type": "array",
      "items": {
        "type": "object",
        "required": [
          "body_region", "contraindications", "cues", "description", "equipment", "figure", "hold_s",
          "framing", "framing_required", "id", "joints", "kind", "laterality", "name", "position", "primary_angle", "video", "view",
          "views", "views_reason"
        ],
        "properties": {
          "body_region": {"type": "string"},
          "contraindications": {"type": "string"},
          "cues": {
            "type": "array",
            "items": {
              "type": "object",
              "required": ["severity", "text"],
              "properties": {"severity": {"type": "string"}, "text": {"type": "string"}}
            }
          },
          "description": {"type": "string"},
          "equipment": {"type": "array", "items": {"type": "string"}},
          "figure": {"type": "boolean"},
          "framing": {
            "type": "array",
            "items": {"type": "string"},
            "description": "the joints the framing check before a live set asks to see (docs/server/live.md)"
          },
          "framing_required": {
            "type": "array",
            "items": {"type": "string"},
            "description": "those of framing the count is measured from: the set does not start without them; the others out of the picture are no reason to refuse (docs/server/live.md)"
          },
          "hold_s": {"type": "number", "description": "seconds"},
          "id": {"type": "string"},
          "joints": {"type": "array", "items": {"type": "string"}},
          "kind": {"type": "string"},
          "laterality": {"type": "string"},
          "name": {"type": "string"},
          "position": {"type": "string"},
          "primary_angle": {"type": "string"},
          "video": {"type": "boolean"},
          "view": {"type": "string"},
          "views": {"type": "array", "items": {"type": "string"}},
          "views_reason": {"type": "string"},
          "position_words": {"type": "string", "description": "the starting position in the patient's words"},
          "default_dosage": {"type": "object", "description": "the dose a new prescription starts from"},
          "clinic": {"type": "boolean", "description": "the clinic's own exercise (docs/server/clinic-exercises.md)"},
          "retired": {"type": "boolean"},
          "measured": {"type": "boolean", "description": "a clinic exercise: whether the camera measures it"},
          "media_type": {"type": "string", "description": "the clinic's video or picture; empty: none"},
          "steps": {"type": "array", "items": {"type": "string"}}
        }
      }
    })json"},
    ResponseSchemaText{"GET /api/clinic-exercises", R"json({
      "type": "object",
      "required": ["items"],
      "properties": {"items": {"type": "array", "items": {
      "type": "object",
      "required": ["id", "name", "steps", "position", "position_words", "kind", "default_dosage", "dosage_words",
                   "cautions", "measured_like", "measured_like_name", "measured_words", "retired", "updated_at"],
      "properties": {
        "id": {"type": "string", "description": "c- and a random id: what programs name"},
        "name": {"type": "string"},
        "steps": {"type": "array", "items": {"type": "string"}},
        "position": {"type": "string"},
        "position_words": {"type": "string"},
        "kind": {"type": "string", "enum": ["repetitions", "hold"]},
        "default_dosage": {"type": "object", "description": "sets, reps (holds for a hold), hold_s in seconds"},
        "dosage_words": {"type": "string"},
        "cautions": {"type": "string"},
        "measured_like": {"type": "string", "description": "library exercise id; empty: not measured by the camera"},
        "measured_like_name": {"type": "string"},
        "measured_words": {"type": "string"},
        "retired": {"type": "boolean"},
        "updated_at": {"type": "string", "format": "date-time"}
      }
    }}}
    })json"},
    ResponseSchemaText{"GET /api/clinic-exercises/choices", R"json({
      "type": "object",
      "required": ["positions", "measured_like"],
      "properties": {
        "positions": {"type": "array", "items": {"type": "object", "required": ["id", "words"],
          "properties": {"id": {"type": "string"}, "words": {"type": "string"}}}},
        "measured_like": {"type": "array", "items": {"type": "object", "required": ["id", "name", "kind", "measures"],
          "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
                         "measures": {"type": "string", "description": "the angle the camera measures, in words"}}}}
      }
    })json"},
    ResponseSchemaText{"POST /api/clinic-exercises", R"json({
      "description": "201 Created",
      "type": "object",
      "required": ["id", "name", "steps", "position", "position_words", "kind", "default_dosage", "dosage_words",
                   "cautions", "measured_like", "measured_like_name", "measured_words", "retired", "updated_at"],
      "properties": {
        "id": {"type": "string", "description": "c- and a random id: what programs name"},
        "name": {"type": "string"},
        "steps": {"type": "array", "items": {"type": "string"}},
        "position": {"type": "string"},
        "position_words": {"type": "string"},
        "kind": {"type": "string", "enum": ["repetitions", "hold"]},
        "default_dosage": {"type": "object", "description": "sets, reps (holds for a hold), hold_s in seconds"},
        "dosage_words": {"type": "string"},
        "cautions": {"type": "string"},
        "measured_like": {"type": "string", "description": "library exercise id; empty: not measured by the camera"},
        "measured_like_name": {"type": "string"},
        "measured_words": {"type": "string"},
        "retired": {"type": "boolean"},
        "updated_at": {"type": "string", "format": "date-time"}
      }
    })json"},
    ResponseSchemaText{"PUT /api/clinic-exercises/{id}", R"json({
      "type": "object",
      "required": ["id", "name", "steps", "position", "position_words", "kind", "default_dosage", "dosage_words",
                   "cautions", "measured_like", "measured_like_name", "measured_words", "retired", "updated_at"],
      "properties": {
        "id": {"type": "string", "description": "c- and a random id: what programs name"},
        "name": {"type": "string"},
        "steps": {"type": "array", "items": {"type": "string"}},
        "position": {"type": "string"},
        "position_words": {"type": "string"},
        "kind": {"type": "string", "enum": ["repetitions", "hold"]},
        "default_dosage": {"type": "object", "description": "sets, reps (holds for a hold), hold_s in seconds"},
        "dosage_words": {"type": "string"},
        "cautions": {"type": "string"},
        "measured_like": {"type": "string", "description": "library exercise id; empty: not measured by the camera"},
        "measured_like_name": {"type": "string"},
        "measured_words": {"type": "string"},
        "retired": {"type": "boolean"},
        "updated_at": {"type": "string", "format": "date-time"}
      }
    })json"},
    ResponseSchemaText{"POST /api/clinic-exercises/{id}/retire", R"json({
      "type": "object",
      "required": ["id", "name", "steps", "position", "position_words", "kind", "default_dosage", "dosage_words",
                   "cautions", "measured_like", "measured_like_name", "measured_words", "retired", "updated_at"],
      "properties": {
        "id": {"type": "string", "description": "c- and a random id: what programs name"},
        "name": {"type": "string"},
        "steps": {"type": "array", "items": {"type": "string"}},
        "position": {"type": "string"},
        "position_words": {"type": "string"},
        "kind": {"type": "string", "enum": ["repetitions", "hold"]},
        "default_dosage": {"type": "object", "description": "sets, reps (holds for a hold), hold_s in seconds"},
        "dosage_words": {"type": "string"},
        "cautions": {"type": "string"},
        "measured_like": {"type": "string", "description": "library exercise id; empty: not measured by the camera"},
        "measured_like_name": {"type": "string"},
        "measured_words": {"type": "string"},
        "retired": {"type": "boolean"},
        "updated_at": {"type": "string", "format": "date-time"}
      }
    })json"},
    ResponseSchemaText{"DELETE /api/exercises/{id}/video", R"json({
      "type": "object",
      "required": ["exercise_id", "deleted"],
      "properties": {"exercise_id": {"type": "string"}, "deleted": {"type": "boolean"}}
    })json"},
    ResponseSchemaText{"POST /api/exercises/{id}/video", R"json({
      "type": "object",
      "description": "201 Created",
      "required": ["exercise_id", "media_type", "size_bytes"],
      "properties": {
        "exercise_id": {"type": "string"},
        "media_type": {"type": "string"},
        "size_bytes": {"type": "integer", "description": "bytes"}
      }
    })json"},
    ResponseSchemaText{"GET /api/instruments", R"json({
      "type": "object",
      "required": ["instruments"],
      "properties": {
        "instruments": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "description", "id", "items", "kind", "licence", "min_items", "missing_rule", "name",
              "scores", "version"
            ],
            "properties": {
              "description": {"type": "string"},
              "id": {"type": "string"},
              "items": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["context", "id", "label"],
                  "properties": {
                    "context": {"type": "boolean"},
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                    "question": {"type": "string", "description": "the instrument's own question, where its licence allows showing it"},
                    "options": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": ["label", "value"],
                        "properties": {"label": {"type": "string"}, "value": {"type": "number"}}
                      }
                    },
                    "integer": {"type": "boolean"},
                    "max": {"type": "number"},
                    "min": {"type": "number"},
                    "unit": {"type": "string"}
                  }
                }
              },
              "kind": {"type": "string"},
              "licence": {"type": "string"},
              "min_items": {"type": "number"},
              "missing_rule": {"type": "string"},
              "name": {"type": "string"},
              "scores": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["direction", "id", "mcid", "mdc", "min_answered", "name", "range", "unit"],
                  "properties": {
                    "direction": {"type": "string"},
                    "id": {"type": "string"},
                    "mcid": {
                      "type": ["null", "object"],
                      "required": ["source", "value"],
                      "properties": {"source": {"type": "string"}, "value": {"type": "number"}}
                    },
                    "mdc": {
                      "type": ["null", "object"],
                      "required": ["source"],
                      "properties": {
                        "by_baseline": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "required": ["baseline_max", "baseline_min", "value"],
                            "properties": {
                              "baseline_max": {"type": "number"},
                              "baseline_min": {"type": "number"},
                              "value": {"type": "number"}
                            }
                          }
                        },
                        "source": {"type": "string"},
                        "value": {"type": "number"}
                      }
                    },
                    "min_answered": {"type": "number"},
                    "name": {"type": "string"},
                    "range": {"type": "array", "items": {"type": "number"}},
                    "unit": {"type": "string"}
                  }
                }
              },
              "version": {"type": "string"}
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"GET /api/jobs/{id}", R"json({"$ref": "#/components/schemas/Job"})json"},
    ResponseSchemaText{"GET /api/live-sessions/{id}",
                       R"json({"$ref": "#/components/schemas/LiveSession"})json"},
    ResponseSchemaText{"POST /api/live-sessions/{id}/report", R"json({
      "type": "object",
      "description": "the set as stored and the feedback on it",
      "required": ["stored", "counted", "not_counted_reason", "feedback"],
      "properties": {
        "stored": {"type": "object"},
        "counted": {"type": "boolean"},
        "not_counted_reason": {"type": ["string", "null"]},
        "feedback": {"type": ["object", "null"]}
      }
    })json"},
    ResponseSchemaText{"GET /api/notes/{id}", R"json({"$ref": "#/components/schemas/Note"})json"},
    ResponseSchemaText{"PATCH /api/notes/{id}", R"json({"$ref": "#/components/schemas/Note"})json"},
    ResponseSchemaText{"POST /api/notes/{id}/addenda",
                       R"json({"$ref": "#/components/schemas/Note", "description": "201 Created"})json"},
    ResponseSchemaText{"POST /api/notes/{id}/audio",
                       R"json({"type": "object", "description": "202 Accepted: the transcription job"})json"},
    ResponseSchemaText{
        "POST /api/notes/{id}/transcript",
        R"json({"type": "object", "description": "201 Created: the transcript and its suggestions"})json"},
    ResponseSchemaText{"GET /api/notes/{id}/preview",
                       R"json({"type": "object", "description": "the note as it would be signed"})json"},
    ResponseSchemaText{"POST /api/notes/{id}/sign", R"json({"$ref": "#/components/schemas/Note"})json"},
    ResponseSchemaText{"POST /api/notes/{id}/suggestions", R"json({"type": "object"})json"},
    ResponseSchemaText{"GET /api/notes/{id}/transcripts", R"json({
      "type": "object",
      "required": ["items"],
      "properties": {"items": {"type": "array", "items": {"type": "object"}}}
    })json"},
    ResponseSchemaText{"GET /api/program-templates", R"json({
      "type": "array",
      "items": {
        "type": "object",
        "required": ["condition", "id", "name", "phase", "prescriptions", "source"],
        "properties": {
          "condition": {"type": "string"},
          "id": {"type": "string"},
          "name": {"type": "string"},
          "phase": {"type": "string"},
          "prescriptions": {
            "type": "array",
            "items": {
              "type": "object",
              "required": ["dosage", "end_date", "exercise_id", "notes", "side", "start_date", "target_rom_deg"],
              "properties": {
                "dosage": {
                  "type": "object",
                  "required": ["days_per_week", "hold_s", "load", "reps", "rest_s", "sets", "times_per_day"],
                  "properties": {
                    "days_per_week": {"type": "integer"},
                    "hold_s": {"type": "number", "description": "seconds"},
                    "load": {
                      "type": "object",
                      "required": ["kind"],
                      "properties": {
                        "kind": {"type": "string"},
                        "rir": {"type": "number"},
                        "band": {"type": "string"},
                        "kg": {"type": "number"},
                        "rpe": {"type": "number"}
                      }
                    },
                    "reps": {"type": "integer"},
                    "rest_s": {"type": "number", "description": "seconds"},
                    "sets": {"type": "integer"},
                    "times_per_day": {"type": "integer"}
                  }
                },
                "end_date": {"type": "string"},
                "exercise_id": {"type": "string"},
                "notes": {"type": "string"},
                "side": {"type": "string"},
                "start_date": {"type": "string"},
                "target_rom_deg": {"type": ["number", "null"], "description": "degrees"}
              }
            }
          },
          "source": {"type": "string"}
        }
      }
    })json"},
    ResponseSchemaText{"GET /api/programs/{id}", R"json({"$ref": "#/components/schemas/Program"})json"},
    ResponseSchemaText{"POST /api/programs/{id}/review", R"json({
      "type": "object",
      "required": ["program_id", "version", "adherence_session_pct", "proposals", "holds"],
      "properties": {
        "program_id": {"type": "string"},
        "version": {"type": "integer"},
        "adherence_session_pct": {"type": ["number", "null"], "description": "sessions done of those planned, percent"},
        "proposals": {"type": "array"},
        "holds": {"type": "array"}
      }
    })json"},
    ResponseSchemaText{"POST /api/programs/{id}/versions",
                       R"json({"$ref": "#/components/schemas/Program", "description": "201 Created"})json"},
    ResponseSchemaText{"POST /api/proposals/{id}/decision", R"json({"type": "object"})json"},
    ResponseSchemaText{
        "DELETE /api/recordings/{id}",
        R"json({"type": "object", "required": ["deleted"], "properties": {"deleted": {"type": "string"}}})json"},
    ResponseSchemaText{"GET /api/recordings/{id}", R"json({"$ref": "#/components/schemas/Recording"})json"},
    ResponseSchemaText{"POST /api/recordings/{id}/retry", R"json({
      "type": "object",
      "required": ["job_id"],
      "properties": {"job_id": {"type": "string"}},
      "description": "202 Accepted: the new job"
    })json"},
};

}  // namespace

std::span<const ResponseSchemaText> clinic_record_response_schemas() {
  return kClinicRecordSchemas;
}

}  // namespace physio::server
