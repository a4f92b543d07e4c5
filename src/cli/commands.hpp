#pragma once
/// The `physio` subcommands. Each add_* registers one subcommand (options, --help text and the
/// action) on the app; the action sets the process exit status through `set_exit`.

#include <CLI/CLI.hpp>

#include "core/error.hpp"

namespace physio::cli {

/// Exit status of a run that completed but whose result is withheld (`"valid": false` in its output).
inline constexpr int kExitNotValid = 5;

/// Prints "physio: error: <context>: <message>" to stderr and returns the exit status for it.
int report_error(const Error& e);
/// Exit status of the subcommand that ran.
void set_exit(int code);
int exit_status();

void add_demo_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_angles_command(CLI::App& app);
void add_imu_command(CLI::App& app);
/// imu gait|sts|tug|sway|rom|flags (on the `imu` subcommand)
void add_imu_analysis_commands(CLI::App& imu);
void add_pose_command(CLI::App& app);
/// exercises, analyze, eval
void add_exercise_commands(CLI::App& app);
/// `physio exercises figure` (cmd_figure.cpp), under the `exercises` command.
void add_figure_command(CLI::App& exercises);
/// serve, admin, audit: the clinic server and its tools
void add_serve_command(CLI::App& app);
void add_admin_command(CLI::App& app);
void add_audit_command(CLI::App& app);
void add_demo_clinic_command(CLI::App& app);
/// measures list|score|change: outcome measures (docs/metrics/outcome-measures.md)
void add_measures_command(CLI::App& app);
/// live-sim: plays landmark files over the live-session protocol (docs/server/live.md)
void add_live_sim_command(CLI::App& app);
/// predict train|eval|card: prediction models and their evaluation (docs/models/)
void add_predict_command(CLI::App& app);
/// scribe transcribe|facts|eval: visit transcripts and fact suggestions (docs/validation/scribe.md)
void add_scribe_command(CLI::App& app);
/// gait: gait from a side-view video or its landmarks (docs/metrics/gait-video.md)
void add_gait_command(CLI::App& app);

}  // namespace physio::cli
