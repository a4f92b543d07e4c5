// physio demo: the bundled demo job. A synthetic person does squats in front of a side-on camera;
// physiokit writes the landmarks, measures the joint angles in 2D (image) and 3D (world), and
// compares them with the angles that drove the synthetic person.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli/angles_job.hpp"
#include "cli/commands.hpp"
#include "core/file_io.hpp"
#include "exercise/analyse.hpp"
#include "exercise/library.hpp"
#include "exercise/report_html.hpp"
#include "kinematics/formats/load.hpp"
#include "kinematics/formats/mot.hpp"
#include "kinematics/synthetic.hpp"

namespace physio::cli {
namespace {

struct DemoOptions {
  std::string out_dir = "out";
  int reps = 5;
  double noise = 0.002;
};

double peak(std::span<const double> v) {
  double m = -INFINITY;
  for (double x : v)
    if (!std::isnan(x)) m = std::max(m, x);
  return m;
}

int run_demo(const DemoOptions& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) return report_error(Error(ErrorCode::kIo, "cannot create " + o.out_dir + ": " + ec.message()));

  kin::SyntheticOptions so;
  so.repetitions = o.reps;
  so.noise = o.noise;
  auto rec = kin::make_synthetic(so);

  kin::LandmarkFile file;
  file.landmarks = rec.image;
  file.world = rec.world;
  file.format = "physio-json";
  const fs::path dir(o.out_dir);
  const fs::path landmarks_path = dir / "demo_squat_landmarks.json";
  if (auto st = kin::save_landmark_file(file, landmarks_path); !st) return report_error(st.error());

  // Read back what was written, as a user's file would be.
  auto loaded = kin::load_landmarks(landmarks_path);
  if (!loaded) return report_error(loaded.error());

  AnglesJob job2d;
  job2d.angles.mode = kin::AngleMode::k2d;
  auto r2d = run_angles_job(loaded->landmarks, job2d);
  if (!r2d) return report_error(r2d.error());
  AnglesJob job3d;
  job3d.angles.mode = kin::AngleMode::k3d;
  auto r3d = run_angles_job(*loaded->world, job3d);
  if (!r3d) return report_error(r3d.error());

  const fs::path mot2d = dir / "demo_squat_angles_2d.mot", csv3d = dir / "demo_squat_angles_3d.csv";
  if (auto st = kin::save_angle_table(kin::to_angle_table(r2d->series), mot2d); !st)
    return report_error(st.error());
  if (auto st = kin::save_angle_table(kin::to_angle_table(r3d->series), csv3d); !st)
    return report_error(st.error());

  const auto& seq = loaded->landmarks;
  std::printf("physiokit demo: a synthetic person doing %d squats, filmed side-on\n", o.reps);
  std::printf("  %zu frames at %.0f frames/s (%.1f s), BlazePose-33 landmarks with %.3f noise\n",
              seq.n_frames(), seq.rate_hz(), seq.duration_s(), o.noise);
  std::printf("  2D: facing %s (%s); filter %s\n",
              std::string(kin::facing_name(r2d->series.report.facing)).c_str(),
              r2d->series.report.facing_basis.c_str(), r2d->filter_used.c_str());
  std::printf("\n  peak angle (deg)          true    2D image   3D world\n");
  auto row = [&](const char* label, double truth, std::string_view n2, std::string_view n3) {
    std::printf("  %-22s %8.1f %10.1f %10.1f\n", label, truth, peak(r2d->series.column(n2)),
                peak(r3d->series.column(n3)));
  };
  row("right knee flexion", peak(rec.truth.knee_flexion_deg), "right_knee_flexion", "right_knee_flexion");
  row("right hip flexion", peak(rec.truth.hip_flexion_deg), "right_hip_flexion", "right_hip_flexion");
  // The same recording as an exercise: repetitions, form and score, and the patient's report.
  auto squat = exercise::find_exercise("deep_squat");
  if (!squat) return report_error(squat.error());
  auto ex = exercise::analyse_exercise(*loaded->world, **squat, {});
  if (!ex) return report_error(ex.error());
  const fs::path report_path = dir / "demo_squat_report.html";
  if (auto st = save_file_atomic(
          report_path, exercise::render_exercise_report(*ex, **squat, {landmarks_path.string(), ""}));
      !st)
    return report_error(st.error());
  std::printf("\n  exercise: %s, %d repetitions, mean range %.1f deg, quality score %.0f/100\n",
              (*squat)->name.c_str(), ex->summary.count, ex->summary.mean_rom_deg, ex->summary.score);
  std::printf("\n  wrote %s\n        %s (OpenSim)\n        %s\n        %s (open it in a browser)\n",
              landmarks_path.c_str(), mot2d.c_str(), csv3d.c_str(), report_path.c_str());
  std::printf("\n%s", summarise_angles(r2d->series).c_str());
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto o = std::make_shared<DemoOptions>();
  auto* sub = app.add_subcommand(
      "demo", "Run the bundled demo: a synthetic person doing squats, measured in 2D and 3D");
  sub->add_option("-o,--output", o->out_dir, "Folder for the outputs")->capture_default_str();
  sub->add_option("--reps", o->reps, "Number of squats")->capture_default_str()->check(CLI::Range(1, 100));
  sub->add_option("--noise", o->noise, "Landmark noise (SD, normalised image units)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.05));
  sub->callback([o] { set_exit(run_demo(*o)); });
}

}  // namespace physio::cli
