#pragma once
/// The gait report: one self-contained HTML file for a walk filmed from the side, as the exercise uploads
/// have (exercise/report_html.hpp).
///
/// Contract
///   input:   a VideoGait that applies (compute_video_gait), what was analysed (file name, date text).
///   output:  HTML text: the headline measures first (cadence, each side's stride time, stance and step
///            time, the step-time asymmetry, and step length, stride length and speed when a scale was
///            known, or why they are withheld), the hip, knee and ankle angle curves over the gait cycle per
///            side with their peaks, the events, then definitions, where the scale came from and the notes.
///   errors:  none (a refused recording renders its reasons).

#include <string>

#include "gait/gait_video.hpp"

namespace physio::gait {

struct GaitReportInfo {
  std::string source;     ///< the analysed file, as the user named it
  std::string generated;  ///< free text, e.g. the date
};

std::string render_gait_report(const VideoGait& gait, const GaitReportInfo& info);

}  // namespace physio::gait
