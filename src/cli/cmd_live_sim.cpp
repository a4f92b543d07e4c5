// physio live-sim: plays landmark files as patients' devices would, over the live-session protocol of a
// running `physio serve` (docs/server/live.md). A load generator and a test client: per-session counts and
// cues (live and stored), latency from frame sent to event received, frames sent and acknowledged.
// Exit status: 0 every session ran and its stored analysis is valid, 5 a session is not valid (its
// reasons are printed), 2 usage, 3 missing file, 4 unreadable file, 1 server or network failure.
#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/imu_common.hpp"
#include "kinematics/formats/load.hpp"
#include "server/live/live_sim.hpp"

namespace physio::cli {
namespace {

struct Args {
  std::string url = "http://127.0.0.1:8080", user, exercise, output, side, patient, program;
  std::vector<std::string> landmarks;
  bool password_stdin = false, no_wait = false;
  int sessions = 1, threads = 1;
  double rate_hz = 0.0, seconds = 0.0, stagger_s = 1.0, speed = 1.0;
};

int run(const Args& a) {
  server::LiveSimOptions o;
  if (auto st = server::parse_server_url(a.url, o.host, o.port); !st) return report_error(st.error());
  if (a.user.empty())
    return report_error(
        Error(ErrorCode::kInvalidArgument, "--user: give the e-mail of the account to sign in"));
  if (!a.password_stdin)
    return report_error(Error(ErrorCode::kInvalidArgument,
                              "--password-stdin: the password is read from standard input only"));
  std::string password;
  if (!std::getline(std::cin, password) || password.empty())
    return report_error(
        Error(ErrorCode::kInvalidArgument, "--password-stdin: no password on standard input"));
  if (password.back() == '\r') password.pop_back();
  std::vector<kin::LandmarkFile> files;
  for (const auto& path : a.landmarks) {
    auto file = kin::load_landmarks(path);
    if (!file) return report_error(file.error());
    for (const auto& w : file->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    file->landmarks.source = path;
    files.push_back(std::move(*file));
  }
  o.email = a.user;
  o.password = password;
  o.patient_id = a.patient;
  o.exercise = a.exercise;
  o.side = a.side;
  o.program_id = a.program;
  o.sessions = a.sessions;
  o.rate_hz = a.rate_hz;
  o.seconds = a.seconds;
  o.stagger_s = a.stagger_s;
  o.speed = a.speed;
  o.wait_for_stored = !a.no_wait;
  o.threads = a.threads;
  auto result = server::run_live_sim(o, files);
  if (!result) return report_error(result.error());
  const auto& r = *result;
  bool all_valid = true;
  for (const auto& s : r["sessions"]) {
    const bool valid = s.value("valid", false);
    all_valid = all_valid && valid;
    std::printf(
        "session %s: %lld repetitions stored, %lld shown live; %zu cues; %lld/%lld frames acknowledged%s\n",
        s["id"].get<std::string>().c_str(), static_cast<long long>(s.value("repetitions", 0)),
        static_cast<long long>(s.value("repetitions_live", 0)), s["cues"].size(),
        static_cast<long long>(s.value("frames_acknowledged", 0)),
        static_cast<long long>(s.value("frames_sent", 0)), valid ? "" : " (not valid)");
    if (s.contains("error")) std::printf("  error: %s\n", s["error"].get<std::string>().c_str());
    if (s.contains("reasons"))
      for (const auto& why : s["reasons"]) std::printf("  - %s\n", why.get<std::string>().c_str());
  }
  const auto& l = r["latency_ms"];
  std::printf("latency frame -> event: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu samples)\n",
              l["p50"].get<double>(), l["p99"].get<double>(), l["max"].get<double>(),
              l["samples"].get<std::size_t>());
  if (!a.output.empty())
    if (auto st = write_output(a.output, r.dump(2) + "\n", "result JSON"); !st)
      return report_error(st.error());
  return all_valid ? 0 : kExitNotValid;
}

}  // namespace

void add_live_sim_command(CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "live-sim",
      "Play a landmark file as patients' devices would, over the live-session protocol of a running server");
  cmd->add_option("--url", args->url, "The server, http://HOST:PORT")->capture_default_str();
  cmd->add_option("--user", args->user,
                  "E-mail of the account to sign in (a patient, or staff with --patient)")
      ->required();
  cmd->add_flag("--password-stdin", args->password_stdin, "Read the password from standard input")
      ->required();
  cmd->add_option("--exercise", args->exercise, "Exercise id from the library (physio exercises)")
      ->required();
  cmd->add_option("--landmarks", args->landmarks,
                  "Landmark file, any format physio reads; several files play side by side")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--side", args->side, "Side of a one-sided exercise")
      ->check(CLI::IsMember({"left", "right"}));
  cmd->add_option("--patient", args->patient, "Patient id when signing in as staff");
  cmd->add_option("--program", args->program,
                  "Program id: the set is of this program (its day, adherence, progression); default a "
                  "practice set");
  cmd->add_option("--sessions", args->sessions, "Concurrent sessions")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--rate-hz", args->rate_hz, "Send at this frame rate (default: the file's own times)")
      ->check(CLI::Range(1.0, 1000.0));
  cmd->add_option("--seconds", args->seconds, "Play this long, repeating the file (default: the file once)")
      ->check(CLI::Range(0.1, 86400.0));
  cmd->add_option("--speed", args->speed,
                  "Send this many times faster than the frames' own times (their capture times, and so the "
                  "analysis, unchanged; the server's frame-rate limit still applies)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--stagger", args->stagger_s, "Spread the session starts over this many seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--threads", args->threads, "Client threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_flag("--no-wait", args->no_wait, "Do not wait for the stored analysis of each set");
  cmd->add_option("-o,--output", args->output, "Write the result JSON here");
  cmd->callback([args] { set_exit(run(*args)); });
}

}  // namespace physio::cli
