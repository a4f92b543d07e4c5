#pragma once
/// The recording-analysis workers. Each worker thread claims the oldest queued job (or one whose lease
/// expired: its worker died) under a lease, runs the engine on the recording, and in one transaction
/// stores the observations, the result and report path, an audit event and the job's completion. The
/// completion succeeds only while the lease is still held, so when two runs of one job race (a worker
/// presumed dead comes back) exactly one result is kept. A failure records the engine's reason and the
/// job is retried until its attempts are used up; a recording that is not what it claims fails at once.
/// On PostgreSQL, workers of several servers share the queue (FOR UPDATE SKIP LOCKED).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "hl7/header.hpp"
#include "store/store.hpp"

namespace physio::jobs {

struct JobRunnerOptions {
  int workers = 1;
  std::filesystem::path files_dir;   ///< <data>/files: uploads and reports, paths relative to it
  std::filesystem::path models_dir;  ///< BlazePose models; empty: the engine's default
  std::int64_t lease_seconds = 120;
  std::string owner;  ///< this server's name in leases (host:pid)
  std::chrono::milliseconds idle_poll{1000};
  hl7::OutboundSettings hl7{};  ///< header and PID-3 authority of the ORU^R01 results sent to the EHR
};

class JobRunner {
 public:
  JobRunner(store::Store& store, JobRunnerOptions options);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  /// Wakes idle workers (a job was just queued on this server).
  void notify();
  /// Stops claiming; waits for running jobs to finish.
  void stop();
  /// Jobs this runner finished (done or failed) since it started.
  std::int64_t finished() const { return finished_.load(); }

  /// Claims and runs at most one job on the calling thread; true when one ran. (Tests, `physio admin`.)
  bool run_one();

 private:
  void worker_loop(int index);

  store::Store& store_;
  JobRunnerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t wakeups_ = 0;  ///< notify() calls: an idle worker sleeps only while this is unchanged
  std::atomic<std::int64_t> finished_{0};
  std::vector<std::thread> threads_;
};

}  // namespace physio::jobs
