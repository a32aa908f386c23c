// Schedules: presets, `@every`, and fire times in UTC and across DST in non-UTC zones.
#include "schedule/schedule.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "time_test_util.h"

namespace sluice {
namespace {

using std::chrono::minutes;
using testing::utc;
using testing::zone;

Schedule schedule(const std::string& text) {
  Result<Schedule> s = Schedule::parse(text);
  EXPECT_TRUE(s.ok()) << text << ": " << s.status().to_string();
  return s.ok() ? *s : Schedule{};
}

std::string parse_error(const std::string& text) {
  Result<Schedule> s = Schedule::parse(text);
  EXPECT_FALSE(s.ok()) << text << " parsed";
  return s.ok() ? "" : s.status().message();
}

// The next `n` fire times after `t`.
std::vector<Instant> fires(const Schedule& s, Instant t, const TimeZone& z, int n) {
  std::vector<Instant> out;
  for (int i = 0; i < n; ++i) {
    std::optional<Instant> next = s.next_after(t, z);
    if (!next) break;
    out.push_back(*next);
    t = *next;
  }
  return out;
}

TEST(ScheduleParse, NoneAndEmptyAreManual) {
  for (const char* text : {"none", "", "  "}) {
    const Schedule s = schedule(text);
    EXPECT_EQ(s.kind(), Schedule::Kind::kManual) << text;
    EXPECT_EQ(s.text(), "none");
    EXPECT_EQ(s.next_after(utc("2024-01-01"), TimeZone()), std::nullopt);
    EXPECT_EQ(s.latest_at_or_before(utc("2024-01-01"), TimeZone()), std::nullopt);
  }
}

TEST(ScheduleParse, PresetsAreTheirCronExpressions) {
  const TimeZone z;
  const Instant t = utc("2024-01-31T12:34:00Z");  // a Wednesday
  EXPECT_EQ(schedule("@hourly").next_after(t, z), utc("2024-01-31T13:00:00Z"));
  EXPECT_EQ(schedule("@daily").next_after(t, z), utc("2024-02-01T00:00:00Z"));
  EXPECT_EQ(schedule("@midnight").next_after(t, z), utc("2024-02-01T00:00:00Z"));
  EXPECT_EQ(schedule("@weekly").next_after(t, z), utc("2024-02-04T00:00:00Z"));  // Sunday
  EXPECT_EQ(schedule("@monthly").next_after(t, z), utc("2024-02-01T00:00:00Z"));
  EXPECT_EQ(schedule("@yearly").next_after(t, z), utc("2025-01-01T00:00:00Z"));
  EXPECT_EQ(schedule("@annually").next_after(t, z), utc("2025-01-01T00:00:00Z"));
  EXPECT_EQ(schedule("@daily").kind(), Schedule::Kind::kCron);
  EXPECT_EQ(schedule("@daily").text(), "@daily");
}

TEST(ScheduleParse, UnknownPresetSaysWhatIsExpected) {
  EXPECT_EQ(parse_error("@dayly"),
            "unknown preset '@dayly' (expected @hourly, @daily, @weekly, @monthly, @yearly, "
            "@every <duration>, a 5-field cron expression or none)");
}

TEST(ScheduleParse, EveryTakesWholeSecondsOfAtLeastOne) {
  EXPECT_EQ(schedule("@every 5s").period(), std::chrono::seconds{5});
  EXPECT_EQ(schedule("@every 90s").period(), std::chrono::seconds{90});
  EXPECT_EQ(schedule("@every 1h30m").period(), std::chrono::seconds{5400});
  EXPECT_EQ(parse_error("@every 1500ms"),
            "@every 1500ms: expected a whole number of seconds, at least 1s");
  EXPECT_EQ(parse_error("@every 0s"), "@every 0s: expected a whole number of seconds, at least 1s");
  EXPECT_NE(parse_error("@every soon").find("is not a duration"), std::string::npos);
}

TEST(ScheduleParse, CronErrorsComeThrough) {
  EXPECT_EQ(parse_error("61 * * * *"), "minute field '61': expected 0-59");
}

TEST(ScheduleFire, NextIsStrictlyAfterAndLatestIsAtOrBefore) {
  const Schedule s = schedule("@hourly");
  const TimeZone z;
  EXPECT_EQ(s.next_after(utc("2024-01-01T10:00:00Z"), z), utc("2024-01-01T11:00:00Z"));
  EXPECT_EQ(s.latest_at_or_before(utc("2024-01-01T10:00:00Z"), z), utc("2024-01-01T10:00:00Z"));
  EXPECT_EQ(s.latest_at_or_before(utc("2024-01-01T10:59:59Z"), z), utc("2024-01-01T10:00:00Z"));
}

TEST(ScheduleFire, ThirtyFirstSkipsShortMonths) {
  EXPECT_EQ(fires(schedule("0 0 31 * *"), utc("2024-01-31"), TimeZone(), 4),
            (std::vector<Instant>{utc("2024-03-31"), utc("2024-05-31"), utc("2024-07-31"),
                                  utc("2024-08-31")}));
}

TEST(ScheduleFire, LeapDayOnlyInLeapYears) {
  const Schedule s = schedule("0 12 29 2 *");
  EXPECT_EQ(s.next_after(utc("2023-01-01"), TimeZone()), utc("2024-02-29T12:00:00Z"));
  EXPECT_EQ(s.next_after(utc("2024-02-29T12:00:00Z"), TimeZone()), utc("2028-02-29T12:00:00Z"));
  EXPECT_EQ(s.latest_at_or_before(utc("2027-12-31"), TimeZone()), utc("2024-02-29T12:00:00Z"));
}

TEST(ScheduleFire, EveryCountsFromTheAnchor) {
  const Schedule s = schedule("@every 90s");
  const Instant anchor = utc("2024-01-01T00:00:10Z");
  EXPECT_EQ(s.next_after(anchor, TimeZone(), anchor), utc("2024-01-01T00:01:40Z"));
  EXPECT_EQ(s.next_after(utc("2024-01-01T00:01:39Z"), TimeZone(), anchor),
            utc("2024-01-01T00:01:40Z"));
  EXPECT_EQ(s.latest_at_or_before(utc("2024-01-01T00:01:39Z"), TimeZone(), anchor), anchor);
  // Before the anchor the grid goes on backwards.
  EXPECT_EQ(s.latest_at_or_before(utc("2024-01-01T00:00:09Z"), TimeZone(), anchor),
            utc("2023-12-31T23:58:40Z"));
  // Without an anchor, the Unix epoch: every 5s lands on multiples of 5 seconds.
  EXPECT_EQ(schedule("@every 5s").next_after(utc("2024-01-01T00:00:03Z"), TimeZone()),
            utc("2024-01-01T00:00:05Z"));
}

TEST(ScheduleFire, EveryIgnoresDst) {
  const Schedule s = schedule("@every 1h");
  EXPECT_EQ(fires(s, utc("2024-10-27T00:00:00Z"), zone("Europe/Berlin"), 2),
            (std::vector<Instant>{utc("2024-10-27T01:00:00Z"), utc("2024-10-27T02:00:00Z")}));
}

// Berlin, 2024-03-31: at 01:00Z clocks go from 02:00 CET to 03:00 CEST.
TEST(ScheduleDst, SpringForwardFiresASkippedTimeAtTheEndOfTheGap) {
  const TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(fires(schedule("30 2 * * *"), utc("2024-03-30T12:00:00Z"), berlin, 2),
            (std::vector<Instant>{utc("2024-03-31T01:00:00Z"),     // 03:00 CEST
                                  utc("2024-04-01T00:30:00Z")}));  // 02:30 CEST
}

TEST(ScheduleDst, SpringForwardFiresOnceForAllMatchesInTheGap) {
  const TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(fires(schedule("*/15 * * * *"), utc("2024-03-31T00:40:00Z"), berlin, 3),
            (std::vector<Instant>{utc("2024-03-31T00:45:00Z"),     // 01:45 CET
                                  utc("2024-03-31T01:00:00Z"),     // 02:00-02:45 skipped: 03:00
                                  utc("2024-03-31T01:15:00Z")}));  // 03:15 CEST
}

// Berlin, 2024-10-27: at 01:00Z clocks go from 03:00 CEST back to 02:00 CET.
TEST(ScheduleDst, FallBackFiresARepeatedTimeOnce) {
  const TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(fires(schedule("30 2 * * *"), utc("2024-10-26T12:00:00Z"), berlin, 2),
            (std::vector<Instant>{utc("2024-10-27T00:30:00Z"),     // 02:30 CEST, the first
                                  utc("2024-10-28T01:30:00Z")}));  // 02:30 CET the next day
  EXPECT_EQ(fires(schedule("@hourly"), utc("2024-10-26T23:30:00Z"), berlin, 3),
            (std::vector<Instant>{utc("2024-10-27T00:00:00Z"),  // 02:00 CEST
                                  utc("2024-10-27T02:00:00Z"),  // 03:00 CET (02:00 CET: once)
                                  utc("2024-10-27T03:00:00Z")}));
}

// New York, 2024: 03-10 at 07:00Z 02:00 EST -> 03:00 EDT; 11-03 at 06:00Z 02:00 EDT -> 01:00 EST.
TEST(ScheduleDst, NewYorkMidnightAndRepeatedOneThirty) {
  const TimeZone ny = zone("America/New_York");
  EXPECT_EQ(fires(schedule("@daily"), utc("2024-03-09T12:00:00Z"), ny, 2),
            (std::vector<Instant>{utc("2024-03-10T05:00:00Z"), utc("2024-03-11T04:00:00Z")}));
  EXPECT_EQ(fires(schedule("30 1 * * *"), utc("2024-11-02T12:00:00Z"), ny, 2),
            (std::vector<Instant>{utc("2024-11-03T05:30:00Z"),     // 01:30 EDT, the first
                                  utc("2024-11-04T06:30:00Z")}));  // 01:30 EST the next day
  EXPECT_EQ(fires(schedule("30 2 * * *"), utc("2024-03-09T12:00:00Z"), ny, 1),
            (std::vector<Instant>{utc("2024-03-10T07:00:00Z")}));  // 03:00 EDT
}

// next_after and latest_at_or_before agree everywhere around both transitions: no fire time
// lies between latest_at_or_before(t) and next_after(t), and t lies between them.
TEST(ScheduleDst, NextAndLatestAgreeAcrossTransitions) {
  struct Case {
    const char* zone;
    const char* from;
  };
  const std::vector<Case> cases = {{"Europe/Berlin", "2024-03-30T20:00:00Z"},
                                   {"Europe/Berlin", "2024-10-26T20:00:00Z"},
                                   {"America/New_York", "2024-03-10T02:00:00Z"},
                                   {"America/New_York", "2024-11-03T01:00:00Z"}};
  for (const char* text : {"*/20 * * * *", "30 2 * * *", "0 * * * *", "30 1 * * *"}) {
    const Schedule s = schedule(text);
    for (const Case& c : cases) {
      const TimeZone z = zone(c.zone);
      for (Instant t = utc(c.from); t < utc(c.from) + minutes{12 * 60}; t += minutes{7}) {
        const std::optional<Instant> next = s.next_after(t, z);
        const std::optional<Instant> latest = s.latest_at_or_before(t, z);
        ASSERT_TRUE(next && latest) << text << " " << c.zone << " " << format_utc(t);
        EXPECT_LE(*latest, t) << text << " " << c.zone << " " << format_utc(t);
        EXPECT_GT(*next, t) << text << " " << c.zone << " " << format_utc(t);
        EXPECT_EQ(s.next_after(*latest, z), next) << text << " " << c.zone << " " << format_utc(t);
      }
    }
  }
}

}  // namespace
}  // namespace sluice
