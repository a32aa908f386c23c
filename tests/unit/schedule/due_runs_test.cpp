// Which logical dates are due: catchup, its absence, start and end dates, `@every`, DST.
#include "schedule/due_runs.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "time_test_util.h"

namespace sluice {
namespace {

using testing::utc;
using testing::zone;

constexpr size_t kNoLimit = 1000;

Workflow workflow(const std::string& schedule, const std::string& start = "") {
  Workflow w;
  w.schedule = *Schedule::parse(schedule);
  if (!start.empty()) w.start_date = utc(start);
  return w;
}

std::vector<Instant> days(std::initializer_list<const char*> texts) {
  std::vector<Instant> out;
  for (const char* t : texts)
    out.push_back(utc(t));
  return out;
}

TEST(DueRuns, CatchupCreatesEveryCompleteIntervalFromStart) {
  Workflow w = workflow("@daily", "2024-01-01");
  w.catchup = true;
  // 2024-01-04's interval ended at 2024-01-05 00:00; 2024-01-05's is still open.
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-01-05T10:00:00Z"), kNoLimit),
            days({"2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"}));
  EXPECT_EQ(due_logical_dates(w, utc("2024-01-02"), utc("2024-01-05T10:00:00Z"), kNoLimit),
            days({"2024-01-03", "2024-01-04"}));
  EXPECT_EQ(due_logical_dates(w, utc("2024-01-04"), utc("2024-01-05T10:00:00Z"), kNoLimit),
            days({}));
}

TEST(DueRuns, ARunIsDueExactlyWhenItsIntervalEnds) {
  Workflow w = workflow("@daily", "2024-01-01");
  w.catchup = true;
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-01-01T23:59:59Z"), kNoLimit), days({}));
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-01-02T00:00:00Z"), kNoLimit),
            days({"2024-01-01"}));
}

TEST(DueRuns, CatchupStopsAtTheLimitAndResumesAfterLatest) {
  Workflow w = workflow("@daily", "2024-01-01");
  w.catchup = true;
  const Instant now = utc("2024-02-01T00:00:00Z");
  const std::vector<Instant> first = due_logical_dates(w, std::nullopt, now, 2);
  EXPECT_EQ(first, days({"2024-01-01", "2024-01-02"}));
  EXPECT_EQ(due_logical_dates(w, first.back(), now, 2), days({"2024-01-03", "2024-01-04"}));
  EXPECT_EQ(due_logical_dates(w, std::nullopt, now, kNoLimit).size(), 31u);
}

TEST(DueRuns, EndDateBoundsLogicalDatesInclusive) {
  Workflow w = workflow("@daily", "2024-01-01");
  w.catchup = true;
  w.end_date = utc("2024-01-03");
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-03-01"), kNoLimit),
            days({"2024-01-01", "2024-01-02", "2024-01-03"}));
  EXPECT_EQ(next_due_time(w, utc("2024-01-03"), utc("2024-03-01")), std::nullopt);
  w.catchup = false;
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-03-01"), kNoLimit), days({"2024-01-03"}));
}

TEST(DueRuns, WithoutCatchupOnlyTheLatestCompleteInterval) {
  Workflow w = workflow("@daily", "2024-01-01");
  EXPECT_FALSE(w.catchup);  // the default
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-01-05T10:00:00Z"), kNoLimit),
            days({"2024-01-04"}));
  EXPECT_EQ(due_logical_dates(w, utc("2024-01-01"), utc("2024-01-05T10:00:00Z"), kNoLimit),
            days({"2024-01-04"}));
  EXPECT_EQ(due_logical_dates(w, utc("2024-01-04"), utc("2024-01-05T10:00:00Z"), kNoLimit),
            days({}));
}

TEST(DueRuns, NothingBeforeStartDate) {
  Workflow w = workflow("@daily", "2024-06-01");
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-05-20"), kNoLimit), days({}));
  w.catchup = true;
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-05-20"), kNoLimit), days({}));
  EXPECT_EQ(next_due_time(w, std::nullopt, utc("2024-05-20")), utc("2024-06-02"));
}

TEST(DueRuns, StartDateBetweenFireTimesStartsAtTheNextOne) {
  Workflow w = workflow("@daily", "2024-01-01T06:00:00Z");
  w.catchup = true;
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-01-04"), kNoLimit),
            days({"2024-01-02", "2024-01-03"}));
}

TEST(DueRuns, EveryIsAnchoredAtStartDate) {
  Workflow w = workflow("@every 1h", "2024-01-01T00:30:00Z");
  w.catchup = true;
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-01-01T03:00:00Z"), kNoLimit),
            days({"2024-01-01T00:30:00Z", "2024-01-01T01:30:00Z"}));
  w.catchup = false;
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-01-01T03:00:00Z"), kNoLimit),
            days({"2024-01-01T01:30:00Z"}));
  EXPECT_EQ(next_due_time(w, utc("2024-01-01T01:30:00Z"), utc("2024-01-01T03:00:00Z")),
            utc("2024-01-01T03:30:00Z"));
}

TEST(DueRuns, WithoutStartDateAndCatchupTheLatestCompleteInterval) {
  const Workflow w = workflow("@every 5s");
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-01-01T00:00:12Z"), kNoLimit),
            days({"2024-01-01T00:00:05Z"}));
}

TEST(DueRuns, ManualWorkflowsAreNeverDue) {
  Workflow w = workflow("none", "2024-01-01");
  w.catchup = true;
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-02-01"), kNoLimit), days({}));
  EXPECT_EQ(next_due_time(w, std::nullopt, utc("2024-02-01")), std::nullopt);
  const DataInterval interval = data_interval(w, utc("2024-01-05T10:00:00Z"));
  EXPECT_EQ(interval.start, interval.end);
}

TEST(DueRuns, NextDueTimeIsTheEndOfTheNextInterval) {
  const Workflow w = workflow("@daily", "2024-01-01");
  EXPECT_EQ(next_due_time(w, std::nullopt, utc("2024-01-01T10:00:00Z")), utc("2024-01-02"));
  EXPECT_EQ(next_due_time(w, utc("2024-01-04"), utc("2024-01-05T10:00:00Z")), utc("2024-01-06"));
}

// These showed "-" (or a time long past) in `sluice workflows list`.
TEST(DueRuns, NextDueTimeWithoutStartDateIsTheEndOfTheCurrentInterval) {
  const Workflow hourly = workflow("0 * * * *");
  EXPECT_EQ(next_due_time(hourly, std::nullopt, utc("2024-01-01T10:20:00Z")),
            utc("2024-01-01T10:00:00Z"))
      << "the run for 09:00 is due now, none was made yet";
  EXPECT_EQ(next_due_time(hourly, utc("2024-01-01T09:00:00Z"), utc("2024-01-01T10:20:00Z")),
            utc("2024-01-01T11:00:00Z"));
  const Workflow every = workflow("@every 5s");
  EXPECT_EQ(next_due_time(every, utc("2024-01-01T00:00:05Z"), utc("2024-01-01T00:00:12Z")),
            utc("2024-01-01T00:00:15Z"));
}

TEST(DueRuns, NextDueTimeWithoutCatchupSkipsTheMissedIntervals) {
  const Workflow w = workflow("@daily", "2024-01-01");
  // The scheduler was down for two months: the latest complete interval is due at once, and
  // after it the one in progress.
  EXPECT_EQ(next_due_time(w, utc("2024-01-01"), utc("2024-03-05T10:00:00Z")), utc("2024-03-05"));
  EXPECT_EQ(next_due_time(w, utc("2024-03-04"), utc("2024-03-05T10:00:00Z")), utc("2024-03-06"));
  EXPECT_EQ(next_due_time(w, std::nullopt, utc("2024-03-05T10:00:00Z")), utc("2024-03-05"));
}

TEST(DueRuns, NextDueTimeWithCatchupIsTheFirstMissedInterval) {
  Workflow w = workflow("@daily", "2024-01-01");
  w.catchup = true;
  EXPECT_EQ(next_due_time(w, utc("2024-01-01"), utc("2024-03-05T10:00:00Z")), utc("2024-01-03"));
}

// Daily at 02:30 in Berlin: 2024-03-31 02:30 does not exist, so that day's run has the logical
// date 03:00 CEST, and the interval before it is 22.5 hours long.
TEST(DueRuns, IntervalsFollowTheZonesClock) {
  Workflow w = workflow("30 2 * * *", "2024-03-29");
  w.timezone = zone("Europe/Berlin");
  w.catchup = true;
  EXPECT_EQ(due_logical_dates(w, std::nullopt, utc("2024-04-01T06:00:00Z"), kNoLimit),
            days({"2024-03-29T01:30:00Z", "2024-03-30T01:30:00Z", "2024-03-31T01:00:00Z"}));
  const DataInterval interval = data_interval(w, utc("2024-03-30T01:30:00Z"));
  EXPECT_EQ(interval.end, utc("2024-03-31T01:00:00Z"));
}

}  // namespace
}  // namespace sluice
