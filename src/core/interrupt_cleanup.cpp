#include "core/interrupt_cleanup.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>

namespace physio {
namespace {

// Fixed slots, so the handler never allocates or locks: a slot's path is complete before `used` is set
// (release) and the handler reads `used` first (acquire).
struct Slot {
  std::atomic<bool> used{false};
  std::array<char, kMaxTrackedPathBytes> path{};
};

std::array<Slot, kMaxTrackedTemporaries> g_slots;
std::mutex g_slots_mutex;  // between tracking threads only; never taken by the handler

extern "C" void remove_temporaries_and_exit(int sig) {
  for (Slot& s : g_slots)
    if (s.used.load(std::memory_order_acquire)) ::unlink(s.path.data());
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

void install_interrupt_cleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_handler = remove_temporaries_and_exit;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    for (int sig : {SIGINT, SIGTERM}) {
      // A signal ignored by whoever started us (nohup, a background job) stays ignored.
      struct sigaction old {};
      if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
      ::sigaction(sig, &sa, nullptr);
    }
  });
}

void track_temporary_file(const std::filesystem::path& path) {
  const std::string& text = path.native();
  if (text.size() + 1 > kMaxTrackedPathBytes) return;
  std::lock_guard lock(g_slots_mutex);
  for (Slot& s : g_slots) {
    if (s.used.load(std::memory_order_relaxed)) continue;
    std::memcpy(s.path.data(), text.c_str(), text.size() + 1);
    s.used.store(true, std::memory_order_release);
    return;
  }
}

void untrack_temporary_file(const std::filesystem::path& path) {
  std::lock_guard lock(g_slots_mutex);
  for (Slot& s : g_slots)
    if (s.used.load(std::memory_order_relaxed) && path.native() == s.path.data())
      s.used.store(false, std::memory_order_release);
}

}  // namespace physio
