#include "schedule/ops/clear_tasks.h"

#include <fmt/format.h>

#include "schedule/dag.h"
#include "schedule/ops/lookup.h"

namespace sluice::schedule {

Result<ClearedTasks> clear_tasks(RunStore& store, const Workflow& workflow, const WorkflowRun& run,
                                 const ClearRequest& request, int64_t now_ms, Blame* blame) {
  std::vector<bool> chosen(workflow.tasks.size(), request.tasks.empty());
  for (size_t i = 0; i < request.tasks.size(); ++i) {
    auto index = find_task(workflow, request.tasks[i]);
    if (!index.ok()) return blamed(blame, fmt::format("tasks[{}]", i), index.status());
    if (!request.downstream) {
      chosen[*index] = true;
      continue;
    }
    for (size_t after : task_and_downstream(workflow, *index))
      chosen[after] = true;
  }
  ClearedTasks cleared;
  for (size_t index : topological_order(workflow)) {
    if (chosen[index]) cleared.tasks.push_back(workflow.tasks[index].name);
  }
  SLUICE_ASSIGN_OR_RETURN(cleared.reset, store.clear(run.id, cleared.tasks, now_ms));
  return cleared;
}

}  // namespace sluice::schedule
