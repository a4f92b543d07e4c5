#pragma once
/// The engine behind one uploaded recording: what the clinic server's job workers run.
///
/// Stage contract
///   input:   a file on disk and what it claims to be: a video (or image) of an exercise, a landmark
///            file of an exercise, or an IMU recording of a functional test (gait, tug, sts, sway).
///   steps:   video -> BlazePose (pose/video) -> landmarks, kept as a .plmk file so the video can be
///            deleted; landmarks -> exercise analysis (the same code as `physio analyze`), or for a video
///            of walking (test "gait") the video gait analysis (the same code as `physio gait`); IMU CSV ->
///            the imu library's gait / functional-test analysis (the same code as `physio imu ...`).
///   output:  RecordingAnalysis: a JSON summary, observations (code, value, UCUM unit, method), an HTML
///            report when the engine makes one (an exercise, a walk), warnings, and the landmark file written
///            for a video. A walk's step length, stride length and speed need a scale: a calibration, else
///            the patient's height (on the clinic path: given with the upload, else the patient's record),
///            else they are withheld with the reason; the summary's `scale` says which, or why none.
///   errors:  the engine's own reasons, with context: "not a video FFmpeg can read", "no person found",
///            "no lower-back sensor", "unknown exercise 'x'". A wrong-kind file fails here rather than
///            producing numbers.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace physio::analysis {

/// The code system of measures with no LOINC code (docs/metrics/observations.md).
inline constexpr const char* kLocalCodeSystem = "http://physiokit.org/fhir/CodeSystem/measures";
inline constexpr const char* kLoinc = "http://loinc.org";

enum class RecordingKind { kVideo, kLandmarks, kImu };
/// "video", "landmarks", "imu", or nullopt.
std::optional<RecordingKind> recording_kind_from_string(std::string_view s);

/// An exercise's resolved angle as a clinician reads it: "right_knee_flexion" -> "right knee flexion",
/// "mean of left_knee_flexion and right_knee_flexion" -> "mean of left and right knee flexion". Used in the
/// measures' names, which reach notes, Compositions and reports.
std::string angle_in_words(std::string_view resolved_angle);
/// The IMU tests: "gait", "tug", "sts", "sway".
bool is_imu_test(std::string_view s);

struct AnalysisRequest {
  std::filesystem::path input;
  RecordingKind kind = RecordingKind::kLandmarks;
  std::string exercise_id;  ///< video and landmarks
  std::string side;         ///< exercise side, "left" or "right"; "" = picked from the recording
  std::string test;         ///< imu; "gait" for a video or landmarks of walking
  double height_m = 0;      ///< gait from video: the patient's height (0: none, no lengths)
  /// Where the height came from, in words ("given with the upload", "on the patient's record"); said with
  /// the scale in the result.
  std::string height_source;
  /// Gait from video: the camera's calibration (Pose2Sim TOML, floor at Z = 0) uploaded with the video; it
  /// gives lengths and speed and is preferred to the height. Empty: none.
  std::filesystem::path calibration;
  std::filesystem::path models_dir;     ///< empty: the pose module's default search
  std::filesystem::path landmarks_out;  ///< video: where to keep the landmarks (.plmk)
  int pose_threads = 1;                 ///< a worker shares the machine with the server
  std::string source_label;             ///< the name shown in the report ("squats.mp4")
  std::string generated_label;          ///< the date shown in the report
  /// Progress in [0, 1] with a word on the stage; may be called often.
  std::function<void(double, const std::string&)> progress;
};

/// A measure ready to become an Observation row (FHIR Observation).
struct MeasureOut {
  std::string code_system;
  std::string code;
  std::string display;
  double value = 0.0;
  std::string unit;  ///< UCUM
  std::string method;
  std::string body_site;
  std::string side;
};

struct RecordingAnalysis {
  std::string summary_json;  ///< the engine's JSON result (the same as the CLI's -o output)
  std::string report_html;   ///< empty when the analysis has no report
  std::vector<MeasureOut> measures;
  std::vector<std::string> warnings;
  bool landmarks_written = false;
};

/// Runs the engine on one recording. Thread-safe (each call has its own state).
Result<RecordingAnalysis> analyse_recording(const AnalysisRequest& request);

}  // namespace physio::analysis

namespace physio::analysis {

/// Checks an upload before it is stored: the exercise or test exists for the kind, and the file is what
/// the kind says (a landmark file a reader accepts, an IMU CSV with accelerometer columns, a video or
/// image FFmpeg can decode). Quick: reads headers, not the whole analysis. Errors name the reason.
Status check_upload(const AnalysisRequest& request);

}  // namespace physio::analysis
