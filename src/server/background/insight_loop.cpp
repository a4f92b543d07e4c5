#include "server/background/insight_loop.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

namespace physio::server {

namespace {
constexpr TimeUs kHourUs = 3'600 * kUsPerSecond;
constexpr TimeUs kDayUs = 24 * kHourUs;

TimeUs system_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

InsightLoop::InsightLoop(store::Store& store, InsightLoopOptions options)
    : store_(store), o_(std::move(options)) {
  if (!o_.clock) o_.clock = system_now;
}

InsightLoop::~InsightLoop() {
  stop();
}

int InsightLoop::run_once() {
  const TimeUs now = o_.clock();
  auto clinics = store_.read([](store::Tx& tx) { return tx.list_clinic_ids(); });
  if (!clinics) {
    spdlog::warn("predictions: cannot list the clinics: {}", clinics.error().to_string());
    return 0;
  }
  int done = 0;
  for (const auto& id : *clinics) {
    auto r = insight::refresh_clinic(store_, id, now, o_.refresh);
    if (!r) {
      spdlog::warn("predictions: clinic {}: {}", id, r.error().to_string());
      continue;
    }
    ++done;
    spdlog::info("predictions: clinic {}: no-show {}; {} bookings scored, {} flags open{}", id, r->noshow,
                 r->appointments_scored, r->flags_open, r->notes.empty() ? "" : "; " + r->notes.front());
  }
  return done;
}

void InsightLoop::start() {
  std::lock_guard guard(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    bool first = true;
    std::unique_lock lk(mutex_);
    while (!stopping_) {
      const TimeUs now = o_.clock();
      const std::int64_t day = now / kDayUs;
      const bool nightly = (now % kDayUs) / kHourUs >= o_.hour_utc && last_day_ != day;
      if (first || nightly) {
        first = false;
        last_day_ = day;
        lk.unlock();
        run_once();
        lk.lock();
      }
      wake_.wait_for(lk, o_.period, [this] { return stopping_; });
    }
  });
}

void InsightLoop::stop() {
  {
    std::lock_guard lk(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

}  // namespace physio::server
