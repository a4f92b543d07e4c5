#pragma once
/// An exercise's figure: the posture it starts from and the one it moves to, as joint angles, with what
/// the drawing needs besides the body (a chair, a mat). Data: data/figures/<exercise id>.json, schema
/// in docs/formats/figures.md.
///
/// Contract: parse_figure_spec
///   in:  the JSON text of one figure file and its name (for messages)
///   out: FigureSpec; a pose's limbs are given for "both" sides, the working "side" and the "other"
///        side (in that order of precedence, later wins); "end" starts from "start" and changes only what
///        it names.
///   errors: kParse naming the file and the field ("deep_squat.json: end.side.knee_flexion: expected a
///           number, got \"deep\""); unknown fields are errors (a typo must not draw a wrong figure);
///           angles outside what a body does (|angle| > 180) are errors.
///
/// Contract: load_figure_specs
///   in:  a folder of <exercise id>.json figure files
///   out: the specs sorted by exercise id; kNotFound for a missing folder.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "kinematics/figure.hpp"

namespace physio::illustrate {

/// kStep: a step under the working foot, at the height that foot has in the start posture; the working foot
/// stays on it while the body rises and lowers (a step-up: posed_points, figure_motion.hpp).
enum class Prop : std::uint8_t { kChair, kMat, kStep };
std::string_view prop_name(Prop p);  ///< "chair", "mat", "step"

struct FigureSpec {
  std::string exercise_id;
  kin::FigureView view = kin::FigureView::kSide;  ///< how the figure is drawn and filmed
  bool working_left = false;  ///< a one-sided exercise is drawn with the right side working unless told
  std::vector<Prop> props;
  kin::FigurePose start;
  kin::FigurePose end;
};

Result<FigureSpec> parse_figure_spec(std::string_view json_text, const std::string& file);
Result<std::vector<FigureSpec>> load_figure_specs(const std::filesystem::path& dir);
/// One exercise's figure from `dir`; kInvalidArgument for an id that is not [a-z0-9_]+ (never a path),
/// kNotFound when the exercise has no figure.
Result<FigureSpec> load_figure_spec(const std::filesystem::path& dir, std::string_view exercise_id);

/// The same exercise worked on the other side: left and right limbs exchanged, the side bend reversed,
/// `working_left` flipped (a side-view drawing then faces the other way, seen from the working side).
FigureSpec mirrored(const FigureSpec& spec);

/// Where the figures are for an exercise library folder: <library>/../figures.
std::filesystem::path figures_dir_beside(const std::filesystem::path& exercises_dir);

}  // namespace physio::illustrate
