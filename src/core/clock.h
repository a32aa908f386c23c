// Wall-clock helpers shared by every stage. Times are Unix milliseconds (UTC).
#pragma once

#include <cstdint>
#include <string>

namespace sluice {

int64_t now_ms();
// "2026-11-25T13:30:01.123Z"
std::string format_iso8601_ms(int64_t unix_ms);

}  // namespace sluice
