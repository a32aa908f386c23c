// Cron expressions: what parses, the error each bad field gets, and which minutes match.
#include "schedule/cron_expr.h"

#include <gtest/gtest.h>

#include <string>

#include "time_test_util.h"

namespace sluice {
namespace {

using testing::local;

std::string parse_error(const std::string& text) {
  Result<CronExpr> e = CronExpr::parse(text);
  EXPECT_FALSE(e.ok()) << text << " parsed";
  return e.ok() ? "" : e.status().message();
}

CronExpr cron(const std::string& text) {
  Result<CronExpr> e = CronExpr::parse(text);
  EXPECT_TRUE(e.ok()) << text << ": " << e.status().to_string();
  return e.ok() ? *e : CronExpr{};
}

TEST(CronParse, FieldOutOfRangeNamesTheFieldAndItsRange) {
  EXPECT_EQ(parse_error("61 * * * *"), "minute field '61': expected 0-59");
  EXPECT_EQ(parse_error("0 24 * * *"), "hour field '24': expected 0-23");
  EXPECT_EQ(parse_error("0 0 0 * *"), "day-of-month field '0': expected 1-31");
  EXPECT_EQ(parse_error("0 0 * 13 *"), "month field '13': expected 1-12 or JAN-DEC");
  EXPECT_EQ(parse_error("0 0 * * 8"), "day-of-week field '8': expected 0-7 or SUN-SAT");
}

TEST(CronParse, BadItemInAListOrRangeIsNamed) {
  EXPECT_EQ(parse_error("1,61 * * * *"), "minute field '61': expected 0-59");
  EXPECT_EQ(parse_error("0 0 * JAN-FOO *"), "month field 'FOO': expected 1-12 or JAN-DEC");
  EXPECT_EQ(parse_error("1,,2 * * * *"), "minute field '1,,2': empty list item");
}

TEST(CronParse, StepsAndRanges) {
  EXPECT_EQ(parse_error("*/0 * * * *"), "minute field '*/0': step must be 1-60");
  EXPECT_EQ(parse_error("5-1 * * * *"), "minute field '5-1': the range goes backwards");
  EXPECT_EQ(parse_error("1/2/3 * * * *"), "minute field '1/2/3': more than one '/'");
}

TEST(CronParse, WrongNumberOfFields) {
  EXPECT_EQ(parse_error("* * * *"),
            "'* * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 4");
  EXPECT_EQ(parse_error("0 * * * * *"),
            "'0 * * * * *': expected 5 fields (minute hour day-of-month month day-of-week), "
            "got 6");
}

TEST(CronParse, DayNoAllowedMonthHasNeverFires) {
  EXPECT_EQ(parse_error("0 0 30 FEB *"),
            "'0 0 30 FEB *' never fires: no allowed month has the day-of-month '30'");
  EXPECT_NE(parse_error("0 0 31 4,6,9,11 *").find("never fires"), std::string::npos);
  // Feb 29 does occur, and a restricted weekday makes any day-of-month reachable.
  EXPECT_TRUE(CronExpr::parse("0 0 29 2 *").ok());
  EXPECT_TRUE(CronExpr::parse("0 0 30 2 MON").ok());
}

TEST(CronMatch, NamesAnyCaseAndSundayAsSeven) {
  const CronExpr e = cron("0 9 * jan-Mar MON-fri");
  EXPECT_TRUE(e.matches(local("2024-01-01T09:00")));   // Monday
  EXPECT_FALSE(e.matches(local("2024-01-06T09:00")));  // Saturday
  EXPECT_FALSE(e.matches(local("2024-04-01T09:00")));  // April
  EXPECT_FALSE(e.matches(local("2024-01-01T09:01")));
  EXPECT_TRUE(cron("0 0 * * 7").matches(local("2024-03-31T00:00")));  // a Sunday
  EXPECT_TRUE(cron("0 0 * * SUN").matches(local("2024-03-31T00:00")));
}

TEST(CronMatch, StepFromAStartRunsToTheFieldsEnd) {
  const CronExpr e = cron("5/15 * * * *");
  for (int m : {5, 20, 35, 50})
    EXPECT_TRUE(e.matches(local("2024-01-01T00:00") + std::chrono::minutes{m})) << m;
  EXPECT_FALSE(e.matches(local("2024-01-01T00:00")));
  EXPECT_FALSE(e.matches(local("2024-01-01T00:06")));
}

// Vixie cron: both day fields restricted -> either matches.
TEST(CronMatch, RestrictedDayOfMonthAndWeekdayMatchEither) {
  const CronExpr e = cron("0 0 13 * FRI");
  EXPECT_TRUE(e.matches(local("2024-09-13T00:00")));   // Friday the 13th
  EXPECT_TRUE(e.matches(local("2024-09-06T00:00")));   // a Friday
  EXPECT_TRUE(e.matches(local("2024-10-13T00:00")));   // a Sunday, the 13th
  EXPECT_FALSE(e.matches(local("2024-09-12T00:00")));  // Thursday the 12th
}

// A field starting with '*' is unrestricted for that rule, even with a step: both must match.
TEST(CronMatch, StarStepDayOfMonthWithWeekdayMatchesBoth) {
  const CronExpr e = cron("0 0 */2 * MON");
  EXPECT_TRUE(e.matches(local("2024-09-09T00:00")));   // Monday, an odd day
  EXPECT_FALSE(e.matches(local("2024-09-16T00:00")));  // Monday, an even day
  EXPECT_FALSE(e.matches(local("2024-09-11T00:00")));  // Wednesday, an odd day
}

TEST(CronSearch, NextAndPreviousSkipShortMonths) {
  const CronExpr e = cron("0 0 31 * *");
  EXPECT_EQ(e.next_match(local("2024-02-01T00:00")), local("2024-03-31T00:00"));
  EXPECT_EQ(e.next_match(local("2024-03-31T00:00")), local("2024-03-31T00:00"));  // at or after
  EXPECT_EQ(e.next_match(local("2024-03-31T00:00:01")), local("2024-05-31T00:00"));
  EXPECT_EQ(e.prev_match(local("2024-05-30T23:59")), local("2024-03-31T00:00"));
  EXPECT_EQ(e.prev_match(local("2024-03-31T00:00:59")), local("2024-03-31T00:00"));
}

TEST(CronSearch, LeapDaySkipsTheCenturyThatIsNotLeap) {
  const CronExpr e = cron("0 0 29 FEB *");
  EXPECT_EQ(e.next_match(local("2023-03-01T00:00")), local("2024-02-29T00:00"));
  EXPECT_EQ(e.next_match(local("2096-03-01T00:00")), local("2104-02-29T00:00"));
  EXPECT_EQ(e.prev_match(local("2104-02-28T00:00")), local("2096-02-29T00:00"));
}

TEST(CronSearch, HourAndMinuteCarry) {
  const CronExpr e = cron("45 */6 * * *");
  EXPECT_EQ(e.next_match(local("2024-12-31T18:46")), local("2025-01-01T00:45"));
  EXPECT_EQ(e.prev_match(local("2025-01-01T00:44")), local("2024-12-31T18:45"));
}

}  // namespace
}  // namespace sluice
