#include "server/http/socket_registry.hpp"

#include <set>

#include <spdlog/spdlog.h>

namespace physio::server {

std::uint64_t SocketRegistry::add(std::string session_hash, std::string user_id,
                                  std::weak_ptr<net::WsConnection> conn) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  entries_.emplace(id, Entry{std::move(session_hash), std::move(user_id), std::move(conn)});
  return id;
}

void SocketRegistry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  entries_.erase(id);
}

std::size_t SocketRegistry::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

template <class Match>
int SocketRegistry::close_matching(Match match) {
  std::vector<std::shared_ptr<net::WsConnection>> to_close;
  {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (!match(it->second)) {
        ++it;
        continue;
      }
      if (auto c = it->second.conn.lock()) to_close.push_back(std::move(c));
      it = entries_.erase(it);
    }
  }
  for (const auto& c : to_close) c->close(1008, std::string(kSessionEndedReason));
  return static_cast<int>(to_close.size());
}

int SocketRegistry::close_session(std::string_view session_hash) {
  return close_matching([&](const Entry& e) { return e.session_hash == session_hash; });
}

int SocketRegistry::close_user(std::string_view user_id) {
  return close_matching([&](const Entry& e) { return e.user_id == user_id; });
}

int SocketRegistry::sweep(store::Store& store, TimeUs now) {
  std::set<std::string> hashes;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, e] : entries_) hashes.insert(e.session_hash);
  }
  if (hashes.empty()) return 0;
  auto ended = store.read([&](store::Tx& tx) -> Result<std::set<std::string>> {
    std::set<std::string> out;
    for (const auto& h : hashes) {
      auto s = tx.get_session(h);
      if (!s) {
        if (s.error().code() != ErrorCode::kNotFound) return std::unexpected(s.error());
        out.insert(h);
        continue;
      }
      // The socket itself is activity: the idle limit is not applied to it, the hard end is.
      if (s->revoked || s->expires_us <= now) {
        out.insert(h);
        continue;
      }
      auto u = tx.get_user(s->user_id);
      if (!u) {
        if (u.error().code() != ErrorCode::kNotFound) return std::unexpected(u.error());
        out.insert(h);
      } else if (u->disabled) {
        out.insert(h);
      }
    }
    return out;
  });
  if (!ended) {
    spdlog::warn("socket session check: {}", ended.error().to_string());
    return 0;
  }
  if (ended->empty()) return 0;
  return close_matching([&](const Entry& e) { return ended->contains(e.session_hash); });
}

}  // namespace physio::server
