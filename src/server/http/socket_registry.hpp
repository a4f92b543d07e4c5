#pragma once
/// The WebSockets this server holds open, by the sign-in session and user that opened them, so that ending a
/// session ends its sockets too: signing out closes that session's sockets at once, a password reset or a
/// disabled account closes every socket of the user, and a periodic check against the store closes the
/// sockets of sessions ended on another server (or by expiry) within one check period. A socket is closed
/// with code 1008 and the reason "session ended"; the client must sign in again.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "server/net/http.hpp"
#include "store/store.hpp"

namespace physio::server {

class SocketRegistry {
 public:
  /// Registers an open socket of session `session_hash` (the session token's hash) and user `user_id`.
  std::uint64_t add(std::string session_hash, std::string user_id, std::weak_ptr<net::WsConnection> conn);
  void remove(std::uint64_t id);

  /// Closes the sockets of one session / of every session of a user; returns how many were open.
  int close_session(std::string_view session_hash);
  int close_user(std::string_view user_id);

  /// Checks every registered session against the store (revoked, past its hard end, the account disabled
  /// or gone) and closes the sockets of those that ended; returns how many sockets were closed. A store that
  /// cannot be read closes nothing (checked again next time).
  int sweep(store::Store& store, TimeUs now);

  std::size_t size() const;

 private:
  struct Entry {
    std::string session_hash;
    std::string user_id;
    std::weak_ptr<net::WsConnection> conn;
  };
  /// Takes the matching entries out, then closes them outside the lock.
  template <class Match>
  int close_matching(Match match);

  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Entry> entries_;
};

/// The close reason a client sees.
inline constexpr std::string_view kSessionEndedReason = "session ended";

}  // namespace physio::server
