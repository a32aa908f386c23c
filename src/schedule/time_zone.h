// TimeZone: an IANA time zone ("Europe/Berlin") from the system's tz database
// (/usr/share/zoneinfo, Debian's tzdata), and the instants schedules are computed in.
//
// How wall-clock readings map to instants is this project's DST policy (docs/workflows.md,
// "Daylight saving time"), the one Vixie cron follows: a reading that a spring-forward skips
// names the first instant after the gap; a reading that a fall-back repeats names its first
// occurrence only. A TimeZone is a small immutable handle, cheap to copy and safe to share
// between threads (the zone data it points into lives as long as the process).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace date {
class time_zone;
}

namespace sluice {

// A point in time, to the second: logical dates, fire times, start and end dates. Schedules need
// nothing finer (cron fires on minutes; `@every` takes whole seconds).
using Instant = std::chrono::sys_seconds;
// The run store's milliseconds since the epoch and back (floored to the second).
inline Instant instant_of_ms(int64_t ms) {
  return std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms)));
}
inline int64_t ms_of_instant(Instant t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
// A wall-clock reading to the second, in no particular zone.
using LocalTime = std::chrono::local_seconds;

class TimeZone {
 public:
  // UTC.
  TimeZone() = default;

  // The zone of an IANA name ("UTC", "Europe/Berlin", "America/New_York"). InvalidArgument
  // naming it when the tz database does not know it.
  static Result<TimeZone> locate(std::string_view name);

  const std::string& name() const { return name_; }
  bool is_utc() const { return zone_ == nullptr; }

  // The wall-clock reading at `t`.
  LocalTime to_local(Instant t) const;
  // The instant a reading names, under the DST policy above.
  Instant to_instant(LocalTime local) const;
  // The offset from UTC in effect at `t` (+3600s for CET).
  std::chrono::seconds offset(Instant t) const;
  // The latest reading any instant at or before `t` showed: to_local(t), or later when a
  // fall-back turned the clock back shortly before `t` (the first pass of the repeated hour
  // reached further). Searches backwards for fire times start there.
  LocalTime latest_reading_by(Instant t) const;

 private:
  TimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}

  const date::time_zone* zone_ = nullptr;  // null: UTC, computed without the tz database
  std::string name_ = "UTC";
};

}  // namespace sluice
