// The scheduler loop's task instances: retries, trigger rules, timeouts, clear, lost leases.
#include <gtest/gtest.h>

#include <string>

#include "schedule/dag.h"
#include "schedule/runner/run_creation.h"
#include "scheduler_test_util.h"

namespace sluice::testing {
namespace {

// A workflow due once at kT0 + 1h (its run for kT0) with the given tasks.
std::string once(const std::string& tasks) {
  return "workflows:\n"
         "  - name: w\n"
         "    schedule: '@every 1h'\n"
         "    start_date: 2024-01-01\n"
         "    end_date: 2024-01-01\n"
         "    tasks:\n" +
         tasks;
}

TEST_F(SchedulerTest, RetriesWithBackoffThenFails) {
  start(
      once("      - {name: a, kind: shell, command: fail, retries: 2, retry_delay: 10s,"
           " retry_exponential_backoff: true}\n"));
  now_ = kT0 + kHour;
  settle();
  auto made = runs("w");
  ASSERT_EQ(made.size(), 1u);
  const int64_t run = made[0].id;
  EXPECT_EQ(instance(run, "a").state, TaskState::kUpForRetry);
  EXPECT_EQ(instance(run, "a").ready_at_ms, kT0 + kHour + 10000);
  now_ = kT0 + kHour + 9999;
  settle();
  EXPECT_EQ(executor_.runs("a"), 1);
  now_ = kT0 + kHour + 10000;
  settle();
  EXPECT_EQ(executor_.runs("a"), 2);
  // Backoff: the second retry waits twice as long.
  EXPECT_EQ(instance(run, "a").ready_at_ms, kT0 + kHour + 30000);
  now_ = kT0 + kHour + 30000;
  settle();
  EXPECT_EQ(executor_.runs("a"), 3);
  EXPECT_EQ(instance(run, "a").state, TaskState::kFailed);
  EXPECT_EQ(runs("w")[0].state, schedule::RunState::kFailed);
  auto log = store_->read_log(run, "a", 1);
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find("running fail"), std::string::npos) << *log;
  EXPECT_NE(log->find("exit status 1"), std::string::npos) << *log;
}

TEST_F(SchedulerTest, AFailureMarksAllSuccessDownstreamUpstreamFailed) {
  start(
      once("      - {name: a, kind: shell, command: fail}\n"
           "      - {name: b, kind: shell, command: ok, after: a}\n"
           "      - {name: c, kind: shell, command: ok, after: b}\n"
           "      - {name: alert, kind: shell, command: ok, after: a,"
           " trigger_rule: one_failed}\n"
           "      - {name: cleanup, kind: shell, command: ok, after: [b, alert],"
           " trigger_rule: all_done}\n"));
  now_ = kT0 + kHour;
  settle();
  auto made = runs("w");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(states(made[0].id),
            "a=failed b=upstream_failed c=upstream_failed alert=success cleanup=success");
  EXPECT_EQ(executor_.runs("b"), 0);
  EXPECT_EQ(executor_.runs("alert"), 1);
  // c, a leaf, never ran because a failed: the run failed.
  EXPECT_EQ(made[0].state, schedule::RunState::kFailed);
}

TEST_F(SchedulerTest, OneFailedIsSkippedWhenNothingFailsAndTheRunSucceeds) {
  start(
      once("      - {name: a, kind: shell, command: ok}\n"
           "      - {name: alert, kind: shell, command: ok, after: a,"
           " trigger_rule: one_failed}\n"
           "      - {name: b, kind: shell, command: ok, after: alert}\n"));
  now_ = kT0 + kHour;
  settle();
  auto made = runs("w");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(states(made[0].id), "a=success alert=skipped b=skipped");
  EXPECT_EQ(executor_.runs("alert"), 0);
  EXPECT_EQ(made[0].state, schedule::RunState::kSuccess);
}

TEST_F(SchedulerTest, AFailureHandledByALeafOneFailedTaskDoesNotFailTheRun) {
  start(
      once("      - {name: a, kind: shell, command: fail}\n"
           "      - {name: alert, kind: shell, command: ok, after: a,"
           " trigger_rule: one_failed}\n"));
  now_ = kT0 + kHour;
  settle();
  auto made = runs("w");
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(states(made[0].id), "a=failed alert=success");
  EXPECT_EQ(made[0].state, schedule::RunState::kSuccess);
}

TEST_F(SchedulerTest, AnAttemptPastItsTimeoutIsCancelledAndFails) {
  start(once("      - {name: a, kind: shell, command: hang, timeout: 5s}\n"));
  now_ = kT0 + kHour;
  ASSERT_TRUE(scheduler_->tick().ok());
  ASSERT_EQ(scheduler_->in_flight(), 1u);
  now_ = kT0 + kHour + 4999;
  ASSERT_TRUE(scheduler_->tick().ok());
  EXPECT_FALSE(scheduler_->wait_idle(std::chrono::milliseconds(50)));  // still running
  now_ = kT0 + kHour + 5000;
  settle();
  const int64_t run = runs("w")[0].id;
  EXPECT_EQ(instance(run, "a").state, TaskState::kFailed);
  auto log = store_->read_log(run, "a", 1);
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find("timed out after 5s"), std::string::npos) << *log;
}

TEST_F(SchedulerTest, ParallelismBoundsAttemptsRunningAtOnce) {
  start(once("      - {name: a, kind: shell, command: hang, timeout: 1s}\n"
             "      - {name: b, kind: shell, command: hang, timeout: 1s}\n"
             "      - {name: c, kind: shell, command: hang, timeout: 1s}\n"),
        2);
  now_ = kT0 + kHour;
  ASSERT_TRUE(scheduler_->tick().ok());
  EXPECT_EQ(scheduler_->in_flight(), 2u);
  now_ = kT0 + kHour + 1000;
  ASSERT_TRUE(scheduler_->tick().ok());  // times the two out
  ASSERT_TRUE(scheduler_->wait_idle(std::chrono::seconds(10)));
  ASSERT_TRUE(scheduler_->tick().ok());  // records them, starts the third
  EXPECT_EQ(scheduler_->in_flight(), 1u);
  now_ = kT0 + kHour + 2000;
  settle();
  EXPECT_EQ(executor_.runs("a") + executor_.runs("b") + executor_.runs("c"), 3);
}

TEST_F(SchedulerTest, ClearRerunsATaskAndItsDownstream) {
  start(
      once("      - {name: a, kind: shell, command: ok}\n"
           "      - {name: b, kind: shell, command: ok, after: a}\n"
           "      - {name: c, kind: shell, command: ok}\n"));
  now_ = kT0 + kHour;
  settle();
  auto made = runs("w");
  ASSERT_EQ(made.size(), 1u);
  ASSERT_EQ(made[0].state, schedule::RunState::kSuccess);
  const Workflow& w = workflows_[0];
  std::vector<std::string> names;
  for (size_t i : task_and_downstream(w, *w.task_index("a")))
    names.push_back(w.tasks[i].name);
  auto cleared = store_->clear(made[0].id, names, now_);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(*cleared, 2);
  settle();
  EXPECT_EQ(executor_.runs("a"), 2);
  EXPECT_EQ(executor_.runs("b"), 2);
  EXPECT_EQ(executor_.runs("c"), 1);
  EXPECT_EQ(instance(made[0].id, "b").attempt, 2);
  EXPECT_EQ(runs("w")[0].state, schedule::RunState::kSuccess);
}

// A scheduler that died holding a lease: once it runs out, the instance runs here, once.
TEST_F(SchedulerTest, AnExpiredLeaseOfADeadOwnerIsRequeuedAndRunOnce) {
  start(once("      - {name: a, kind: shell, command: ok, retries: 1}\n"));
  now_ = kT0 + kHour;
  // The run as the dead scheduler made it, its task claimed by it.
  auto run = schedule::new_run(workflows_[0], kT0, schedule::RunKind::kScheduled, {}, now_);
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(store_->create_run(*run).ok());
  auto made = runs("w");
  ASSERT_EQ(made.size(), 1u);
  ASSERT_TRUE(store_->transition(made[0].id, "a", TaskState::kNone, TaskState::kQueued, now_).ok());
  schedule::ClaimRequest dead{"dead", 1, now_, 30000, {}};
  auto claimed = store_->claim(dead);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  settle();
  EXPECT_EQ(executor_.runs("a"), 0);  // the lease still holds
  now_ = kT0 + kHour + 30001;
  settle();
  EXPECT_EQ(executor_.runs("a"), 1);
  EXPECT_EQ(instance(made[0].id, "a").state, TaskState::kSuccess);
  EXPECT_EQ(instance(made[0].id, "a").attempt, 2);
}

}  // namespace
}  // namespace sluice::testing
