#include "quality/timestamp_format.h"

#include <fmt/format.h>

namespace sluice {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `n` digits at text[*pos]; -1 when they are not there.
int read_digits(std::string_view text, size_t* pos, size_t n) {
  if (*pos + n > text.size()) return -1;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[*pos + i];
    if (!is_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  return v;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && (year < 0 || is_leap(year))) return 29;  // year < 0: no %Y in the format
  return kDays[month - 1];
}

// Reads "Z", "+HH:MM" or "+HHMM".
bool read_zone(std::string_view text, size_t* pos) {
  if (*pos >= text.size()) return false;
  char sign = text[*pos];
  if (sign == 'Z') {
    ++*pos;
    return true;
  }
  if (sign != '+' && sign != '-') return false;
  ++*pos;
  int hours = read_digits(text, pos, 2);
  if (*pos < text.size() && text[*pos] == ':') ++*pos;
  int minutes = read_digits(text, pos, 2);
  return hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59;
}

}  // namespace

Result<TimestampFormat> TimestampFormat::parse(std::string_view format) {
  TimestampFormat f;
  f.spelling_ = std::string(format.empty() ? kDefaultTimestampFormat : format);
  std::string_view s = f.spelling_;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      f.steps_.push_back({Item::kLiteral, s[i]});
      continue;
    }
    if (++i == s.size()) return Status::invalid_argument("format ends with a lone '%'");
    Item item;
    switch (s[i]) {
      case 'Y':
        item = Item::kYear;
        break;
      case 'm':
        item = Item::kMonth;
        break;
      case 'd':
        item = Item::kDay;
        break;
      case 'H':
        item = Item::kHour;
        break;
      case 'M':
        item = Item::kMinute;
        break;
      case 'S':
        item = Item::kSecond;
        break;
      case 'L':
        item = Item::kMillis;
        break;
      case 'f':
        item = Item::kFraction;
        break;
      case 'z':
        item = Item::kZone;
        break;
      case '%':
        f.steps_.push_back({Item::kLiteral, '%'});
        continue;
      default:
        return Status::invalid_argument(fmt::format("unknown format directive '%{}'", s[i]));
    }
    f.steps_.push_back({item, 0});
  }
  return f;
}

bool TimestampFormat::check(std::string_view text, std::string* why) const {
  size_t pos = 0;
  int year = -1, month = -1, day = -1;
  auto fail = [&](std::string_view what) {
    *why = fmt::format("{} (format {})", what, spelling_);
    return false;
  };
  for (const Step& step : steps_) {
    int v = 0;
    switch (step.item) {
      case Item::kLiteral:
        if (pos >= text.size() || text[pos] != step.literal)
          return fail("does not follow the format");
        ++pos;
        continue;
      case Item::kYear:
        v = year = read_digits(text, &pos, 4);
        break;
      case Item::kMonth:
        v = month = read_digits(text, &pos, 2);
        if (v == 0 || v > 12) return fail(fmt::format("has month {:02}", v));
        break;
      case Item::kDay:
        v = day = read_digits(text, &pos, 2);
        if (v == 0 || v > 31) return fail(fmt::format("has day {:02}", v));
        break;
      case Item::kHour:
        v = read_digits(text, &pos, 2);
        if (v > 23) return fail(fmt::format("has hour {:02}", v));
        break;
      case Item::kMinute:
      case Item::kSecond:
        v = read_digits(text, &pos, 2);
        if (v > 59) {
          return fail(
              fmt::format("has {} {:02}", step.item == Item::kMinute ? "minute" : "second", v));
        }
        break;
      case Item::kMillis:
        v = read_digits(text, &pos, 3);
        break;
      case Item::kFraction: {
        size_t start = pos;
        while (pos < text.size() && is_digit(text[pos]) && pos - start < 9)
          ++pos;
        v = pos > start ? 0 : -1;
        break;
      }
      case Item::kZone:
        if (!read_zone(text, &pos)) return fail("has no valid zone");
        continue;
    }
    if (v < 0) return fail("does not follow the format");
  }
  if (pos != text.size()) return fail("has trailing characters");
  if (day > 0 && month > 0 && day > days_in_month(year, month)) {
    std::string when =
        year >= 0 ? fmt::format("{:04}-{:02}", year, month) : fmt::format("month {:02}", month);
    return fail(
        fmt::format("has day {:02}, but {} has {} days", day, when, days_in_month(year, month)));
  }
  return true;
}

}  // namespace sluice
