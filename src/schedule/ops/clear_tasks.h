// Running task instances again (`sluice clear`, POST .../runs/{run_id}/clear): the named tasks
// of one run, and with `downstream` every task after them, go back to `none` with as many
// retries again, and the run to queued (RunStore::clear); a running scheduler picks them up.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "schedule/ops/blame.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

struct ClearRequest {
  std::vector<std::string> tasks;  // empty: every task of the run
  bool downstream = false;
};

struct ClearedTasks {
  std::vector<std::string> tasks;  // what was asked for and, with downstream, after it, in
                                   // topological order, each once
  int reset = 0;                   // instances the store reset
};

// kNotFound blaming "tasks[i]" for a task the workflow does not have.
Result<ClearedTasks> clear_tasks(RunStore& store, const Workflow& workflow, const WorkflowRun& run,
                                 const ClearRequest& request, int64_t now_ms, Blame* blame);

}  // namespace sluice::schedule
