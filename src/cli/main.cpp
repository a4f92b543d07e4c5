#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "physio: objective movement analysis for physiotherapy (landmarks, joint angles, "
      "exercises, wearables)"};
  app.set_version_flag("--version", "physio 0.1.0");
  app.require_subcommand(1, 1);
  app.fallthrough(false);

  physio::cli::add_info_command(app);
  physio::cli::add_angles_command(app);
  physio::cli::add_imu_command(app);
  physio::cli::add_pose_command(app);
  physio::cli::add_exercise_commands(app);
  physio::cli::add_demo_command(app);
  physio::cli::add_serve_command(app);
  physio::cli::add_admin_command(app);
  physio::cli::add_audit_command(app);
  physio::cli::add_demo_clinic_command(app);
  physio::cli::add_measures_command(app);
  physio::cli::add_live_sim_command(app);
  physio::cli::add_predict_command(app);
  physio::cli::add_scribe_command(app);
  physio::cli::add_gait_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "physio: internal error (a bug, please report it): %s\n", e.what());
    return 70;
  }
  return physio::cli::exit_status();
}
