#pragma once
/// Live sessions played from landmark files over the real protocol, as patients' devices would: sign in,
/// create each session (REST), stream the frames at their times over the device WebSocket, end the set,
/// then read back what the server stored. `physio live-sim` and the live tests run this.
///
/// Contract
///   input : a landmark file as kin::load_landmarks reads it (image landmarks, plus world landmarks when
///           the file has them: sent as image+world frames), the exercise, the server and an account.
///   timing: frame k is sent at its own time (or k / rate_hz with --rate-hz, capture times likewise);
///           with `seconds` the file repeats (times continuing) until that long; `speed` > 1 sends that
///           many times faster with the capture times unchanged (the analysis is the same); sessions
///           start spread over `stagger_s`. `sessions` sessions per file.
///   output: per session the repetitions and cues shown live, the stored whole-set analysis (repetitions,
///           cues, valid or the reasons it is not), frames sent and acknowledged; the latency from a frame
///           being written to the event or acknowledgement it produced arriving (p50, p99, max).
///   errors: sign-in, session creation or an unreadable file fail the run with the server's message.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "kinematics/landmarks.hpp"

namespace physio::server {

struct LiveSimOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string email, password;
  std::string patient_id;  ///< "" = the signed-in patient's own record
  std::string exercise, side;
  std::string program_id;  ///< "" = a practice set; else the set counts for this program
  int sessions = 1;
  double rate_hz = 0.0;    ///< 0: the file's own times
  double seconds = 0.0;    ///< 0: the file once
  double speed = 1.0;      ///< send this many times faster than the capture times
  double stagger_s = 1.0;  ///< session starts spread over this long
  bool wait_for_stored = true;
  double stored_timeout_s = 300.0;
  int threads = 1;
};

/// Runs the sessions (`options.sessions` per file); the JSON result described in docs/server/live.md
/// ("physio live-sim"). Each session names its file (LandmarkSequence::source).
Result<nlohmann::json> run_live_sim(const LiveSimOptions& options,
                                    const std::vector<kin::LandmarkFile>& files);

/// "http://HOST:PORT" (path ignored) into host and port.
Status parse_server_url(std::string_view url, std::string& host, std::uint16_t& port);

}  // namespace physio::server
