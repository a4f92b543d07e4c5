// The answers of the clinic's routes: the schedule, the caseload, staff, risk flags and models, remote
// monitoring (the records' own routes are in openapi_responses_clinic_records.cpp).
// Numbers a clinician sees carry their unit in the description (docs/metrics/ defines them).
// Keyed by "METHOD pattern"; each text is the JSON Schema of the successful answer (openapi_responses.hpp).
#include <array>

#include "server/app/openapi_responses.hpp"

namespace physio::server {

namespace {

constexpr std::array kClinicSchemas = {
    ResponseSchemaText{"GET /api/appointment-types",
                       R"json({"$ref": "#/components/schemas/AppointmentTypes"})json"},
    ResponseSchemaText{"PUT /api/appointment-types",
                       R"json({"$ref": "#/components/schemas/AppointmentTypes"})json"},
    ResponseSchemaText{"PATCH /api/appointments/{id}",
                       R"json({"$ref": "#/components/schemas/Appointment"})json"},
    ResponseSchemaText{"POST /api/appointments/{id}/cancel",
                       R"json({"$ref": "#/components/schemas/Appointment"})json"},
    ResponseSchemaText{"POST /api/appointments/{id}/cancel-series", R"json({
      "type": "object",
      "required": ["series_id", "cancelled", "kept"],
      "properties": {
        "series_id": {"type": "string"},
        "cancelled": {"type": "array", "items": {"$ref": "#/components/schemas/Appointment"}},
        "kept": {
          "type": "array",
          "description": "later visits of the series left booked, each with why",
          "items": {
            "type": "object",
            "required": ["id", "start", "reason"],
            "properties": {"id": {"type": "string"}, "start": {"type": "string"}, "reason": {"type": "string"}}
          }
        }
      }
    })json"},
    ResponseSchemaText{"GET /api/calendar", R"json({
      "type": "object",
      "required": ["appointments", "clinicians", "closures", "from", "from_utc", "time_zone", "to", "to_utc", "types"],
      "properties": {
        "closures": {
          "type": "array",
          "description": "the days of the range the clinic is closed",
          "items": {
            "type": "object",
            "required": ["date", "reason"],
            "properties": {"date": {"type": "string"}, "reason": {"type": "string"}}
          }
        },
        "appointments": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "back_entry", "cancel_reason", "duration_min", "end", "id", "patient_id", "patient_name",
              "practitioner_id", "practitioner_name", "reason", "room", "series_id", "start", "status",
              "type", "type_name"
            ],
            "properties": {
              "back_entry": {"type": "boolean"},
              "cancel_reason": {"type": ["null", "string"]},
              "duration_min": {"type": "integer", "description": "minutes"},
              "end": {"type": "string"},
              "id": {"type": "string"},
              "patient_id": {"type": "string"},
              "patient_name": {"type": "string"},
              "practitioner_id": {"type": "string"},
              "practitioner_name": {"type": "string"},
              "reason": {"type": ["null", "string"]},
              "room": {"type": ["null", "string"]},
              "series_id": {"type": ["string", "null"]},
              "start": {"type": "string"},
              "status": {"type": "string"},
              "type": {"type": ["null", "string"]},
              "type_name": {"type": ["null", "string"]}
            }
          }
        },
        "clinicians": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["id", "name", "role", "working_hours"],
            "properties": {
              "id": {"type": "string"},
              "name": {"type": "string"},
              "role": {"type": "string"},
              "working_hours": {
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
          }
        },
        "from": {"type": "string"},
        "from_utc": {"type": "string"},
        "time_zone": {"type": "string"},
        "to": {"type": "string"},
        "to_utc": {"type": "string"},
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
    ResponseSchemaText{"GET /api/capacity", R"json({
      "type": "object",
      "required": ["base_outcomes", "base_rate", "cells", "model", "weeks"],
      "properties": {
        "base_outcomes": {"type": "number"},
        "base_rate": {
          "type": ["number", "null"],
          "description": "the clinic's share of appointments missed, 0-1 (null without history; docs/server/risk.md)"
        },
        "cells": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "booked", "expected_attended", "expected_missed", "missed_interval80", "practitioner",
              "practitioner_id", "scored", "unassessed", "week_start"
            ],
            "properties": {
              "booked": {"type": "integer", "description": "appointments booked (a count)"},
              "expected_attended": {"type": "number", "description": "appointments expected to be kept"},
              "expected_missed": {
                "type": "number",
                "description": "appointments expected to be missed (the sum of their no-show probabilities)"
              },
              "missed_interval80": {
                "type": "array",
                "items": {"type": "number"},
                "description": "80 % interval of the appointments missed: [low, high]"
              },
              "practitioner": {"type": "string"},
              "practitioner_id": {"type": "string"},
              "scored": {"type": "number"},
              "unassessed": {"type": "number"},
              "week_start": {"type": "string"}
            }
          }
        },
        "model": {"type": "string"},
        "weeks": {"type": "integer"}
      }
    })json"},
    ResponseSchemaText{"GET /api/caseload", R"json({
      "type": "object",
      "description": "the clinic's caseload sorted by need (docs/metrics/caseload.md)",
      "required": ["items", "without_program", "as_of", "figures"],
      "properties": {
        "as_of": {"type": "string", "format": "date-time"},
        "without_program": {"type": "integer", "description": "patients left out: no active program and no reason (a count)"},
        "items": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "patient_id", "given_name", "family_name", "mrn", "score", "rank", "unread_messages", "reasons",
              "held", "active_programs", "last_session", "pending_proposals"
            ],
            "properties": {
              "patient_id": {"type": "string"},
              "given_name": {"type": "string"},
              "family_name": {"type": "string"},
              "mrn": {"type": "string"},
              "score": {
                "type": "number",
                "description": "need: the sum of the priorities of the open reasons (docs/metrics/caseload.md)"
              },
              "rank": {
                "type": "integer",
                "description": "the day's order, lower first: 0 pain at the stop level, 1 unread messages from the patient, 2 missed sessions or pain above 5/10, 3 another reason, 4 none (docs/metrics/caseload.md)"
              },
              "unread_messages": {"type": "integer", "description": "messages from the patient, or automatic alerts, no clinician has read (a count)"},
              "reasons": {
                "type": "array",
                "items": {
                  "type": "object",
                  "description": "a reason with its numbers in words",
                  "required": ["kind", "priority", "text", "stop_level"],
                  "properties": {
                    "kind": {"type": "string"},
                    "priority": {"type": "number", "description": "points (docs/metrics/caseload.md)"},
                    "text": {"type": "string"},
                    "stop_level": {"type": "boolean", "description": "pain at or above 7/10: the patient was told to stop"}
                  }
                }
              },
              "held": {
                "type": "array",
                "items": {
                  "type": "object",
                  "description": "an alert acknowledged or snoozed",
                  "required": ["kind", "priority", "text", "action", "note", "by", "at", "until"],
                  "properties": {
                    "kind": {"type": "string"},
                    "priority": {"type": "number"},
                    "text": {"type": "string"},
                    "action": {"type": "string"},
                    "note": {"type": "string"},
                    "by": {"type": "string"},
                    "at": {"type": "string", "format": "date-time"},
                    "until": {"type": "string", "format": "date-time"}
                  }
                }
              },
              "active_programs": {"type": "integer", "description": "active programs (a count)"},
              "last_session": {"type": ["string", "null"], "format": "date-time"},
              "pending_proposals": {"type": "integer", "description": "progression proposals waiting (a count)"}
            }
          }
        },
        "figures": {
          "type": "object",
          "description": "the clinic's figures (docs/metrics/caseload.md)",
          "required": ["active_patients", "adherence", "missed_visits", "outcomes"],
          "properties": {
            "active_patients": {"type": "integer", "description": "patients with an active program (a count)"},
            "adherence": {
              "type": "object",
              "description": "adherence of the active programs over the last `days` days",
              "required": [
                "days", "programs", "below_25_pct", "from_25_to_50_pct", "from_50_to_80_pct",
                "from_80_pct", "median_pct"
              ],
              "properties": {
                "days": {"type": "integer", "description": "days"},
                "programs": {"type": "integer", "description": "programs (a count)"},
                "below_25_pct": {"type": "integer", "description": "programs with adherence below 25 % (a count)"},
                "from_25_to_50_pct": {"type": "integer", "description": "programs with adherence from 25 to 50 % (a count)"},
                "from_50_to_80_pct": {"type": "integer", "description": "programs with adherence from 50 to 80 % (a count)"},
                "from_80_pct": {"type": "integer", "description": "programs with adherence of 80 % or more (a count)"},
                "median_pct": {
                  "type": ["number", "null"],
                  "description": "median adherence, percent (null without programs)"
                }
              }
            },
            "missed_visits": {
              "type": "object",
              "description": "visits over the last `days` days",
              "required": ["days", "kept", "missed", "missed_pct"],
              "properties": {
                "days": {"type": "integer", "description": "days"},
                "kept": {"type": "integer", "description": "visits kept (a count)"},
                "missed": {"type": "integer", "description": "visits missed (a count)"},
                "missed_pct": {"type": ["number", "null"], "description": "missed of those due, percent"}
              }
            },
            "outcomes": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["condition", "episodes", "reached_goal", "ongoing", "assessed", "text"],
                "properties": {
                  "condition": {"type": "string"},
                  "episodes": {"type": "integer", "description": "episodes (a count)"},
                  "reached_goal": {"type": "integer", "description": "episodes that reached the goal (a count)"},
                  "ongoing": {"type": "integer", "description": "ongoing episodes (a count)"},
                  "assessed": {"type": "boolean"},
                  "text": {"type": "string"}
                }
              }
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"GET /api/flags", R"json({
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
              "probability": {"type": ["null", "number"]},
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
                "properties": {
                  "start": {"type": "string"},
                  "status": {"type": "string"},
                  "type": {"type": "string"},
                  "title": {"type": "string"}
                }
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
    ResponseSchemaText{"POST /api/flags/{id}/decision", R"json({"$ref": "#/components/schemas/Flag"})json"},
    ResponseSchemaText{"GET /api/model-card", R"json({
      "type": "object",
      "required": ["markdown", "name", "status", "version"],
      "properties": {
        "markdown": {"type": "string"},
        "name": {"type": "string"},
        "status": {"type": "string"},
        "version": {"type": "integer"}
      }
    })json"},
    ResponseSchemaText{"GET /api/models", R"json({
      "type": "object",
      "required": ["as_of", "models", "rules"],
      "properties": {
        "as_of": {"type": "string"},
        "models": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["drift", "history", "method", "name", "outcome", "state", "title", "versions"],
            "properties": {
              "drift": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": [
                    "alerts", "auc", "brier", "cases", "events", "expected", "max_shift", "month",
                    "observed", "shift_feature"
                  ],
                  "properties": {
                    "alerts": {"type": "array", "items": {"type": "string"}},
                    "auc": {"type": ["null", "number"]},
                    "brier": {"type": "number"},
                    "cases": {"type": "number"},
                    "events": {"type": "number"},
                    "expected": {"type": ["null", "number"]},
                    "max_shift": {"type": "number"},
                    "month": {"type": "string"},
                    "observed": {"type": ["null", "number"]},
                    "shift_feature": {"type": "string"}
                  }
                }
              },
              "history": {
                "type": "object",
                "required": [
                  "appointments", "case_kind", "cases", "event_kind", "events", "missed", "needed",
                  "ready", "reason"
                ],
                "properties": {
                  "appointments": {"type": ["number", "null"]},
                  "case_kind": {"type": "string"},
                  "cases": {"type": "number"},
                  "event_kind": {"type": "string"},
                  "events": {"type": "number"},
                  "missed": {"type": ["number", "null"]},
                  "needed": {"type": "number"},
                  "ready": {"type": "boolean"},
                  "reason": {"type": "string"}
                }
              },
              "method": {"type": "string"},
              "name": {"type": "string"},
              "outcome": {"type": "string"},
              "state": {"type": "string"},
              "title": {"type": "string"},
              "versions": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": [
                    "changed", "changed_by", "figures", "id", "label", "silent_until", "status",
                    "trained", "version"
                  ],
                  "properties": {
                    "changed": {"type": "string"},
                    "changed_by": {"type": "string"},
                    "figures": {
                      "type": "object",
                      "required": [
                        "checked", "first_day", "last_day", "synthetic", "threshold",
                        "trained_on_events", "trained_on_rows"
                      ],
                      "properties": {
                        "checked": {
                          "type": "object",
                          "required": [
                            "auc", "auc_ci95", "brier", "calibration_intercept", "calibration_slope",
                            "cases", "events", "first_day", "last_day"
                          ],
                          "properties": {
                            "auc": {"type": "number"},
                            "auc_ci95": {"type": "array", "items": {"type": "number"}},
                            "brier": {"type": "number"},
                            "calibration_intercept": {"type": "number"},
                            "calibration_slope": {"type": "number"},
                            "cases": {"type": "number"},
                            "events": {"type": "number"},
                            "first_day": {"type": "string"},
                            "last_day": {"type": "string"}
                          }
                        },
                        "first_day": {"type": "string"},
                        "last_day": {"type": "string"},
                        "synthetic": {"type": "boolean"},
                        "threshold": {"type": "number"},
                        "trained_on_events": {"type": "number"},
                        "trained_on_rows": {"type": "number"}
                      }
                    },
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                    "silent_until": {"type": ["string", "null"]},
                    "status": {"type": "string"},
                    "trained": {"type": "string"},
                    "version": {"type": "integer"}
                  }
                }
              }
            }
          }
        },
        "rules": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["card", "method", "name", "title"],
            "properties": {
              "card": {"type": "string"},
              "method": {"type": "string"},
              "name": {"type": "string"},
              "title": {"type": "string"}
            }
          }
        }
      }
    })json"},
    ResponseSchemaText{"POST /api/models/activate", R"json({
      "type": "object",
      "required": ["id", "version", "status", "refresh"],
      "properties": {
        "id": {"type": "string"},
        "version": {"type": "integer"},
        "status": {"type": "string"},
        "refresh": {"type": "object"}
      }
    })json"},
    ResponseSchemaText{"POST /api/models/train", R"json({
      "type": "object",
      "description": "201 Created: the new model version (its figures: docs/server/risk.md)",
      "required": ["id", "version", "status", "silent_until", "figures"],
      "properties": {
        "id": {"type": "string"},
        "version": {"type": "integer"},
        "status": {"type": "string"},
        "silent_until": {"type": "string", "format": "date-time"},
        "figures": {"type": ["object", "array", "null"]}
      }
    })json"},
    ResponseSchemaText{"POST /api/rtm/month-lock", R"json({"type": "object"})json"},
    ResponseSchemaText{"GET /api/schedule", R"json({
      "type": "object",
      "required": ["date", "items", "unmarked", "noshow_shown"],
      "properties": {
        "date": {"type": "string"},
        "unmarked": {
          "type": "array",
          "description": "visits of the last 14 days whose end has passed, still booked: not marked arrived, attended or did not attend",
          "items": {
            "type": "object",
            "required": [
              "appointment_id", "duration_min", "family_name", "flag", "given_name", "mrn", "patient_id", "phone",
              "practitioner", "reason", "start", "status"
            ],
            "properties": {
              "appointment_id": {"type": "string"},
              "duration_min": {"type": "integer", "description": "minutes"},
              "family_name": {"type": "string"},
              "flag": {"type": "null"},
              "given_name": {"type": "string"},
              "mrn": {"type": "string"},
              "patient_id": {"type": "string"},
              "phone": {"type": "string"},
              "practitioner": {"type": "string"},
              "reason": {"type": "string"},
              "start": {"type": "string"},
              "status": {"type": "string"}
            }
          }
        },
        "items": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "appointment_id", "duration_min", "family_name", "flag", "given_name", "mrn", "patient_id",
              "phone", "practitioner", "reason", "start", "status"
            ],
            "properties": {
              "phone": {"type": "string", "description": "the patient's telephone number, to call them"},
              "appointment_id": {"type": "string"},
              "duration_min": {"type": "integer", "description": "minutes"},
              "family_name": {"type": "string"},
              "flag": {
                "type": ["null", "object"],
                "required": [
                  "action", "basis", "card", "computed", "decided", "decided_by", "decision_reason",
                  "id", "kind", "level", "method", "model", "model_version", "need", "patient_id",
                  "probability", "reasons", "shown", "status", "subject_id", "subject_type", "title"
                ],
                "properties": {
                  "action": {"type": "string"},
                  "basis": {"type": "string"},
                  "card": {"type": "string"},
                  "computed": {"type": "string"},
                  "decided": {"type": ["string", "null"]},
                  "decided_by": {"type": ["string", "null"]},
                  "decision_reason": {"type": "string"},
                  "id": {"type": "string"},
                  "kind": {"type": "string"},
                  "level": {"type": "string"},
                  "method": {"type": "string"},
                  "model": {"type": "string"},
                  "model_version": {"type": "string"},
                  "need": {"type": "number"},
                  "patient_id": {"type": "string"},
                  "probability": {"type": "number"},
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
                  "subject_id": {"type": "string"},
                  "subject_type": {"type": "string"},
                  "title": {"type": "string"}
                }
              },
              "given_name": {"type": "string"},
              "mrn": {"type": "string"},
              "patient_id": {"type": "string"},
              "practitioner": {"type": "string"},
              "reason": {"type": "string"},
              "start": {"type": "string"},
              "status": {"type": "string"}
            }
          }
        },
        "noshow_shown": {"type": "boolean"}
      }
    })json"},
    ResponseSchemaText{"GET /api/closures", R"json({"$ref": "#/components/schemas/Closures"})json"},
    ResponseSchemaText{"PUT /api/closures", R"json({"$ref": "#/components/schemas/Closures"})json"},
    ResponseSchemaText{"GET /api/schedule-settings",
                       R"json({"$ref": "#/components/schemas/ScheduleSettings"})json"},
    ResponseSchemaText{"PUT /api/schedule-settings",
                       R"json({"$ref": "#/components/schemas/ScheduleSettings"})json"},
    ResponseSchemaText{"GET /api/clinic", R"json({"$ref": "#/components/schemas/ClinicContact"})json"},
    ResponseSchemaText{"PUT /api/clinic", R"json({"$ref": "#/components/schemas/ClinicContact"})json"},
    ResponseSchemaText{"GET /api/staff", R"json({
      "type": "array",
      "items": {
        "type": "object",
        "required": [
          "clinic_id", "disabled", "display_name", "email", "id", "locked", "mfa_enrolled",
          "mfa_required", "patient_id", "role"
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
          "patient_id": {"type": ["string", "null"]},
          "role": {"type": "string"}
        }
      }
    })json"},
    ResponseSchemaText{"POST /api/staff",
                       R"json({"$ref": "#/components/schemas/User", "description": "201 Created"})json"},
    ResponseSchemaText{"POST /api/staff/{id}/disable", R"json({"$ref": "#/components/schemas/Status"})json"},
    ResponseSchemaText{"POST /api/staff/{id}/reset-password",
                       R"json({"$ref": "#/components/schemas/Status"})json"},
    ResponseSchemaText{"GET /api/staff/{id}/working-hours",
                       R"json({"$ref": "#/components/schemas/WorkingHours"})json"},
    ResponseSchemaText{"PUT /api/staff/{id}/working-hours",
                       R"json({"$ref": "#/components/schemas/WorkingHours"})json"},
    ResponseSchemaText{"GET /api/waitlist", R"json({
      "type": "object",
      "required": ["items"],
      "properties": {
        "items": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "clinician_id", "clinician_name", "earliest_date", "id", "latest_date", "note",
              "patient_id", "patient_name", "since", "type"
            ],
            "properties": {
              "clinician_id": {"type": "string"},
              "clinician_name": {"type": "string"},
              "earliest_date": {"type": ["string", "null"], "description": "YYYY-MM-DD"},
              "id": {"type": "string"},
              "latest_date": {"type": ["string", "null"], "description": "YYYY-MM-DD"},
              "note": {"type": "string"},
              "patient_id": {"type": "string"},
              "patient_name": {"type": "string"},
              "since": {"type": "string"},
              "type": {"type": "string"}
            }
          }
        }
      }
    })json"},
};

}  // namespace

std::span<const ResponseSchemaText> clinic_response_schemas() {
  return kClinicSchemas;
}

}  // namespace physio::server
