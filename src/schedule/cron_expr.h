// CronExpr: a 5-field cron expression (minute hour day-of-month month day-of-week) as Vixie cron
// (Debian's cron) reads it, matched against wall-clock readings. Time zones and DST are the
// caller's (schedule.h): this class only answers which minutes of a calendar match.
//
// Each field is a comma list of `*`, `N`, `N-M`, with an optional `/STEP` (`*/15`, `1-30/5`,
// `5/15` = 5 to the field's maximum in steps of 15). Months take JAN-DEC and days of the week
// SUN-SAT (any case) wherever a number goes; day-of-week 7 is Sunday too. As in Vixie cron, when
// both day-of-month and day-of-week are restricted (neither starts with `*`), a day matches when
// either does; otherwise both must.
#pragma once

#include <bitset>
#include <optional>
#include <string_view>

#include "core/status.h"
#include "schedule/time_zone.h"

namespace sluice {

class CronExpr {
 public:
  // InvalidArgument naming the field and what it expected ("minute field '61': expected 0-59"),
  // or a day-of-month no allowed month has ("0 0 30 FEB *" never fires).
  static Result<CronExpr> parse(std::string_view text);

  // Whether the minute of `t` matches (its seconds are ignored).
  bool matches(LocalTime t) const;
  // The first matching minute at or after `t` (rounded up to a whole minute), or nullopt when
  // none comes within the search horizon (9 years: longer than any gap a valid expression has,
  // e.g. Feb 29 across 2100).
  std::optional<LocalTime> next_match(LocalTime t) const;
  // The last matching minute at or before `t`, with the same horizon.
  std::optional<LocalTime> prev_match(LocalTime t) const;

 private:
  friend class CronParser;

  bool day_matches(std::chrono::year_month_day date) const;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1..31
  std::bitset<13> months_;   // 1..12
  std::bitset<7> weekdays_;  // 0 = Sunday
  bool days_restricted_ = false;
  bool weekdays_restricted_ = false;
};

}  // namespace sluice
