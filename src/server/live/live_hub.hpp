#pragma once
/// The live sessions this server holds (docs/server/live.md). Owns the rooms, the WebSocket sessions of
/// devices and viewers, and one housekeeping thread that ends sets (the device said so, it has been gone
/// longer than the resume window, the frame cap, the server stopping) and stores each: its landmarks as
/// a .plmk recording with an analysis job (the batch path re-analyses the whole set), the session row
/// finished with the live events, and an audit event, in one transaction. Then the device and viewers
/// get "set_complete" and their sockets close.

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/http/audit_writer.hpp"
#include "server/live/live_room.hpp"
#include "server/net/http.hpp"
#include "store/store.hpp"

namespace physio::server::live {

struct HubOptions {
  std::filesystem::path files_dir;  ///< <data>/files
  std::filesystem::path spill_dir;  ///< frames of open sets (<data>/tmp/live); sets left there are recovered
  RoomLimits limits;
  std::chrono::seconds resume_window{120};
  std::chrono::milliseconds tick{200};
};

class LiveHub {
 public:
  LiveHub(store::Store& store, HubOptions options);
  ~LiveHub();
  LiveHub(const LiveHub&) = delete;
  LiveHub& operator=(const LiveHub&) = delete;

  /// Called after a set's recording and job were stored (wakes local job workers).
  std::function<void()> on_job_queued;

  /// Opens a room for a session row just created; returns the device's token.
  Result<std::string> open(const clinic::LiveSession& row, RoomSpec spec);
  /// The device's socket for session `id`. Its first message must be {"type":"hello","token":...}.
  std::shared_ptr<net::WsSession> device_session(const std::string& id);
  /// A viewer's socket; nullptr when this server holds no open room for `id`.
  std::shared_ptr<net::WsSession> viewer_session(const std::string& id);
  bool holds(const std::string& id) const;
  std::size_t open_rooms() const;

  /// Ends every open set now (stored as "interrupted"); the server is stopping. Idempotent.
  void stop();
  /// Stores the sets a previous run left in the spill folder (the server died mid-set) as "interrupted";
  /// returns how many. Called once at start-up, before sessions are taken.
  std::size_t recover();

 private:
  std::shared_ptr<LiveRoom> find(const std::string& id) const;
  void run();
  void finish(const std::shared_ptr<LiveRoom>& room, const std::string& state);
  Result<nlohmann::json> store_set(FinishedSet& set);

  store::Store& store_;
  HubOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<LiveRoom>> rooms_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace physio::server::live
