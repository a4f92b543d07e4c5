#pragma once
/// Reads of patient data are audited by group commit: a handler's read events are queued, one writer
/// thread appends everything queued in one transaction, and the handler's response leaves only after
/// that transaction committed. A read is therefore never answered without its audit event on disk,
/// while the cost of the hash chain and the fsync is shared by all requests of the batch.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "store/store.hpp"

namespace physio::server {

class AuditWriter {
 public:
  explicit AuditWriter(store::Store& store);
  ~AuditWriter();
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  /// Appends `events` and waits until they are committed. Errors: the store's.
  Status append(std::vector<store::AuditEventInput> events);
  /// Largest batch written so far (for the benchmark notes).
  std::size_t max_batch() const;

 private:
  struct Waiter {
    std::vector<store::AuditEventInput> events;
    bool done = false;
    std::optional<Error> error;
  };
  void run();

  store::Store& store_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<std::shared_ptr<Waiter>> queue_;
  bool stopping_ = false;
  std::size_t max_batch_ = 0;
  std::thread thread_;
};

}  // namespace physio::server
