// Helpers for schedule tests: instants and zones from text, failing the test on bad input.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "schedule/date_text.h"
#include "schedule/time_zone.h"

namespace sluice::testing {

// An instant written as parse_date_time() reads it in UTC ("2024-03-31T01:00:00Z",
// "2024-03-31").
inline Instant utc(const std::string& text) {
  Result<Instant> t = parse_date_time(text, TimeZone());
  EXPECT_TRUE(t.ok()) << text << ": " << t.status().to_string();
  return t.ok() ? *t : Instant{};
}

inline TimeZone zone(const std::string& name) {
  Result<TimeZone> z = TimeZone::locate(name);
  EXPECT_TRUE(z.ok()) << name << ": " << z.status().to_string();
  return z.ok() ? *z : TimeZone();
}

// A wall-clock reading, as if in UTC ("2024-03-31T02:30").
inline LocalTime local(const std::string& text) {
  return LocalTime{utc(text).time_since_epoch()};
}

}  // namespace sluice::testing
