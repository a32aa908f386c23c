#include "schedule/duration.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>

namespace sluice {
namespace {

struct Unit {
  std::string_view name;
  int64_t ms;
};

// Largest first: the order a duration must list them in.
constexpr std::array<Unit, 5> kUnits = {{
    {"d", 86'400'000},
    {"h", 3'600'000},
    {"m", 60'000},
    {"s", 1'000},
    {"ms", 1},
}};

constexpr int64_t kMaxMs = 100LL * 365 * 86'400'000;

Status bad_duration(std::string_view text, std::string_view why) {
  return Status::invalid_argument(fmt::format(
      "\"{}\" is not a duration ({}; expected e.g. 90s, 5m, 1h30m, 250ms, 2d)", text, why));
}

// The unit spelled at the start of `rest` ("ms" before "m").
const Unit* unit_at(std::string_view rest, size_t* unit_index) {
  for (size_t i = 0; i < kUnits.size(); ++i) {
    const Unit& u = kUnits[i];
    if (!rest.starts_with(u.name)) continue;
    if (u.name == "m" && rest.starts_with("ms")) continue;
    *unit_index = i;
    return &u;
  }
  return nullptr;
}

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return bad_duration(text, "empty");
  int64_t total = 0;
  size_t pos = 0;
  size_t next_unit = 0;  // units must come largest first, each once
  while (pos < text.size()) {
    int64_t number = 0;
    const size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      number = number * 10 + (text[pos] - '0');
      if (number > kMaxMs) return bad_duration(text, "too long");
      ++pos;
    }
    if (pos == start) return bad_duration(text, fmt::format("a number at column {}", pos + 1));
    size_t index = 0;
    const Unit* unit = unit_at(text.substr(pos), &index);
    if (unit == nullptr) {
      return bad_duration(text, fmt::format("a unit (ms, s, m, h, d) at column {}", pos + 1));
    }
    if (index < next_unit) return bad_duration(text, "units must go from largest to smallest");
    next_unit = index + 1;
    if (number > kMaxMs / unit->ms || total + number * unit->ms > kMaxMs) {
      return bad_duration(text, "too long");
    }
    total += number * unit->ms;
    pos += unit->name.size();
  }
  return std::chrono::milliseconds{total};
}

std::string format_duration(std::chrono::milliseconds d) {
  int64_t left = d.count();
  if (left == 0) return "0s";
  std::string out;
  for (const Unit& u : kUnits) {
    if (left >= u.ms) {
      out += fmt::format("{}{}", left / u.ms, u.name);
      left %= u.ms;
    }
  }
  return out;
}

}  // namespace sluice
