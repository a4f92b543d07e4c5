#pragma once
/// The predictions job (docs/server/risk.md): once when the server starts (unless it already ran today) and
/// then every night at the configured UTC hour, `insight::refresh_clinic` for every clinic: promote a model
/// past its silent period, train when due, score the coming days' bookings, apply the drop-out and fall
/// rules, store the flags and the drift figures. A clinic whose refresh fails is logged and skipped; the
/// others go on. Every server may run it: a version's insert is the claim on it, and a second refresh of
/// the same day rewrites the same flags.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/time.hpp"
#include "insight/insight.hpp"
#include "store/store.hpp"

namespace physio::server {

struct InsightLoopOptions {
  insight::RefreshOptions refresh{};
  int hour_utc = 2;
  std::function<TimeUs()> clock;  ///< empty: the system clock
  std::chrono::milliseconds period{60'000};
};

class InsightLoop {
 public:
  InsightLoop(store::Store& store, InsightLoopOptions options);
  ~InsightLoop();
  InsightLoop(const InsightLoop&) = delete;
  InsightLoop& operator=(const InsightLoop&) = delete;

  void start();
  void stop();

  /// One pass over every clinic now; returns how many clinics were refreshed without an error.
  int run_once();

 private:
  store::Store& store_;
  InsightLoopOptions o_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int jump_listener_ = 0;  ///< woken by a jump of the test clock
  std::int64_t last_day_ = -1;
  std::thread thread_;
};

}  // namespace physio::server
