// SIGINT/SIGTERM handling for long-running subcommands: the first signal asks for a clean stop
// (drain in-flight batches, commit, exit 0); a second one exits at once (nothing acknowledged is
// lost either way: that is the delivery contract).
#pragma once

#include <atomic>

namespace sluice::cli {

// Installs the handlers once and returns the flag they set.
std::atomic<bool>& install_stop_signal();

}  // namespace sluice::cli
