#pragma once
/// Options every `physio imu` subcommand shares: how to read the recording(s) and the output paths.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/error.hpp"
#include "imu/csv_loader.hpp"
#include "imu/types.hpp"

namespace physio::cli {

struct ImuInputOptions {
  std::vector<std::string> files;
  double rate_hz = 0.0;
  std::string acc_unit = "auto";
  std::string gyr_unit = "auto";
  std::string placement = "auto";
  std::string output;  ///< -o: result JSON (or CSV where the subcommand says so)
  std::string report;  ///< --report: HTML
  std::string date;    ///< --date: the day of the recording, written into the result for `imu flags`
};

/// Adds the file arguments and the reading options (--rate-hz, --acc-unit, --gyr-unit, --placement) and
/// -o / --report to `sub`.
void add_imu_input_options(CLI::App* sub, ImuInputOptions& o, const std::string& files_help,
                           bool with_report);

/// --date YYYY-MM-DD (checked when parsed): the day the recording was made, written into the result JSON
/// so that `physio imu flags` can compare results over time.
void add_result_date_option(CLI::App* sub, ImuInputOptions& o);

/// `physio imu flags`: changes against a personal baseline, from physiokit's result files or a list of
/// dated results (cmd_imu_flags.cpp).
void add_imu_flags_command(CLI::App& imu);

/// "lower_back", "left_foot", ... or "auto"; errors list the valid names.
Result<imu::Placement> parse_placement(const std::string& text);

/// Reads every file into one session (sensors of all files, in order), applying the options. With
/// several files, each sensor keeps its file's placement (or the one guessed from its name).
Result<imu::ImuSession> load_imu_inputs(const ImuInputOptions& o);

/// Writes text atomically and says where (to stderr, so stdout stays clean for results).
Status write_output(const std::string& path, const std::string& text, const char* what);

}  // namespace physio::cli
