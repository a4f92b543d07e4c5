#pragma once
/// One live exercise session in the server that holds it: the device streaming landmarks, the engine's
/// live analyser (the code `physio analyze` runs, fed frame by frame), the frames kept for the stored
/// whole-set analysis, and the clinicians watching. Thread-safe: the device's socket, viewers' sockets
/// and the hub's housekeeping thread call it concurrently.
///
/// Contract
///   frames : decoded (live_protocol.hpp), then in order: seq == next expected is analysed; a seq below it
///            (a resend after a reconnect) is acknowledged and dropped; a seq above it, a time not after
///            the previous frame, or a malformed frame is refused with a reason and the expected seq
///            (the session goes on); more than 50 refusals in a row, or frames faster than the rate limit
///            (a token bucket: the sustained limit plus a 10 s burst for resends), close the device's
///            socket with the reason. The set stops taking frames at its frame cap.
///   rate   : the analyser starts after the first second of frames (or 60 frames), at the rate their
///            times show (median interval), not the declared one; those frames are then analysed at once.
///   events : each analyser event goes to the device and to viewers as JSON, with the seq of the frame
///            whose arrival produced it; an "ack" (every frame before `next_seq` is safe) follows every
///            15th frame and every event; viewers also get the landmarks thinned to at most 12 Hz.
///   pain   : the patient's pain now (0-10) from the device, as an event like the analyser's.
///   finish : end() (the device said so), or the hub's decision (device gone too long, frame cap, server
///            stopping) -> take_set(): the analyser's final events, and the frames as a LandmarkFile.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clinic/records.hpp"
#include "exercise/live_landmarks.hpp"
#include "kinematics/landmarks.hpp"
#include "server/live/live_protocol.hpp"
#include "server/live/live_spill.hpp"
#include "server/net/http.hpp"

namespace physio::server::live {

/// What the device declared when the session was created.
struct RoomSpec {
  const exercise::Exercise* exercise = nullptr;
  std::string side;  ///< "left", "right", or "" for bilateral exercises
  kin::SkeletonPtr skeleton;
  kin::CoordSpace space = kin::CoordSpace::kImageNormalized;  ///< of the frames (the image half when paired)
  bool paired = false;                   ///< each frame carries image landmarks and world landmarks (metres)
  kin::Axis up_axis = kin::Axis::kNegY;  ///< of the world landmarks
  int image_width = 0, image_height = 0;
  double rate_hz = 30.0;
};

struct RoomLimits {
  double max_frame_rate = 120.0;  ///< frames/s sustained
  double burst_s = 10.0;          ///< seconds of frames at that rate that may arrive at once
  std::size_t max_frames = 30 * 60 * 60;
  int max_refusals_in_row = 50;
};

/// The set as it ended: what the hub stores.
struct FinishedSet {
  clinic::LiveSession row;  ///< state, frames and repetitions_live filled in
  kin::LandmarkFile landmarks;
  std::filesystem::path spill;                      ///< the frame file to delete once stored
  nlohmann::json events = nlohmann::json::array();  ///< every repetition and cue shown, in order
  int partial = 0;
  double rate_hz = 0.0;  ///< the frame rate the live analyser ran at (from the frames' times)
  /// The engine's judgement of the set (LiveLandmarkAnalyser::verdict): rejected with its reasons (two
  /// people, the wrong view, nothing counted, ...) or valid.
  Applicability verdict;
};

class LiveRoom {
 public:
  /// `spill`: where the frames are kept as they arrive (live_spill.hpp); empty = nowhere (a probe that
  /// only checks the analyser accepts the spec).
  static Result<std::shared_ptr<LiveRoom>> create(clinic::LiveSession row, RoomSpec spec, RoomLimits limits,
                                                  std::string token, const std::filesystem::path& spill = {});

  const clinic::LiveSession& row() const { return row_; }
  bool token_matches(std::string_view token) const;

  /// The device's socket, after its hello. A previous one is closed ("replaced by a newer connection").
  void attach_device(std::shared_ptr<net::WsConnection> conn);
  /// The device's socket closed (only if `conn` is still the attached one).
  void detach_device(const net::WsConnection* conn);
  void add_viewer(std::shared_ptr<net::WsConnection> conn);
  void remove_viewer(const net::WsConnection* conn);

  void on_frame(std::string_view bytes);
  /// The device asked to end the set.
  void request_end();
  /// The patient's pain now (NPRS 0-10, an integer), sent by the device during the set: a "pain" event to
  /// the device and viewers, kept with the set's events (the set's log takes the highest). Refused with a
  /// reason after the set ended or past kMaxPainReports in one set.
  Status report_pain(int nprs);
  static constexpr int kMaxPainReports = 100;

  /// For the hub's housekeeping: the reason to finish now ("complete", "interrupted"), or nullopt.
  std::optional<std::string> due(std::chrono::steady_clock::time_point now,
                                 std::chrono::seconds resume_window) const;
  /// Ends the set (no frame accepted afterwards) and hands over what is to be stored. Once.
  FinishedSet take_set(const std::string& state);
  /// After the set was stored: the last word to the device and viewers, then their sockets close.
  void send_final(const nlohmann::json& message);

 private:
  LiveRoom(clinic::LiveSession row, RoomSpec spec, RoomLimits limits, std::string token,
           exercise::AnalysisOptions options, std::optional<FrameSpill> spill);
  void send_all_locked(const std::string& text);
  void refuse_locked(std::string reason, std::optional<std::uint32_t> seq);
  void emit_locked(std::vector<exercise::LiveEvent>& events, std::uint32_t seq);
  void send_pose_locked(double t_s);

  mutable std::mutex mu_;
  clinic::LiveSession row_;
  RoomSpec spec_;
  RoomLimits limits_;
  std::string token_;
  // The analyser starts once the first second of frames has arrived, at the frame rate those frames
  // show (a device's real rate may be half what it declared); until then they wait in `pending_`.
  std::optional<exercise::LiveLandmarkAnalyser> analyser_;
  exercise::AnalysisOptions options_;
  std::vector<std::pair<TimeUs, std::vector<kin::Landmark>>> pending_;
  std::vector<std::vector<kin::Landmark>> pending_image_;  ///< their image landmarks (paired frames)
  double rate_hz_ = 0.0;                                   ///< the rate the analyser runs at
  Result<std::vector<exercise::LiveEvent>> start_analyser_locked();
  std::optional<FrameSpill> spill_;  ///< every accepted frame, on disk
  std::size_t n_frames_ = 0;
  TimeUs last_time_us_ = 0;
  bool spill_failed_ = false;
  Frame frame_;  ///< decode buffer
  std::uint32_t next_seq_ = 0;
  TimeUs first_time_us_ = 0;
  std::shared_ptr<net::WsConnection> device_;
  std::vector<std::shared_ptr<net::WsConnection>> viewers_;
  nlohmann::json events_ = nlohmann::json::array();
  int reps_ = 0, partial_ = 0, refusals_in_row_ = 0, pain_reports_ = 0;
  double tokens_ = 0.0;
  std::chrono::steady_clock::time_point last_refill_, device_gone_since_;
  double last_pose_t_s_ = -1.0;
  bool end_requested_ = false, taken_ = false, full_ = false;
};

}  // namespace physio::server::live
