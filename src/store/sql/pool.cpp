#include "store/sql/pool.hpp"

#include <utility>

namespace physio::store::sql {

Lease::~Lease() {
  if (conn_ && pool_ != nullptr) pool_->give_back(std::move(conn_));
}

ConnectionPool::ConnectionPool(Factory factory, std::size_t max_size)
    : factory_(std::move(factory)), max_size_(max_size == 0 ? 1 : max_size) {}

Result<Lease> ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  for (;;) {
    while (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->healthy()) return Lease(this, std::move(conn));
      --open_;  // broken while idle: drop it and look again
    }
    if (open_ < max_size_) break;
    returned_.wait(lock);
  }
  ++open_;
  lock.unlock();
  // Open outside the lock: connecting to a server can take a while.
  auto conn = factory_();
  if (!conn) {
    std::lock_guard relock(mutex_);
    --open_;
    returned_.notify_one();
    return std::unexpected(std::move(conn).error());
  }
  return Lease(this, std::move(*conn));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  conn->reset_transient();
  if (conn->healthy()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  returned_.notify_one();
}

void ConnectionPool::clear_idle() {
  std::lock_guard lock(mutex_);
  open_ -= idle_.size();
  idle_.clear();
  returned_.notify_all();
}

}  // namespace physio::store::sql
