// Clock helpers shared by every stage. Wall-clock times are Unix milliseconds (UTC).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace sluice {

int64_t now_ms();
// "2026-11-25T13:30:01.123Z"
std::string format_iso8601_ms(int64_t unix_ms);

// Sleeps until `deadline`, waking within 20 ms when `stop` (or `also`, if given) is set: the
// waits of loops that a stop flag ends (ingest's interval, progress lines).
void wait_until(std::chrono::steady_clock::time_point deadline, const std::atomic<bool>& stop,
                const std::atomic<bool>* also = nullptr);
// Sleeps `ms` milliseconds the same way.
void wait_for(int ms, const std::atomic<bool>& stop, const std::atomic<bool>* also = nullptr);

}  // namespace sluice
