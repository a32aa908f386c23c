// The scheduler loop: which runs it creates when, max_active_runs, pause, and a run's state.
#include <gtest/gtest.h>

#include <string>

#include "scheduler_test_util.h"

namespace sluice::testing {
namespace {

std::string hourly(const std::string& extra) {
  return "workflows:\n"
         "  - name: hourly\n"
         "    schedule: '@every 1h'\n"
         "    start_date: 2024-01-01\n" +
         extra +
         "    tasks:\n"
         "      - {name: a, kind: shell, command: 'ok {{ ds }} {{ run_id }}'}\n"
         "      - {name: b, kind: shell, command: ok, after: a}\n";
}

TEST_F(SchedulerTest, CreatesARunWhenItsIntervalEnds) {
  start(hourly("    catchup: true\n    max_active_runs: 10\n"));
  now_ = kT0 + kHour - 1;
  settle();
  EXPECT_TRUE(runs("hourly").empty());
  now_ = kT0 + kHour;
  settle();
  auto made = runs("hourly");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].logical_date_ms, kT0);
  EXPECT_EQ(made[0].run_id, "scheduled__2024-01-01T00:00:00+00:00");
  EXPECT_EQ(made[0].state, schedule::RunState::kSuccess);
  EXPECT_EQ(states(made[0].id), "a=success b=success");
  // The command was rendered for the run.
  ASSERT_FALSE(executor_.commands().empty());
  EXPECT_EQ(executor_.commands()[0], "ok 2024-01-01 scheduled__2024-01-01T00:00:00+00:00");
}

TEST_F(SchedulerTest, CatchupCreatesEveryMissedIntervalOnce) {
  start(hourly("    catchup: true\n    max_active_runs: 10\n"));
  now_ = kT0 + 3 * kHour + 1000;
  settle();
  settle();
  auto made = runs("hourly");
  ASSERT_EQ(made.size(), 3u);
  EXPECT_EQ(made[0].logical_date_ms, kT0 + 2 * kHour);  // newest first
  EXPECT_EQ(made[2].logical_date_ms, kT0);
  for (const auto& run : made)
    EXPECT_EQ(run.state, schedule::RunState::kSuccess);
  EXPECT_EQ(executor_.runs("a"), 3);
  EXPECT_EQ(executor_.runs("b"), 3);
}

TEST_F(SchedulerTest, WithoutCatchupOnlyTheLatestIntervalRuns) {
  start(hourly("    catchup: false\n"));
  now_ = kT0 + 5 * kHour + 1000;
  settle();
  auto made = runs("hourly");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].logical_date_ms, kT0 + 4 * kHour);
  EXPECT_EQ(executor_.runs("a"), 1);
}

TEST_F(SchedulerTest, MaxActiveRunsLimitsRunsCreatedAtOnce) {
  start(hourly("    catchup: true\n    max_active_runs: 2\n"));
  now_ = kT0 + 5 * kHour + 1000;
  ASSERT_TRUE(scheduler_->tick().ok());
  EXPECT_EQ(runs("hourly").size(), 2u);
  // As runs finish, the next ones are created: all five in the end.
  settle();
  settle();
  EXPECT_EQ(runs("hourly").size(), 5u);
  EXPECT_EQ(executor_.runs("b"), 5);
}

TEST_F(SchedulerTest, PausedInTheStoreCreatesNothingUntilUnpaused) {
  start(hourly("    catchup: false\n"));
  ASSERT_TRUE(store_->set_paused("hourly", true, kT0).ok());
  now_ = kT0 + kHour;
  settle();
  EXPECT_TRUE(runs("hourly").empty());
  ASSERT_TRUE(store_->set_paused("hourly", false, kT0).ok());
  settle();
  EXPECT_EQ(runs("hourly").size(), 1u);
}

TEST_F(SchedulerTest, PausedInConfigCreatesNothingUnlessTheStoreUnpauses) {
  start(hourly("    catchup: false\n    paused: true\n"));
  now_ = kT0 + kHour;
  settle();
  EXPECT_TRUE(runs("hourly").empty());
  ASSERT_TRUE(store_->set_paused("hourly", false, kT0).ok());
  settle();
  EXPECT_EQ(runs("hourly").size(), 1u);
}

}  // namespace
}  // namespace sluice::testing
