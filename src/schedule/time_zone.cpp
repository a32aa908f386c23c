#include "schedule/time_zone.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <exception>

namespace sluice {
namespace {

date::local_seconds to_date(LocalTime t) {
  return date::local_seconds{t.time_since_epoch()};
}

// Fall-backs this far back can still have shown later readings than now (two in a row within an
// hour or so; none in today's database reaches further).
constexpr int kPeriodsBack = 3;

}  // namespace

Result<TimeZone> TimeZone::locate(std::string_view name) {
  // UTC is arithmetic: no database file needed, and the default zone costs nothing.
  if (name == "UTC") return TimeZone();
  try {
    return TimeZone(date::locate_zone(name), std::string(name));
  } catch (const std::exception&) {
    return Status::invalid_argument(fmt::format(
        "unknown time zone \"{}\" (expected an IANA name like UTC or Europe/Berlin)", name));
  }
}

LocalTime TimeZone::to_local(Instant t) const {
  return LocalTime{t.time_since_epoch() + offset(t)};
}

std::chrono::seconds TimeZone::offset(Instant t) const {
  if (zone_ == nullptr) return std::chrono::seconds{0};
  return zone_->get_info(t).offset;
}

Instant TimeZone::to_instant(LocalTime local) const {
  if (zone_ == nullptr) return Instant{local.time_since_epoch()};
  const date::local_info info = zone_->get_info(to_date(local));
  // A skipped reading: the earlier period ends where the gap does.
  if (info.result == date::local_info::nonexistent) return info.first.end;
  // Unique, or repeated: `first` is the earlier of the two periods that show it.
  return Instant{local.time_since_epoch() - info.first.offset};
}

LocalTime TimeZone::latest_reading_by(Instant t) const {
  LocalTime latest = to_local(t);
  if (zone_ == nullptr) return latest;
  date::sys_info period = zone_->get_info(t);
  for (int i = 0; i < kPeriodsBack; ++i) {
    const Instant before = period.begin - std::chrono::seconds{1};
    period = zone_->get_info(before);
    latest = std::max(latest, LocalTime{before.time_since_epoch() + period.offset});
  }
  return latest;
}

}  // namespace sluice
