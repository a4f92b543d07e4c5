// physio exercises [show <id>] | physio analyze <landmarks> --exercise <id> | physio eval ui-prmd <dir>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/imu_common.hpp"
#include "cli/option_checks.hpp"
#include "cli/pose_job.hpp"
#include "core/applicability.hpp"
#include "core/file_io.hpp"
#include "core/interrupt_cleanup.hpp"
#include "exercise/analyse.hpp"
#include "exercise/applicability.hpp"
#include "exercise/library.hpp"
#include "exercise/movement_scoring.hpp"
#include "exercise/report_html.hpp"
#include "exercise/shipped_models.hpp"
#include "exercise/ui_prmd.hpp"
#include "kinematics/formats/load.hpp"

namespace physio::cli {
namespace {

std::string today() {
  const std::time_t now = std::time(nullptr);
  char buf[32];
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

int run_list() {
  auto lib = exercise::default_library();
  if (!lib) return report_error(lib.error());
  std::printf("%-28s %-34s %-11s %-10s %s\n", "id", "name", "region", "views", "primary angle");
  for (const auto& ex : (*lib)->exercises) {
    std::string views;
    for (auto v : ex.views) views += (views.empty() ? "" : ",") + std::string(exercise::view_name(v));
    std::printf("%-28s %-34s %-11s %-10s %s\n", ex.id.c_str(), ex.name.c_str(), ex.body_region.c_str(),
                views.c_str(), ex.primary_angle.c_str());
  }
  std::printf("\n%zu exercises. `physio exercises show <id>` explains one.\n", (*lib)->exercises.size());
  return 0;
}

int run_show(const std::string& id) {
  auto found = exercise::find_exercise(id);
  if (!found) return report_error(found.error());
  const exercise::Exercise& ex = **found;
  std::printf("%s (%s)\n", ex.name.c_str(), ex.id.c_str());
  if (!ex.aliases.empty()) {
    std::string a;
    for (const auto& s : ex.aliases) a += (a.empty() ? "" : ", ") + s;
    std::printf("  also known as: %s\n", a.c_str());
  }
  std::printf("  %s\n", ex.description.c_str());
  std::printf("  body region: %s; camera view: %s; %s; %s\n", ex.body_region.c_str(),
              exercise::views_words(ex.views).c_str(),
              std::string(exercise::laterality_name(ex.laterality)).c_str(),
              std::string(exercise::kind_name(ex.kind)).c_str());
  if (!ex.views_reason.empty()) std::printf("  why these views: %s\n", ex.views_reason.c_str());
  std::printf("  primary angle: %s (%s, typically %.0f -> %.0f deg)\n", ex.primary_angle.c_str(),
              std::string(exercise::direction_name(ex.direction)).c_str(), ex.target_rest_deg,
              ex.target_peak_deg);
  if (!ex.secondary_angles.empty()) {
    std::string a;
    for (const auto& s : ex.secondary_angles) a += (a.empty() ? "" : ", ") + s;
    std::printf("  secondary angles: %s\n", a.c_str());
  }
  std::printf("  tempo: %.1f-%.1f s per repetition", ex.tempo_min_s, ex.tempo_max_s);
  if (ex.hold_s > 0) std::printf("; hold %.0f s", ex.hold_s);
  std::printf("\n  form rules:\n");
  for (const auto& r : ex.rules)
    std::printf("    [%s] %s: \"%s\"\n", std::string(exercise::severity_name(r.severity)).c_str(),
                r.id.c_str(), r.cue.c_str());
  if (!ex.contraindications.empty()) std::printf("  precautions: %s\n", ex.contraindications.c_str());
  std::printf("  preconditions (a recording that fails one is not scored):\n");
  for (const auto& p : exercise::exercise_preconditions(ex)) std::printf("    - %s\n", p.c_str());
  std::printf("  defined in: %s\n", ex.source_file.c_str());
  return 0;
}

struct AnalyzeOptions {
  std::string input;
  std::string exercise_id;
  std::string output;
  std::string report;
  std::string side = "auto";
  std::string skeleton = "auto";
  double rate_hz = 0.0;
  std::string pose_model = "full";
  std::string models_dir;
  std::string movement_model;
  std::string follow = "auto";
};

int run_analyze(const AnalyzeOptions& o) {
  if (auto st = check_follow(o.follow); !st) return report_error(st.error());
  auto found = exercise::find_exercise(o.exercise_id);
  if (!found) return report_error(found.error());
  const exercise::Exercise& ex = **found;
  kin::LoadOptions lo;
  if (o.skeleton != "auto") lo.skeleton_name = o.skeleton;
  lo.rate_hz = o.rate_hz;
  // A video or image runs pose estimation first (BlazePose, full model).
  PoseJob pose_job;
  pose_job.model = o.pose_model;
  pose_job.models_dir = o.models_dir;
  pose_job.follow = o.follow;
  auto file = load_or_estimate_landmarks(o.input, lo, pose_job);
  if (!file) return report_error(file.error());
  exercise::AnalysisOptions ao;
  auto side = exercise::parse_side_choice(o.side);
  if (!side) return report_error(side.error());
  ao.side = *side;
  ao.uncertain_spans = exercise::identity_uncertain_spans(*file);
  // World landmarks (metres) when the file has them: 3D angles do not depend on the camera angle.
  const kin::LandmarkSequence& seq = file->world ? *file->world : file->landmarks;
  auto result = exercise::analyse_exercise(*file, ex, ao);
  if (!result)
    return report_error(result.error().with_context(fmt::format("analysing {} as {}", o.input, ex.id)));
  for (const auto& w : file->warnings) result->warnings.push_back(w);
  if (o.movement_model.empty()) {
    // The shipped model for the exercise when there is one and the data fit it; else the rule-based score,
    // said to be so.
    if (auto st = exercise::score_with_shipped_model(*result, seq, ex); !st) return report_error(st.error());
  } else {
    auto text = load_file(o.movement_model);
    if (!text) return report_error(text.error());
    nlohmann::json mj;
    try {
      mj = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception& e) {
      return report_error(
          Error(ErrorCode::kParse, fmt::format("{}: not JSON: {}", o.movement_model, e.what())));
    }
    auto model = exercise::movement_model_from_json(mj);
    if (!model) return report_error(model.error().with_context(o.movement_model));
    if (auto st = exercise::apply_movement_model(*result, seq, *model); !st)
      return report_error(st.error().with_context(o.movement_model));
    result->score_basis = "movement model from " + o.movement_model + " (given with --movement-model)";
  }

  // Which repetitions count (cut by the recording, out of rhythm or range, walking, jumping), then the
  // preconditions before any count or score: the image landmarks tell the view and the person.
  exercise::count_repetitions(ex, *result, file->landmarks);
  const Applicability applies = exercise::check_exercise_applicability(ex, *result, file->landmarks);
  if (!applies.valid) {
    std::printf("%s: not scored: this recording is not one of %s\n", ex.name.c_str(), ex.name.c_str());
    for (const auto& r : applies.reasons) std::printf("  - %s\n", r.c_str());
    for (const auto& w : result->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    if (!o.output.empty()) {
      nlohmann::json j = {{"valid", false},
                          {"exercise", ex.id},
                          {"source", o.input},
                          {"reasons", applies.reasons},
                          {"preconditions", exercise::exercise_preconditions(ex)}};
      // What was measured on the way to the refusal (the movements found and why none counts): for the
      // one who reads a refusal and wants to see its grounds. No count or score is valid here.
      j["measured_not_valid"] = exercise::exercise_result_to_json(*result);
      if (file->identity) j["identity"] = identity_json(*file->identity);
      if (auto st = write_output(o.output, j.dump(2) + "\n", "result JSON"); !st)
        return report_error(st.error());
    }
    return kExitNotApplicable;
  }

  const auto& s = result->summary;
  std::printf("%s: %d repetition%s (%d partial), mean range %.1f deg, best %.1f deg, score %.0f/100\n",
              ex.name.c_str(), s.count, s.count == 1 ? "" : "s", s.partial_count, s.mean_rom_deg,
              s.best_rom_deg, s.score);
  std::printf("  score: %s\n", result->score_basis.c_str());
  for (const auto& r : result->reps)
    if (!r.not_counted.empty())
      std::printf("  not counted: the movement at %.1f-%.1f s: %s\n", r.start_s, r.end_s,
                  r.not_counted.c_str());
  for (const auto& c : result->cues) {
    // The cue's own event time; repetition 0 is a partial one (not counted).
    const std::string rep = c.rep > 0 ? fmt::format("repetition {}", c.rep) : "a partial repetition";
    std::printf("  cue at %.1f s (%s): %s\n", c.t_s, rep.c_str(), c.text.c_str());
  }
  for (const auto& w : result->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());

  if (!o.output.empty()) {
    nlohmann::json j = exercise::exercise_result_to_json(*result);
    j["source"] = o.input;
    j["valid"] = true;
    if (file->identity) j["identity"] = identity_json(*file->identity);
    if (auto st = write_output(o.output, j.dump(2) + "\n", "result JSON"); !st)
      return report_error(st.error());
  }
  if (!o.report.empty()) {
    const std::string html = exercise::render_exercise_report(*result, ex, {o.input, today()});
    if (auto st = write_output(o.report, html, "HTML report"); !st) return report_error(st.error());
  }
  return 0;
}

int run_eval_ui_prmd(const std::string& dir, const std::string& output,
                     const std::vector<std::string>& exercises, const std::string& save_models) {
  exercise::UiPrmdEvalOptions eo;
  eo.exercises = exercises;
  eo.save_models_dir = save_models;
  if (!save_models.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(save_models, ec);
    if (ec)
      return report_error(
          Error(ErrorCode::kIo, fmt::format("cannot create {}: {}", save_models, ec.message())));
  }
  eo.print_table = true;
  auto j = exercise::evaluate_ui_prmd(dir, eo);
  if (!j) return report_error(j.error());
  if (!output.empty()) {
    if (auto st = write_output(output, j->dump(2) + "\n", "evaluation JSON"); !st)
      return report_error(st.error());
  }
  return 0;
}

}  // namespace

void add_exercise_commands(CLI::App& app) {
  {
    auto* ex = app.add_subcommand("exercises", "List the exercise library, or explain one exercise");
    auto id = std::make_shared<std::string>();
    auto* show = ex->add_subcommand("show", "Explain one exercise: angles, targets, form rules and cues");
    show->add_option("id", *id, "Exercise id (see `physio exercises`)")->required();
    show->callback([id] { set_exit(run_show(*id)); });
    add_figure_command(*ex);
    ex->callback([ex] {
      if (ex->get_subcommands().empty()) set_exit(run_list());
    });
  }
  {
    auto o = std::make_shared<AnalyzeOptions>();
    auto* sub = app.add_subcommand(
        "analyze", "Count repetitions, measure each one, give form cues and a quality score for an exercise");
    sub->add_option("input", o->input,
                    "Landmark file (physio JSON/CSV/.plmk, TRC, MediaPipe, COCO, OpenPose)")
        ->required();
    sub->add_option("--exercise,-e", o->exercise_id, "Exercise id (see `physio exercises`)")->required();
    sub->add_option("-o,--output", o->output, "Write the result as JSON");
    sub->add_option("--report", o->report, "Write a self-contained HTML report");
    sub->add_option("--side", o->side, "left|right|auto (auto: the side that moves more)")
        ->capture_default_str();
    sub->add_option("--skeleton", o->skeleton, "auto|blazepose33|coco17|halpe26|body25|body25b")
        ->capture_default_str();
    sub->add_option("--rate", o->rate_hz, "Frame rate for files without times (Hz; default 30)")
        ->check(rate_hz_check());
    sub->add_option("--pose-model", o->pose_model, "Video/image input: lite|full|heavy")
        ->capture_default_str();
    sub->add_option("--models", o->models_dir, "Video/image input: folder with the BlazePose models");
    sub->add_option("--follow", o->follow, kFollowHelp)->capture_default_str();
    sub->add_option("--movement-model", o->movement_model,
                    "Score with a movement model fitted on labelled repetitions (JSON, e.g. from "
                    "`physio eval ui-prmd --save-models`)");
    sub->callback([o] {
      install_interrupt_cleanup();
      set_exit(run_analyze(*o));
    });
  }
  {
    auto* ev = app.add_subcommand("eval", "Evaluate the analysis against labelled reference data");
    ev->require_subcommand(1, 1);
    auto dir = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    auto exs = std::make_shared<std::vector<std::string>>();
    auto* ui = ev->add_subcommand(
        "ui-prmd", "UI-PRMD (Kinect): repetition counts, ROM and score AUC, leave-one-subject-out");
    ui->add_option("dir", *dir, "Folder with correct/ and incorrect/ (UI-PRMD layout)")->required();
    ui->add_option("-o,--output", *out, "Write the evaluation JSON");
    ui->add_option("--exercise", *exs, "Only these exercises (m01..m10)");
    auto save = std::make_shared<std::string>();
    ui->add_option(
        "--save-models", *save,
        "Also fit each exercise's movement model on all subjects and write <id>.json into this folder");
    ui->callback([dir, out, exs, save] { set_exit(run_eval_ui_prmd(*dir, *out, *exs, *save)); });
  }
}

}  // namespace physio::cli
