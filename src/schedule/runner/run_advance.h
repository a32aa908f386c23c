// Moving one active run forward without running anything: instances in `none` whose trigger
// rule has decided move to queued, upstream_failed or skipped (a compare-and-set each, so two
// schedulers deciding at once move each instance once), and a run whose instances have all
// finished gets its final state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

// Evaluates the trigger rule of every `none` instance of `run` in topological order, so that a
// decision cascades down the graph in one call (a failure marks every all_success task below it
// upstream_failed). Then, when every instance has finished, sets the run's state as Airflow
// does: failed when a leaf task (one no task comes after) failed or is upstream_failed, else
// success; so a failure handled by a one_failed task below it does not fail the run. Each move
// is logged at info. Instances of tasks the workflow no longer declares are left as they are.
//
// A task moved to queued is ready since its run became due (a scheduled run: the end of its
// data interval; others: their creation) or since its last upstream task ended, whichever is
// later (a cleared task: since now_ms), so that the start delay the scheduler measures counts
// the scheduler's own lag and nothing else.
struct RunAdvance {
  std::vector<std::pair<std::string, TaskState>> moved;  // by this call, in order
  std::optional<RunState> ended;                         // set by this call
};
// `instances` are the run's as read (RunStore::task_instances_of) at the start of the pass.
Result<RunAdvance> advance_run(RunStore& store, const Workflow& workflow, const WorkflowRun& run,
                               const std::vector<TaskInstance>& instances, int64_t now_ms);

// When the run became due: the end of a scheduled run's data interval, else its creation.
int64_t run_due_ms(const WorkflowRun& run);

}  // namespace sluice::schedule
