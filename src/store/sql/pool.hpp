#pragma once
/// A bounded pool of connections, opened lazily. `acquire` waits while all are in use.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/error.hpp"
#include "store/sql/connection.hpp"

namespace physio::store::sql {

class ConnectionPool;

/// A connection on loan; goes back to its pool (or is discarded when broken) on destruction.
class Lease {
 public:
  Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
  Lease(Lease&& other) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  Connection& operator*() const { return *conn_; }
  Connection* operator->() const { return conn_.get(); }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> conn_;
};

class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;

  /// `max_size` connections at most (>= 1); `factory` opens a new one.
  ConnectionPool(Factory factory, std::size_t max_size);

  /// An idle healthy connection, a new one while under the limit, or the next one given back.
  Result<Lease> acquire();

  /// Closes idle connections; connections on loan close when they come back.
  void clear_idle();

 private:
  friend class Lease;
  void give_back(std::unique_ptr<Connection> conn);

  Factory factory_;
  std::size_t max_size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle + on loan
};

}  // namespace physio::store::sql
