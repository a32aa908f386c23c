// Trigger rules: each rule's decision for each mix of upstream states.
#include "schedule/trigger_rule.h"

#include <gtest/gtest.h>

#include <vector>

namespace sluice {
namespace {

using D = TriggerDecision;
using S = TaskState;

D decide(TriggerRule rule, std::vector<S> upstream) {
  return evaluate_trigger_rule(rule, upstream);
}

TEST(TriggerRule, AllSuccess) {
  const TriggerRule r = TriggerRule::kAllSuccess;
  EXPECT_EQ(decide(r, {S::kSuccess, S::kSuccess}), D::kRun);
  EXPECT_EQ(decide(r, {S::kSuccess, S::kRunning}), D::kWait);
  EXPECT_EQ(decide(r, {S::kSuccess, S::kUpForRetry}), D::kWait);
  EXPECT_EQ(decide(r, {S::kNone, S::kQueued}), D::kWait);
  // Decided as soon as one upstream fails, without waiting for the running one.
  EXPECT_EQ(decide(r, {S::kFailed, S::kRunning}), D::kUpstreamFailed);
  EXPECT_EQ(decide(r, {S::kUpstreamFailed, S::kSuccess}), D::kUpstreamFailed);
  EXPECT_EQ(decide(r, {S::kSkipped, S::kSuccess}), D::kSkipped);
  EXPECT_EQ(decide(r, {S::kSkipped, S::kRunning}), D::kSkipped);
  EXPECT_EQ(decide(r, {S::kSkipped, S::kFailed}), D::kUpstreamFailed);  // failure wins
}

TEST(TriggerRule, AllDone) {
  const TriggerRule r = TriggerRule::kAllDone;
  EXPECT_EQ(decide(r, {S::kSuccess, S::kFailed, S::kSkipped, S::kUpstreamFailed}), D::kRun);
  EXPECT_EQ(decide(r, {S::kFailed, S::kRunning}), D::kWait);
  EXPECT_EQ(decide(r, {S::kFailed, S::kUpForRetry}), D::kWait);
}

TEST(TriggerRule, OneFailed) {
  const TriggerRule r = TriggerRule::kOneFailed;
  EXPECT_EQ(decide(r, {S::kFailed, S::kRunning}), D::kRun);
  EXPECT_EQ(decide(r, {S::kUpstreamFailed, S::kSuccess}), D::kRun);
  EXPECT_EQ(decide(r, {S::kSuccess, S::kRunning}), D::kWait);
  EXPECT_EQ(decide(r, {S::kSuccess, S::kSkipped}), D::kSkipped);
}

TEST(TriggerRule, NoUpstreamRunsWhateverTheRule) {
  for (TriggerRule r : {TriggerRule::kAllSuccess, TriggerRule::kAllDone, TriggerRule::kOneFailed})
    EXPECT_EQ(decide(r, {}), D::kRun) << trigger_rule_name(r);
}

TEST(TaskStates, NamesRoundTripAndFinishedStates) {
  for (S s : {S::kNone, S::kQueued, S::kRunning, S::kSuccess, S::kFailed, S::kUpForRetry,
              S::kUpstreamFailed, S::kSkipped}) {
    EXPECT_EQ(parse_task_state(task_state_name(s)), s) << task_state_name(s);
  }
  EXPECT_EQ(task_state_name(S::kUpForRetry), "up_for_retry");
  EXPECT_EQ(parse_task_state("done"), std::nullopt);
  EXPECT_TRUE(is_finished(S::kUpstreamFailed));
  EXPECT_FALSE(is_finished(S::kUpForRetry));
}

}  // namespace
}  // namespace sluice
