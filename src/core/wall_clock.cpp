#include "core/wall_clock.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>

namespace physio::wall_clock {
namespace {

constexpr TimeUs kMaxStepUs = 400LL * 86'400 * kUsPerSecond;

std::atomic<bool> g_test{false};
std::atomic<TimeUs> g_offset{0};
std::atomic<std::uint64_t> g_jumps{0};

struct Listeners {
  std::mutex mutex;  ///< held while listeners run, so removal waits for a running call
  std::map<int, std::function<void()>> map;
  int next = 1;
};

Listeners& listeners() {
  static Listeners l;
  return l;
}

// One jump at a time, so two concurrent jumps cannot move the offset back.
std::mutex g_jump_mutex;

TimeUs set_offset(TimeUs offset) {
  g_offset.store(offset);
  g_jumps.fetch_add(1);
  auto& l = listeners();
  std::lock_guard lock(l.mutex);
  for (auto& [handle, wake] : l.map) wake();
  return offset;
}

}  // namespace

TimeUs system_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TimeUs now_us() {
  return system_us() + g_offset.load(std::memory_order_relaxed);
}

void enable_test_mode(TimeUs offset_us) {
  g_offset.store(offset_us > 0 ? offset_us : 0);
  g_test.store(true);
}

bool test_mode() {
  return g_test.load();
}

TimeUs offset_us() {
  return g_offset.load();
}

Result<TimeUs> jump_to(TimeUs instant) {
  if (!test_mode()) return fail(ErrorCode::kUnsupported, "the clock can be moved only in test mode");
  std::lock_guard lock(g_jump_mutex);
  const TimeUs sys = system_us();
  const TimeUs now = sys + g_offset.load();
  if (instant < now)
    return fail(ErrorCode::kInvalidArgument, "the clock never goes back: that instant is {} s before now",
                (now - instant) / kUsPerSecond);
  if (instant - now > kMaxStepUs) return fail(ErrorCode::kInvalidArgument, "a jump is at most 400 days");
  return set_offset(instant - sys);
}

Result<TimeUs> advance(TimeUs delta_us) {
  if (!test_mode()) return fail(ErrorCode::kUnsupported, "the clock can be moved only in test mode");
  if (delta_us <= 0) return fail(ErrorCode::kInvalidArgument, "the clock only moves forward");
  if (delta_us > kMaxStepUs) return fail(ErrorCode::kInvalidArgument, "a jump is at most 400 days");
  std::lock_guard lock(g_jump_mutex);
  return set_offset(g_offset.load() + delta_us);
}

std::uint64_t jumps() {
  return g_jumps.load();
}

int add_listener(std::function<void()> wake) {
  auto& l = listeners();
  std::lock_guard lock(l.mutex);
  const int h = l.next++;
  l.map.emplace(h, std::move(wake));
  return h;
}

void remove_listener(int handle) {
  auto& l = listeners();
  std::lock_guard lock(l.mutex);
  l.map.erase(handle);
}

}  // namespace physio::wall_clock
