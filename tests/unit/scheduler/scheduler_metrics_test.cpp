// The scheduler's metrics move with what it does: runs that succeed and fail, retries,
// upstream failures, the active-run gauge, start delays; and they reach the registry under the
// names docs/operations.md lists.
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include <sstream>
#include <string>

#include "scheduler_test_util.h"

namespace sluice::testing {
namespace {

using schedule::RunState;

// Two workflows due once at kT0 + 1h: `good` succeeds; in `bad`, `a` fails twice (one retry
// after 10 s), so `b` below it never runs.
const char* kTwoWorkflows =
    "workflows:\n"
    "  - name: good\n"
    "    schedule: '@every 1h'\n"
    "    start_date: 2024-01-01\n"
    "    end_date: 2024-01-01\n"
    "    tasks:\n"
    "      - {name: a, kind: shell, command: ok}\n"
    "  - name: bad\n"
    "    schedule: '@every 1h'\n"
    "    start_date: 2024-01-01\n"
    "    end_date: 2024-01-01\n"
    "    tasks:\n"
    "      - {name: a, kind: shell, command: fail, retries: 1, retry_delay: 10s}\n"
    "      - {name: b, kind: shell, command: ok, after: a}\n";

std::string metrics_text(prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

TEST_F(SchedulerTest, MetricsCountRunsTasksAndRetries) {
  start(kTwoWorkflows);
  EXPECT_EQ(probe_->runs("good", RunState::kSuccess), 0);
  now_ = kT0 + kHour;
  settle();
  EXPECT_EQ(probe_->runs("good", RunState::kSuccess), 1);
  EXPECT_EQ(probe_->tasks("good", TaskState::kSuccess), 1);
  EXPECT_EQ(probe_->tasks("bad", TaskState::kUpForRetry), 1);
  EXPECT_EQ(probe_->tasks("bad", TaskState::kFailed), 0);
  EXPECT_EQ(probe_->active_runs("bad"), 1);
  EXPECT_EQ(probe_->active_runs("good"), 0);

  now_ = kT0 + kHour + 10000;
  settle();
  EXPECT_EQ(probe_->tasks("bad", TaskState::kFailed), 1);
  EXPECT_EQ(probe_->tasks("bad", TaskState::kUpstreamFailed), 1);
  EXPECT_EQ(probe_->runs("bad", RunState::kFailed), 1);
  EXPECT_EQ(probe_->runs("bad", RunState::kSuccess), 0);
  EXPECT_EQ(probe_->active_runs("bad"), 0);
  // good/a, bad/a twice.
  EXPECT_EQ(probe_->start_delays_observed(), 3U);

  const std::string text = metrics_text(*registry_);
  for (const char* line : {
           R"(sluice_workflow_runs_total{state="success",workflow="good"} 1)",
           R"(sluice_workflow_runs_total{state="failed",workflow="bad"} 1)",
           R"(sluice_workflow_runs_active{workflow="bad"} 0)",
           R"(sluice_task_instances_total{state="up_for_retry",workflow="bad"} 1)",
           R"(sluice_task_instances_total{state="upstream_failed",workflow="bad"} 1)",
           R"(sluice_task_instances_total{state="skipped",workflow="good"} 0)",
           R"(sluice_task_duration_seconds_count{workflow="bad"} 2)",
           "sluice_task_start_delay_seconds_count 3",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
}

// The first attempt of a scheduled run is due when its interval ends; a task below another when
// that one ended; a retry at its retry time. The executor sees that due time.
TEST_F(SchedulerTest, StartDelayCountsFromTheDueTime) {
  start(
      "workflows:\n"
      "  - name: w\n"
      "    schedule: '@every 1h'\n"
      "    start_date: 2024-01-01\n"
      "    end_date: 2024-01-01\n"
      "    tasks:\n"
      "      - {name: a, kind: shell, command: ok}\n"
      "      - {name: b, kind: shell, command: ok, after: a}\n");
  // The scheduler looks 1.5 s late; both tasks start in that pass of the fake clock.
  now_ = kT0 + kHour + 1500;
  settle();
  auto made = runs("w");
  ASSERT_EQ(made.size(), 1U);
  EXPECT_EQ(instance(made[0].id, "a").ready_at_ms, kT0 + kHour);
  // b was ready when a ended, at the same fake time.
  EXPECT_EQ(instance(made[0].id, "b").ready_at_ms, kT0 + kHour + 1500);
  auto buckets = registry_->Collect();
  bool found = false;
  for (const auto& family : buckets) {
    if (family.name != "sluice_task_start_delay_seconds") continue;
    found = true;
    const auto& h = family.metric.at(0).histogram;
    EXPECT_EQ(h.sample_count, 2U);
    EXPECT_DOUBLE_EQ(h.sample_sum, 1.5);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace sluice::testing
