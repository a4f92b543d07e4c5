#pragma once
/// Outputs in progress are written to a temporary file beside the target and renamed at the end. When the
/// user interrupts a command (Ctrl-C: SIGINT, or SIGTERM), the temporary files still open are removed
/// before the process ends with the signal's usual status, so an interrupted run leaves no partial file.
///
/// Contract:
///   install_interrupt_cleanup: installs the SIGINT/SIGTERM handler (idempotent). Commands that write
///     outputs call it; long-running servers keep their own handling and do not.
///   track_temporary_file / untrack_temporary_file: register a temporary path while it exists. At most
///     kMaxTrackedTemporaries at once (further ones are simply not removed on interrupt); paths longer than
///     kMaxTrackedPathBytes are not tracked.
///   The handler only calls async-signal-safe functions (unlink, signal, raise).

#include <cstddef>
#include <filesystem>

namespace physio {

inline constexpr std::size_t kMaxTrackedTemporaries = 32;
inline constexpr std::size_t kMaxTrackedPathBytes = 4096;

void install_interrupt_cleanup();

void track_temporary_file(const std::filesystem::path& path);
void untrack_temporary_file(const std::filesystem::path& path);

}  // namespace physio
