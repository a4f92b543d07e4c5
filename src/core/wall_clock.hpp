#pragma once
/// The wall clock of the clinic server: every record's time, every "now" of a rule and every background
/// loop reads it. Normally it is the system clock. In test mode (`physio serve --test-clock`,
/// docs/server/operations.md "A test clock") it is the system clock plus an offset that a test moves
/// forward, so a browser test can play a clinic's week in minutes; the offset only grows (records stay in
/// order), and the loops that wait for a time of day are woken at each jump.
///
/// Test mode is switched on once per process and never off; without it `jump_to` and `advance` refuse.

#include <cstdint>
#include <functional>

#include "core/error.hpp"
#include "core/time.hpp"

namespace physio::wall_clock {

/// The system clock (UTC microseconds since 1970).
TimeUs system_us();
/// The clinic's now: the system clock plus the test offset (0 outside test mode).
TimeUs now_us();

/// Switches test mode on with a starting offset (>= 0, e.g. the one saved before a restart).
void enable_test_mode(TimeUs offset_us = 0);
bool test_mode();
TimeUs offset_us();

/// Moves the clock to `instant` (test mode only). An instant before now is refused (kInvalidArgument):
/// the clock never goes back. Returns the new offset. Listeners are called after the jump.
Result<TimeUs> jump_to(TimeUs instant);
/// Moves the clock forward by `delta_us` (> 0, at most 400 days). Returns the new offset.
Result<TimeUs> advance(TimeUs delta_us);
/// How many jumps happened in this process (a loop compares it to wake on a jump).
std::uint64_t jumps();

/// Calls `wake` after every jump until the returned handle is removed. `wake` must not call back into
/// this module and should only signal (notify a condition variable).
int add_listener(std::function<void()> wake);
/// After it returns, the listener is never called again.
void remove_listener(int handle);

}  // namespace physio::wall_clock
