// Schedule: when a workflow fires, as its `schedule:` key says (docs/workflows.md, "Schedules").
//
//   none (or no `schedule:`)   manual only: never fires on its own
//   5-field cron               "30 2 * * MON-FRI" (cron_expr.h), read in the workflow's time zone
//   @hourly @daily @weekly     "0 * * * *", "0 0 * * *", "0 0 * * 0",
//   @monthly @yearly           "0 0 1 * *", "0 0 1 1 *" (@midnight and @annually too)
//   @every <duration>          every period of real time from an anchor (the workflow's
//                              start_date, else the Unix epoch): "@every 5s", "@every 1h30m"
//
// A cron schedule fires at the instants its wall-clock matches name under TimeZone's DST policy:
// a match skipped by spring-forward fires at the first instant after the gap (once, however many
// matches the gap swallowed), and a match repeated by fall-back fires at its first occurrence
// only. `@every` counts elapsed time and ignores the zone. Immutable; safe to share.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "schedule/cron_expr.h"
#include "schedule/time_zone.h"

namespace sluice {

class Schedule {
 public:
  enum class Kind { kManual, kCron, kEvery };

  // Manual.
  Schedule() = default;

  // InvalidArgument saying what was expected: an unknown preset, a bad duration, a cron field
  // out of range ("minute field '61': expected 0-59").
  static Result<Schedule> parse(std::string_view text);

  Kind kind() const { return kind_; }
  // As written ("@daily", "*/5 * * * *", "@every 90s"); "none" when manual.
  const std::string& text() const { return text_; }
  // The period of an `@every` schedule (zero otherwise).
  std::chrono::seconds period() const { return period_; }

  // The first fire time strictly after `t`; nullopt when manual (or, for cron, when nothing
  // fires within CronExpr's horizon, which parse() rules out). `anchor` places `@every`'s grid.
  std::optional<Instant> next_after(Instant t, const TimeZone& zone, Instant anchor = {}) const;
  // The last fire time at or before `t`, on the same terms.
  std::optional<Instant> latest_at_or_before(Instant t, const TimeZone& zone,
                                             Instant anchor = {}) const;

 private:
  Kind kind_ = Kind::kManual;
  std::string text_ = "none";
  CronExpr cron_;
  std::chrono::seconds period_{0};
};

}  // namespace sluice
