// Trigger rules (docs/workflows.md, "Trigger rules"): whether a task instance may run, given the
// states of the instances it comes after. As in Airflow, a rule decides as soon as the outcome is
// certain: all_success marks a task upstream_failed the moment one upstream fails, without
// waiting for the others.
#pragma once

#include <span>

#include "schedule/task_state.h"
#include "schedule/workflow.h"

namespace sluice {

enum class TriggerDecision {
  kWait,            // an upstream task has not finished and the outcome depends on it
  kRun,             // queue the task
  kUpstreamFailed,  // finish it as upstream_failed without running it
  kSkipped,         // finish it as skipped without running it
};

//   all_success  any failed or upstream_failed: kUpstreamFailed; else any skipped: kSkipped;
//                else all success: kRun
//   all_done     all finished (any way): kRun
//   one_failed   any failed or upstream_failed: kRun; else all finished: kSkipped
// Otherwise kWait. A task with no upstream runs whatever its rule.
TriggerDecision evaluate_trigger_rule(TriggerRule rule, std::span<const TaskState> upstream);

}  // namespace sluice
