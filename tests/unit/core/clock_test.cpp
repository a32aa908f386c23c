// format_iso8601_ms: the `_ingested_at` text of every stored row.
#include "core/clock.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(ClockTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_iso8601_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601_ms(1), "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(format_iso8601_ms(951782400000), "2000-02-29T00:00:00.000Z");  // leap day
  EXPECT_EQ(format_iso8601_ms(1795651199999), "2026-11-25T23:59:59.999Z");
  EXPECT_EQ(format_iso8601_ms(253402300799999), "9999-12-31T23:59:59.999Z");
}

TEST(ClockTest, TimesBeforeTheEpochRoundDown) {
  EXPECT_EQ(format_iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso8601_ms(-86400000), "1969-12-31T00:00:00.000Z");
}

TEST(ClockTest, YearsPastFourDigitsStillFormat) {
  EXPECT_EQ(format_iso8601_ms(253402300800000), "10000-01-01T00:00:00.000Z");
}

}  // namespace
}  // namespace sluice
