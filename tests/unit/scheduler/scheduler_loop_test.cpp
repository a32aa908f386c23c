// The loop around the passes: when run() wakes, what a paused workflow's triggered run does,
// and which workflows a scheduler claims.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "schedule/runner/run_creation.h"
#include "scheduler_test_util.h"

namespace sluice::testing {
namespace {

constexpr int kTenHours = 36000000;

std::string hourly(const std::string& extra, const std::string& command = "ok") {
  return "workflows:\n"
         "  - name: hourly\n"
         "    schedule: '@every 1h'\n"
         "    start_date: 2024-01-01\n" +
         extra +
         "    tasks:\n"
         "      - {name: a, kind: shell, command: " +
         command + ", retries: 1, retry_delay: 10m}\n";
}

// What `sluice trigger` does: a manual run, its tasks without upstream tasks queued.
int64_t trigger(schedule::RunStore& store, const Workflow& w, int64_t logical_date_ms,
                int64_t now_ms) {
  auto run = schedule::new_run(w, logical_date_ms, schedule::RunKind::kManual, {}, now_ms);
  EXPECT_TRUE(run.ok()) << run.status().to_string();
  auto made = store.create_run(*run);
  EXPECT_TRUE(made.ok()) << made.status().to_string();
  return made.ok() ? made->run.id : 0;
}

TEST_F(SchedulerTest, ATriggeredRunOfAWorkflowPausedInConfigWaitsUntilUnpaused) {
  start(hourly("    paused: true\n"));
  now_ = kT0 + 10 * kHour;
  const int64_t run = trigger(*store_, workflows_[0], kT0, now_);
  settle();
  EXPECT_EQ(executor_.runs("a"), 0);
  EXPECT_EQ(states(run), "a=queued");
  EXPECT_EQ(runs("hourly").size(), 1U) << "no scheduled run either";
  ASSERT_TRUE(store_->set_paused("hourly", false, now_).ok());
  settle();
  EXPECT_EQ(states(run), "a=success");
  // And the scheduled run of the latest interval, now that it is unpaused.
  EXPECT_EQ(runs("hourly").size(), 2U);
  EXPECT_EQ(executor_.runs("a"), 2);
}

// Queued before the pause (by another scheduler, or before the config said paused: true).
TEST_F(SchedulerTest, QueuedInstancesOfAWorkflowPausedInConfigAreNotClaimed) {
  start(hourly("    paused: true\n"));
  now_ = kT0 + kHour;
  const int64_t run = trigger(*store_, workflows_[0], kT0, now_);
  ASSERT_EQ(states(run), "a=queued");
  settle();
  EXPECT_EQ(executor_.runs("a"), 0);
  EXPECT_EQ(states(run), "a=queued");
}

TEST_F(SchedulerTest, AnotherConfigsWorkflowOnASharedStoreIsLeftAlone) {
  start(hourly("    paused: true\n"));
  Workflow other = workflows_[0];
  other.name = "other";
  now_ = kT0 + kHour;
  const int64_t run = trigger(*store_, other, kT0, now_);
  ASSERT_EQ(states(run), "a=queued");
  settle();
  EXPECT_EQ(executor_.runs("a"), 0);
  EXPECT_EQ(states(run), "a=queued");
}

TEST_F(SchedulerTest, NextWakeIsTheNextRunOrRetryDue) {
  start(hourly("", "fail"), 4, kTenHours);
  now_ = kT0 + kHour / 2;
  settle();
  EXPECT_EQ(scheduler_->next_wake_ms(), kT0 + kHour);
  now_ = kT0 + kHour;
  settle();
  // a failed and retries in 10 minutes; the next run is due in an hour.
  EXPECT_EQ(scheduler_->next_wake_ms(), kT0 + kHour + 600000);
  now_ = kT0 + kHour + 600000;
  settle();
  EXPECT_EQ(executor_.runs("a"), 2);
  EXPECT_EQ(scheduler_->next_wake_ms(), kT0 + 2 * kHour);
}

TEST_F(SchedulerTest, NextWakeIsAtMostMaxSleepAway) {
  start(hourly(""), 4, 1000);
  now_ = kT0 + kHour / 2;
  settle();
  EXPECT_EQ(scheduler_->next_wake_ms(), kT0 + kHour / 2 + 1000);
}

// The clock stands still: without wake() the loop would sleep ten hours.
TEST_F(SchedulerTest, RunWakesForATriggerAndForStop) {
  start(
      "workflows:\n"
      "  - name: hourly\n"
      "    schedule: none\n"
      "    tasks:\n"
      "      - {name: a, kind: shell, command: ok}\n",
      4, kTenHours);
  now_ = kT0;
  std::atomic<bool> stop{false};
  std::thread loop([&] { scheduler_->run(stop); });
  trigger(*store_, workflows_[0], kT0, now_);
  scheduler_->wake();
  for (int i = 0; i < 1000 && executor_.runs("a") == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stop = true;
  loop.join();
  EXPECT_EQ(executor_.runs("a"), 1);
}

}  // namespace
}  // namespace sluice::testing
