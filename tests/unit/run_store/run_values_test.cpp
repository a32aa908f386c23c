// What both stores share: the words of the states, Airflow's run ids, params as JSON.
#include <gtest/gtest.h>

#include <string>

#include "schedule/store/params_json.h"
#include "schedule/store/run_store.h"

namespace sluice::schedule {
namespace {

TEST(RunValues, RunIdsAreAirflowLike) {
  EXPECT_EQ(make_run_id(RunKind::kScheduled, 1714521600000),
            "scheduled__2024-05-01T00:00:00+00:00");
  EXPECT_EQ(make_run_id(RunKind::kManual, 1714521600123), "manual__2024-05-01T00:00:00.123+00:00");
  EXPECT_EQ(make_run_id(RunKind::kBackfill, 951782400000), "backfill__2000-02-29T00:00:00+00:00");
  EXPECT_EQ(make_run_id(RunKind::kScheduled, 0), "scheduled__1970-01-01T00:00:00+00:00");
  // Before 1970: the millisecond part still counts up from the second before.
  EXPECT_EQ(make_run_id(RunKind::kScheduled, -1), "scheduled__1969-12-31T23:59:59.999+00:00");
}

TEST(RunValues, EveryStateNameParsesBack) {
  for (TaskState s : {TaskState::kNone, TaskState::kQueued, TaskState::kRunning,
                      TaskState::kSuccess, TaskState::kFailed, TaskState::kUpForRetry,
                      TaskState::kUpstreamFailed, TaskState::kSkipped}) {
    EXPECT_EQ(parse_task_state(task_state_name(s)), s) << task_state_name(s);
  }
  for (RunState s : {RunState::kQueued, RunState::kRunning, RunState::kSuccess, RunState::kFailed})
    EXPECT_EQ(parse_run_state(run_state_name(s)), s);
  EXPECT_EQ(task_state_name(TaskState::kUpForRetry), "up_for_retry");
  EXPECT_EQ(task_state_name(TaskState::kUpstreamFailed), "upstream_failed");
  EXPECT_EQ(parse_task_state("Running"), std::nullopt);
  EXPECT_EQ(parse_run_kind("backfill"), RunKind::kBackfill);
  EXPECT_TRUE(is_finished(TaskState::kSkipped));
  EXPECT_FALSE(is_finished(TaskState::kUpForRetry));
}

TEST(RunValues, ParamsRoundTripAsOneJsonObject) {
  const RunParams params = {{"b", "2"}, {"a", "x \"y\" \\ z"}, {"empty", ""}};
  const std::string json = params_to_json(params);
  EXPECT_EQ(json, R"({"a":"x \"y\" \\ z","b":"2","empty":""})");
  auto back = params_from_json(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, params);
  EXPECT_EQ(params_to_json({}), "{}");
  // Bytes that are not UTF-8 are replaced, not thrown on.
  EXPECT_EQ(params_to_json({{"k", "\xff"}}), "{\"k\":\"\xef\xbf\xbd\"}");
  EXPECT_EQ(params_from_json("[1]").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(params_from_json(R"({"k": 1})").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(params_from_json("{").status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace sluice::schedule
