#pragma once
/// A home exercise program as versioned data: what the physiotherapist prescribed, per exercise,
/// and who changed it, when and why. Programs never change in place: every change is a new
/// version (`version` + 1) with one more entry in `history`.
///
/// JSON (what the store keeps and the API sends):
///   {"id", "patient_id", "title", "template_id", "version": 3,
///    "prescriptions": [{"exercise_id": "mini_squat", "side": "both",
///       "dosage": {"sets": 3, "reps": 10, "hold_s": 0, "rest_s": 60,
///                  "load": {"kind": "kg", "kg": 4} | {"kind": "band", "band": "red"} |
///                          {"kind": "rpe", "rpe": 6} | {"kind": "rir", "rir": 2} | {"kind": "none"},
///                  "times_per_day": 1, "days_per_week": 5},
///       "start_date": "2026-03-02", "end_date": "", "target_rom_deg": 45, "notes": ""}],
///    "auto_apply": {"enabled": false, "max_load_change_pct_per_week": 10, "max_steps": 2},
///    "history": [{"version": 1, "by": "<user id>", "at_us": 0, "reason": "...", "kind": "create",
///                 "exercise_id": "", "load_change_pct": 0}]}
/// Validation names the field: "prescriptions[2].dosage.reps: must be 1..100, got 0".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "core/time.hpp"

namespace physio::rehab {

enum class Side { kLeft, kRight, kBoth };
std::string_view to_string(Side side);
std::optional<Side> side_from_string(std::string_view text);

/// How the load of an exercise is set: a weight, an elastic band, or an effort target the patient
/// chooses the load by (CR-10 RPE, or repetitions in reserve).
enum class LoadKind { kNone, kKg, kBand, kRpe, kRir };
std::string_view to_string(LoadKind kind);

/// Elastic band resistances, lightest first (the common clinical colour order).
inline constexpr std::string_view kBandColours[] = {"tan",  "yellow", "red",    "green",
                                                    "blue", "black",  "silver", "gold"};
/// Index of a band colour in kBandColours, or nullopt.
std::optional<int> band_index(std::string_view colour);

struct Load {
  LoadKind kind = LoadKind::kNone;
  double kg = 0.0;     ///< kKg
  std::string band{};  ///< kBand: one of kBandColours
  double rpe = 0.0;    ///< kRpe: target on the CR-10 scale, 0..10
  double rir = 0.0;    ///< kRir: target repetitions in reserve, 0..10
  friend bool operator==(const Load&, const Load&) = default;
};

/// How much, how hard, how often.
struct Dosage {
  int sets = 1;
  int reps = 10;         ///< repetitions per set; for holds, holds per set
  double hold_s = 0.0;   ///< seconds each repetition is held; 0 for moving repetitions
  double rest_s = 60.0;  ///< between sets
  Load load{};
  int times_per_day = 1;
  int days_per_week = 7;
  friend bool operator==(const Dosage&, const Dosage&) = default;
};

/// One exercise of a program. `exercise_id` is unique within a program.
struct Prescription {
  std::string exercise_id{};
  Side side = Side::kBoth;
  Dosage dosage{};
  std::string start_date{};  ///< "YYYY-MM-DD"; "" = from the program's start
  std::string end_date{};    ///< "YYYY-MM-DD" inclusive; "" = open
  std::optional<double> target_rom_deg{};
  std::string notes{};
  friend bool operator==(const Prescription&, const Prescription&) = default;
};

/// What the physiotherapist allows the progression rules to change without asking.
struct AutoApplyBounds {
  bool enabled = false;
  double max_load_change_pct_per_week = 0.0;  ///< sum of |automatic load changes| per prescription, 7 days
  int max_steps = 0;  ///< automatic changes per prescription before a clinician must look again
  friend bool operator==(const AutoApplyBounds&, const AutoApplyBounds&) = default;
};

/// Who changed the program, when and why. One per version.
struct ChangeRecord {
  std::int64_t version = 0;
  std::string by{};  ///< user id; "auto" for an automatic step within bounds
  TimeUs at_us = 0;
  std::string reason{};
  std::string kind{};            ///< "create", "edit", "progression", "auto_progression"
  std::string exercise_id{};     ///< the prescription a progression changed; "" otherwise
  double load_change_pct = 0.0;  ///< signed load change of a progression, percent
  friend bool operator==(const ChangeRecord&, const ChangeRecord&) = default;
};

struct Program {
  std::string id{};
  std::string patient_id{};
  std::string title{};
  std::string template_id{};  ///< the template it started from, if any
  std::int64_t version = 1;
  std::vector<Prescription> prescriptions{};
  AutoApplyBounds auto_apply{};
  std::vector<ChangeRecord> history{};
  friend bool operator==(const Program&, const Program&) = default;

  /// The prescription for `exercise_id`, or nullptr.
  const Prescription* find(std::string_view exercise_id) const;
};

/// A condition template: a starting program the physiotherapist adapts.
struct ProgramTemplate {
  std::string id{};         ///< "knee_oa"
  std::string name{};       ///< "Knee osteoarthritis"
  std::string condition{};  ///< plain words
  std::string phase{};      ///< "early", "intermediate", "late"; "" when not phased
  std::string source{};     ///< guideline or protocol it follows
  std::vector<Prescription> prescriptions{};
};

/// Checks one dosage; errors name the field under `path` ("prescriptions[0].dosage").
Status validate_dosage(const Dosage& d, std::string_view path = "dosage");
/// Checks every field of a program (ranges, dates, unique exercise ids, history = versions).
Status validate_program(const Program& p);

nlohmann::json to_json(const Dosage& d);
nlohmann::json to_json(const Prescription& p);
nlohmann::json to_json(const Program& p);
Result<Dosage> dosage_from_json(const nlohmann::json& j, std::string_view path = "dosage");
/// Parses and validates.
Result<Program> program_from_json(const nlohmann::json& j);
/// Parses and validates a template; `known_exercise_ids` (if not empty) must hold every exercise.
Result<ProgramTemplate> template_from_json(const nlohmann::json& j,
                                           const std::vector<std::string>& known_exercise_ids);

/// Version 1 of a program built from a template.
Program program_from_template(const ProgramTemplate& t, std::string program_id, std::string patient_id,
                              std::string by, TimeUs at_us, std::string start_date);

}  // namespace physio::rehab
