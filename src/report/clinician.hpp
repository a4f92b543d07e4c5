#pragma once
/// The clinician's report of an analysed exercise recording (docs/metrics/exercise.md, "The clinician
/// report"), beside the patient's report: every measure with its unit and a link to its definition, the
/// per-repetition table (range, duration, peak velocity, quality, form cues with the frames where they
/// occurred), what was not counted and why, the analysis settings, quality flags, and the comparison with the
/// previous recordings of the same exercise. It links back to the patient's page. Pure: the analysis result
/// (exercise_result_to_json) and the context in, one self-contained HTML page out.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace physio::report {

/// One analysed recording of the same exercise, for the comparison (this one included, marked `current`).
struct PriorRecording {
  std::string date{};  ///< "2026-03-10"
  std::optional<int> count{};
  std::optional<double> mean_rom_deg{};
  std::optional<double> best_rom_deg{};
  std::optional<double> score{};
  bool current = false;
};

struct ClinicianReportContext {
  std::string patient_name{};
  std::string exercise_name{};
  std::string recorded{};            ///< when, in words ("2026-03-10 14:05 UTC")
  std::string source{};              ///< "video", "landmark file"
  std::string model{};               ///< the pose model, or "" for a landmark file
  std::string view{};                ///< the camera views the exercise is analysed from ("side or front")
  std::string person{};              ///< whom the analysis followed
  std::string scale{};               ///< the length scale, or why none is needed
  std::string patient_page_url{};    ///< the patient's page in the clinic's pages (the path ends here)
  std::string patient_report_url{};  ///< the patient's own report of the same recording
  std::vector<PriorRecording> history{};  ///< same exercise, oldest first
};

/// The report. Missing fields of `result` are shown as "not measured", never invented.
std::string render_clinician_report(const ClinicianReportContext& ctx, const nlohmann::json& result);

}  // namespace physio::report
