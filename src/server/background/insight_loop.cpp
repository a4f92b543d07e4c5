#include "server/background/insight_loop.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "core/wall_clock.hpp"

namespace physio::server {

namespace {
constexpr TimeUs kHourUs = 3'600 * kUsPerSecond;
constexpr TimeUs kDayUs = 24 * kHourUs;

TimeUs system_now() {
  return wall_clock::now_us();
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
  // A jump of the test clock (docs/server/operations.md) checks the nightly hour at once.
  jump_listener_ = wall_clock::add_listener([this] {
    { std::lock_guard l(mutex_); }
    wake_.notify_all();
  });
  thread_ = std::thread([this] {
    bool first = true;
    std::unique_lock lk(mutex_);
    while (!stopping_) {
      const auto seen = wall_clock::jumps();
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
      wake_.wait_for(lk, o_.period, [&] { return stopping_ || wall_clock::jumps() != seen; });
    }
  });
}

void InsightLoop::stop() {
  if (jump_listener_ != 0) wall_clock::remove_listener(jump_listener_);
  jump_listener_ = 0;
  {
    std::lock_guard lk(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

}  // namespace physio::server
