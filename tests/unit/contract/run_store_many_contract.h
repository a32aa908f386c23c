// The RunStore contract of the many-at-once calls (run_store.h, "Many at once"): create_runs,
// get_runs, task_instances_of, finish_all and schedule_states answer as the one-element calls
// would, element by element. Joins like run_store_contract.h, with
// INSTANTIATE_TYPED_TEST_SUITE_P(Name, RunStoreManyContract, Factory).
#pragma once

#include "run_store_contract.h"

namespace sluice::contract {

using schedule::AttemptEnd;
using schedule::CreatedRun;

template <typename Factory>
class RunStoreManyContract : public RunStoreContract<Factory> {};

TYPED_TEST_SUITE_P(RunStoreManyContract);

TYPED_TEST_P(RunStoreManyContract, CreateRunsMakesTheNewAndFindsTheExisting) {
  auto first = this->store_->create_run(this->new_run("wf", kMay1, 2));
  ASSERT_TRUE(first.ok());
  std::vector<NewRun> runs = {this->new_run("wf", kMay1 + kDay, 3),
                              this->new_run("wf", kMay1, 5, 0, RunKind::kManual),
                              this->new_run("other", kMay1, 1, 2, RunKind::kManual)};
  runs[0].tasks[0].queued = true;
  runs[0].ready_at_ms = kMay1 + 2 * kDay;
  runs[2].params = {{"k", "a \"quoted\", {braced} value"}};
  auto made = this->store_->create_runs(runs);
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  ASSERT_EQ(made->size(), 3U);
  EXPECT_TRUE((*made)[0].created);
  EXPECT_FALSE((*made)[1].created) << "the existing run, as it is";
  EXPECT_EQ((*made)[1].run.id, first->run.id);
  EXPECT_EQ((*made)[1].run.kind, RunKind::kScheduled);
  EXPECT_TRUE((*made)[2].created);
  EXPECT_EQ((*made)[2].run.run_id, "manual__2024-05-01T00:00:00+00:00");
  EXPECT_EQ((*made)[2].run.params, runs[2].params);
  EXPECT_EQ((*made)[2].run.created_ms, runs[2].now_ms);

  auto tasks = this->store_->task_instances((*made)[0].run.id);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 3U);
  EXPECT_EQ((*tasks)[0].state, TaskState::kQueued);
  EXPECT_EQ((*tasks)[0].ready_at_ms, kMay1 + 2 * kDay);
  EXPECT_EQ((*tasks)[1].task, "t1");
  EXPECT_EQ((*tasks)[1].state, TaskState::kNone);
  EXPECT_EQ(this->store_->task_instances(first->run.id)->size(), 2U) << "left as it was";
  auto other = this->store_->task_instances((*made)[2].run.id);
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->size(), 1U);
  EXPECT_EQ((*other)[0].max_attempts, 3);

  EXPECT_TRUE(this->store_->create_runs({})->empty());
  auto twice =
      this->store_->create_runs({this->new_run("x", kMay1, 1), this->new_run("x", kMay1, 1)});
  EXPECT_EQ(twice.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->list_runs("x", 10, 0)->size(), 0U) << "a refused call makes nothing";
}

TYPED_TEST_P(RunStoreManyContract, RacingCreateRunsMakeEachRunOnce) {
  constexpr int kThreads = 6;
  constexpr int kDates = 8;
  std::mutex mu;
  typename TestFixture::Answers answers;
  this->at_once(kThreads, [&](int i, RunStore& store) {
    // Every thread the same runs, half of them in the opposite order.
    std::vector<NewRun> runs;
    for (int d = 0; d < kDates; ++d)
      runs.push_back(this->new_run(d % 2 ? "odd" : "even", kMay1 + d * kDay, 3));
    if (i % 2) std::reverse(runs.begin(), runs.end());
    auto made = store.create_runs(runs);
    std::lock_guard lock(mu);
    if (!made.ok()) {
      ADD_FAILURE() << made.status().to_string();
      return;
    }
    for (const CreatedRun& c : *made)
      answers[c.run.logical_date_ms].emplace_back(c.run.id, c.created);
  });
  this->expect_one_run_each(answers, kDates, kThreads, 3);
}

TYPED_TEST_P(RunStoreManyContract, GetRunsAndTaskInstancesOfReadManyRuns) {
  const int64_t a = this->queued_run("wf", kMay1, 2);
  const int64_t b = this->queued_run("wf", kMay1 + kDay, 3);
  auto runs = this->store_->get_runs({b, a + b + 1000, a});
  ASSERT_TRUE(runs.ok()) << runs.status().to_string();
  ASSERT_EQ(runs->size(), 2U) << "a missing id is left out";
  EXPECT_EQ((*runs)[0].id, std::min(a, b));
  EXPECT_EQ((*runs)[1].id, std::max(a, b));
  EXPECT_EQ((*runs)[0].workflow, "wf");

  auto instances = this->store_->task_instances_of({a, b, a + b + 1000});
  ASSERT_TRUE(instances.ok()) << instances.status().to_string();
  ASSERT_EQ(instances->size(), 2U);
  ASSERT_EQ(instances->at(a).size(), 2U);
  ASSERT_EQ(instances->at(b).size(), 3U);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(instances->at(b)[i].task, "t" + std::to_string(i)) << "in creation order";
    EXPECT_EQ(instances->at(b)[i].run, b);
    EXPECT_EQ(instances->at(b)[i].state, TaskState::kQueued);
  }
  EXPECT_TRUE(this->store_->get_runs({})->empty());
  EXPECT_TRUE(this->store_->task_instances_of({})->empty());
}

TYPED_TEST_P(RunStoreManyContract, FinishAllMovesOnlyTheOwnersRunningAttempts) {
  const int64_t run = this->queued_run("wf", kMay1, 3, 1);
  auto claimed = this->store_->claim({"sched-a", 3, 1000, 500, {}});
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 3U);
  std::vector<AttemptEnd> ends = {
      {{run, "t0", 1, "sched-a"}, TaskState::kSuccess, 0},
      {{run, "t1", 1, "sched-b"}, TaskState::kSuccess, 0},  // not its owner
      {{run, "t2", 1, "sched-a"}, TaskState::kUpForRetry, 9000},
  };
  auto moved = this->store_->finish_all(ends, 2000);
  ASSERT_TRUE(moved.ok()) << moved.status().to_string();
  EXPECT_EQ(*moved, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(this->instance(run, "t0").state, TaskState::kSuccess);
  EXPECT_EQ(this->instance(run, "t0").ended_ms, std::optional<int64_t>(2000));
  EXPECT_EQ(this->instance(run, "t0").owner, "");
  EXPECT_EQ(this->instance(run, "t1").state, TaskState::kRunning);
  EXPECT_EQ(this->instance(run, "t2").state, TaskState::kUpForRetry);
  EXPECT_EQ(this->instance(run, "t2").ready_at_ms, 9000);
  // Ended once: the same ends again move nothing.
  EXPECT_EQ(*this->store_->finish_all(ends, 3000), (std::vector<bool>{false, false, false}));
  EXPECT_TRUE(this->store_->finish_all({}, 1)->empty());
  auto bad = this->store_->finish_all({{{run, "t1", 0, "sched-a"}, TaskState::kSuccess, 0}}, 1);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TYPED_TEST_P(RunStoreManyContract, ScheduleStatesGiveLatestScheduledDateAndActiveRuns) {
  ASSERT_TRUE(this->store_->create_run(this->new_run("wf", kMay1, 1)).ok());
  auto second = this->store_->create_run(this->new_run("wf", kMay1 + kDay, 1));
  ASSERT_TRUE(second.ok());
  // A later manual run is not a scheduled date; an ended run is not active.
  ASSERT_TRUE(
      this->store_->create_run(this->new_run("wf", kMay1 + 9 * kDay, 1, 0, RunKind::kManual)).ok());
  ASSERT_TRUE(*this->store_->set_run_state(second->run.id, RunState::kQueued, RunState::kSuccess,
                                           kMay1 + 3 * kDay));
  auto states = this->store_->schedule_states({"wf", "never_ran"});
  ASSERT_TRUE(states.ok()) << states.status().to_string();
  ASSERT_EQ(states->size(), 2U);
  EXPECT_EQ(states->at("wf").latest_scheduled_ms, std::optional<int64_t>(kMay1 + kDay));
  EXPECT_EQ(states->at("wf").active_runs, 2);
  EXPECT_EQ(states->at("wf").latest_scheduled_ms, *this->store_->latest_scheduled_date("wf"));
  EXPECT_EQ(states->at("wf").active_runs, *this->store_->count_active_runs("wf"));
  EXPECT_FALSE(states->at("never_ran").latest_scheduled_ms.has_value());
  EXPECT_EQ(states->at("never_ran").active_runs, 0);
  EXPECT_EQ(this->store_->schedule_states({""}).status().code(), StatusCode::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(RunStoreManyContract, CreateRunsMakesTheNewAndFindsTheExisting,
                            RacingCreateRunsMakeEachRunOnce, GetRunsAndTaskInstancesOfReadManyRuns,
                            FinishAllMovesOnlyTheOwnersRunningAttempts,
                            ScheduleStatesGiveLatestScheduledDateAndActiveRuns);

}  // namespace sluice::contract
