#include "schedule/schedule.h"

#include <fmt/format.h>

#include <array>

#include "schedule/duration.h"

namespace sluice {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

struct Preset {
  std::string_view name;
  std::string_view cron;
};

constexpr std::array<Preset, 7> kPresets = {{
    {"@hourly", "0 * * * *"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@weekly", "0 0 * * 0"},
    {"@monthly", "0 0 1 * *"},
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
}};

// Matches inside one fall-back's repeated hour map to instants already passed; a minutely
// schedule steps over at most a few hundred of them. This bounds a search that cannot loop.
constexpr int kMaxSteps = 100000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

Result<seconds> parse_period(std::string_view text) {
  Result<std::chrono::milliseconds> d = parse_duration(trim(text));
  if (!d.ok()) return Status::invalid_argument(fmt::format("@every: {}", d.status().message()));
  if (*d < seconds{1} || *d % seconds{1} != std::chrono::milliseconds{0}) {
    return Status::invalid_argument(
        fmt::format("@every {}: expected a whole number of seconds, at least 1s", trim(text)));
  }
  return std::chrono::duration_cast<seconds>(*d);
}

// floor((t - anchor) / period), rounding towards minus infinity for t before the anchor.
int64_t periods_since(Instant t, Instant anchor, seconds period) {
  const int64_t diff = (t - anchor).count();
  const int64_t p = period.count();
  return diff >= 0 ? diff / p : -((-diff + p - 1) / p);
}

}  // namespace

Result<Schedule> Schedule::parse(std::string_view text) {
  const std::string_view t = trim(text);
  Schedule s;
  if (t.empty() || t == "none") return s;
  s.text_ = std::string(t);
  if (t.starts_with("@every ") || t.starts_with("@every\t")) {
    Result<seconds> period = parse_period(t.substr(6));
    if (!period.ok()) return period.status();
    s.kind_ = Kind::kEvery;
    s.period_ = *period;
    return s;
  }
  std::string_view cron = t;
  if (t.starts_with('@')) {
    cron = {};
    for (const Preset& p : kPresets) {
      if (p.name == t) cron = p.cron;
    }
    if (cron.empty()) {
      return Status::invalid_argument(
          fmt::format("unknown preset '{}' (expected @hourly, @daily, @weekly, @monthly, @yearly, "
                      "@every <duration>, a 5-field cron expression or none)",
                      t));
    }
  }
  Result<CronExpr> expr = CronExpr::parse(cron);
  if (!expr.ok()) return expr.status();
  s.kind_ = Kind::kCron;
  s.cron_ = *expr;
  return s;
}

std::optional<Instant> Schedule::next_after(Instant t, const TimeZone& zone, Instant anchor) const {
  switch (kind_) {
    case Kind::kManual:
      return std::nullopt;
    case Kind::kEvery:
      return anchor + period_ * (periods_since(t, anchor, period_) + 1);
    case Kind::kCron:
      break;
  }
  // No reading before the one `t` shows can name an instant after `t`, so the search starts at
  // the next whole minute of that reading.
  std::optional<LocalTime> match =
      cron_.next_match(std::chrono::floor<minutes>(zone.to_local(t)) + minutes{1});
  for (int step = 0; match && step < kMaxSteps; ++step) {
    const Instant fire = zone.to_instant(*match);
    if (fire > t) return fire;
    match = cron_.next_match(*match + minutes{1});
  }
  return std::nullopt;
}

std::optional<Instant> Schedule::latest_at_or_before(Instant t, const TimeZone& zone,
                                                     Instant anchor) const {
  switch (kind_) {
    case Kind::kManual:
      return std::nullopt;
    case Kind::kEvery:
      return anchor + period_ * periods_since(t, anchor, period_);
    case Kind::kCron:
      break;
  }
  // After a fall-back, readings later than the current one have already been shown (and their
  // first occurrence is what fires), so the search starts from the latest reading shown by `t`.
  std::optional<LocalTime> match = cron_.prev_match(zone.latest_reading_by(t));
  for (int step = 0; match && step < kMaxSteps; ++step) {
    const Instant fire = zone.to_instant(*match);
    if (fire <= t) return fire;
    match = cron_.prev_match(*match - minutes{1});
  }
  return std::nullopt;
}

}  // namespace sluice
