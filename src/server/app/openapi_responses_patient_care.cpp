// The answers of a patient's care routes (/api/patients/{id}/...: programs, exercise logs and pain, live
// sessions, recordings, outcome measures and their schedules, notes, recovery, remote monitoring, today).
// Numbers a clinician sees carry their unit in the description (docs/metrics/ defines them).
// Keyed by "METHOD pattern"; each text is the JSON Schema of the successful answer (openapi_responses.hpp).
#include <array>

#include "server/app/openapi_responses.hpp"

namespace physio::server {

namespace {

constexpr std::array kPatientCareSchemas = {
    ResponseSchemaText{"GET /api/patients/{id}/exercise-logs", R"json({
      "type": "object",
      "required": ["items"],
      "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/ExerciseLog"}}}
    })json"},
    ResponseSchemaText{
        "POST /api/patients/{id}/exercise-logs",
        R"json({"$ref": "#/components/schemas/ExerciseLog", "description": "201 Created"})json"},
    ResponseSchemaText{"POST /api/patients/{id}/live-framing", R"json({
      "type": "object",
      "description": "whether the camera frames the patient for the exercise",
      "required": ["ok", "reasons"],
      "properties": {"ok": {"type": "boolean"}, "reasons": {"type": "array"}}
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/live-sessions", R"json({
      "type": "object",
      "required": ["items"],
      "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/LiveSession"}}}
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/live-sessions", R"json({
      "allOf": [
        {"$ref": "#/components/schemas/LiveSession"},
        {
          "type": "object",
          "required": ["token", "device_url", "watch_url"],
          "properties": {"token": {"type": "string"}, "device_url": {"type": "string"}, "watch_url": {"type": "string"}}
        }
      ],
      "description": "201 Created"
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/morning-pain", R"json({
      "type": "object",
      "description": "morning pain answers (the last 90 days by default)",
      "required": ["items"],
      "properties": {
        "items": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["id", "at", "nprs"],
            "properties": {
              "id": {"type": "string"},
              "at": {"type": "string", "format": "date-time"},
              "nprs": {
                "type": "number",
                "description": "pain the morning after exercise, 0-10 numeric rating scale"
              }
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/morning-pain", R"json({
      "type": "object",
      "description": "201 Created",
      "required": ["id", "at", "nprs", "advice"],
      "properties": {
        "id": {"type": "string"},
        "at": {"type": "string", "format": "date-time"},
        "nprs": {"type": "number", "description": "pain, 0-10 numeric rating scale"},
        "advice": {}
      }
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/notes", R"json({
      "type": "object",
      "required": ["items"],
      "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/NoteSummary"}}}
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/notes",
                       R"json({"$ref": "#/components/schemas/Note", "description": "201 Created"})json"},
    ResponseSchemaText{"GET /api/patients/{id}/observations", R"json({
      "type": "array",
      "items": {
        "type": "object",
        "required": [
          "body_site", "code", "code_system", "display", "id", "method", "recording_id", "side",
          "source", "time", "unit", "value"
        ],
        "properties": {
          "body_site": {"type": ["null", "string"]},
          "code": {"type": "string", "description": "the measure (docs/metrics/observations.md)"},
          "code_system": {"type": "string"},
          "display": {"type": "string"},
          "id": {"type": "string"},
          "method": {"type": ["null", "string"]},
          "recording_id": {"type": ["null", "string"]},
          "side": {"type": ["null", "string"]},
          "source": {"type": "string"},
          "time": {"type": "string"},
          "unit": {"type": "string", "description": "its UCUM unit (deg, s, %, /min, {score}...)"},
          "value": {
            "type": "number",
            "description": "the measure, in `unit` (codes, units and definitions: docs/metrics/observations.md)"
          }
        }
      }
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/programs", R"json({
      "type": "object",
      "required": ["items"],
      "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Program"}}}
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/programs",
                       R"json({"$ref": "#/components/schemas/Program", "description": "201 Created"})json"},
    ResponseSchemaText{"GET /api/patients/{id}/progress", R"json({
      "type": "object",
      "required": ["not_counted", "personal_bests", "programs"],
      "properties": {
        "not_counted": {"type": "array"},
        "personal_bests": {"type": "array"},
        "programs": {"type": "array"}
      }
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/questionnaire-schedules", R"json({
      "type": "object",
      "required": ["schedules", "send_hour", "email_allowed"],
      "properties": {
        "schedules": {"type": "array", "items": {"$ref": "#/components/schemas/QuestionnaireSchedule"}},
        "send_hour": {"type": "integer", "description": "the local hour (0-23) sends go out on their due date"},
        "email_allowed": {"type": "boolean", "description": "the patient has an address and agreed to e-mails"}
      }
    })json"},
    ResponseSchemaText{"PUT /api/patients/{id}/questionnaire-schedules",
                       R"json({"$ref": "#/components/schemas/QuestionnaireSchedule"})json"},
    ResponseSchemaText{"DELETE /api/patients/{id}/questionnaire-schedules", R"json({
      "type": "object", "required": ["stopped"], "properties": {"stopped": {"type": "boolean"}}
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/questionnaires-due", R"json({
      "type": "object",
      "required": ["next", "waiting"],
      "properties": {
        "next": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["instrument", "instrument_name", "due", "words"],
            "properties": {"instrument": {"type": "string"}, "instrument_name": {"type": "string"},
                           "due": {"type": "string"}, "words": {"type": "string"}}
          }
        },
        "waiting": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["instrument", "instrument_name", "sent", "until", "path"],
            "properties": {"instrument": {"type": "string"}, "instrument_name": {"type": "string"},
                           "sent": {"type": "string", "format": "date-time"},
                           "until": {"type": "string", "format": "date-time"}, "path": {"type": "string"}}
          }
        }
      }
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/questionnaire-links", R"json({
      "type": "object",
      "required": ["links"],
      "properties": {"links": {"type": "array", "items": {"$ref": "#/components/schemas/QuestionnaireLink"}}}
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/questionnaire-links", R"json({
      "allOf": [
        {"$ref": "#/components/schemas/QuestionnaireLink"},
        {
          "type": "object",
          "required": ["token", "path"],
          "properties": {"token": {"type": "string"}, "path": {"type": "string"}, "url": {"type": "string"}}
        }
      ],
      "description": "201 Created"
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/questionnaire-responses", R"json({
      "type": "object",
      "required": ["responses"],
      "properties": {
        "responses": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "answers", "change", "completed", "entered_by", "episode_id", "id", "instrument",
              "instrument_name", "interpretation", "kind", "missing", "reason", "score_details",
              "scores", "source", "valid"
            ],
            "properties": {
              "answers": {"type": "array", "items": {"type": "number"}},
              "change": {
                "type": ["null", "object"],
                "required": ["baseline_completed", "baseline_id", "notes", "scope", "scores"],
                "properties": {
                  "baseline_completed": {"type": "string"},
                  "baseline_id": {"type": "string"},
                  "notes": {"type": "array"},
                  "scope": {"type": "string"},
                  "scores": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "baseline", "beyond_mdc", "change", "current", "flag", "flagged", "improvement",
                        "mcid", "mcid_source", "mdc", "mdc_source", "name", "score", "text", "unit"
                      ],
                      "properties": {
                        "baseline": {"type": "number"},
                        "beyond_mdc": {"type": "boolean"},
                        "change": {"type": "number"},
                        "current": {"type": "number"},
                        "flag": {"type": "string"},
                        "flagged": {"type": "boolean"},
                        "improvement": {"type": "number"},
                        "mcid": {"type": "number"},
                        "mcid_source": {"type": "string"},
                        "mdc": {"type": "number"},
                        "mdc_source": {"type": "string"},
                        "name": {"type": "string"},
                        "score": {"type": "string"},
                        "text": {"type": "string"},
                        "unit": {"type": "string"}
                      }
                    }
                  }
                }
              },
              "completed": {"type": "string"},
              "entered_by": {"type": "string"},
              "episode_id": {"type": ["null", "string"]},
              "id": {"type": "string"},
              "instrument": {"type": "string"},
              "instrument_name": {"type": "string"},
              "interpretation": {"type": "array", "items": {"type": "string"}},
              "kind": {"type": "string"},
              "method": {"type": "string"},
              "missing": {"type": "array"},
              "observation_id": {"type": "string"},
              "reason": {"type": "string"},
              "recording_id": {"type": "string"},
              "score_details": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["direction", "id", "name", "range", "unit", "value"],
                  "properties": {
                    "direction": {"type": "string"},
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "range": {"type": "array", "items": {"type": "number"}},
                    "unit": {"type": "string"},
                    "value": {"type": "number"}
                  }
                }
              },
              "scores": {"type": "object", "required": ["total"], "properties": {"total": {"type": "number"}}},
              "source": {"type": "string"},
              "valid": {"type": "boolean"}
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{
        "POST /api/patients/{id}/questionnaire-responses",
        R"json({"type": "object", "description": "201 Created: the response and its score"})json"},
    ResponseSchemaText{"GET /api/patients/{id}/recordings",
                       R"json({"type": "array", "items": {"$ref": "#/components/schemas/Recording"}})json"},
    ResponseSchemaText{"POST /api/patients/{id}/recordings", R"json({
      "type": "object",
      "description": "202 Accepted",
      "required": ["recording_id", "job_id", "state"],
      "properties": {"recording_id": {"type": "string"}, "job_id": {"type": "string"}, "state": {"type": "string"}}
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/recovery", R"json({
      "type": "object",
      "description": "the patient's recovery course (docs/server/risk.md, docs/metrics/caseload.md)",
      "required": ["episode_id", "condition", "course", "remaining", "tracks", "reason"],
      "properties": {
        "episode_id": {"type": ["string", "null"]},
        "condition": {"type": "string"},
        "reason": {"type": "string"},
        "course": {
          "oneOf": [
            {"type": "null"},
            {
              "type": "object",
              "description": "the clinic's episodes of this condition and their course",
              "required": [
                "condition", "episodes", "events", "censored", "ongoing", "cancelled", "assessed",
                "not_assessed", "text"
              ],
              "properties": {
                "condition": {"type": "string"},
                "episodes": {"type": "integer", "description": "episodes (a count)"},
                "events": {"type": "integer", "description": "episodes that reached the goal"},
                "censored": {"type": "integer"},
                "ongoing": {"type": "integer"},
                "cancelled": {"type": "integer"},
                "assessed": {"type": "boolean"},
                "not_assessed": {},
                "text": {"type": "string"},
                "visits": {
                  "type": "object",
                  "description": "visits to the goal: median and quartiles (Kaplan-Meier)",
                  "required": ["median", "q25", "q75"],
                  "properties": {
                    "median": {
                      "type": "object",
                      "required": ["value", "ci95", "reason"],
                      "properties": {
                        "value": {
                          "type": ["number", "null"],
                          "description": "visits (null when the data cannot tell)"
                        },
                        "ci95": {
                          "type": "array",
                          "items": {"type": ["number", "null"]},
                          "description": "95 % confidence interval, visits: [lower, upper]"
                        },
                        "reason": {"type": "string"}
                      }
                    },
                    "q25": {
                      "type": "object",
                      "required": ["value", "ci95", "reason"],
                      "properties": {
                        "value": {
                          "type": ["number", "null"],
                          "description": "visits (null when the data cannot tell)"
                        },
                        "ci95": {
                          "type": "array",
                          "items": {"type": ["number", "null"]},
                          "description": "95 % confidence interval, visits: [lower, upper]"
                        },
                        "reason": {"type": "string"}
                      }
                    },
                    "q75": {
                      "type": "object",
                      "required": ["value", "ci95", "reason"],
                      "properties": {
                        "value": {
                          "type": ["number", "null"],
                          "description": "visits (null when the data cannot tell)"
                        },
                        "ci95": {
                          "type": "array",
                          "items": {"type": ["number", "null"]},
                          "description": "95 % confidence interval, visits: [lower, upper]"
                        },
                        "reason": {"type": "string"}
                      }
                    }
                  }
                },
                "weeks": {
                  "type": "object",
                  "description": "weeks to the goal: median and quartiles (Kaplan-Meier)",
                  "required": ["median", "q25", "q75"],
                  "properties": {
                    "median": {
                      "type": "object",
                      "required": ["value", "ci95", "reason"],
                      "properties": {
                        "value": {
                          "type": ["number", "null"],
                          "description": "weeks (null when the data cannot tell)"
                        },
                        "ci95": {
                          "type": "array",
                          "items": {"type": ["number", "null"]},
                          "description": "95 % confidence interval, weeks: [lower, upper]"
                        },
                        "reason": {"type": "string"}
                      }
                    },
                    "q25": {
                      "type": "object",
                      "required": ["value", "ci95", "reason"],
                      "properties": {
                        "value": {
                          "type": ["number", "null"],
                          "description": "weeks (null when the data cannot tell)"
                        },
                        "ci95": {
                          "type": "array",
                          "items": {"type": ["number", "null"]},
                          "description": "95 % confidence interval, weeks: [lower, upper]"
                        },
                        "reason": {"type": "string"}
                      }
                    },
                    "q75": {
                      "type": "object",
                      "required": ["value", "ci95", "reason"],
                      "properties": {
                        "value": {
                          "type": ["number", "null"],
                          "description": "weeks (null when the data cannot tell)"
                        },
                        "ci95": {
                          "type": "array",
                          "items": {"type": ["number", "null"]},
                          "description": "95 % confidence interval, weeks: [lower, upper]"
                        },
                        "reason": {"type": "string"}
                      }
                    }
                  }
                }
              }
            }
          ]
        },
        "remaining": {
          "oneOf": [
            {"type": "null"},
            {
              "type": "object",
              "description": "the visits expected to remain",
              "required": ["attended", "median", "ci95", "q25", "q75", "reason", "text"],
              "properties": {
                "attended": {"type": "integer", "description": "visits attended so far"},
                "median": {"type": ["number", "null"], "description": "visits"},
                "ci95": {
                  "type": "array",
                  "items": {"type": ["number", "null"]},
                  "description": "95 % confidence interval, visits"
                },
                "q25": {"type": ["number", "null"], "description": "visits"},
                "q75": {"type": ["number", "null"], "description": "visits"},
                "reason": {"type": "string"},
                "text": {"type": "string"}
              }
            }
          ]
        },
        "tracks": {
          "type": "array",
          "items": {
            "type": "object",
            "description": "an outcome measure against its expected track (docs/metrics/outcome-measures.md)",
            "required": [
              "instrument_id", "instrument", "score", "unit", "higher_is_better", "mic", "mic_source",
              "off_track", "kind", "clinic_band", "clinic_episodes", "summary", "reason", "measures",
              "expected", "rule_from_week"
            ],
            "properties": {
              "instrument_id": {"type": "string"},
              "instrument": {"type": "string"},
              "score": {"type": "string"},
              "unit": {"type": "string", "description": "the score's unit"},
              "higher_is_better": {"type": "boolean"},
              "mic": {"type": "number", "description": "minimal important change, in the score unit"},
              "mic_source": {"type": "string"},
              "off_track": {"type": "boolean"},
              "kind": {"type": "string"},
              "clinic_band": {"type": "boolean"},
              "clinic_episodes": {"type": "integer"},
              "summary": {"type": "string"},
              "reason": {"type": "string"},
              "rule_from_week": {"type": "integer", "description": "week"},
              "measures": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["at", "score", "week", "improvement", "status", "band_source", "band", "band_episodes"],
                  "properties": {
                    "at": {"type": "string", "format": "date-time"},
                    "score": {"type": "number", "description": "the score, in its unit"},
                    "week": {"type": "number", "description": "weeks since the episode began"},
                    "improvement": {"type": "number", "description": "change from the baseline, in the score unit"},
                    "status": {"type": "string"},
                    "band_source": {"type": "string"},
                    "band": {
                      "type": "array",
                      "items": {"type": ["number", "null"]},
                      "description": "the expected band at that week [low, high], score unit"
                    },
                    "band_episodes": {"type": "integer"}
                  }
                }
              },
              "expected": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["week", "low", "median", "high", "episodes"],
                  "properties": {
                    "week": {"type": "number", "description": "weeks"},
                    "low": {"type": "number", "description": "score unit"},
                    "median": {"type": "number", "description": "score unit"},
                    "high": {"type": "number", "description": "score unit"},
                    "episodes": {"type": "integer"}
                  }
                }
              }
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"GET /api/patients/{id}/reminder-settings",
                       R"json({"$ref": "#/components/schemas/ReminderSettings"})json"},
    ResponseSchemaText{"PUT /api/patients/{id}/reminder-settings",
                       R"json({"$ref": "#/components/schemas/ReminderSettings"})json"},
    ResponseSchemaText{"GET /api/patients/{id}/rtm", R"json({
      "type": "object",
      "required": [
        "consent", "device_periods", "entries", "lock", "management", "month", "running_timer", "setup",
        "time_zone"
      ],
      "properties": {
        "consent": {
          "type": "object",
          "required": ["active", "records"],
          "properties": {"active": {"type": "boolean"}, "records": {"type": "number"}}
        },
        "device_periods": {"type": "array"},
        "entries": {"type": "array"},
        "lock": {
          "oneOf": [
            {"type": "null"},
            {
              "type": "object",
              "description": "the billing month is locked",
              "required": ["locked_by", "locked"],
              "properties": {
                "locked_by": {"type": "string"},
                "locked": {"type": "string", "format": "date-time"},
                "changes_since_lock": {}
              }
            }
          ]
        },
        "management": {
          "type": "object",
          "required": [
            "codes", "flags", "interactive_count", "interactive_days", "locked", "minutes", "month",
            "patient_id", "provisional"
          ],
          "properties": {
            "codes": {"type": "array"},
            "flags": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["id", "message"],
                "properties": {"id": {"type": "string"}, "message": {"type": "string"}}
              }
            },
            "interactive_count": {"type": "integer"},
            "interactive_days": {"type": "array"},
            "locked": {"type": "boolean"},
            "minutes": {"type": "integer"},
            "month": {"type": "string"},
            "patient_id": {"type": "string"},
            "provisional": {"type": "boolean"}
          }
        },
        "month": {"type": "string"},
        "running_timer": {},
        "setup": {
          "oneOf": [
            {"type": "null"},
            {
              "type": "object",
              "required": ["id", "at", "staff_id", "device"],
              "properties": {
                "id": {"type": "string"},
                "at": {"type": "string", "format": "date-time"},
                "staff_id": {"type": "string"},
                "device": {"type": "string"}
              }
            }
          ]
        },
        "time_zone": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{"POST /api/patients/{id}/rtm/setup", R"json({
      "type": "object",
      "description": "201 Created",
      "required": ["id", "at", "staff_id", "device", "note"],
      "properties": {
        "id": {"type": "string"},
        "at": {"type": "string", "format": "date-time"},
        "staff_id": {"type": "string"},
        "device": {"type": "string"},
        "note": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{
        "POST /api/patients/{id}/rtm/time-entries",
        R"json({"$ref": "#/components/schemas/RtmTimeEntry", "description": "201 Created"})json"},
    ResponseSchemaText{
        "POST /api/patients/{id}/rtm/timer/start",
        R"json({"$ref": "#/components/schemas/RtmTimeEntry", "description": "201 Created"})json"},
    ResponseSchemaText{"POST /api/patients/{id}/rtm/timer/stop",
                       R"json({"$ref": "#/components/schemas/RtmTimeEntry"})json"},
    ResponseSchemaText{"GET /api/patients/{id}/today", R"json({
      "type": "object",
      "required": ["date", "done", "due", "morning_pain", "not_counted", "programs", "time_zone"],
      "properties": {
        "date": {"type": "string"},
        "done": {"type": "number"},
        "due": {"type": "number"},
        "morning_pain": {
          "type": "object",
          "required": ["answer", "asked"],
          "properties": {"answer": {}, "asked": {"type": "boolean"}}
        },
        "not_counted": {"type": "array"},
        "programs": {"type": "array"},
        "time_zone": {"type": "string"}
      }
    })json"},
    ResponseSchemaText{
        "GET /api/patients/{id}/transcripts",
        R"json({"type": "object", "required": ["items"], "properties": {"items": {"type": "array"}}})json"},
};

}  // namespace

std::span<const ResponseSchemaText> patient_care_response_schemas() {
  return kPatientCareSchemas;
}

}  // namespace physio::server
