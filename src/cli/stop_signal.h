// SIGINT/SIGTERM handling for long-running subcommands: the first signal asks for a clean stop
// (drain in-flight batches, commit, exit 0); a second one exits at once (nothing acknowledged is
// lost either way: that is the delivery contract).
#pragma once

#include <atomic>
#include <chrono>

namespace sluice::cli {

// Installs the handlers once and returns the flag they set.
std::atomic<bool>& install_stop_signal();

// Sleeps until `deadline`, waking within 20 ms when `stop` (or `also`, if given) is set.
void wait_until(std::chrono::steady_clock::time_point deadline, const std::atomic<bool>& stop,
                const std::atomic<bool>* also = nullptr);

// Sleeps `ms` milliseconds the same way.
void wait_for(int ms, const std::atomic<bool>& stop, const std::atomic<bool>* also = nullptr);

}  // namespace sluice::cli
