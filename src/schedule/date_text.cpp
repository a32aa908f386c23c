#include "schedule/date_text.h"

#include <fmt/format.h>

#include <chrono>
#include <optional>

namespace sluice {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads exactly `digits` decimal digits at *pos.
std::optional<int> digits_at(std::string_view s, size_t* pos, size_t digits) {
  if (*pos + digits > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = s[*pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  *pos += digits;
  return value;
}

bool char_at(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

Status not_a_date(std::string_view text) {
  return Status::invalid_argument(
      fmt::format("\"{}\" is not a date or time (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or "
                  "YYYY-MM-DDTHH:MM:SS, the last two optionally ending in Z or +HH:MM)",
                  text));
}

// "Z", "+02:00", "-05:30" at the end of the text; nullopt when malformed.
std::optional<seconds> utc_offset(std::string_view s) {
  if (s == "Z") return seconds{0};
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return std::nullopt;
  size_t pos = 1;
  const auto h = digits_at(s, &pos, 2);
  ++pos;
  const auto m = digits_at(s, &pos, 2);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  const seconds offset = hours{*h} + minutes{*m};
  return s[0] == '-' ? -offset : offset;
}

struct Civil {
  std::chrono::year_month_day date;
  std::chrono::hh_mm_ss<seconds> time;
};

Civil civil(seconds since_epoch) {
  const auto day = std::chrono::floor<days>(since_epoch);
  return {std::chrono::year_month_day{std::chrono::sys_days{day}},
          std::chrono::hh_mm_ss<seconds>{since_epoch - day}};
}

std::string format_civil(const Civil& c) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(c.date.year()),
                     static_cast<unsigned>(c.date.month()), static_cast<unsigned>(c.date.day()),
                     c.time.hours().count(), c.time.minutes().count(), c.time.seconds().count());
}

}  // namespace

Result<Instant> parse_date_time(std::string_view text, const TimeZone& zone) {
  size_t pos = 0;
  const auto y = digits_at(text, &pos, 4);
  const bool dash1 = char_at(text, &pos, '-');
  const auto mo = digits_at(text, &pos, 2);
  const bool dash2 = char_at(text, &pos, '-');
  const auto d = digits_at(text, &pos, 2);
  if (!y || !dash1 || !mo || !dash2 || !d) return not_a_date(text);
  const std::chrono::year_month_day date{std::chrono::year{*y},
                                         std::chrono::month{static_cast<unsigned>(*mo)},
                                         std::chrono::day{static_cast<unsigned>(*d)}};
  if (!date.ok()) {
    return Status::invalid_argument(fmt::format("\"{}\": no such date", text.substr(0, 10)));
  }
  seconds since_epoch = std::chrono::local_days{date}.time_since_epoch();
  if (pos == text.size()) return zone.to_instant(LocalTime{since_epoch});
  if (!char_at(text, &pos, 'T') && !char_at(text, &pos, ' ')) return not_a_date(text);
  const auto h = digits_at(text, &pos, 2);
  const bool colon = char_at(text, &pos, ':');
  const auto mi = digits_at(text, &pos, 2);
  if (!h || !colon || !mi || *h > 23 || *mi > 59) return not_a_date(text);
  std::optional<int> s = 0;
  if (char_at(text, &pos, ':')) s = digits_at(text, &pos, 2);
  if (!s || *s > 59) return not_a_date(text);
  since_epoch += hours{*h} + minutes{*mi} + seconds{*s};
  if (pos == text.size()) return zone.to_instant(LocalTime{since_epoch});
  const std::optional<seconds> offset = utc_offset(text.substr(pos));
  if (!offset) return not_a_date(text);
  return Instant{since_epoch - *offset};
}

std::string format_utc(Instant t) {
  return format_civil(civil(t.time_since_epoch())) + "Z";
}

std::string format_local(Instant t, const TimeZone& zone) {
  const seconds offset = zone.offset(t);
  const auto magnitude = std::chrono::abs(offset);
  return fmt::format("{}{}{:02}:{:02}", format_civil(civil(t.time_since_epoch() + offset)),
                     offset < seconds{0} ? '-' : '+',
                     std::chrono::duration_cast<hours>(magnitude).count(),
                     std::chrono::duration_cast<minutes>(magnitude % hours{1}).count());
}

std::string format_date(Instant t, const TimeZone& zone) {
  return format_civil(civil(zone.to_local(t).time_since_epoch())).substr(0, 10);
}

}  // namespace sluice
