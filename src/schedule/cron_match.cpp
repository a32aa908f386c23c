// CronExpr's calendar search: which wall-clock minutes match, and the next or previous one.
#include <chrono>

#include "schedule/cron_expr.h"

namespace sluice {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// No valid expression goes longer without firing: Feb 29 alone skips 8 years across 2100.
constexpr days kHorizon{9 * 366};

constexpr int kNone = -1;

// The lowest set bit at or above `from`, or kNone.
template <size_t N>
int next_set(const std::bitset<N>& bits, int from) {
  for (int i = from; i < static_cast<int>(N); ++i) {
    if (bits[i]) return i;
  }
  return kNone;
}

// The highest set bit at or below `from`, or kNone.
template <size_t N>
int prev_set(const std::bitset<N>& bits, int from) {
  for (int i = from; i >= 0; --i) {
    if (bits[i]) return i;
  }
  return kNone;
}

struct Split {
  std::chrono::local_days day;
  std::chrono::year_month_day date;
  int hour;
  int minute;
};

Split split(LocalTime t) {
  const auto day = std::chrono::floor<days>(t);
  const auto in_day = std::chrono::floor<minutes>(t - day);
  return {day, std::chrono::year_month_day{day},
          static_cast<int>(std::chrono::floor<hours>(in_day).count()),
          static_cast<int>((in_day % hours{1}).count())};
}

std::chrono::local_days first_of_month(const std::chrono::year_month_day& date) {
  return std::chrono::local_days{date.year() / date.month() / 1};
}

}  // namespace

bool CronExpr::day_matches(std::chrono::year_month_day date) const {
  const bool day = days_[static_cast<unsigned>(date.day())];
  const bool weekday = weekdays_[std::chrono::weekday{std::chrono::sys_days{date}}.c_encoding()];
  if (days_restricted_ && weekdays_restricted_) return day || weekday;
  return day && weekday;
}

bool CronExpr::matches(LocalTime t) const {
  const Split s = split(t);
  return months_[static_cast<unsigned>(s.date.month())] && day_matches(s.date) && hours_[s.hour] &&
         minutes_[s.minute];
}

std::optional<LocalTime> CronExpr::next_match(LocalTime t) const {
  LocalTime at = std::chrono::ceil<minutes>(t);
  const LocalTime limit = at + kHorizon;
  while (at <= limit) {
    const Split s = split(at);
    if (!months_[static_cast<unsigned>(s.date.month())]) {
      at = LocalTime{
          std::chrono::local_days{(s.date.year() / s.date.month() / 1) + std::chrono::months{1}}};
      continue;
    }
    if (!day_matches(s.date)) {
      at = LocalTime{s.day + days{1}};
      continue;
    }
    const int hour = next_set(hours_, s.hour);
    if (hour == kNone) {
      at = LocalTime{s.day + days{1}};
      continue;
    }
    const int minute = next_set(minutes_, hour == s.hour ? s.minute : 0);
    if (minute == kNone) {
      at = LocalTime{s.day + hours{hour + 1}};
      continue;
    }
    return LocalTime{s.day + hours{hour} + minutes{minute}};
  }
  return std::nullopt;
}

std::optional<LocalTime> CronExpr::prev_match(LocalTime t) const {
  LocalTime at = std::chrono::floor<minutes>(t);
  const LocalTime limit = at - kHorizon;
  while (at >= limit) {
    const Split s = split(at);
    if (!months_[static_cast<unsigned>(s.date.month())]) {
      at = LocalTime{first_of_month(s.date)} - minutes{1};
      continue;
    }
    if (!day_matches(s.date)) {
      at = LocalTime{s.day} - minutes{1};
      continue;
    }
    const int hour = prev_set(hours_, s.hour);
    if (hour == kNone) {
      at = LocalTime{s.day} - minutes{1};
      continue;
    }
    const int minute = prev_set(minutes_, hour == s.hour ? s.minute : 59);
    if (minute == kNone) {
      at = LocalTime{s.day + hours{hour}} - minutes{1};
      continue;
    }
    return LocalTime{s.day + hours{hour} + minutes{minute}};
  }
  return std::nullopt;
}

}  // namespace sluice
