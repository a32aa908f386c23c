// Finding what a command or a request names: a workflow of the config, a run of a workflow, a
// task of a workflow. A name that does not exist is kNotFound, and the message lists what
// would have been valid (workflow and task names, the latest run ids): none of it is secret,
// and it saves a round trip.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "schedule/store/run_store.h"
#include "schedule/workflow.h"

namespace sluice::schedule {

// The workflow named `name` among `workflows`.
Result<const Workflow*> find_workflow(const std::vector<Workflow>& workflows,
                                      std::string_view name);
// The run of `workflow` whose run id is `run_id`.
Result<WorkflowRun> find_run(RunStore& store, std::string_view workflow, std::string_view run_id);
// The index of the task named `task` in workflow.tasks.
Result<size_t> find_task(const Workflow& workflow, std::string_view task);

}  // namespace sluice::schedule
