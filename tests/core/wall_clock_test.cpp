// The server's wall clock and its test mode (src/core/wall_clock.hpp). Test mode is per process and
// cannot be switched off, so the whole life of the clock is one test, in order.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "core/wall_clock.hpp"

namespace physio {
namespace {

constexpr TimeUs kDay = 86'400 * kUsPerSecond;

TEST(WallClock, OffOnJumpsForwardOnlyAndWakesListeners) {
  // Off: the system clock, and nothing can move it.
  ASSERT_FALSE(wall_clock::test_mode());
  EXPECT_EQ(wall_clock::offset_us(), 0);
  const TimeUs before = wall_clock::system_us();
  const TimeUs now = wall_clock::now_us();
  EXPECT_GE(now, before);
  EXPECT_LT(now - before, 5 * kUsPerSecond);
  EXPECT_FALSE(wall_clock::advance(kDay));
  EXPECT_FALSE(wall_clock::jump_to(now + kDay));
  EXPECT_EQ(wall_clock::offset_us(), 0);
  const auto jumps0 = wall_clock::jumps();

  // On, with the offset saved before a restart: time continues from there.
  wall_clock::enable_test_mode(2 * kDay);
  ASSERT_TRUE(wall_clock::test_mode());
  EXPECT_EQ(wall_clock::offset_us(), 2 * kDay);
  EXPECT_NEAR(static_cast<double>(wall_clock::now_us() - wall_clock::system_us()), 2.0 * kDay, 1e6);

  // A listener is woken by each jump, from the jumping thread.
  std::mutex m;
  std::condition_variable cv;
  int woken = 0;
  const int h = wall_clock::add_listener([&] {
    std::lock_guard lock(m);
    ++woken;
    cv.notify_all();
  });

  // Forward by a day: now moves a day, the listener runs once, the jump is counted.
  auto off = wall_clock::advance(kDay);
  ASSERT_TRUE(off) << off.error().to_string();
  EXPECT_EQ(*off, 3 * kDay);
  EXPECT_EQ(wall_clock::jumps(), jumps0 + 1);
  {
    std::unique_lock lock(m);
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(1), [&] { return woken == 1; }));
  }

  // To an instant: Monday 08:00 a week on; the clock reads it (within the time this test takes).
  const TimeUs target = wall_clock::now_us() + 7 * kDay;
  ASSERT_TRUE(wall_clock::jump_to(target));
  EXPECT_GE(wall_clock::now_us(), target);
  EXPECT_LT(wall_clock::now_us() - target, 5 * kUsPerSecond);
  EXPECT_EQ(woken, 2);

  // Never back, never zero or negative steps, never more than 400 days at once.
  const TimeUs offset = wall_clock::offset_us();
  EXPECT_FALSE(wall_clock::jump_to(wall_clock::now_us() - kDay));
  EXPECT_FALSE(wall_clock::advance(0));
  EXPECT_FALSE(wall_clock::advance(-kDay));
  EXPECT_FALSE(wall_clock::advance(401 * kDay));
  EXPECT_EQ(wall_clock::offset_us(), offset);
  EXPECT_EQ(woken, 2);

  // A removed listener is not called again.
  wall_clock::remove_listener(h);
  ASSERT_TRUE(wall_clock::advance(kUsPerSecond));
  EXPECT_EQ(woken, 2);

  // Concurrent jumps: every step is kept (none lost, the offset never goes back).
  const TimeUs start = wall_clock::offset_us();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < 100; ++i) ASSERT_TRUE(wall_clock::advance(kUsPerSecond));
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wall_clock::offset_us(), start + 400 * kUsPerSecond);
}

}  // namespace
}  // namespace physio
