// TimestampFormat: a strftime-like pattern that a text must follow exactly, and the check that
// the text names a real calendar instant (no Feb 30, month 13, hour 25, minute 60).
//
// Directives: %Y year (4 digits), %m month (01-12), %d day (01-last day of that month, leap
// years counted; 29 allowed in February when the format has no year), %H hour (00-23),
// %M minute (00-59), %S second (00-59, no leap seconds), %L milliseconds (3 digits),
// %f fraction (1-9 digits), %z zone ("Z", +HH:MM or +HHMM, hours 00-23, minutes 00-59),
// %% a percent sign. Every other character must appear as is.
// Immutable after parse(); thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sluice {

inline constexpr std::string_view kDefaultTimestampFormat = "%Y-%m-%dT%H:%M:%S.%LZ";

class TimestampFormat {
 public:
  static Result<TimestampFormat> parse(std::string_view format);

  // True when `text` follows the format and is a real instant; else sets *why (allocating).
  bool check(std::string_view text, std::string* why) const;
  const std::string& spelling() const { return spelling_; }

 private:
  enum class Item : char {
    kLiteral,
    kYear,
    kMonth,
    kDay,
    kHour,
    kMinute,
    kSecond,
    kMillis,
    kFraction,
    kZone
  };
  struct Step {
    Item item;
    char literal;
  };

  std::string spelling_;
  std::vector<Step> steps_;
};

}  // namespace sluice
