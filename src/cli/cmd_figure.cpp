// `physio exercises figure <id>`: an exercise's illustration as SVG (start and end positions, or the
// movement animated), and the figure's movement as a landmark file that `physio analyze` reads.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "exercise/library.hpp"
#include "illustrate/figure_motion.hpp"
#include "illustrate/figure_svg.hpp"
#include "kinematics/formats/load.hpp"

namespace physio::cli {
namespace {

struct FigureOptions {
  std::string id;
  std::string output;
  bool animated = false;
  std::string landmarks;
  int repetitions = 3;
};

int run_figure(const FigureOptions& o) {
  auto ex = exercise::find_exercise(o.id);
  if (!ex) return report_error(ex.error());
  auto dir = exercise::default_library_dir();
  if (!dir) return report_error(dir.error());
  auto spec = illustrate::load_figure_spec(illustrate::figures_dir_beside(*dir), (*ex)->id);
  if (!spec) return report_error(spec.error());
  const double rep_s = std::sqrt((*ex)->tempo_min_s * (*ex)->tempo_max_s);
  if (!o.landmarks.empty()) {
    illustrate::MotionTiming timing;
    timing.repetition_s = rep_s;
    timing.hold_s = (*ex)->hold_s;
    timing.repetitions = o.repetitions;
    if (auto st = kin::save_landmark_file(illustrate::figure_motion(*spec, timing), o.landmarks); !st)
      return report_error(st.error());
    std::fprintf(stderr, "wrote %s (%d repetition(s) of %s as the figure moves)\n", o.landmarks.c_str(),
                 o.repetitions, (*ex)->id.c_str());
  }
  const std::string svg = o.animated
                              ? illustrate::figure_svg_animation(*spec, (*ex)->name, rep_s + (*ex)->hold_s)
                              : illustrate::figure_svg_frames(*spec, (*ex)->name);
  if (o.output.empty() || o.output == "-") {
    if (o.landmarks.empty()) std::fwrite(svg.data(), 1, svg.size(), stdout);
    return 0;
  }
  std::ofstream out(o.output, std::ios::binary);
  if (!out || !out.write(svg.data(), static_cast<std::streamsize>(svg.size())))
    return report_error(Error(ErrorCode::kIo, "cannot write '" + o.output + "'"));
  return 0;
}

}  // namespace

void add_figure_command(CLI::App& exercises) {
  auto o = std::make_shared<FigureOptions>();
  auto* sub = exercises.add_subcommand(
      "figure", "Draw an exercise's illustration (SVG), or write the figure's movement as landmarks");
  sub->add_option("id", o->id, "Exercise id (see `physio exercises`)")->required();
  sub->add_option("-o,--output", o->output, "Write the SVG here (default: standard output)");
  sub->add_flag("--animated", o->animated, "One figure moving through a repetition (SMIL), not two postures");
  sub->add_option(
      "--landmarks", o->landmarks,
      "Also write the figure's movement as a landmark file (.json, .csv, .plmk) for `physio analyze`");
  sub->add_option("--repetitions", o->repetitions, "Repetitions in the landmark file")
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  sub->callback([o] { set_exit(run_figure(*o)); });
}

}  // namespace physio::cli
