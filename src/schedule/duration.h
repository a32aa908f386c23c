// Durations as workflows write them: "90s", "5m", "1h30m", "250ms", "2d".
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sluice {

// One or more <digits><unit> with no spaces, units ms, s, m, h and d (24 h), largest first, each
// at most once ("1h30m", not "30m1h"). "0s" is zero. InvalidArgument saying what was expected;
// durations past 100 years are refused rather than overflowing.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest text parse_duration() reads back: "1h30m", "250ms", "0s". `d` is not negative.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace sluice
