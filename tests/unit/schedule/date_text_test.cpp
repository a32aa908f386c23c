// Dates and durations as workflows write them, and how templates and run ids show instants.
#include "schedule/date_text.h"

#include <gtest/gtest.h>

#include <string>

#include "schedule/duration.h"
#include "time_test_util.h"

namespace sluice {
namespace {

using std::chrono::milliseconds;
using testing::utc;
using testing::zone;

std::string date_error(const std::string& text) {
  Result<Instant> t = parse_date_time(text, TimeZone());
  EXPECT_FALSE(t.ok()) << text << " parsed";
  return t.ok() ? "" : t.status().message();
}

TEST(DateText, ADateIsMidnightInTheZone) {
  EXPECT_EQ(format_utc(utc("2024-03-31")), "2024-03-31T00:00:00Z");
  EXPECT_EQ(*parse_date_time("2024-03-31", zone("Europe/Berlin")), utc("2024-03-30T23:00:00Z"));
  EXPECT_EQ(*parse_date_time("2024-07-01T06:30", zone("America/New_York")),
            utc("2024-07-01T10:30:00Z"));
}

TEST(DateText, AnOffsetOrZMakesAnInstantWhateverTheZone) {
  EXPECT_EQ(*parse_date_time("2024-03-31T06:00:00+02:00", zone("America/New_York")),
            utc("2024-03-31T04:00:00Z"));
  EXPECT_EQ(*parse_date_time("2024-03-31 06:00:00Z", zone("Europe/Berlin")),
            utc("2024-03-31T06:00:00Z"));
  EXPECT_EQ(*parse_date_time("2024-03-31T06:00:00-05:30", TimeZone()), utc("2024-03-31T11:30:00Z"));
}

TEST(DateText, WallTimesFollowTheDstPolicy) {
  const TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(*parse_date_time("2024-03-31T02:30", berlin), utc("2024-03-31T01:00:00Z"));
  EXPECT_EQ(*parse_date_time("2024-10-27T02:30", berlin), utc("2024-10-27T00:30:00Z"));
}

TEST(DateText, MalformedAndImpossibleDatesAreRefused) {
  EXPECT_EQ(date_error("2023-02-29"), "\"2023-02-29\": no such date");
  EXPECT_EQ(date_error("yesterday"),
            "\"yesterday\" is not a date or time (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or "
            "YYYY-MM-DDTHH:MM:SS, the last two optionally ending in Z or +HH:MM)");
  EXPECT_NE(date_error("2024-01-01T24:00").find("is not a date"), std::string::npos);
  EXPECT_NE(date_error("2024-01-01T10:00+1").find("is not a date"), std::string::npos);
  EXPECT_NE(date_error("2024-1-01").find("is not a date"), std::string::npos);
}

TEST(DateText, FormatsInTheZoneWithItsOffset) {
  const Instant t = utc("2024-03-30T23:00:00Z");
  EXPECT_EQ(format_local(t, zone("Europe/Berlin")), "2024-03-31T00:00:00+01:00");
  EXPECT_EQ(format_local(t, zone("America/New_York")), "2024-03-30T19:00:00-04:00");
  EXPECT_EQ(format_local(t, TimeZone()), "2024-03-30T23:00:00+00:00");
  EXPECT_EQ(format_date(t, zone("Europe/Berlin")), "2024-03-31");
  EXPECT_EQ(format_date(t, TimeZone()), "2024-03-30");
}

TEST(TimeZoneLookup, UnknownNameIsAnError) {
  Result<TimeZone> z = TimeZone::locate("Europe/Berln");
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.status().message(),
            "unknown time zone \"Europe/Berln\" (expected an IANA name like UTC or Europe/Berlin)");
  EXPECT_TRUE(TimeZone::locate("UTC")->is_utc());
  EXPECT_EQ(zone("Asia/Kolkata").offset(utc("2024-01-01")), std::chrono::minutes{330});
}

TEST(Duration, UnitsLargestFirst) {
  EXPECT_EQ(*parse_duration("90s"), milliseconds{90'000});
  EXPECT_EQ(*parse_duration("1h30m"), milliseconds{5'400'000});
  EXPECT_EQ(*parse_duration("250ms"), milliseconds{250});
  EXPECT_EQ(*parse_duration("2d"), milliseconds{172'800'000});
  EXPECT_EQ(*parse_duration("1m1s1ms"), milliseconds{61'001});
  EXPECT_EQ(*parse_duration("0s"), milliseconds{0});
}

TEST(Duration, BadTextSaysWhatWasExpected) {
  EXPECT_EQ(parse_duration("5").status().message(),
            "\"5\" is not a duration (a unit (ms, s, m, h, d) at column 2; expected e.g. 90s, "
            "5m, 1h30m, 250ms, 2d)");
  EXPECT_NE(parse_duration("30m1h").status().message().find("largest to smallest"),
            std::string::npos);
  EXPECT_NE(parse_duration("1h 30m").status().message().find("a number at column 3"),
            std::string::npos);
  EXPECT_NE(parse_duration("").status().message().find("empty"), std::string::npos);
  EXPECT_NE(parse_duration("999999999999d").status().message().find("too long"), std::string::npos);
}

TEST(Duration, FormatReadsBack) {
  for (const char* text : {"1h30m", "250ms", "0s", "2d3h", "59s999ms"})
    EXPECT_EQ(format_duration(*parse_duration(text)), text);
  EXPECT_EQ(format_duration(milliseconds{90'000}), "1m30s");
}

}  // namespace
}  // namespace sluice
