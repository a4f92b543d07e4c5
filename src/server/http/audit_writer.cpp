#include "server/http/audit_writer.hpp"

namespace physio::server {

AuditWriter::AuditWriter(store::Store& store) : store_(store), thread_([this] { run(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  thread_.join();
}

Status AuditWriter::append(std::vector<store::AuditEventInput> events) {
  if (events.empty()) return ok();
  auto w = std::make_shared<Waiter>();
  w->events = std::move(events);
  std::unique_lock lk(mu_);
  queue_.push_back(w);
  work_cv_.notify_one();
  done_cv_.wait(lk, [&] { return w->done; });
  if (w->error) return std::unexpected(*w->error);
  return ok();
}

std::size_t AuditWriter::max_batch() const {
  std::lock_guard lk(mu_);
  return max_batch_;
}

void AuditWriter::run() {
  for (;;) {
    std::vector<std::shared_ptr<Waiter>> batch;
    {
      std::unique_lock lk(mu_);
      work_cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      batch.assign(queue_.begin(), queue_.end());
      queue_.clear();
    }
    std::vector<store::AuditEventInput> all;
    for (auto& w : batch) all.insert(all.end(), w->events.begin(), w->events.end());
    auto r = store_.write([&](store::Tx& tx) -> Status {
      PHYSIO_CHECK(tx.append_audit(all));
      return ok();
    });
    {
      std::lock_guard lk(mu_);
      max_batch_ = std::max(max_batch_, all.size());
      for (auto& w : batch) {
        w->done = true;
        if (!r) w->error = r.error();
      }
    }
    done_cv_.notify_all();
  }
}

}  // namespace physio::server
